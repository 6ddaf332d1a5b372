package io.oscsync.job.sink.handle;

import io.oscsync.job.event.SinkOp;
import io.oscsync.udfs.TableId;
import io.oscsync.udfs.ddl.DdlStatement;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DdlFingerprintTest {
    private static final TableId T = new TableId("shop", "orders");

    private static SinkOp ddl(String sql, String origin) {
        SinkOp op = SinkOp.ddl(T, DdlStatement.parse(sql), "plain DDL", null, 7);
        return origin == null ? op : op.withOrigin(origin);
    }

    @Test
    void theSameOpFromTheSameEventHasTheSameFingerprintOnEveryRun() {
        // Pinned: a restart reads the op again from the binlog and must print the same name.
        assertThat(DdlFingerprint.of(ddl("ALTER TABLE shop.orders ADD COLUMN c INT", "m1@bin.000002:1234#0")))
                .isEqualTo(DdlFingerprint.of(ddl("ALTER TABLE shop.orders ADD COLUMN c INT", "m1@bin.000002:1234#0")))
                .matches(DdlFingerprint.SYNTAX);
    }

    @Test
    void equalStatementsAtOtherPositionsOrIndexesDiffer() {
        String sql = "ALTER TABLE shop.orders ADD COLUMN c INT";
        String a = DdlFingerprint.of(ddl(sql, "m1@bin.000002:1234#0"));
        assertThat(DdlFingerprint.of(ddl(sql, "m1@bin.000002:5678#0"))).isNotEqualTo(a);
        assertThat(DdlFingerprint.of(ddl(sql, "m1@bin.000002:1234#1"))).isNotEqualTo(a);
        assertThat(DdlFingerprint.of(ddl(sql, "m2@bin.000002:1234#0"))).isNotEqualTo(a);
        assertThat(DdlFingerprint.of(ddl(sql, null))).isNotEqualTo(a);
    }

    @Test
    void anOpWithoutAnOriginIsNamedByItsTargetAndText() {
        String a = DdlFingerprint.of(ddl("ALTER TABLE shop.orders ADD COLUMN c INT", null));
        assertThat(DdlFingerprint.of(ddl("ALTER TABLE shop.orders ADD COLUMN c INT", null)))
                .isEqualTo(a);
        assertThat(DdlFingerprint.of(ddl("ALTER TABLE shop.orders ADD COLUMN d INT", null)))
                .isNotEqualTo(a);
    }

    @Test
    void theAdviceNamesTheFlags() {
        SinkOp op = ddl("ALTER TABLE shop.orders ADD COLUMN c INT", "m1@bin.000002:1234#0");
        String f = DdlFingerprint.of(op);
        assertThat(DdlFingerprint.advice(op))
                .contains("DDL fingerprint " + f + " (plain DDL, binlog m1@bin.000002:1234#0)")
                .contains("--handle-ddl " + f + "=skip")
                .contains("--handle-ddl " + f + "=replace:FILE");
    }
}
