package io.oscsync.job.event;

import io.oscsync.udfs.ddl.DdlStatement;

/**
 * A statement for the downstream, in target names, and why it runs there (logged when applied):
 * the upstream ran it on a real table, a tool's cut-over, a shard lock resolved, ...
 */
public record DownstreamDdl(DdlStatement statement, String reason, DdlMode mode) {
    /** The upstream ran the statement on a table the job replicates. */
    public static final String PLAIN = "plain DDL";

    public DownstreamDdl(DdlStatement statement, String reason) {
        this(statement, reason, DdlMode.RUN);
    }

    public static DownstreamDdl plain(DdlStatement statement) {
        return new DownstreamDdl(statement, PLAIN);
    }

    public String sql() {
        return statement.sql();
    }
}
