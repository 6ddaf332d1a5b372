package io.oscsync.job.it;

import io.oscsync.job.testing.Await;
import io.oscsync.job.testing.FlinkRest;
import io.oscsync.job.testing.KeyedSubtasks;
import io.oscsync.job.testing.MigrationFixture;
import io.oscsync.job.testing.RandomLoad;
import io.oscsync.job.testing.TableComparison;
import io.oscsync.job.testing.TestJob;
import io.oscsync.job.testing.UpstreamDownstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar run as users run it ({@code java -jar osc-sync-job.jar --task F --state-dir D}),
 * killed with SIGKILL in the middle of a load and started again with the same command: it
 * resumes from the newest retained checkpoint, and no row is lost or doubled, on the keyless
 * table too. A SIGTERM then stops it with a savepoint and exit code 0.
 */
@ExtendWith(UpstreamDownstream.class)
class EmbeddedKillIT {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKillIT.class);

    /**
     * At P=3 (the other cases here stay at 1): the three tables on three subtasks, so the resumed
     * process restores three committers' batches from the newest retained checkpoint.
     */
    @Test
    void sigkillMidLoadResumesWithNothingLostOrDoubled(UpstreamDownstream.Pair pair, @TempDir Path dir)
            throws Exception {
        int p = KeyedSubtasks.parallelism(3);
        String db = KeyedSubtasks.spreadDatabase("kill", p, RandomLoad.TABLES.toArray(String[]::new));
        RandomLoad.create(pair.upstream(), db, 200);
        Path task = Files.writeString(dir.resolve("task.yaml"), TestJob.taskYaml(pair, db, "", KeyedSubtasks.yaml(p)));
        Path state = dir.resolve("state");
        Process first = embedded(task, state, dir.resolve("first.log"));
        Process second = null;
        try {
            RandomLoad.awaitEqual(pair, db, Duration.ofMinutes(3));
            MigrationFixture.awaitBinlogPhase(pair, db, db);
            try (RandomLoad load = new RandomLoad(
                    pair.upstream(), db, 11, List.of("ALTER TABLE keyless ADD COLUMN c INT DEFAULT 3"), 3000)) {
                Thread.sleep(6000);
                first.destroyForcibly(); // SIGKILL, by pid
                assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
                LOG.info("killed the job with SIGKILL after {} changes", load.operations());
                Thread.sleep(2000); // the app goes on while no job runs
                second = embedded(task, state, dir.resolve("second.log"));
                Thread.sleep(5000);
            }
            RandomLoad.awaitEqual(pair, db, Duration.ofMinutes(3));
            assertThat(Files.readString(dir.resolve("second.log"))).contains("resuming from");
            assertRunsAt(dir.resolve("second.log"), p, RandomLoad.TABLES.size());
            second.destroy(); // SIGTERM: stop with a savepoint
            assertThat(second.waitFor(2, TimeUnit.MINUTES))
                    .as("stopped within 2 minutes")
                    .isTrue();
            assertThat(second.exitValue())
                    .as("exit code after SIGTERM; see second.log")
                    .isZero();
        } finally {
            first.destroyForcibly();
            if (second != null) second.destroyForcibly();
        }
    }

    /**
     * The packaged jar on a database with no table yet: it waits, replicates the table created
     * later, and stops with a savepoint. (The jar runs the job in its own class loader, which the
     * MiniCluster ITs do not.)
     */
    @Test
    void emptyDatabaseFromThePackagedJarReplicatesATableCreatedLater(UpstreamDownstream.Pair pair, @TempDir Path dir)
            throws Exception {
        String db = UpstreamDownstream.uniqueDatabase("jar_empty");
        pair.upstream().exec("CREATE DATABASE " + db);
        Path task = Files.writeString(dir.resolve("task.yaml"), TestJob.taskYaml(pair, db, "", ""));
        Path log = dir.resolve("empty.log");
        Process job = embedded(task, dir.resolve("state"), log);
        try {
            Await.until(
                    "the job running", Duration.ofMinutes(2), () -> read(log).contains("osc-sync: job "));
            pair.upstream()
                    .exec(
                            "CREATE TABLE " + db + ".t (id INT PRIMARY KEY, a VARCHAR(10))",
                            "INSERT INTO " + db + ".t VALUES (1, 'one'), (2, 'two')",
                            "ALTER TABLE " + db + ".t ADD COLUMN b INT NOT NULL DEFAULT 5",
                            "INSERT INTO " + db + ".t VALUES (3, 'three', 3)");
            Await.until("t equal downstream", Duration.ofMinutes(2), () -> {
                TableComparison.assertSameTable(pair.upstream(), db, "t", pair.downstream(), db, "t");
                return true;
            });
            job.destroy(); // SIGTERM: stop with a savepoint
            assertThat(job.waitFor(2, TimeUnit.MINUTES))
                    .as("stopped within 2 minutes")
                    .isTrue();
            assertThat(read(log)).contains("osc-sync: savepoint ");
            assertThat(job.exitValue())
                    .as("exit code after SIGTERM; see " + log)
                    .isZero();
        } finally {
            job.destroyForcibly();
        }
    }

    /**
     * A SIGTERM while the job fails over in a loop (here its binlog file is gone from the server)
     * ends the process within a bound: no savepoint can be taken, so the job is cancelled, and the
     * output says so and why the job was failing.
     */
    @Test
    void sigtermWhileTheJobFailsOverEndsTheProcessPromptlyAndSaysWhy(UpstreamDownstream.Pair pair, @TempDir Path dir)
            throws Exception {
        String db = UpstreamDownstream.uniqueDatabase("failing");
        pair.upstream().exec("CREATE DATABASE " + db, "CREATE TABLE " + db + ".t (id INT PRIMARY KEY)");
        String yaml = TestJob.taskYaml(pair, db, "meta: {binlog-name: mysql-bin.999999, binlog-pos: 4}", "")
                .replace("task-mode: all", "task-mode: incremental");
        Path task = Files.writeString(dir.resolve("task.yaml"), yaml);
        Path log = dir.resolve("failing.log");
        Process job = embedded(task, dir.resolve("state"), log);
        try {
            Await.until(
                    "the job failing over",
                    Duration.ofMinutes(2),
                    () -> read(log).contains("mysql-bin.999999")
                            && read(log).contains("switched from RUNNING to FAILED"));
            job.destroy(); // SIGTERM
            assertThat(job.waitFor(30, TimeUnit.SECONDS))
                    .as("ended within 30 s of SIGTERM; see " + log)
                    .isTrue();
            String out = read(log);
            assertThat(out)
                    .as("output; the job must end because of the signal, not run out of restarts")
                    .contains("osc-sync: SIGTERM: ")
                    .contains("; cancelling")
                    .contains("osc-sync: the job's last failure: ")
                    .doesNotContain("osc-sync: job failed");
            assertThat(job.exitValue())
                    .as("exit code: stopped without the savepoint asked for")
                    .isEqualTo(1);
        } finally {
            job.destroyForcibly();
        }
    }

    /** The process's job (from its log's web UI address and job id) runs its keyed stages at {@code p}. */
    private static void assertRunsAt(Path log, int p, int busy) throws Exception {
        String out = read(log);
        Matcher ui = Pattern.compile("osc-sync: web UI at (\\S+)").matcher(out);
        Matcher job = Pattern.compile("osc-sync: job ([0-9a-f]{32}) running").matcher(out);
        assertThat(ui.find() && job.find()).as("web UI and job id in " + log).isTrue();
        KeyedSubtasks.assertRunsAt(new FlinkRest(URI.create(ui.group(1))), job.group(1), p, Math.min(p, busy));
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Process embedded(Path task, Path state, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String jar = System.getProperty("osc.jobJar");
        assertThat(jar).as("osc.jobJar is set by failsafe to the packaged jar").isNotNull();
        return new ProcessBuilder(
                        java, "-Xmx1g", "-jar", jar, "--task", task.toString(), "--state-dir", state.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }
}
