package io.oscsync.job.sink.committer;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * Upper bounds of the bytes a row statement takes on the wire, so statements can be cut to the
 * downstream's {@code max_allowed_packet}. The driver prepares statements on the client: every
 * value goes out as SQL text, binary as hex ({@code x'..'}, twice its size) and strings with
 * their special characters escaped. A statement prepared on the server sends values as they are.
 */
final class StatementSize {
    /** Room for the packet header, the command byte and a server-prepared statement's metadata. */
    static final long SLACK = 1024;

    private StatementSize() {}

    /** The bytes of {@code sql} with every value of {@code images} inlined as text. */
    static long asText(String sql, Object[]... images) {
        long n = utf8Length(sql);
        for (Object[] image : images) {
            if (image == null) continue;
            for (Object v : image) n += asText(v);
        }
        return n;
    }

    /** The bytes of {@code sql} and the values of {@code images} in a server-prepared execute packet. */
    static long asBinary(String sql, Object[]... images) {
        long n = utf8Length(sql);
        for (Object[] image : images) {
            if (image == null) continue;
            for (Object v : image) n += asBinary(v);
        }
        return n;
    }

    static long asText(Object v) {
        if (v == null) return 4;
        if (v instanceof byte[] b) return 2L * b.length + 3; // x'hex'
        if (v instanceof String s) return quotedLength(s);
        if (v instanceof BigDecimal d) return d.toPlainString().length() + 2;
        return 32; // numbers and booleans
    }

    static long asBinary(Object v) {
        if (v == null) return 2; // type bytes; the null bitmap is in SLACK
        if (v instanceof byte[] b) return b.length + 11L; // type + length prefix
        if (v instanceof String s) return utf8Length(s) + 11L;
        if (v instanceof BigDecimal d) return d.toPlainString().length() + 11L;
        return 12;
    }

    /** UTF-8 length plus one backslash for each character the driver escapes, plus the quotes. */
    private static long quotedLength(String s) {
        long n = 2;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += switch (c) {
                    case 0, '\n', '\r', '\\', '\'', '"', '\032' -> 2;
                    default -> 1;
                };
            } else if (c < 0x800) {
                n += 2;
            } else {
                n += 3; // a surrogate pair counts 6 for its 4 bytes: still an upper bound
            }
        }
        return n;
    }

    private static long utf8Length(String s) {
        boolean ascii = true;
        for (int i = 0; i < s.length() && ascii; i++) ascii = s.charAt(i) < 0x80;
        return ascii ? s.length() : s.getBytes(StandardCharsets.UTF_8).length;
    }
}
