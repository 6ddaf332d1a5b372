package io.oscsync.job.cli;

import io.oscsync.job.OscSyncJob;
import io.oscsync.job.config.ConfigException;
import io.oscsync.job.config.TaskConfig;
import io.oscsync.job.config.TaskConfigLoader;
import io.oscsync.job.sink.handle.DdlDecisions;
import io.oscsync.job.source.PreconditionException;
import io.oscsync.job.source.UpstreamChecks;
import io.oscsync.job.source.UpstreamInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code osc-sync --task FILE [--state-dir DIR]}: checks the task and the servers, then runs the
 * job embedded (java -jar) or submits it to the cluster it was started by (flink run).
 */
public final class OscSyncCli {
    static final String USAGE =
            "usage: java -jar osc-sync-job.jar --task FILE [--state-dir DIR] [--metrics-port PORT] [--handle-ddl FINGERPRINT=ACTION]...\n"
                    + "   or: flink run osc-sync-job.jar --task FILE [--handle-ddl FINGERPRINT=ACTION]...\n"
                    + "   or: java -jar osc-sync-job.jar check --task FILE [--state-dir DIR] [--json]\n"
                    + "   or: java -jar osc-sync-job.jar inspect --savepoint PATH\n"
                    + "   or: java -jar osc-sync-job.jar status [--rest URL] [--job ID] [--json]\n"
                    + "   or: " + io.oscsync.job.verify.VerifyCommand.USAGE + "\n"
                    + "--handle-ddl gets past one DDL the target refused (its fingerprint is in the refusal message);\n"
                    + "ACTION is skip, or replace:FILE to run FILE's statements (separated by ';') instead";

    /** The binlog client logs every (re)connect through java.util.logging; held so the level sticks. */
    private static final java.util.logging.Logger BINLOG_CLIENT_LOG =
            java.util.logging.Logger.getLogger("com.github.shyiko.mysql.binlog");

    /** {@link #launch}'s result once the job is handed to a cluster: main() returns, it does not exit. */
    private static final int SUBMITTED = -1;

    private OscSyncCli() {}

    public static void main(String[] args) throws Exception {
        int code = launch(args);
        // In application mode (the Flink Kubernetes Operator) main() runs inside the JobManager, where
        // env.execute() returns as soon as the job is submitted: exiting the JVM would stop the
        // JobManager, and the job with it. flink run's client exits by itself.
        if (code != SUBMITTED) System.exit(code);
    }

    /** @return the process exit code */
    public static int run(String[] args) throws Exception {
        int code = launch(args);
        return code == SUBMITTED ? 0 : code;
    }

    private static int launch(String[] args) throws Exception {
        BINLOG_CLIENT_LOG.setLevel(java.util.logging.Level.WARNING);
        if (args.length > 0 && args[0].equals("inspect")) {
            if (args.length != 3 || !args[1].equals("--savepoint")) {
                System.err.println("osc-sync: inspect needs --savepoint PATH\n" + USAGE);
                return 2;
            }
            return SavepointInspector.run(args[2], System.out);
        }
        if (args.length > 0 && args[0].equals("status")) return StatusCommand.run(args, System.out, System.err);
        if (args.length > 0 && args[0].equals("verify")) {
            return io.oscsync.job.verify.VerifyCommand.run(
                    java.util.Arrays.copyOfRange(args, 1, args.length), System.out, System.err);
        }
        boolean check = args.length > 0 && args[0].equals("check");
        boolean json = false;
        Path task = null;
        Path stateDir = null;
        String metricsPort = null;
        List<String> handleDdl = new ArrayList<>();
        for (int i = check ? 1 : 0; i < args.length; i++) {
            String a = args[i];
            if (check && a.equals("--json")) {
                json = true;
            } else if ((a.equals("--task") || a.equals("--state-dir")) && i + 1 < args.length) {
                Path p = Path.of(args[++i]).toAbsolutePath();
                if (a.equals("--task")) task = p;
                else stateDir = p;
            } else if (!check && a.equals("--metrics-port") && i + 1 < args.length) {
                metricsPort = args[++i];
            } else if (!check && a.equals("--handle-ddl") && i + 1 < args.length) {
                handleDdl.add(args[++i]);
            } else if (a.equals("--help") || a.equals("-h")) {
                System.out.println(USAGE);
                return 0;
            } else {
                System.err.println("osc-sync: unknown or incomplete argument '" + a + "'\n" + USAGE);
                return 2;
            }
        }
        if (task == null) {
            System.err.println("osc-sync: --task FILE is required\n" + USAGE);
            return 2;
        }
        if (check) return CheckTask.run(task, stateDir, json, System.out);
        TaskConfig config;
        Map<String, UpstreamInfo> zones;
        DdlDecisions decisions;
        try {
            if (metricsPort != null) metricsPort = MetricsPort.check(metricsPort);
            decisions = DdlDecisions.parse(handleDdl); // the files are read here: the job graph carries them
            config = TaskConfigLoader.load(task);
            if (stateDir != null) StateDirs.prepare(stateDir); // before any database is touched
            zones = UpstreamChecks.run(config);
        } catch (ConfigException e) {
            System.err.println("osc-sync: " + e.getMessage());
            return 2;
        } catch (PreconditionException e) {
            System.err.println("osc-sync: cannot start: " + e.getMessage());
            return 3;
        }
        Configuration conf = JobSettings.forTask(config, stateDir);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        if (env instanceof LocalStreamEnvironment) {
            if (metricsPort != null) {
                MetricsPort.enable(conf, metricsPort);
                System.out.println("osc-sync: metrics for Prometheus on port " + metricsPort + " (all interfaces)");
            }
            return EmbeddedRunner.run(conf, stateDir, e -> OscSyncJob.build(e, config, zones, decisions));
        }
        if (stateDir != null) {
            System.err.println("osc-sync: --state-dir is for embedded runs; on a cluster, set "
                    + "execution.checkpointing.dir and restore with flink run -s SAVEPOINT");
            return 2;
        }
        if (metricsPort != null) {
            System.err.println("osc-sync: --metrics-port is for embedded runs; on a cluster, set "
                    + "metrics.reporter.prom.factory.class and metrics.reporter.prom.port in its config");
            return 2;
        }
        OscSyncJob.build(env, config, zones, decisions);
        env.execute(config.name());
        return SUBMITTED;
    }
}
