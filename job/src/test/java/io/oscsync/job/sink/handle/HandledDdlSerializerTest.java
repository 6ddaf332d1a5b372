package io.oscsync.job.sink.handle;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HandledDdlSerializerTest {
    private static final HandledDdl H = new HandledDdl("0123456789ab", "skip", "DROP TABLE t😀");
    /** Version 1, as written: a format change that forgets its version fails here. */
    private static final String FROZEN_V1 =
            "0000000c30313233343536373839616200000004736b69700000001044524f50205441424c452074f09f9880";

    @Test
    void writesAndReadsVersionOne() throws IOException {
        HandledDdlSerializer s = new HandledDdlSerializer();
        assertThat(s.getVersion()).isEqualTo(1);
        assertThat(HexFormat.of().formatHex(s.serialize(H))).isEqualTo(FROZEN_V1);
        assertThat(s.deserialize(1, HexFormat.of().parseHex(FROZEN_V1))).isEqualTo(H);
    }

    @Test
    void anUnknownVersionFailsClearly() {
        assertThatThrownBy(() -> new HandledDdlSerializer().deserialize(2, new byte[0]))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("version 2");
    }
}
