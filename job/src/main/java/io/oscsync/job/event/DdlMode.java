package io.oscsync.job.event;

/** How the sink applies a DDL op's statement to the target table. */
public enum DdlMode {
    /** Run the statement (after the dialect's checks and splits). */
    RUN,
    /**
     * The statement is a CREATE TABLE (a shadow built by a full definition): make the target's
     * columns, keys and table options equal to it, keeping the rows.
     */
    MATCH_DEFINITION,
    /**
     * As {@link #MATCH_DEFINITION}, for a definition that knows columns and the primary key only
     * (built from the binlog's table definition): secondary indexes and table options stay as they are.
     */
    MATCH_COLUMNS,
    /**
     * After the statements recorded on a shadow ran: the target's columns (names, order,
     * nullability) and primary key must be those of the statement's CREATE TABLE (the binlog's
     * definition of the table after the cut-over); a difference stops the job naming both.
     */
    CHECK_COLUMNS
}
