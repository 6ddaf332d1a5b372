package io.oscsync.job.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.oscsync.job.config.TaskConfigLoader;
import io.oscsync.job.testing.Await;
import io.oscsync.job.testing.GhostReplay;
import io.oscsync.job.testing.MariaDbServer;
import io.oscsync.job.testing.MigrationFixture;
import io.oscsync.job.testing.TestJob;
import io.oscsync.job.testing.UpstreamDownstream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code status} against a running job on the real servers: two upstreams whose tables tb1 and
 * tb2 merge into one target in pessimistic shard mode. A gh-ost migration of source1's tb2 is in
 * flight and source1's tb1 has reached a shard lock the others have not: the status shows both,
 * and each source's binlog position as the upstream's SHOW MASTER STATUS gives it. Then a shard
 * runs a different change, the job fails for good, and the status shows that failure.
 */
@ExtendWith(UpstreamDownstream.class)
class StatusIT {
    private static final List<String> SOURCE2_ARGS = UpstreamDownstream.UPSTREAM_ARGS.stream()
            .map(a -> a.startsWith("--server-id=") ? "--server-id=2" : a)
            .toList();
    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.extension();

    private static MariaDbServer source2;

    @BeforeAll
    static void startSource2() {
        source2 = MariaDbServer.start("source2", SOURCE2_ARGS);
    }

    @AfterAll
    static void stopSource2() {
        if (source2 != null) source2.close();
    }

    @Test
    void statusShowsPositionsMigrationLockAndThenTheFailure(
            UpstreamDownstream.Pair pair, @InjectMiniCluster MiniCluster mini) throws Exception {
        String prefix = UpstreamDownstream.uniqueDatabase("status");
        String shardDb = prefix + "_shard";
        String target = prefix + "_merged";
        MariaDbServer source1 = pair.upstream();
        int base = 100; // the shards' ids apart: they merge into one table
        for (MariaDbServer s : List.of(source1, source2)) {
            s.exec("CREATE DATABASE " + shardDb);
            for (String t : List.of("tb1", "tb2")) {
                s.exec(
                        "CREATE TABLE " + shardDb + "." + t + " (id INT PRIMARY KEY, a INT)",
                        "INSERT INTO " + shardDb + "." + t + " VALUES (" + (base + 1) + ", 1), (" + (base + 2)
                                + ", 2)");
                base += 100;
            }
        }
        String rest = mini.getRestAddress().get().toString();
        try (TestJob job = TestJob.start(new TaskConfigLoader(k -> null).parse(taskYaml(pair, shardDb, target)))) {
            Await.until("the snapshot", WAIT, () -> MigrationFixture.count(pair.downstream(), target + ".tb") == 8);

            GhostReplay ghost = new GhostReplay(source1, shardDb, "tb2");
            ghost.start("ADD COLUMN c INT");
            source1.exec("ALTER TABLE " + shardDb + ".tb1 ADD COLUMN new_col1 INT");
            source1.exec("INSERT INTO " + shardDb + ".tb1 VALUES (11, 11, 11)"); // held by the lock
            source2.exec("INSERT INTO " + shardDb + ".tb2 VALUES (12, 12)");

            // Once writes settle, the read and committed positions reach each upstream's binlog end.
            String end1 = masterStatus(source1);
            String end2 = masterStatus(source2);
            AtomicReference<JsonNode> settled = new AtomicReference<>();
            Await.until("both sources read and committed up to the binlog end", WAIT, () -> {
                JsonNode r = StatusRuns.json(rest, job.id().toString());
                JsonNode s1 = source(r, "source1");
                JsonNode s2 = source(r, "source2");
                if (!end1.equals(s1.path("committed").asText())
                        || !end2.equals(s2.path("committed").asText()))
                    throw new AssertionError("not there yet: " + r.path("sources"));
                settled.set(r);
                return true;
            });
            JsonNode report = settled.get();
            System.out.println("status --json while running:\n" + report.toPrettyString());
            assertThat(source(report, "source1").path("read").asText()).isEqualTo(end1);
            assertThat(source(report, "source2").path("read").asText()).isEqualTo(end2);
            assertThat(source(report, "source1").path("lagMs").asLong())
                    .as("nothing read is uncommitted: no lag")
                    .isZero();
            assertThat(report.path("job").path("state").asText()).isEqualTo("RUNNING");

            JsonNode migrations = report.path("migrations");
            assertThat(migrations).hasSize(1);
            JsonNode m = migrations.get(0);
            assertThat(m.path("source").asText()).isEqualTo("source1");
            assertThat(m.path("table").asText()).isEqualTo(shardDb + ".tb2");
            assertThat(m.path("tool").asText()).isEqualTo("gh-ost");
            assertThat(m.path("ghost").asText()).isEqualTo("_tb2_gho");
            // GhostReplay's two ALTERs of the ghost: the user's change and gh-ost's AUTO_INCREMENT.
            assertThat(m.path("statements").asInt()).isEqualTo(2);
            assertThat(m.path("ageMs").asLong()).isPositive();

            JsonNode locks = report.path("shardLocks");
            assertThat(locks).hasSize(1);
            JsonNode lock = locks.get(0);
            assertThat(lock.path("target").asText()).isEqualTo(target + ".tb");
            assertThat(lock.path("ddl").get(0).asText()).contains("ADD COLUMN").contains("new_col1");
            assertThat(texts(lock.path("reached"))).containsExactly("source1:" + shardDb + ".tb1");
            assertThat(texts(lock.path("waiting")))
                    .containsExactlyInAnyOrder(
                            "source1:" + shardDb + ".tb2",
                            "source2:" + shardDb + ".tb1",
                            "source2:" + shardDb + ".tb2");
            assertThat(lock.path("heldEvents").asLong()).isEqualTo(1);
            assertThat(report.path("lastFailure").isNull()).isTrue();

            StatusRuns.Result plain = StatusRuns.run("--rest", rest);
            assertThat(plain.code()).isZero();
            assertThat(plain.out())
                    .contains("RUNNING")
                    .containsPattern("source1 +" + end1.replace(".", "\\.") + " +" + end1.replace(".", "\\."))
                    .containsPattern("source1 +" + shardDb + "\\.tb2 +gh-ost +_tb2_gho +2 ")
                    .contains("reached (1): source1:" + shardDb + ".tb1")
                    .contains("waiting (3): ")
                    .contains("held events: 1")
                    .contains("last failure: none");
            System.out.println("status while running:\n" + plain.out());

            // Another change on a shard while the lock waits: pessimistic mode stops for good.
            source2.exec("ALTER TABLE " + shardDb + ".tb1 ADD COLUMN other_col INT");
            Await.until("the job failed", WAIT, () -> status(job) == JobStatus.FAILED);
            // The REST API caches a job's state for a few seconds (web.refresh-interval).
            AtomicReference<StatusRuns.Result> afterFailure = new AtomicReference<>();
            Await.until("status reports the failure", WAIT, () -> {
                afterFailure.set(
                        StatusRuns.run("--rest", rest, "--job", job.id().toString()));
                return afterFailure.get().out().contains("FAILED");
            });
            StatusRuns.Result failed = afterFailure.get();
            System.out.println("status after the failure:\n" + failed.out());
            assertThat(failed.code()).isEqualTo(1);
            assertThat(failed.out())
                    .contains("FAILED")
                    .contains("last failure: ")
                    .contains("changed differently")
                    .contains("make them agree upstream")
                    .containsPattern("\\[binlog mysql-bin\\.\\d+:\\d+]") // where, to resume after it
                    .doesNotContain("\tat ");
            JsonNode failure = JSON.readTree(
                            StatusRuns.run("--rest", rest, "--job", job.id().toString(), "--json")
                                    .out())
                    .path("lastFailure");
            assertThat(failure.path("advice").asText()).contains("make them agree upstream");

            StatusRuns.Result unknown = StatusRuns.run("--rest", rest, "--job", "0123456789abcdef0123456789abcdef");
            assertThat(unknown.code()).isEqualTo(1);
            assertThat(unknown.err()).contains("no job 0123456789abcdef0123456789abcdef on " + rest);
        } finally {
            for (MariaDbServer s : List.of(source1, source2)) s.exec("DROP DATABASE IF EXISTS " + shardDb);
            pair.downstream().exec("DROP DATABASE IF EXISTS " + target);
        }
    }

