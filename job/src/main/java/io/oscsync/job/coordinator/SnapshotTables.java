package io.oscsync.job.coordinator;

import io.oscsync.job.event.ChangeEvent;
import io.oscsync.job.route.InstanceRules;
import io.oscsync.udfs.TableId;
import io.oscsync.udfs.ddl.DdlStatement;

/**
 * Downstream tables come from the definitions the source reads (see
 * {@link io.oscsync.job.source.SnapshotEmitter}): the first definition of an upstream table
 * creates its target, if missing. A snapshot definition has the binlog position it was read at;
 * binlog DDL of that table older than it is dropped, since the definition holds it already. A
 * definition without a position (read at a table's first binlog row) only creates a missing table.
 * Later definitions of a table the job has a definition of (each snapshot chunk carries one; a
 * restart reads again) change nothing; for a table a binlog CREATE TABLE made, one after a restart
 * is a no-op downstream.
 */
final class SnapshotTables {
    /** The value of a table known without a position to compare DDL with. */
    private static final String KNOWN = "known";

    /** Upstream table key -> the binlog position its definition was read at, or {@link #KNOWN}; keyed state. */
    interface Store {
        String definitionPosition(String upstreamKey) throws Exception;

        void putDefinitionPosition(String upstreamKey, String position) throws Exception;
    }

    private SnapshotTables() {}

    /** @return the CREATE TABLE IF NOT EXISTS for the target, or null when the job knows this table already */
    static DdlStatement onDefinition(ChangeEvent e, InstanceRules rules, Store store) throws Exception {
        String key = key(e.sourceId(), e.table());
        if (store.definitionPosition(key) != null) return null;
        store.putDefinitionPosition(
                key,
                e.binlogFile() == null
                        ? KNOWN
                        : BinlogPosition.of(e.binlogFile(), e.binlogPos()).toString());
        return e.statement().rewritten(e.table().schema(), t -> rules.router().route(t));
    }

    /** The position of the definition this DDL is older than, or null when the DDL must be applied. */
    static BinlogPosition olderDefinition(ChangeEvent ddl, Store store) throws Exception {
        TableId subject = ddl.statement().subject(ddl.table().schema());
        if (subject == null || ddl.binlogFile() == null) return null;
        String defined = store.definitionPosition(key(ddl.sourceId(), subject));
        if (defined == null || defined.equals(KNOWN)) return null;
        BinlogPosition at = BinlogPosition.parse(defined);
        return BinlogPosition.of(ddl.binlogFile(), ddl.binlogPos()).compareTo(at) < 0 ? at : null;
    }

    private static String key(String sourceId, TableId upstream) {
        return sourceId + ":" + upstream.schema() + "." + upstream.table();
    }
}
