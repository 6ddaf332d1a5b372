package io.oscsync.job.source;

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
}
