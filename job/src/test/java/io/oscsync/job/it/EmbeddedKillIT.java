package io.oscsync.job.it;

import io.oscsync.job.testing.MigrationFixture;
import io.oscsync.job.testing.RandomLoad;
import io.oscsync.job.testing.TestJob;
import io.oscsync.job.testing.UpstreamDownstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

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

    @Test
    void sigkillMidLoadResumesWithNothingLostOrDoubled(UpstreamDownstream.Pair pair, @TempDir Path dir)
            throws Exception {
        String db = UpstreamDownstream.uniqueDatabase("kill");
        RandomLoad.create(pair.upstream(), db, 200);
        Path task = Files.writeString(dir.resolve("task.yaml"), TestJob.taskYaml(pair, db, "", ""));
        Path state = dir.resolve("state");
        Process first = embedded(task, state, dir.resolve("first.log"));
        Process second = null;
        try {
            RandomLoad.awaitEqual(pair, db, Duration.ofMinutes(3));
            MigrationFixture.awaitBinlogPhase(pair, db, db);
            try (RandomLoad load = new RandomLoad(pair.upstream(), db, 11, List.of(
                    "ALTER TABLE keyless ADD COLUMN c INT DEFAULT 3"), 3000)) {
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
            second.destroy(); // SIGTERM: stop with a savepoint
            assertThat(second.waitFor(2, TimeUnit.MINUTES)).as("stopped within 2 minutes").isTrue();
            assertThat(second.exitValue()).as("exit code after SIGTERM; see second.log").isZero();
        } finally {
            first.destroyForcibly();
            if (second != null) second.destroyForcibly();
        }
    }

    private static Process embedded(Path task, Path state, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String jar = System.getProperty("osc.jobJar");
        assertThat(jar).as("osc.jobJar is set by failsafe to the packaged jar").isNotNull();
        return new ProcessBuilder(java, "-Xmx1g", "-jar", jar, "--task", task.toString(), "--state-dir", state.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