    @Test
    void statusSaysWhenTheRestApiCannotBeReached() throws Exception {
        int port;
        try (var s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        } // closed: nothing listens there
        StatusRuns.Result r = StatusRuns.run("--rest", "http://127.0.0.1:" + port);
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).contains("cannot reach Flink's REST API at http://127.0.0.1:" + port);
        assertThat(StatusRuns.run("--job").code()).isEqualTo(2);
    }

    private static JsonNode source(JsonNode report, String id) {
        for (JsonNode s : report.path("sources")) if (s.path("source").asText().equals(id)) return s;
        throw new AssertionError("no source " + id + " in " + report.path("sources"));
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String masterStatus(MariaDbServer s) {
        List<String> row = s.query("SHOW MASTER STATUS").get(0);
        return row.get(0) + ":" + row.get(1);
    }

    private static JobStatus status(TestJob job) {
        try {
            return job.status();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String taskYaml(UpstreamDownstream.Pair pair, String shardDb, String target) {
        return """
                name: it-%1$s
                task-mode: all
                shard-mode: pessimistic
                checkpoint-interval-ms: 500
                target-database: {host: 127.0.0.1, port: %2$d, user: %3$s, password: %4$s}
                mysql-instances:
                  - {source-id: source1, host: 127.0.0.1, port: %5$d, user: %3$s, password: %4$s,
                     server-id: %6$s, block-allow-list: shard, route-rules: [merge]}
                  - {source-id: source2, host: 127.0.0.1, port: %7$d, user: %3$s, password: %4$s,
                     server-id: %8$s, block-allow-list: shard, route-rules: [merge]}
                block-allow-list:
                  shard: {do-dbs: ["%9$s"]}
                routes:
                  merge: {schema-pattern: "%9$s", table-pattern: "tb*", target-schema: "%10$s", target-table: tb}
                """.formatted(
                        shardDb,
                        pair.downstream().port(),
                        MariaDbServer.USER,
                        MariaDbServer.PASSWORD,
                        pair.upstream().port(),
                        TestJob.serverIds(1),
                        source2.port(),
                        TestJob.serverIds(1),
                        shardDb,
                        target);
    }
}
