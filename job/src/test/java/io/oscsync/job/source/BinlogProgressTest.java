package io.oscsync.job.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.cdc.connectors.mysql.source.offset.BinlogOffset;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BinlogProgressTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final BinlogProgress progress = new BinlogProgress("up1", new UnregisteredMetricsGroup());

    private JsonNode gauge() throws Exception {
        return JSON.readTree(progress.json());
    }

    @Test
    void committedMovesOnlyWhenTheCheckpointHoldingItCompletes() throws Exception {
        progress.started(BinlogOffset.ofBinlogFilePosition("mysql-bin.000001", 4));
        assertThat(gauge().path("committed").asText()).isEqualTo("mysql-bin.000001:4");
        progress.checkpointed(1, BinlogOffset.ofBinlogFilePosition("mysql-bin.000001", 900));
        assertThat(gauge().path("committed").asText()).isEqualTo("mysql-bin.000001:4");
        progress.completed(1);
        assertThat(gauge().path("committed").asText()).isEqualTo("mysql-bin.000001:900");
        assertThat(gauge().path("read").isNull())
                .as("no binlog split state seen yet")
                .isTrue();
    }

    @Test
    void lagIsTheAgeOfTheOldestChangeNotInACompletedCheckpoint() throws Exception {
        long now = System.currentTimeMillis();
        assertThat(gauge().path("lagMs").asLong()).as("nothing read").isZero();
        progress.change(now - 60_000);
        progress.change(now - 1_000); // later in the same interval: not the oldest
        assertThat(gauge().path("lagMs").asLong()).isBetween(60_000L, 70_000L);
        progress.checkpointed(1, null);
        progress.change(now - 5_000); // after checkpoint 1
        progress.completed(1);
        assertThat(gauge().path("lagMs").asLong())
                .as("the change after checkpoint 1")
                .isBetween(5_000L, 15_000L);
        progress.checkpointed(2, null);
        progress.completed(2);
        assertThat(gauge().path("lagMs").asLong())
                .as("everything read is committed: an idle source has no lag")
                .isZero();
    }

    @Test
    void aCheckpointCompletedOutOfOrderCommitsEverythingBeforeIt() throws Exception {
        progress.checkpointed(1, BinlogOffset.ofBinlogFilePosition("b.000001", 10));
        progress.change(System.currentTimeMillis() - 30_000);
        progress.checkpointed(2, BinlogOffset.ofBinlogFilePosition("b.000001", 20));
        progress.completed(2); // 1 was subsumed
        assertThat(gauge().path("committed").asText()).isEqualTo("b.000001:20");
        assertThat(gauge().path("lagMs").asLong()).isZero();
    }
}
