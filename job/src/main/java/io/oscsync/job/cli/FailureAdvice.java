package io.oscsync.job.cli;

/** Turns a failed job's exception into the line a user needs: what went wrong and what to do. */
final class FailureAdvice {
    private static final String REFUSED_DDL = io.oscsync.job.sink.handle.DdlRefusedException.class.getName();

    private FailureAdvice() {}

    static String explain(Throwable failure) {
        if (failure == null) return "unknown error (see the log)";
        // A refused DDL's message holds the downstream's reason and the --handle-ddl way past it.
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof io.oscsync.job.sink.handle.DdlRefusedException) return t.getMessage();
        }
        return explain(rootMessage(failure));
    }

    /** The advice for the innermost message of a failure ({@link #rootMessage}, {@link #rootOfTrace}). */
    static String explain(String root) {
        if (root == null || root.isBlank()) return "unknown error (see the log)";
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

    /**
     * The innermost message: Flink wraps the cause a user can act on in several layers. A wrapper
     * that repeats it with more (osc-sync adds the binlog position) is taken instead.
     */
    static String rootMessage(Throwable t) {
        java.util.List<String> messages = new java.util.ArrayList<>();
        Throwable c = t;
        while (c != null) {
            messages.add(c.getMessage() == null ? c.toString() : c.getMessage());
            if (c.getCause() == c) break;
            c = c.getCause();
        }
        return innermost(messages);
    }

    /** The last message, or the one before it while that one extends it. */
    static String innermost(java.util.List<String> messages) {
        int i = messages.size() - 1;
        while (i > 0 && extendsNext(messages, i)) i--;
        return messages.get(i);
    }

    private static boolean extendsNext(java.util.List<String> messages, int i) {
        return !messages.get(i).isEmpty() && messages.get(i - 1).startsWith(messages.get(i));
    }

    /**
     * The innermost message of a stack trace as text (Flink's REST API gives failures so): the
     * last "Caused by:" (or the first line), without its exception class, up to its first frame.
     */
    static String rootOfTrace(String trace) {
        if (trace == null || trace.isBlank()) return null;
        String[] lines = trace.split("\r?\n");
        java.util.List<String> messages = new java.util.ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            if (i > 0 && !lines[i].startsWith("Caused by: ")) continue;
            StringBuilder message = new StringBuilder(lines[i].replaceFirst("^Caused by: ", ""));
            for (int j = i + 1; j < lines.length; j++) {
                String l = lines[j].strip();
                if (l.startsWith("at ")
                        || l.startsWith("... ")
                        || l.startsWith("Suppressed: ")
                        || lines[j].startsWith("Caused by: ")) break;
                message.append('\n').append(lines[j]);
            }
            // A refused DDL's message holds the downstream's reason and the --handle-ddl way past it.
            if (message.toString().startsWith(REFUSED_DDL + ": ")) return withoutClass(message.toString());
            messages.add(withoutClass(message.toString()));
        }
        return innermost(messages);
    }

    /** "java.lang.IllegalStateException: text": the class name says nothing a user can act on. */
    private static String withoutClass(String m) {
        int colon = m.indexOf(": ");
        boolean className = colon > 0 && m.substring(0, colon).matches("[\\w.$]+");
        return className ? m.substring(colon + 2) : m;
    }
}
