package io.oscsync.job.verify;

import io.oscsync.udfs.TableId;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VerifyCommandTest {
    @Test
    void optionsAreParsedWithDefaults() {
        VerifyCommand.Options o = VerifyCommand.parse(new String[] {"--task", "t.yaml"});
        assertThat(o.chunkRows()).isEqualTo(VerifyCommand.DEFAULT_CHUNK_ROWS);
        assertThat(o.threads()).isEqualTo(VerifyCommand.DEFAULT_THREADS);
        assertThat(o.recheckAfter()).isNull();
        assertThat(o.rows()).isFalse();
        o = VerifyCommand.parse(new String[] {
            "--rows",
            "--task",
            "t.yaml",
            "--tables",
            "a.*",
            "--chunk-rows",
            "7",
            "--threads",
            "2",
            "--recheck-after",
            "1500ms",
            "--rechecks",
            "3"
        });
        assertThat(o.rows()).isTrue();
        assertThat(o.tables()).isEqualTo("a.*");
        assertThat(o.chunkRows()).isEqualTo(7);
        assertThat(o.recheckAfter()).isEqualTo(Duration.ofMillis(1500));
        assertThat(o.rechecks()).isEqualTo(3);
    }

    @Test
    void badArgumentsSayWhatIsWrongAndExitTwo() {
        assertThatThrownBy(() -> VerifyCommand.parse(new String[] {"--threads", "x", "--task", "t"}))
                .hasMessageContaining("--threads needs a whole number");
        assertThatThrownBy(() -> VerifyCommand.parse(new String[] {"--recheck-after", "soon", "--task", "t"}))
                .hasMessageContaining("500ms, 10s or 2m");
        assertThatThrownBy(() -> VerifyCommand.parse(new String[] {"--rows"})).hasMessageContaining("--task");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = VerifyCommand.run(
                new String[] {"--bogus", "x"},
                new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown argument '--bogus'", "usage:");
    }

    @Test
    void tablePatternsAreDmWildcardsOnTargetNames() {
        TablePattern p = TablePattern.parse("shop.order*, logs", false);
        assertThat(p.matches(new TableId("shop", "orders"))).isTrue();
        assertThat(p.matches(new TableId("SHOP", "Orders"))).isTrue();
        assertThat(p.matches(new TableId("shop", "items"))).isFalse();
        assertThat(p.matches(new TableId("logs", "anything"))).isTrue();
        assertThat(TablePattern.parse("shop.orders", true).matches(new TableId("shop", "Orders")))
                .isFalse();
        assertThatThrownBy(() -> TablePattern.parse("shop.,x", false)).hasMessageContaining("not db.table");
    }
}
