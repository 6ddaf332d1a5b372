package io.oscsync.job.coordinator;

/**
 * A MySQL binlog position, ordered as the server wrote it: by the file's sequence number
 * ({@code mysql-bin.000012}), then by the offset in the file.
 */
record BinlogPosition(String file, long offset) implements Comparable<BinlogPosition> {

    static BinlogPosition of(String file, long offset) {
        return new BinlogPosition(file, offset);
    }

    /** Reads {@link #toString()}'s form, {@code file:offset}. */
    static BinlogPosition parse(String s) {
        int colon = s.lastIndexOf(':');
        return new BinlogPosition(s.substring(0, colon), Long.parseLong(s.substring(colon + 1)));
    }

    private long sequence() {
        return Long.parseLong(file.substring(file.lastIndexOf('.') + 1));
    }

    @Override
    public int compareTo(BinlogPosition o) {
        int c = Long.compare(sequence(), o.sequence());
        return c != 0 ? c : Long.compare(offset, o.offset);
    }

    @Override
    public String toString() {
        return file + ":" + offset;
    }
}
