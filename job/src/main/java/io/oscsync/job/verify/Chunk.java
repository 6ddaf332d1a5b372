package io.oscsync.job.verify;

import java.util.List;

/**
 * A key range {@code [lo, hi)} of a table: {@code lo} null reads from the first key, {@code hi}
 * null to the last; the chunks of a table are open at both ends, so a row only one side holds
 * still falls in one of them. A keyless table has one chunk, both bounds null.
 */
record Chunk(int index, List<Object> lo, List<Object> hi) {
    static final Chunk WHOLE_TABLE = new Chunk(0, null, null);

    /** {@code [lo, hi)} with the key values as SQL literals would show them. */
    String describe(List<String> key) {
        if (lo == null && hi == null) return "the whole table";
        return "key range [" + (lo == null ? "-inf" : tuple(lo)) + ", " + (hi == null ? "+inf" : tuple(hi)) + ")"
                + " on " + (key.size() == 1 ? key.get(0) : "(" + String.join(", ", key) + ")");
    }

    static String tuple(List<?> values) {
        StringBuilder b = new StringBuilder(values.size() == 1 ? "" : "(");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) b.append(", ");
            b.append(RowText.literal(values.get(i)));
        }
        return b.append(values.size() == 1 ? "" : ")").toString();
    }
}
