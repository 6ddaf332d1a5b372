package io.oscsync.job.sink.committer;

import org.junit.jupiter.api.Test;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which downstream errors the sink retries: the vendor codes and SQLStates MySQL, MariaDB and
 * TiDB send (as Connector/J reports them), not a guess from the message.
 */
class DownstreamErrorsTest {

    private static SQLException error(String message, String sqlState, int code) {
        return new SQLException(message, sqlState, code);
    }

    @Test
    void transientServerErrorsAreRetried() {
        assertThat(DownstreamErrors.isRetryable(
                        error("Deadlock found when trying to get lock; try restarting transaction", "40001", 1213)))
                .isTrue();
        assertThat(DownstreamErrors.isRetryable(
                        error("Lock wait timeout exceeded; try restarting transaction", "HY000", 1205)))
                .isTrue();
        assertThat(DownstreamErrors.isRetryable(error("Too many connections", "08004", 1040)))
                .isTrue();
        assertThat(DownstreamErrors.isRetryable(error("Server shutdown in progress", "08S01", 1053)))
                .isTrue();
        assertThat(DownstreamErrors.isRetryable(error("Query execution was interrupted", "70100", 1927)))
                .isTrue();
    }

    @Test
    void tidbConflictsTimeoutsAndBusyAreRetried() {
        assertThat(DownstreamErrors.isRetryable(
                        error("Write conflict, txnStartTS=1, conflictStartTS=2 " + "[try again later]", "HY000", 9007)))
                .isTrue();
        assertThat(DownstreamErrors.isRetryable(error("TiKV server is busy[try again later]", "HY000", 9003)))
                .isTrue();
        assertThat(DownstreamErrors.isRetryable(error("PD server timeout[try again later]", "HY000", 9001)))
                .isTrue();
        assertThat(DownstreamErrors.isRetryable(error("TiKV server timeout[try again later]", "HY000", 9002)))
                .isTrue();
        assertThat(DownstreamErrors.isRetryable(error("Region is unavailable[try again later]", "HY000", 9005)))
                .isTrue();
        assertThat(DownstreamErrors.isRetryable(error(
                        "Information schema is changed during the execution of the " + "statement", "HY000", 8028)))
                .isTrue();
    }

    @Test
    void aLostConnectionIsRetriedByItsCodeOrItsSqlState() {
        assertThat(DownstreamErrors.isRetryable(error("Lost connection to MySQL server during query", "HY000", 2013)))
                .isTrue();
        assertThat(DownstreamErrors.isRetryable(error("MySQL server has gone away", "HY000", 2006)))
                .isTrue();
        // Connector/J's "Communications link failure" has no vendor code, only SQLState 08S01.
        assertThat(DownstreamErrors.isRetryable(error("Communications link failure", "08S01", 0)))
                .isTrue();
        assertThat(DownstreamErrors.isRetryable(new SQLNonTransientConnectionException(
                        "No operations allowed after " + "connection closed.", "08003", 0)))
                .isTrue();
        assertThat(DownstreamErrors.isRetryable(error("serialization failure", "40001", 0)))
                .isTrue();
    }

    @Test
    void javasTransientAndRecoverableKindsAreRetried() {
        assertThat(DownstreamErrors.isRetryable(new SQLTransactionRollbackException("rolled back", "40000", 0)))
                .isTrue();
        assertThat(DownstreamErrors.isRetryable(new SQLTransientConnectionException("timeout", "HY000", 0)))
                .isTrue();
        assertThat(DownstreamErrors.isRetryable(new SQLRecoverableException("recover", "HY000", 0)))
                .isTrue();
    }

    @Test
    void theCauseChainCounts() {
        SQLException batch = new BatchUpdateException(
                "batch failed",
                "HY000",
                0,
                new long[0],
                error("Deadlock found when trying to get lock", "40001", 1213));
        assertThat(DownstreamErrors.isRetryable(batch)).isTrue();
        SQLException wrapped = new SQLException("commit failed", "HY000", 0, error("Write conflict", "HY000", 9007));
        assertThat(DownstreamErrors.isRetryable(wrapped)).isTrue();
    }

    @Test
    void errorsARetryCannotFixAreNot() {
        assertThat(DownstreamErrors.isRetryable(
                        new SQLSyntaxErrorException("You have an error in your SQL syntax", "42000", 1064)))
                .isFalse();
        assertThat(DownstreamErrors.isRetryable(error("Duplicate entry '1' for key 'PRIMARY'", "23000", 1062)))
                .isFalse();
        assertThat(DownstreamErrors.isRetryable(error("Data too long for column 'b' at row 1", "22001", 1406)))
                .isFalse();
        assertThat(DownstreamErrors.isRetryable(error("Table 's.t' doesn't exist", "42S02", 1146)))
                .isFalse();
        assertThat(DownstreamErrors.isRetryable(error("Access denied for user", "28000", 1045)))
                .isFalse();
        assertThat(DownstreamErrors.isRetryable(error("Unknown column 'c' in 'field list'", "42S22", 1054)))
                .isFalse();
        assertThat(DownstreamErrors.isRetryable(error("no state", null, 0))).isFalse();
        SQLException wrapped = new SQLException(
                "commit failed", "HY000", 0, error("Duplicate entry '1' for key 'PRIMARY'", "23000", 1062));
        assertThat(DownstreamErrors.isRetryable(wrapped)).isFalse();
    }

    @Test
    void ddlThatAlreadyTookEffectIsRecognised() {
        for (int code : new int[] {1050, 1060, 1061, 1091, 1068, 1051, 1826, 3822}) {
            assertThat(DownstreamErrors.isDdlAlreadyApplied(error("already", "42000", code)))
                    .as("code %d", code)
                    .isTrue();
        }
        for (int code : new int[] {1064, 1062, 1146, 1054, 1213}) {
            assertThat(DownstreamErrors.isDdlAlreadyApplied(error("other", "42000", code)))
                    .as("code %d", code)
                    .isFalse();
        }
    }
}
