package io.oscsync.job.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code status [--rest URL] [--job ID] [--json]}: a running job's progress, read through Flink's
 * REST API: per source the binlog positions, lag and rows/s; the migrations in flight; the shard
 * locks waiting; the sink; the last failure with advice. The job publishes the details as gauges
 * (io.oscsync.job.source.BinlogProgress, io.oscsync.job.coordinator.StatusView): JSON text, built
 * only when Flink's metric fetcher asks.
 *
 * <p>Exit codes: 0 the job runs, 1 it failed or is not running, 2 usage, 3 the REST API cannot
 * be reached.
 */
final class StatusCommand {
    static final String DEFAULT_REST = "http://127.0.0.1:8081";
    static final String SOURCE_GAUGE = "oscSyncSource";
    static final String MIGRATIONS_GAUGE = "oscSyncMigrations";
    static final String LOCKS_GAUGE = "oscSyncShardLocks";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final URI base;

    private StatusCommand(URI base) {
        this.base = base;
    }

    /** @return the exit code */
    static int run(String[] args, PrintStream out, PrintStream err) {
        String rest = DEFAULT_REST;
        String job = null;
        boolean json = false;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--json")) json = true;
            else if (a.equals("--rest") && i + 1 < args.length) rest = args[++i];
            else if (a.equals("--job") && i + 1 < args.length) job = args[++i];
            else {
                err.println("osc-sync: status: unknown or incomplete argument '" + a + "'\n" + OscSyncCli.USAGE);
                return 2;
            }
        }
        URI base;
        try {
            base = URI.create(rest.endsWith("/") ? rest : rest + "/");
            if (base.getScheme() == null || base.getHost() == null) throw new IllegalArgumentException();
        } catch (IllegalArgumentException e) {
            err.println("osc-sync: status: --rest needs a URL like " + DEFAULT_REST + ", not '" + rest + "'");
            return 2;
        }
        StatusCommand c = new StatusCommand(base);
        String id = job;
        try {
            if (id == null) id = c.pickJob(err);
            if (id == null) return 2;
            if (id.isEmpty()) {
                err.println("osc-sync: status: no job on " + rest);
                return 1;
            }
            ObjectNode report = c.report(id);
            if (json) out.println(report.toPrettyString());
            else out.print(StatusText.render(report, System.currentTimeMillis()));
            return report.path("job").path("state").asText().equals("RUNNING") ? 0 : 1;
        } catch (NotFound e) {
            err.println("osc-sync: status: no job " + id + " on " + rest + " (see the jobs at " + base + "jobs)");
            return 1;
        } catch (IOException e) {
            String why = e instanceof java.net.ConnectException
                    ? "connection refused"
                    : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            err.println("osc-sync: status: cannot reach Flink's REST API at " + rest + ": " + why
                    + ". Is the job running? The embedded runner prints its web UI address at start "
                    + "(\"web UI at ...\"); on a cluster, use the JobManager's REST address.");
            return 3;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 3;
        }
    }

    /**
     * The only running job; else, with no running job, the one that ended last (to show its
     * failure). Null (after listing them) when several run; "" when there is no job at all.
     */
    private String pickJob(PrintStream err) throws IOException, InterruptedException {
        List<JsonNode> running = new ArrayList<>();
        JsonNode latest = null;
        for (JsonNode j : get("jobs/overview").path("jobs")) {
            if (j.path("state").asText().equals("RUNNING")) running.add(j);
            if (latest == null
                    || j.path("start-time").asLong() > latest.path("start-time").asLong()) latest = j;
        }
        if (running.size() == 1) return running.get(0).path("jid").asText();
        if (running.size() > 1) {
            err.println("osc-sync: status: " + running.size() + " jobs are running; choose one with --job ID:");
            for (JsonNode j : running)
                err.println(
                        "  " + j.path("jid").asText() + "  " + j.path("name").asText());
            return null;
        }
        return latest == null ? "" : latest.path("jid").asText();
    }

    /** Everything the status shows, as the --json output. */
    ObjectNode report(String id) throws IOException, InterruptedException {
        JsonNode job = get("jobs/" + id);
        ObjectNode r = JSON.createObjectNode();
        ObjectNode j = r.putObject("job");
        j.put("id", id);
        j.put("name", job.path("name").asText());
        j.put("state", job.path("state").asText());
        j.put("startTime", job.path("start-time").asLong());
        j.put("durationMs", job.path("duration").asLong());
        r.set("checkpoint", checkpoint(id));
        Map<String, ObjectNode> sources = new LinkedHashMap<>();
        ArrayNode migrations = JSON.createArrayNode();
        ArrayNode locks = JSON.createArrayNode();
        ObjectNode sink = JSON.createObjectNode();
        if (job.path("state").asText().equals("RUNNING")) {
            for (JsonNode v : job.path("vertices")) {
                vertex(id, v, sources, migrations, locks, sink);
            }
        }
        ArrayNode s = r.putArray("sources");
        sources.values().forEach(s::add);
        r.set("migrations", migrations);
        r.set("shardLocks", locks);
        r.set("sink", sink);
        r.set("lastFailure", lastFailure(id));
        return r;
    }

    private JsonNode checkpoint(String id) throws IOException, InterruptedException {
        JsonNode latest = get("jobs/" + id + "/checkpoints").path("latest").path("completed");
        if (latest.isMissingNode() || latest.isNull()) return JSON.nullNode();
        ObjectNode c = JSON.createObjectNode();
        c.put("id", latest.path("id").asLong());
        c.put("completedAt", latest.path("latest_ack_timestamp").asLong());
        return c;
    }

    private void vertex(
            String id,
            JsonNode v,
            Map<String, ObjectNode> sources,
            ArrayNode migrations,
            ArrayNode locks,
            ObjectNode sink)
            throws IOException, InterruptedException {
        String path = "jobs/" + id + "/vertices/" + v.path("id").asText() + "/subtasks";
        for (JsonNode m : get(path + "/metrics")) {
            String metric = m.path("id").asText();
            if (is(metric, SOURCE_GAUGE)) {
                for (JsonNode value :
                        perSubtask(path, metric, v.path("parallelism").asInt())) {
                    mergeSource(sources, (ObjectNode) value);
                }
            } else if (is(metric, MIGRATIONS_GAUGE) || is(metric, LOCKS_GAUGE)) {
                ArrayNode into = is(metric, MIGRATIONS_GAUGE) ? migrations : locks;
                for (JsonNode value :
                        perSubtask(path, metric, v.path("parallelism").asInt())) {
                    for (JsonNode e : value) into.add(withAge((ObjectNode) e));
                }
            } else if (is(metric, "rowsCommittedPerSecond")) {
                sink.put("rowsPerSecond", aggregate(path, metric, "sum"));
            } else if (is(metric, "replicationLagMs")) {
                sink.put("replicationLagMs", (long) aggregate(path, metric, "max"));
            } else if (is(metric, "commitRetries")) {
                sink.put("commitRetries", (long) aggregate(path, metric, "sum"));
            }
        }
    }

    private static boolean is(String metricId, String name) {
        return metricId.equals(name) || metricId.endsWith("." + name);
    }

    /** S readers of one source: the one with the binlog split has the positions; rows/s add up. */
    private static void mergeSource(Map<String, ObjectNode> sources, ObjectNode s) {
        ObjectNode known = sources.get(s.path("source").asText());
        if (known == null) {
            sources.put(s.path("source").asText(), s);
            return;
        }
        double rows =
                known.path("rowsPerSecond").asDouble() + s.path("rowsPerSecond").asDouble();
        if (known.path("read").isNull() && !s.path("read").isNull()) {
            sources.put(s.path("source").asText(), s);
            known = s;
        }
        known.put("rowsPerSecond", rows);
    }

    /** An entry's start time as an age (null: started before the job kept start times). */
    private static ObjectNode withAge(ObjectNode e) {
        long since = e.path("sinceMs").asLong();
        e.remove("key");
        e.remove("sinceMs");
        if (since > 0) e.put("ageMs", Math.max(0, System.currentTimeMillis() - since));
        else e.putNull("ageMs");
        return e;
    }

    private List<JsonNode> perSubtask(String path, String metric, int parallelism)
            throws IOException, InterruptedException {
        List<JsonNode> out = new ArrayList<>();
        for (int i = 0; i < parallelism; i++) {
            for (JsonNode m : get(path + "/" + i + "/metrics?get=" + encode(metric))) {
                String value = m.path("value").asText("");
                if (!value.isEmpty()) out.add(JSON.readTree(value));
            }
        }
        return out;
    }

    private double aggregate(String path, String metric, String agg) throws IOException, InterruptedException {
        for (JsonNode m : get(path + "/metrics?agg=" + agg + "&get=" + encode(metric))) {
            return m.path(agg).asDouble();
        }
        return 0;
    }

    private JsonNode lastFailure(String id) throws IOException, InterruptedException {
        JsonNode ex = get("jobs/" + id + "/exceptions");
        String trace = ex.path("root-exception").asText(null);
        long time = ex.path("timestamp").asLong();
        JsonNode entries = ex.path("exceptionHistory").path("entries");
        if (trace == null && entries.size() > 0) {
            trace = entries.get(0).path("stacktrace").asText(null);
            time = entries.get(0).path("timestamp").asLong();
        }
        if (trace == null) return JSON.nullNode();
        ObjectNode f = JSON.createObjectNode();
        f.put("time", time);
        String root = FailureAdvice.rootOfTrace(trace);
        f.put("message", root);
        f.put("advice", FailureAdvice.explain(root));
        return f;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 404) throw new NotFound();
        if (r.statusCode() != 200) throw new IOException("GET " + path + ": HTTP " + r.statusCode() + " " + r.body());
        return JSON.readTree(r.body());
    }

    /** The REST API does not know the job asked for. */
    private static final class NotFound extends IOException {
        private static final long serialVersionUID = 1L;
    }
}
