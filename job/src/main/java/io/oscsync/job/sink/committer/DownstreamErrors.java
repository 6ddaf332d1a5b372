package io.oscsync.job.sink.committer;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/** The one place that says which downstream errors are worth a retry, and which DDL errors mean "already done". */
public final class DownstreamErrors {
    /** Lock wait timeout, deadlock, too many connections, shutdown, server gone / lost, killed; TiDB write conflicts and busy. */
    private static final Set<Integer> RETRYABLE = Set.of(
            1205, 1213, 1040, 1053, 2006, 2013, 1927, 1158, 1159, 1160, 1161, 8002, 8022, 8027, 8028, 9001, 9002, 9003,
            9005, 9006, 9007);
    /**
     * DDL that already took effect, when the step is a replay after a crash between the DDL and
     * its record (otherwise the downstream drifted; see {@code OpApplier.applyDdl}): table
     * exists, duplicate column / key / foreign key, can't drop (doesn't exist), multiple primary key,
     * unknown table on DROP, duplicate check constraint.
     */
    private static final Set<Integer> DDL_ALREADY_APPLIED = Set.of(1050, 1060, 1061, 1091, 1068, 1051, 1826, 3822);

    private DownstreamErrors() {}

    public static boolean isRetryable(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLRecoverableException || t instanceof SQLTransientException) return true;
            if (t instanceof SQLException s) {
                if (RETRYABLE.contains(s.getErrorCode())) return true;
                String state = s.getSQLState();
                if (state != null && (state.startsWith("08") || state.equals("40001"))) return true;
            }
        }
        return false;
    }

    public static boolean isDdlAlreadyApplied(SQLException e) {
        return DDL_ALREADY_APPLIED.contains(e.getErrorCode());
    }
}
