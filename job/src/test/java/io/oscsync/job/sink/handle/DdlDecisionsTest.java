package io.oscsync.job.sink.handle;

import io.oscsync.job.config.ConfigException;
import io.oscsync.job.event.SinkOp;
import io.oscsync.udfs.TableId;
import io.oscsync.udfs.ddl.DdlStatement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DdlDecisionsTest {
    private static final TableId T = new TableId("shop", "orders");
    private static final SinkOp OP = SinkOp.ddl(
                    T,
                    DdlStatement.parse("ALTER TABLE `shop`.`orders` ADD FULLTEXT INDEX ft (b)"),
                    "plain DDL",
                    null,
                    7)
            .withOrigin("m1@bin.000001:99#0");
    private static final SinkOp ROW = new SinkOp(T, SinkOp.Kind.INSERT, new String[] {"id"}, null, new Object[] {1}, 0);

    @Test
    void aSkipDropsOnlyTheOpWithThatFingerprint() {
        String f = DdlFingerprint.of(OP);
        DdlDecisions d = DdlDecisions.parse(List.of(f + "=skip"));
        assertThat(d.find(OP)).isEqualTo(DdlDecision.skip(f));
        assertThat(d.apply(OP, d.find(OP), "test")).isEmpty();
        assertThat(d.find(OP.withOrigin("m1@bin.000001:150#0"))).isNull();
        assertThat(d.find(ROW)).isNull();
    }

    @Test
    void aReplacementRunsTheFilesStatementsOnTheTargetsSchema(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("instead.sql"), """
                -- a comment; with a semicolon
                ALTER TABLE orders ADD INDEX b_idx (b);
                ALTER TABLE `orders` COMMENT 'a;b' ;
                """);
        String f = DdlFingerprint.of(OP);
        DdlDecisions d = DdlDecisions.parse(List.of(f + "=replace:" + file));
        List<SinkOp> ops = d.apply(OP, d.find(OP), "test");
        assertThat(ops)
                .extracting(SinkOp::ddl)
                .containsExactly(
                        "ALTER TABLE `shop`.`orders` ADD INDEX b_idx (b)", "ALTER TABLE `shop`.`orders` COMMENT 'a;b'");
        assertThat(ops).allSatisfy(o -> {
            assertThat(o.target()).isEqualTo(T);
            assertThat(DdlDecisions.isReplacement(o)).isTrue();
            assertThat(o.reason()).contains(f).contains(file.toString());
        });
        assertThat(DdlFingerprint.of(ops.get(0))).isNotEqualTo(DdlFingerprint.of(ops.get(1)));
    }

    @Test
    void badFlagsAreRefusedNamingWhatIsWrong(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> DdlDecisions.parse(List.of("xyz=skip")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'xyz' is not a DDL fingerprint");
        assertThatThrownBy(() -> DdlDecisions.parse(List.of("0123456789ab")))
                .hasMessageContaining("0123456789ab=skip or 0123456789ab=replace:FILE");
        assertThatThrownBy(() -> DdlDecisions.parse(List.of("0123456789ab=drop")))
                .hasMessageContaining("say what to do");
        assertThatThrownBy(() -> DdlDecisions.parse(List.of("0123456789ab=skip", "0123456789ab=skip")))
                .hasMessageContaining("given twice");
        assertThatThrownBy(() -> DdlDecisions.parse(List.of("0123456789ab=replace:" + dir.resolve("none.sql"))))
                .hasMessageContaining("none.sql does not exist or cannot be read");
        Path empty = Files.writeString(dir.resolve("empty.sql"), " -- nothing\n ; ");
        assertThatThrownBy(() -> DdlDecisions.parse(List.of("0123456789ab=replace:" + empty)))
                .hasMessageContaining("holds no statement");
        Path bad = Files.writeString(dir.resolve("bad.sql"), "ALTER TABLE t ADD COLUMN c INT; 'unterminated");
        assertThatThrownBy(() -> DdlDecisions.parse(List.of("0123456789ab=replace:" + bad)))
                .hasMessageContaining("bad.sql holds a statement osc-sync cannot read");
    }
}
