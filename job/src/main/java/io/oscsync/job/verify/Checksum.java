package io.oscsync.job.verify;

import java.math.BigInteger;

/** A chunk's checksum on one side: its row count and the two sums of row hashes (see {@link ChunkSql}). */
record Checksum(long rows, BigInteger sum1, BigInteger sum2) {
    static final Checksum EMPTY = new Checksum(0, BigInteger.ZERO, BigInteger.ZERO);

    /** The checksum of the union of two disjoint sets of rows (shards). */
    Checksum plus(Checksum o) {
        return new Checksum(rows + o.rows, sum1.add(o.sum1), sum2.add(o.sum2));
    }
}
