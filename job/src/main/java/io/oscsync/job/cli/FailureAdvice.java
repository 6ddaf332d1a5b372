package io.oscsync.job.cli;

/** Turns a failed job's exception into the line a user needs: what went wrong and what to do. */
final class FailureAdvice {
    private FailureAdvice() {}

    static String explain(Throwable failure) {
        if (failure == null) return "unknown error (see the log)";
        // A refused DDL's message holds the downstream's reason and the --handle-ddl way past it.
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof io.oscsync.job.sink.handle.DdlRefusedException) return t.getMessage();
        }
        String root = rootMessage(failure);
        if (root.contains("Data row is smaller than a column index")) {
            // flink-cdc#732: the binlog reader decodes old rows with a schema from a later DDL.
            return root + ". A DDL ran on a captured table between the end of the snapshot and the start "
                    + "of the binlog reader, so old rows cannot be decoded. Start the task again without its "
                    + "state (a fresh snapshot), and avoid DDL on captured tables until the snapshot is done.";
        }
        if (root.contains("larger than the maximum permitted memory-backed state")) {
            return root + ". The sink keeps the changes between two checkpoints in the checkpoint, which the "
                    + "JobManager's memory cannot hold: set execution.checkpointing.dir (a file system path every "
                    + "node can reach) in the cluster's config, or run embedded with --state-dir";
        }
        return root;
    }

    /** The innermost message: Flink wraps the cause a user can act on in several layers. */
    static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }
}
