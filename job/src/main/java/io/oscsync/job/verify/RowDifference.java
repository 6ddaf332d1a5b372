package io.oscsync.job.verify;

import java.util.List;

/**
 * One row that differs. For a keyed table {@code id} is the key and each side has the row or
 * null; for a keyless table {@code id} is the whole row and the sides differ in how many copies
 * they hold ({@code upstreamCopies}, {@code downstreamCopies}).
 */
record RowDifference(
        List<String> id, List<String> upstream, List<String> downstream, int upstreamCopies, int downstreamCopies) {
    String kind() {
        if (upstreamCopies == 0) return "extra downstream";
        if (downstreamCopies == 0) return "missing downstream";
        if (upstreamCopies != downstreamCopies) return "copies differ";
        return "changed";
    }
}
