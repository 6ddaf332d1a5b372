package io.oscsync.job.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FailureAdviceTest {
    @Test
    void theInnermostCauseIsWhatTheUserSees() {
        Throwable wrapped = new RuntimeException("job failed", new IllegalStateException("cut-over of shop.t: do X"));
        assertThat(FailureAdvice.explain(wrapped)).isEqualTo("cut-over of shop.t: do X");
    }

    @Test
    void theSnapshotToBinlogDdlPitfallSaysWhatToDo() {
        Throwable e = new RuntimeException(new IllegalArgumentException("Data row is smaller than a column index"));
        assertThat(FailureAdvice.explain(e))
                .contains("between the end of the snapshot")
                .contains("fresh snapshot");
    }

    /** The downstream's error is the innermost cause; the refusal around it holds the fingerprint and the flags. */
    @Test
    void aRefusedDdlShowsTheWholeRefusalNotJustTheDownstreamsError() {
        Throwable e = new RuntimeException(new io.oscsync.job.sink.handle.DdlRefusedException(
                "downstream refused a DDL on table s.t: Unknown column 'b'. DDL fingerprint 0123456789ab ...",
                new java.sql.SQLException("Unknown column 'b'")));
        assertThat(FailureAdvice.explain(e))
                .contains("DDL fingerprint 0123456789ab")
                .contains("s.t");
        // As the status command reads it from the REST API: the refusal, not the SQL error under it.
        assertThat(FailureAdvice.rootOfTrace(org.apache.flink.util.ExceptionUtils.stringifyException(e)))
                .startsWith("downstream refused a DDL on table s.t")
                .contains("DDL fingerprint 0123456789ab");
    }

    @Test
    void theRestApisStackTraceGivesTheInnermostMessageWithoutFrames() {
        Throwable e = new RuntimeException(
                "org.apache.flink.runtime.JobException: Recovery is suppressed",
                new IllegalStateException(
                        "shards of `m`.`tb` changed differently: s1 ran [x]\nmake them agree upstream"));
        String trace = org.apache.flink.util.ExceptionUtils.stringifyException(e);
        assertThat(FailureAdvice.rootOfTrace(trace))
                .isEqualTo("shards of `m`.`tb` changed differently: s1 ran [x]\nmake them agree upstream");
    }

    @Test
    void aTraceWithoutCauseGivesItsFirstMessage() {
        String trace = org.apache.flink.util.ExceptionUtils.stringifyException(
                new IllegalArgumentException("Data row is smaller than a column index"));
        assertThat(FailureAdvice.explain(FailureAdvice.rootOfTrace(trace))).contains("fresh snapshot");
    }

    @Test
    void aWrapperThatAddsToTheMessageIsKept() {
        IllegalStateException inner = new IllegalStateException("shards of m.tb changed differently");
        Throwable e = new RuntimeException(
                "Recovery is suppressed",
                new IllegalStateException(inner.getMessage() + " [binlog mysql-bin.000001:4590]", inner));
        String trace = org.apache.flink.util.ExceptionUtils.stringifyException(e);
        assertThat(FailureAdvice.rootOfTrace(trace))
                .isEqualTo("shards of m.tb changed differently [binlog mysql-bin.000001:4590]");
        assertThat(FailureAdvice.rootMessage(e))
                .isEqualTo("shards of m.tb changed differently [binlog mysql-bin.000001:4590]");
    }
}
