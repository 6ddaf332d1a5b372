package io.oscsync.job.coordinator;

import io.oscsync.udfs.TableId;
import io.oscsync.udfs.ddl.DdlStatement;

import java.util.ArrayList;
import java.util.List;

/**
 * One online schema change in flight: the ghost table, the real table it will replace, and the
 * DDL statements the tool ran on the ghost so far (as written upstream, in order). Kept in keyed state.
 */
public record GhostRecord(String sourceId, TableId ghost, TableId origin, List<DdlStatement> ddls) {

    public GhostRecord {
        ddls = List.copyOf(ddls);
    }

    public static GhostRecord created(String sourceId, TableId ghost, TableId origin) {
        return new GhostRecord(sourceId, ghost, origin, List.of());
    }

    public GhostRecord withDdl(DdlStatement ddl) {
        List<DdlStatement> next = new ArrayList<>(ddls);
        next.add(ddl);
        return new GhostRecord(sourceId, ghost, origin, next);
    }

    /** The state key of a ghost: one source may have ghosts of the same name in several schemas. */
    public static String key(String sourceId, TableId ghost) {
        return sourceId + "/" + ghost;
    }
}
