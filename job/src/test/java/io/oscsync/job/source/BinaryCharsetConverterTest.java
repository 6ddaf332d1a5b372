package io.oscsync.job.source;

import io.debezium.relational.Column;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BinaryCharsetConverterTest {
    private static final List<String> MEMBERS = List.of("x", "y", "z");

    @Test
    void enumFromItsIndexOrItsBytes() {
        assertThat(BinaryCharsetConverter.enumValue("e", MEMBERS, 2)).isEqualTo("y");
        assertThat(BinaryCharsetConverter.enumValue("e", MEMBERS, 0)).isEmpty();
        assertThat(BinaryCharsetConverter.enumValue("e", MEMBERS, new byte[] {'z'}))
                .isEqualTo("z");
        assertThatThrownBy(() -> BinaryCharsetConverter.enumValue("e", MEMBERS, 4))
                .hasMessageContaining("column e");
    }

    @Test
    void setFromItsBitsOrItsBytes() {
        assertThat(BinaryCharsetConverter.setValue("s", MEMBERS, 5L)).isEqualTo("x,z");
        assertThat(BinaryCharsetConverter.setValue("s", MEMBERS, 0L)).isEmpty();
        assertThat(BinaryCharsetConverter.setValue("s", MEMBERS, "x,y".getBytes()))
                .isEqualTo("x,y");
        assertThatThrownBy(() -> BinaryCharsetConverter.setValue("s", MEMBERS, 8L))
                .hasMessageContaining("column s");
    }

    @Test
    void membersAreReadAsTheColumnsCharsetStoresThem() {
        assertThat(BinaryCharsetConverter.members(column("latin1", "'x'", "'日本'", "'é'", "'last,no'")))
                .containsExactly("x", "??", "é", "last,no");
        assertThat(BinaryCharsetConverter.members(column("utf8mb3", "'x'", "'\uD83D\uDE00'")))
                .containsExactly("x", "?");
        assertThat(BinaryCharsetConverter.members(column("binary", "'日本'", "'last,no'")))
                .containsExactly("日本", "last,no");
        // Nothing to correct: Debezium's own reading stays.
        assertThat(BinaryCharsetConverter.members(column("latin1", "'x'", "'é'")))
                .isNull();
        assertThat(BinaryCharsetConverter.members(column("utf8mb4", "'日本'", "'\uD83D\uDE00'")))
                .isNull();
    }

    private static Column column(String charset, String... quotedMembers) {
        return Column.editor()
                .name("c")
                .type("ENUM")
                .charsetName(charset)
                .enumValues(List.of(quotedMembers))
                .create();
    }
}
