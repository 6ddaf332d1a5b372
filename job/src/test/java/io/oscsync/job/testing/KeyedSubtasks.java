package io.oscsync.job.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.oscsync.job.config.TaskConfig;
import io.oscsync.job.coordinator.Coordinator;
import io.oscsync.udfs.TableId;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * Where target tables land among the keyed subtasks (coordinator and sink) at parallelism P, for
 * the ITs that run at P above 1: a test whose tables all land on one subtask proves little, so the
 * ITs pick database names that spread their tables, and check through the REST API that the job
 * runs at P and that several subtasks got work.
 */
public final class KeyedSubtasks {
    private KeyedSubtasks() {}

    /**
     * The keyed parallelism a test method runs at: {@code chosen}, the P its class picked for it,
     * unless {@code -Dosc.it.parallelism=N} runs every parametrized method at N (e.g. all at 3).
     */
    public static int parallelism(int chosen) {
        return Integer.getInteger("osc.it.parallelism", chosen);
    }

    /** The keyed subtask that target {@code schema.table} lands on at parallelism {@code p}. */
    public static int of(String schema, String table, int p) {
        return KeyGroupRangeAssignment.assignKeyToParallelOperator(
                Coordinator.key(new TableId(schema, table)), TaskConfig.MAX_PARALLELISM, p);
    }

    /** The distinct subtasks the tables of {@code db} land on at {@code p}. */
    public static Set<Integer> subtasks(String db, int p, String... tables) {
        Set<Integer> used = new HashSet<>();
        for (String t : tables) used.add(of(db, t, p));
        return used;
    }

    /**
     * A fresh {@link UpstreamDownstream#uniqueDatabase} name whose {@code tables} land on as many
     * distinct subtasks as there can be at {@code p} (each on its own when they are at most
     * {@code p}). The key hashes the database name, so the name is drawn again until they spread.
     */
    public static String spreadDatabase(String prefix, int p, String... tables) {
        int want = Math.min(p, tables.length);
        for (int i = 0; i < 10_000; i++) {
            String db = UpstreamDownstream.uniqueDatabase(prefix);
            if (subtasks(db, p, tables).size() >= want) return db;
        }
        throw new IllegalStateException("no database name spreads " + String.join(", ", tables) + " at " + p);
    }

    /** The task file line that sets the keyed parallelism. */
    public static String yaml(int p) {
        return "parallelism: " + p;
    }

    /**
     * The job's keyed vertices (coordinator, sink) run at {@code p}; waits until at least
     * {@code busy} subtasks of the coordinator have taken records in (metrics lag the job by the
     * cluster's fetch interval), and returns how many have.
     */
    public static int assertRunsAt(FlinkRest rest, String jobId, int p, int busy) throws Exception {
        int keyed = 0;
        for (JsonNode v : rest.get("/jobs/" + jobId).path("vertices")) {
            String name = v.path("name").asText();
            if (!name.contains("Coordinator") && !name.contains("TiDB sink")) continue;
            keyed++;
            if (v.path("parallelism").asInt() != p) {
                throw new AssertionError("vertex '" + name + "' runs at " + v.path("parallelism") + ", not " + p);
            }
        }
        if (keyed == 0) throw new AssertionError("no coordinator or sink vertex in job " + jobId);
        int[] seen = {0};
        Await.until(busy + " coordinator subtasks of " + p + " with records in", Duration.ofMinutes(1), () -> {
            seen[0] = coordinatorSubtasksWithInput(rest, jobId);
            if (seen[0] < busy) throw new AssertionError(seen[0] + " busy: " + coordinatorSubtasks(rest, jobId));
            return true;
        });
        return seen[0];
    }

    /** How many subtasks of the coordinator's vertex have taken records in (since the job's last start). */
    public static int coordinatorSubtasksWithInput(FlinkRest rest, String jobId) {
        try {
            return subtasksWithInput(rest, jobId);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String coordinatorSubtasks(FlinkRest rest, String jobId) {
        try {
            for (JsonNode v : rest.get("/jobs/" + jobId).path("vertices")) {
                if (v.path("name").asText().contains("Coordinator")) {
                    return rest.get("/jobs/" + jobId + "/vertices/"
                                    + v.path("id").asText())
                            .path("subtasks")
                            .toString();
                }
            }
            return "no coordinator vertex";
        } catch (Exception e) {
            return e.toString();
        }
    }

    private static int subtasksWithInput(FlinkRest rest, String jobId)
            throws java.io.IOException, InterruptedException {
        for (JsonNode v : rest.get("/jobs/" + jobId).path("vertices")) {
            if (!v.path("name").asText().contains("Coordinator")) continue;
            int busy = 0;
            JsonNode detail =
                    rest.get("/jobs/" + jobId + "/vertices/" + v.path("id").asText());
            for (JsonNode s : detail.path("subtasks")) {
                if (s.path("metrics").path("read-records").asLong() > 0) busy++;
            }
            return busy;
        }
        throw new AssertionError("no coordinator vertex in job " + jobId);
    }
}
