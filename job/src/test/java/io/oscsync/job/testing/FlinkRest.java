package io.oscsync.job.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.runtime.minicluster.MiniCluster;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.LongPredicate;

/**
 * A Flink cluster's REST API (a MiniCluster's or {@link FlinkCluster}'s), for the positive signals
 * the ITs wait on instead of sleeping: completed checkpoints and the job's own metrics.
 */
public final class FlinkRest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;

    public FlinkRest(URI base) {
        this.base = base;
    }

    public static FlinkRest of(MiniCluster mini) throws Exception {
        return new FlinkRest(mini.getRestAddress().get());
    }

    /** {@code GET path} (e.g. {@code /jobs/ID/checkpoints}); fails on a status other than 200. */
    public JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r =
                HTTP.send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200)
            throw new IllegalStateException("GET " + path + ": " + r.statusCode() + " " + r.body());
        return JSON.readTree(r.body());
    }

    /** The job's checkpoints that completed, from {@code /jobs/ID/checkpoints}. */
    public long completedCheckpoints(String jobId) throws IOException, InterruptedException {
        return get("/jobs/" + jobId + "/checkpoints")
                .path("counts")
                .path("completed")
                .asLong();
    }

    /**
     * Waits until a checkpoint triggered after this call has completed: the completed count rose
     * and the latest completed one was triggered after the call, so it holds every state change
     * the job had made before the call. Waiting for the count alone could accept a checkpoint
     * already under way.
     */
    public void awaitCheckpointAfterNow(String jobId, Duration timeout) throws Exception {
        long since = System.currentTimeMillis();
        long before = completedCheckpoints(jobId);
        Await.until("a checkpoint of job " + jobId + " triggered after " + since + " completes", timeout, () -> {
            JsonNode c = unchecked(() -> get("/jobs/" + jobId + "/checkpoints"));
            return c.path("counts").path("completed").asLong() > before
                    && c.path("latest")
                                    .path("completed")
                                    .path("trigger_timestamp")
                                    .asLong()
                            >= since;
        });
    }

    /**
     * An operator metric summed over every subtask of the job's vertices that have it, by its
     * name ({@code ghostDdlsRecorded}, {@code shardEventsHeld}); -1 while no vertex reports it yet.
     * Metrics reach the REST API at the cluster's {@code metrics.fetcher.update-interval}.
     */
    public long metric(String jobId, String name) throws IOException, InterruptedException {
        long sum = -1;
        for (JsonNode vertex : get("/jobs/" + jobId).path("vertices")) {
            String path = "/jobs/" + jobId + "/vertices/" + vertex.path("id").asText() + "/subtasks/metrics";
            for (JsonNode m : get(path)) {
                String id = m.path("id").asText();
                if (!id.equals(name) && !id.endsWith("." + name)) continue;
                for (JsonNode v : get(path + "?agg=sum&get=" + URLEncoder.encode(id, StandardCharsets.UTF_8))) {
                    sum = Math.max(sum, 0) + (long) v.path("sum").asDouble();
                }
            }
        }
        return sum;
    }

    /** Waits until {@link #metric} satisfies {@code condition}. */
    public void awaitMetric(String jobId, String name, String what, LongPredicate condition, Duration timeout) {
        Await.until(name + " " + what, timeout, () -> {
            long value = unchecked(() -> metric(jobId, name));
            if (!condition.test(value)) throw new AssertionError(name + " is " + value);
            return true;
        });
    }

    private interface Call<T> {
        T call() throws Exception;
    }

    private static <T> T unchecked(Call<T> call) {
        try {
            return call.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
