package io.oscsync.job.sink.committer;

import io.oscsync.udfs.TableId;

/**
 * Crash points inside a commit, for the exactly-once tests: a test installs a hook that throws
 * at one of them, which fails the task just like a crash there would. Without a hook (always,
 * outside tests) every point is a no-op.
 */
public final class CommitFaults {
    public enum Point {
        /** The DDL ran; its progress row is not written yet. */
        AFTER_DDL,
        /** A step's rows and progress row were sent; the transaction is not committed yet. */
        BEFORE_COMMIT,
        /** A step is committed; the next one has not started. */
        AFTER_COMMIT
    }

    @FunctionalInterface
    public interface Hook {
        void at(Point point, TableId table);
    }

    private static volatile Hook hook;

    private CommitFaults() {}

    public static void install(Hook h) {
        hook = h;
    }

    public static void clear() {
        hook = null;
    }

    static void at(Point point, TableId table) {
        Hook h = hook;
        if (h != null) h.at(point, table);
    }
}
