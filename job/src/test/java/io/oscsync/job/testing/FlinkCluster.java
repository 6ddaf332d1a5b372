package io.oscsync.job.testing;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real standalone Flink cluster (JobManager and TaskManager processes) run by
 * {@code deploy/local/flink-cluster.sh}, the script users run; stopped by pid on close.
 */
public final class FlinkCluster implements AutoCloseable {
    private static final Pattern SUBMITTED = Pattern.compile("Job has been submitted with JobID ([0-9a-f]{32})");
    private static final Pattern SAVEPOINT = Pattern.compile("Savepoint completed\\. Path: (\\S+)");

    private final Path dir;

    private FlinkCluster(Path dir) {
        this.dir = dir;
    }

    public static FlinkCluster start(Path dir) throws Exception {
        FlinkCluster cluster = new FlinkCluster(dir);
        try {
            cluster.script(List.of("start", dir.toString()), 120);
            return cluster;
        } catch (Exception | AssertionError e) {
            cluster.close();
            throw e;
        }
    }

    /** {@code flink run -d [extra...] JAR --task TASK}; returns the job id. */
    public String run(Path jar, Path task, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("flink", dir.toString(), "run", "-d"));
        args.addAll(List.of(extra));
        args.addAll(List.of(jar.toString(), "--task", task.toString()));
        return find(SUBMITTED, script(args, 180), "flink run");
    }

    /** {@code flink stop --savepointPath DIR ID}; returns the savepoint's path. */
    public String stopWithSavepoint(String jobId, Path savepoints) throws Exception {
        return find(
                SAVEPOINT,
                script(
                        List.of(
                                "flink",
                                dir.toString(),
                                "stop",
                                "--savepointPath",
                                savepoints.toUri().toString(),
                                jobId),
                        180),
                "flink stop");
    }

    public void cancel(String jobId) throws Exception {
        script(List.of("flink", dir.toString(), "cancel", jobId), 120);
    }

    public void killTaskManager() throws Exception {
        script(List.of("kill-tm", dir.toString()), 30);
    }

    public void startTaskManager() throws Exception {
        script(List.of("start-tm", dir.toString()), 60);
    }

    /** The cluster's REST API. */
    public FlinkRest rest() throws IOException {
        String conf = Files.readString(dir.resolve("conf/config.yaml"));
        Matcher m = Pattern.compile("rest: \\{.*port: (\\d+)}").matcher(conf);
        if (!m.find()) throw new IllegalStateException("no rest port in " + dir.resolve("conf/config.yaml"));
        return new FlinkRest(URI.create("http://127.0.0.1:" + m.group(1)));
    }

    /** The REST API's view of a job ({@code GET /jobs/ID}). */
    public JsonNode job(String jobId) throws Exception {
        return rest().get("/jobs/" + jobId);
    }

    /** The job restarted after {@code sinceMs} (a failover) and every task runs again. */
    public boolean recoveredSince(String jobId, long sinceMs) {
        try {
            JsonNode job = job(jobId);
            if (!job.path("state").asText().equals("RUNNING")) return false;
            if (job.path("timestamps").path("RESTARTING").asLong(0) < sinceMs) return false;
            for (JsonNode v : job.path("vertices")) {
                if (!v.path("status").asText().equals("RUNNING")) return false;
            }
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public void close() throws Exception {
        script(List.of("stop", dir.toString()), 60);
    }

    private static String find(Pattern p, String output, String what) {
        Matcher m = p.matcher(output);
        if (!m.find()) throw new AssertionError(what + " printed no " + p.pattern() + ":\n" + output);
        return m.group(1);
    }

    private String script(List<String> args, int timeoutSeconds) throws IOException, InterruptedException {
        Path root = Path.of(System.getProperty("osc.repoRoot", ".."));
        List<String> cmd = new ArrayList<>(
                List.of("bash", root.resolve("deploy/local/flink-cluster.sh").toString()));
        cmd.addAll(args);
        Path out = Files.createTempFile(dir.getParent(), "flink-cluster-", ".out");
        Process p = new ProcessBuilder(cmd)
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(
                    String.join(" ", args) + " timed out after " + timeoutSeconds + " s:\n" + Files.readString(out));
        }
        String output = Files.readString(out);
        if (p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", args) + " exited with " + p.exitValue() + ":\n" + output);
        }
        return output;
    }
}
