package io.oscsync.job.verify;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** How verify prints values: numbers bare, text quoted, bytes in hex, NULL as NULL. */
final class RowText {
    private RowText() {}

    static String literal(Object v) {
        if (v == null) return "NULL";
        if (v instanceof Number) return v.toString();
        if (v instanceof byte[] bytes) return "0x" + hex(bytes);
        return "'" + v.toString().replace("'", "''") + "'";
    }

    /** A row of rendered (text) values, with its column names. */
    static String row(List<String> columns, List<String> values) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) b.append(", ");
            b.append(columns.get(i)).append('=');
            b.append(values.get(i) == null ? "NULL" : "'" + values.get(i).replace("'", "''") + "'");
        }
        return b.append(')').toString();
    }

    private static String hex(byte[] bytes) {
        StringBuilder b = new StringBuilder();
        for (byte x : bytes) b.append(String.format("%02X", x));
        return b.toString();
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
