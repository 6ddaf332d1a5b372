package io.oscsync.job.event;

import io.oscsync.udfs.TableId;
import io.oscsync.udfs.ddl.DdlStatement;

import java.util.Arrays;
import java.util.Objects;

/** One change for the downstream, in target-table terms: a row change or a DDL statement. */
public final class SinkOp {

    public enum Kind {
        INSERT,
        UPDATE,
        DELETE,
        DDL,
        /** A step of the cross-key DDL protocol: {@link #barrier()} says which. */
        BARRIER
    }

    private final TableId target;
    private final Kind kind;
    private final String[] columns;
    private final Object[] before;
    private final Object[] after;
    private final DdlStatement ddl;
    private final String reason;
    private final String timeZone;
    private final DdlMode mode;
    private final CrossKeyBarrier barrier;
    private final long eventTimeMs;
    /** For a DDL: the binlog event that made it, {@code source@file:pos#n}; null for rows and older formats. */
    private final String origin;

    /** A row change. */
    public SinkOp(TableId target, Kind kind, String[] columns, Object[] before, Object[] after, long eventTimeMs) {
        this(target, kind, columns, before, after, null, null, null, null, null, eventTimeMs, null);
    }

    SinkOp(
            TableId target,
            Kind kind,
            String[] columns,
            Object[] before,
            Object[] after,
            DdlStatement ddl,
            String reason,
            String timeZone,
            DdlMode mode,
            CrossKeyBarrier barrier,
            long eventTimeMs,
            String origin) {
        this.target = Objects.requireNonNull(target);
        this.kind = Objects.requireNonNull(kind);
        this.columns = columns;
        this.before = before;
        this.after = after;
        this.ddl = ddl;
        this.reason = reason;
        this.timeZone = timeZone;
        this.mode = ddl == null ? null : mode == null ? DdlMode.RUN : mode;
        this.barrier = barrier;
        if ((kind == Kind.BARRIER) != (barrier != null))
            throw new IllegalArgumentException("a barrier op needs its barrier");
        this.eventTimeMs = eventTimeMs;
        if (origin != null && ddl == null) throw new IllegalArgumentException("only a DDL op has an origin");
        this.origin = origin;
    }

    /**
     * A DDL for the downstream; {@code reason} says why it runs there, for the log (see {@link
     * DownstreamDdl}); {@code timeZone} is the UTC offset its TIMESTAMP literals mean (the
     * upstream session's), or null.
     */
    public static SinkOp ddl(TableId target, DdlStatement statement, String reason, String timeZone, long eventTimeMs) {
        return ddl(target, new DownstreamDdl(statement, reason), timeZone, eventTimeMs);
    }

    public static SinkOp ddl(TableId target, DownstreamDdl ddl, String timeZone, long eventTimeMs) {
        return new SinkOp(
                target,
                Kind.DDL,
                null,
                null,
                null,
                Objects.requireNonNull(ddl.statement()),
                ddl.reason(),
                timeZone,
                ddl.mode(),
                null,
                eventTimeMs,
                null);
    }

    /**
     * This DDL op, made by the binlog event at {@code origin} ({@code source@file:pos#n}, n the op's
     * index among the ops that event made for this target): what tells two equal statements apart.
     */
    public SinkOp withOrigin(String origin) {
        return new SinkOp(
                target, kind, columns, before, after, ddl, reason, timeZone, mode, barrier, eventTimeMs, origin);
    }

    /** A step of the cross-key DDL protocol on {@code target}. */
    public static SinkOp barrier(TableId target, CrossKeyBarrier barrier, long eventTimeMs) {
        return new SinkOp(
                target,
                Kind.BARRIER,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                Objects.requireNonNull(barrier),
                eventTimeMs,
                null);
    }

    public TableId target() {
        return target;
    }

    public Kind kind() {
        return kind;
    }

    public String[] columns() {
        return columns;
    }

    public Object[] before() {
        return before;
    }

    public Object[] after() {
        return after;
    }
    /** The DDL's text, already rewritten to target table names. */
    public String ddl() {
        return ddl == null ? null : ddl.sql();
    }
    /** The DDL, parsed (at the source, names rewritten since): the sink reads this, not the text. */
    public DdlStatement statement() {
        return ddl;
    }
    /** Why a DDL runs downstream, e.g. "plain DDL" or "gh-ost cut-over ..."; null for rows and for ops of format 1. */
    public String reason() {
        return reason;
    }
    /** For a DDL: the offset ("+03:00") to run it in, so TIMESTAMP literals keep their instant; null: the sink's UTC. */
    public String timeZone() {
        return timeZone;
    }

    /** For a DDL: how its statement is applied; null for rows. */
    public DdlMode mode() {
        return mode;
    }

    /** For a {@link Kind#BARRIER} op: which step of the cross-key protocol; null otherwise. */
    public CrossKeyBarrier barrier() {
        return barrier;
    }

    public long eventTimeMs() {
        return eventTimeMs;
    }

    /** For a DDL: the binlog event that made it ({@code source@file:pos#n}); null for rows and ops of formats 1-5. */
    public String origin() {
        return origin;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SinkOp s)) return false;
        return eventTimeMs == s.eventTimeMs
                && target.equals(s.target)
                && kind == s.kind
                && Arrays.equals(columns, s.columns)
                && Arrays.deepEquals(before, s.before)
                && Arrays.deepEquals(after, s.after)
                && Objects.equals(ddl, s.ddl)
                && Objects.equals(reason, s.reason)
                && Objects.equals(timeZone, s.timeZone)
                && mode == s.mode
                && Objects.equals(barrier, s.barrier)
                && Objects.equals(origin, s.origin);
    }

    @Override
    public int hashCode() {
        return Objects.hash(target, kind, ddl, eventTimeMs);
    }

    @Override
    public String toString() {
        return kind + " " + target + (ddl == null ? "" : (mode == DdlMode.RUN ? " [" : " " + mode + " [") + ddl + "]")
                + (reason == null ? "" : " (" + reason + ")")
                + (barrier == null
                        ? ""
                        : " [" + barrier.role() + " " + barrier.id() + " " + barrier.participants() + "]");
    }
}
