package io.oscsync.job.it;

import io.oscsync.job.testing.MigrationFixture;
import io.oscsync.job.testing.RandomLoad;
import io.oscsync.job.testing.TestJob;
import io.oscsync.job.testing.UpstreamDownstream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The downstream server stops for a while in the middle of a load and starts again: the job
 * waits (the committer retries with backoff), then goes on, and nothing is lost or doubled.
 */
@ExtendWith(UpstreamDownstream.class)
class DownstreamOutageIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.extension();

    @Test
    void aDownstreamOutageOnlyPausesTheJob(UpstreamDownstream.Pair pair) throws Exception {
        String db = UpstreamDownstream.uniqueDatabase("outage");
        RandomLoad.create(pair.upstream(), db, 200);
        try (TestJob job = TestJob.start(TestJob.task(pair, db, "", ""))) {
            RandomLoad.awaitEqual(pair, db, Duration.ofMinutes(3));
            MigrationFixture.awaitBinlogPhase(pair, db, db);
            try (RandomLoad load = new RandomLoad(
                    pair.upstream(), db, 5, List.of("ALTER TABLE keyed ADD COLUMN during_outage INT"), 4000)) {
                Thread.sleep(3000);
                pair.downstream().stopKeepingData();
                JobStatus during;
                try {
                    Thread.sleep(15_000); // the DDL and thousands of rows arrive while the downstream is down
                    during = job.status();
                } finally {
                    pair.downstream().startAgain(); // the other tests share this server
                }
                assertThat(during).as("the job waits instead of failing").isEqualTo(JobStatus.RUNNING);
                Thread.sleep(3000);
            }
            RandomLoad.awaitEqual(pair, db, Duration.ofMinutes(3));
            assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
        }
    }
}
