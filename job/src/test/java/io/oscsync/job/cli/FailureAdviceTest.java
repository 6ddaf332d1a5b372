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
    }
}
