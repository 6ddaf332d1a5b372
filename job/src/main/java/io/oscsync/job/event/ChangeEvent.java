package io.oscsync.job.event;

import io.oscsync.udfs.TableId;
import io.oscsync.udfs.ddl.DdlStatement;

import java.util.Arrays;
import java.util.Objects;

/**
 * One upstream change as read from the binlog (or the snapshot), with typed column values.
 * Values are one of: null, Long, BigDecimal, Double, Float, String, byte[], Boolean (see
 * {@link RowValues}); temporal values are MySQL literals ("2024-01-02 03:04:05.123456", TIMESTAMP in UTC).
 *
 * <p>{@code target} is null until classify-and-route has decided where the change goes; it also
 * parses a DDL or definition once into {@code statement}, which everything after it reads.
 */
public final class ChangeEvent {

    public enum Kind {
        SNAPSHOT,
        INSERT,
        UPDATE,
        DELETE,
        DDL,
        /**
         * A table's definition: {@code ddl} is its CREATE TABLE, the binlog position the point it
         * was read at, if any (see {@link io.oscsync.job.source.SnapshotEmitter}).
         * Added after the first release: appended, so kinds already in checkpoints keep their numbers.
         */
        DEFINITION,
        /**
         * A participant's side of a cross-key DDL ({@link #barrier()} says which): made by
         * classify-and-route, keyed by the participant's target table.
         */
        BARRIER;

        public boolean isRow() {
            return this != DDL && this != DEFINITION && this != BARRIER;
        }
    }

    private final String sourceId;
    private final TableId table;
    private final Kind kind;
    private final String[] columns;
    private final Object[] before;
    private final Object[] after;
    private final String ddl;
    private final String tableChanges;
    private final String binlogFile;
    private final long binlogPos;
    private final long eventTimeMs;
    private final TableId target;
    private final DdlStatement statement;
    private final CrossKeyBarrier barrier;

    public ChangeEvent(
            String sourceId,
            TableId table,
            Kind kind,
            String[] columns,
            Object[] before,
            Object[] after,
            String ddl,
            String tableChanges,
            String binlogFile,
            long binlogPos,
            long eventTimeMs,
            TableId target) {
        this(
                sourceId,
                table,
                kind,
                columns,
                before,
                after,
                ddl,
                tableChanges,
                binlogFile,
                binlogPos,
                eventTimeMs,
                target,
                null,
                null);
    }

    ChangeEvent(
            String sourceId,
            TableId table,
            Kind kind,
            String[] columns,
            Object[] before,
            Object[] after,
            String ddl,
            String tableChanges,
            String binlogFile,
            long binlogPos,
            long eventTimeMs,
            TableId target,
            DdlStatement statement,
            CrossKeyBarrier barrier) {
        this.sourceId = Objects.requireNonNull(sourceId);
        this.table = Objects.requireNonNull(table);
        this.kind = Objects.requireNonNull(kind);
        this.columns = columns;
        this.before = before;
        this.after = after;
        this.ddl = ddl;
        this.tableChanges = tableChanges;
        this.binlogFile = binlogFile;
        this.binlogPos = binlogPos;
        this.eventTimeMs = eventTimeMs;
        this.target = target;
        this.statement = statement;
        this.barrier = barrier;
    }

    public static ChangeEvent row(
            String sourceId,
            TableId table,
            Kind kind,
            String[] columns,
            Object[] before,
            Object[] after,
            String binlogFile,
            long binlogPos,
            long eventTimeMs) {
        return new ChangeEvent(
                sourceId, table, kind, columns, before, after, null, null, binlogFile, binlogPos, eventTimeMs, null);
    }

    public static ChangeEvent ddl(
            String sourceId,
            TableId table,
            String ddl,
            String tableChanges,
            String binlogFile,
            long binlogPos,
            long eventTimeMs) {
        return new ChangeEvent(
                sourceId,
                table,
                Kind.DDL,
                null,
                null,
                null,
                ddl,
                tableChanges,
                binlogFile,
                binlogPos,
                eventTimeMs,
                null);
    }

