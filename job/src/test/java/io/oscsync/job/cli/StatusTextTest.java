package io.oscsync.job.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StatusTextTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode report(String failure) throws Exception {
        return JSON.readTree("""
                {"job": {"id": "abc", "name": "osc-sync shop", "state": "RUNNING", "startTime": 0, "durationMs": 125000},
                 "checkpoint": {"id": 57, "completedAt": 9000},
                 "sources": [{"source": "up1", "read": "mysql-bin.000003:4120", "committed": "mysql-bin.000003:3990",
                              "lagMs": 1500, "rowsPerSecond": 12.345},
                             {"source": "up2", "read": null, "committed": null, "lagMs": 0, "rowsPerSecond": 0}],
                 "migrations": [{"source": "up1", "table": "`shop`.`t`", "ghost": "_t_gho", "tool": "gh-ost",
                                 "statements": 2, "ageMs": 35000},
                                {"source": "up1", "table": "`shop`.`u`", "ghost": "_u_new", "tool": "pt-osc",
                                 "statements": 1, "ageMs": null}],
                 "shardLocks": [{"target": "`m`.`tb`", "ddl": ["ALTER TABLE `m`.`tb` ADD COLUMN `c` INT"],
                                 "reached": ["s1:d.tb1"], "waiting": ["s1:d.tb2", "s2:d.tb1"], "heldEvents": 4,
                                 "ageMs": 10000}],
                 "sink": {"rowsPerSecond": 10.04, "replicationLagMs": 800, "commitRetries": 0},
                 "lastFailure": %s}
                """.formatted(failure));
    }

    @Test
    void eachFactIsOnTheLineAPersonLooksFor() throws Exception {
        String text = StatusText.render(report("null"), 10_000);
        assertThat(text)
                .contains("job abc  osc-sync shop  RUNNING for 2m05s")
                .contains("last completed checkpoint #57, 1.0 s ago")
                .containsPattern("up1 +mysql-bin.000003:4120 +mysql-bin.000003:3990 +1.5 s +12.3")
                .containsPattern("up2 +\\(snapshot\\) +- +0 ms +0.0")
                .containsPattern("up1 +`shop`.`t` +gh-ost +_t_gho +2 +35.0 s")
                .containsPattern("up1 +`shop`.`u` +pt-osc +_u_new +1 +unknown")
                .contains("`m`.`tb`: ALTER TABLE `m`.`tb` ADD COLUMN `c` INT")
                .contains("reached (1): s1:d.tb1")
                .contains("waiting (2): s1:d.tb2, s2:d.tb1")
                .contains("held events: 4, for 10.0 s")
                .contains("sink: 10.0 rows/s committed (1 min), replication lag 800 ms")
                .contains("last failure: none");
    }

    @Test
    void theFailureIsShownWithItsAdviceIndented() throws Exception {
        String text = StatusText.render(
                report("{\"time\": 0, \"message\": \"m\", \"advice\": \"first line\\nsecond line\"}"), 0);
        assertThat(text).contains("last failure: 1970-01-01 00:00:00 UTC\n  first line\n  second line\n");
    }

    @Test
    void durationsReadAtAGlance() {
        assertThat(StatusText.duration(850)).isEqualTo("850 ms");
        assertThat(StatusText.duration(12_345)).isEqualTo("12.3 s");
        assertThat(StatusText.duration(245_000)).isEqualTo("4m05s");
        assertThat(StatusText.duration(7_380_000)).isEqualTo("2h03m");
    }

    @Test
    void aJobThatIsNotRunningShowsItsFailureAndNoStaleFigures() throws Exception {
        JsonNode r = report("{\"time\": 0, \"message\": \"m\", \"advice\": \"do this\"}");
        ((com.fasterxml.jackson.databind.node.ObjectNode) r.path("job")).put("state", "FAILED");
        String text = StatusText.render(r, 0);
        assertThat(text).contains("FAILED").contains("the job is not running").contains("  do this");
        assertThat(text).doesNotContain("mysql-bin.000003").doesNotContain("_t_gho");
    }
}
