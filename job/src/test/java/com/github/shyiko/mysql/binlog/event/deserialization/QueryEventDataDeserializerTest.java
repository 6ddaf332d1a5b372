package com.github.shyiko.mysql.binlog.event.deserialization;

import org.junit.jupiter.api.Test;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class QueryEventDataDeserializerTest {
    @Test
    void theClientCharsetIsFoundAfterTheVariablesBeforeIt() {
        // Q_FLAGS2 (4 bytes), Q_SQL_MODE (8), Q_CATALOG_NZ ("std"), Q_CHARSET: client latin1_swedish_ci (8).
        byte[] status = {0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 6, 3, 's', 't', 'd', 4, 8, 0, 8, 0, 8, 0, 5, 1, 'Z'};
        assertThat(QueryEventDataDeserializer.clientCharset(status)).isEqualTo(Charset.forName("windows-1252"));
        assertThat(QueryEventDataDeserializer.clientCharset(new byte[] {4, 45, 0, 45, 0, 45, 0}))
                .isEqualTo(StandardCharsets.UTF_8); // utf8mb4_general_ci
    }

    @Test
    void withoutACharsetOrWithAnUnknownOneTheTextIsUtf8() {
        assertThat(QueryEventDataDeserializer.clientCharset(new byte[0])).isEqualTo(StandardCharsets.UTF_8);
        assertThat(QueryEventDataDeserializer.clientCharset(new byte[] {(byte) 200, 1, 4, 8, 0, 8, 0, 8, 0}))
                .isEqualTo(StandardCharsets.UTF_8);
        assertThat(QueryEventDataDeserializer.charsetOf(63)).isEqualTo(StandardCharsets.UTF_8); // binary
    }
}