    /**
     * A definition of {@code table}: its CREATE TABLE, read at binlog {@code file:pos} for a snapshot
     * chunk, or without a position (file null) before the first binlog row of a table in a reader's life.
     */
    public static ChangeEvent definition(
            String sourceId, TableId table, String createTable, String binlogFile, long binlogPos) {
        return new ChangeEvent(
                sourceId,
                table,
                Kind.DEFINITION,
                null,
                null,
                null,
                createTable,
                null,
                binlogFile,
                binlogPos,
                System.currentTimeMillis(),
                null);
    }

    public ChangeEvent routedTo(TableId target) {
        return routedTo(target, statement);
    }

    /** A DDL or definition routed to {@code target}, with its text parsed into {@code statement}. */
    public ChangeEvent routedTo(TableId target, DdlStatement statement) {
        return withBarrier(target, statement, barrier);
    }

    /** This routed DDL as the owner of a cross-key barrier (see {@link CrossKeyBarrier}). */
    public ChangeEvent withBarrier(CrossKeyBarrier barrier) {
        return withBarrier(target, statement, barrier);
    }

    /** A participant's side of this DDL's cross-key barrier, keyed by the participant's target table. */
    public ChangeEvent joining(TableId participant, CrossKeyBarrier join) {
        return new ChangeEvent(
                sourceId,
                table,
                Kind.BARRIER,
                null,
                null,
                null,
                null,
                null,
                binlogFile,
                binlogPos,
                eventTimeMs,
                participant,
                null,
                join);
    }

    private ChangeEvent withBarrier(TableId target, DdlStatement statement, CrossKeyBarrier barrier) {
        return new ChangeEvent(
                sourceId,
                table,
                kind,
                columns,
                before,
                after,
                ddl,
                tableChanges,
                binlogFile,
                binlogPos,
                eventTimeMs,
                target,
                statement,
                barrier);
    }

    public String sourceId() {
        return sourceId;
    }

    public TableId table() {
        return table;
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
    /** The DDL text as the upstream logged it (DDL events only). */
    public String ddl() {
        return ddl;
    }
    /** Debezium's post-DDL table definitions as JSON (DDL events only; may be empty for DROP). */
    public String tableChanges() {
        return tableChanges;
    }

    public String binlogFile() {
        return binlogFile;
    }

    /**
     * Where the event is in its source: {@code source@file:pos}; a definition read before the
     * binlog names its table instead. Names the DDL it makes for {@code --handle-ddl}.
     */
    public String binlogOrigin() {
        String at = binlogFile == null ? "definition:" + table : binlogFile + ":" + binlogPos;
        return sourceId + "@" + at;
    }

    public long binlogPos() {
        return binlogPos;
    }

    public long eventTimeMs() {
        return eventTimeMs;
    }

    public TableId target() {
        return target;
    }
    /** {@link #ddl()} parsed, once routed (DDL and definition events only). */
    public DdlStatement statement() {
        return statement;
    }
    /** For a DDL that spans target keys, and for {@link Kind#BARRIER}: its step of the cross-key protocol; else null. */
    public CrossKeyBarrier barrier() {
        return barrier;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ChangeEvent e)) return false;
        return binlogPos == e.binlogPos
                && eventTimeMs == e.eventTimeMs
                && sourceId.equals(e.sourceId)
                && table.equals(e.table)
                && kind == e.kind
                && Arrays.equals(columns, e.columns)
                && Arrays.deepEquals(before, e.before)
                && Arrays.deepEquals(after, e.after)
                && Objects.equals(ddl, e.ddl)
                && Objects.equals(tableChanges, e.tableChanges)
                && Objects.equals(binlogFile, e.binlogFile)
                && Objects.equals(target, e.target)
                && Objects.equals(statement, e.statement)
                && Objects.equals(barrier, e.barrier);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sourceId, table, kind, binlogFile, binlogPos);
    }

    /** Column values are left out: they may hold personal data. */
    @Override
    public String toString() {
        return kind + " " + sourceId + ":" + table + (target == null ? "" : " -> " + target)
                + (ddl == null ? "" : " [" + ddl + "]") + " @" + binlogFile + ":" + binlogPos
                + (barrier == null ? "" : " (" + barrier.role() + " " + barrier.id() + ")");
    }
}
