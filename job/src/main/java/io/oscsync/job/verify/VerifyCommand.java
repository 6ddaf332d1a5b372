package io.oscsync.job.verify;

import io.oscsync.job.config.ConfigException;
import io.oscsync.job.config.TaskConfig;
import io.oscsync.job.config.TaskConfigLoader;
import io.oscsync.job.route.InstanceRules;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code verify --task FILE [--tables PATTERN] [--rows] [--chunk-rows N] [--threads N]
 * [--recheck-after DURATION] [--rechecks N]}: compares every replicated table with its upstream
 * table(s) by chunk checksums. Exit 0 equal, 1 different, 2 usage or task file, 3 a server.
 */
public final class VerifyCommand {
    public static final String USAGE = "java -jar osc-sync-job.jar verify --task FILE [--tables PATTERN] [--rows] "
            + "[--json] "
            + "[--chunk-rows N] [--threads N] [--recheck-after DURATION] [--rechecks N]";

    static final int DEFAULT_CHUNK_ROWS = 20_000;
    static final int DEFAULT_THREADS = 4;
    static final int DEFAULT_RECHECKS = 2;
    static final Duration MIN_RECHECK_AFTER = Duration.ofSeconds(2);

    private VerifyCommand() {}

    /** The parsed command line. {@code recheckAfter} null: from the task's checkpoint interval. */
    record Options(
            Path task,
            String tables,
            boolean rows,
            boolean json,
            int chunkRows,
            int threads,
            Duration recheckAfter,
            int rechecks) {}

    /** @param args the arguments after {@code verify} */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Options o;
        try {
            o = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("osc-sync verify: " + e.getMessage() + "\nusage: " + USAGE);
            return 2;
        }
        TaskConfig task;
        TablePattern only;
        try {
            task = TaskConfigLoader.load(o.task());
            for (TaskConfig.Instance inst : task.mysqlInstances()) InstanceRules.of(task, inst);
            only = o.tables() == null ? TablePattern.ALL : TablePattern.parse(o.tables(), task.caseSensitive());
        } catch (ConfigException | IllegalArgumentException e) {
            err.println("osc-sync verify: " + e.getMessage());
            return 2;
        }
        Duration recheckAfter = o.recheckAfter() != null ? o.recheckAfter() : defaultRecheckAfter(task);
        long start = System.nanoTime();
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(o.threads(), r -> {
            Thread t = new Thread(r, "verify-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try (Servers servers = new Servers(task)) {
            List<Target> targets = TargetFinder.find(task, servers::get, only);
            if (targets.isEmpty()) {
                err.println("osc-sync verify: no replicated table"
                        + (o.tables() == null ? "" : " matches --tables " + o.tables()));
                return 2;
            }
            if (!o.json()) {
                out.println("osc-sync verify: task " + task.name() + ", " + targets.size() + " table(s), chunks of "
                        + String.format(Locale.ROOT, "%,d", o.chunkRows()) + " rows, " + o.threads()
                        + (o.threads() == 1 ? " thread" : " threads") + ", differing chunks rechecked after "
                        + recheckAfter.toMillis() + " ms, "
                        + o.rechecks() + " row round(s)");
            }
            Verifier verifier = new Verifier(servers, pool, o.chunkRows(), recheckAfter, o.rechecks());
            List<TableCheck> result = verifier.run(targets);
            long total = System.nanoTime() - start;
            if (o.json()) out.println(VerifyJson.of(task.name(), result, o.rows(), verifier.checksumNanos, total));
            else VerifyReport.print(out, result, o.rows(), verifier.checksumNanos, total);
            return result.stream().allMatch(TableCheck::equal) ? 0 : 1;
        } catch (SQLException e) {
            err.println("osc-sync verify: " + e.getMessage());
            return 3;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("osc-sync verify: interrupted");
            return 3;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Three checkpoint intervals (the job's rows land at a checkpoint), at least two seconds. */
    static Duration defaultRecheckAfter(TaskConfig task) {
        Duration three = Duration.ofMillis(3 * task.checkpointIntervalMs());
        return three.compareTo(MIN_RECHECK_AFTER) < 0 ? MIN_RECHECK_AFTER : three;
    }

    static Options parse(String[] args) {
        Path task = null;
        String tables = null;
        boolean rows = false;
        boolean json = false;
        int chunkRows = DEFAULT_CHUNK_ROWS;
        int threads = DEFAULT_THREADS;
        Duration recheckAfter = null;
        int rechecks = DEFAULT_RECHECKS;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--rows") || a.equals("--json")) {
                if (a.equals("--rows")) rows = true;
                else json = true;
                continue;
            }
            if (i + 1 >= args.length) throw new IllegalArgumentException("unknown or incomplete argument '" + a + "'");
            String v = args[++i];
            switch (a) {
                case "--task" -> task = Path.of(v).toAbsolutePath();
                case "--tables" -> tables = v;
                case "--chunk-rows" -> chunkRows = positive(a, v, 1);
                case "--threads" -> threads = positive(a, v, 1);
                case "--recheck-after" -> recheckAfter = duration(v);
                case "--rechecks" -> rechecks = positive(a, v, 1);
                default -> throw new IllegalArgumentException("unknown argument '" + a + "'");
            }
        }
        if (task == null) throw new IllegalArgumentException("--task FILE is required");
        return new Options(task, tables, rows, json, chunkRows, threads, recheckAfter, rechecks);
    }

    private static int positive(String option, String v, int min) {
        try {
            int n = Integer.parseInt(v);
            if (n >= min) return n;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(option + " needs a whole number of at least " + min + ", not '" + v + "'");
    }

    /** {@code 500ms}, {@code 10s}, {@code 2m}. */
    static Duration duration(String v) {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("(\\d+)(ms|s|m)").matcher(v.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "--recheck-after needs a duration like 500ms, 10s or 2m, not '" + v + "'");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            default -> Duration.ofMinutes(n);
        };
    }
}
