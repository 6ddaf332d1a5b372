package io.oscsync.job.coordinator;

import io.oscsync.job.event.ChangeEvent;
import io.oscsync.job.route.InstanceRules;
import io.oscsync.udfs.TableId;
import io.oscsync.udfs.ddl.DdlStatement;

/**
 * Downstream tables come from the snapshot's definitions (see
 * {@link io.oscsync.job.source.SnapshotDefinitions}): the first definition of an upstream table
 * creates its target, if missing, and binlog DDL of that table older than the definition is
 * dropped, since the definition holds it already. Later definitions of the same table (each
 * snapshot chunk carries one; a restart reads chunks again) change nothing.
 */
final class SnapshotTables {
    /** Upstream table key -> the binlog position its definition was read at, in keyed state. */
    interface Store {
        String get(String upstreamKey) throws Exception;

        void put(String upstreamKey, String position) throws Exception;
    }

    private SnapshotTables() {}

    /** @return the CREATE TABLE IF NOT EXISTS for the target, or null when this table's definition came before */
    static String onDefinition(ChangeEvent e, InstanceRules rules, Store store) throws Exception {
        String key = key(e.sourceId(), e.table());
        if (store.get(key) != null) return null;
        store.put(key, BinlogPosition.of(e.binlogFile(), e.binlogPos()).toString());
        return DdlStatement.parse(e.ddl()).rewrite(e.table().schema(), t -> rules.router().route(t));
    }

    /** The position of the definition this DDL is older than, or null when the DDL must be applied. */
    static BinlogPosition olderDefinition(ChangeEvent ddl, Store store) throws Exception {
        TableId subject = DdlStatement.parse(ddl.ddl()).subject(ddl.table().schema());
        if (subject == null || ddl.binlogFile() == null) return null;
        String defined = store.get(key(ddl.sourceId(), subject));
        if (defined == null) return null;
        BinlogPosition at = BinlogPosition.parse(defined);
        return BinlogPosition.of(ddl.binlogFile(), ddl.binlogPos()).compareTo(at) < 0 ? at : null;
    }

    private static String key(String sourceId, TableId upstream) {
        return sourceId + ":" + upstream.schema() + "." + upstream.table();
    }
}
