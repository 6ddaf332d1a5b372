package io.oscsync.job.coordinator;

import io.oscsync.udfs.TableId;
import io.oscsync.udfs.ddl.DdlStatement;

import java.util.ArrayList;
import java.util.List;

/**
 * One online schema change in flight: the ghost table, the real table it will replace, the DDL
 * statements the tool ran on the ghost so far (as written upstream, in order), and the ghost's
 * CREATE TABLE when it was a full definition ({@code shape}; null for CREATE ... LIKE, or a ghost
 * that got its name by a RENAME). Kept in keyed state.
 */
public record GhostRecord(String sourceId, TableId ghost, TableId origin, List<DdlStatement> ddls, DdlStatement shape) {

    public GhostRecord {
        ddls = List.copyOf(ddls);
    }

    public GhostRecord(String sourceId, TableId ghost, TableId origin, List<DdlStatement> ddls) {
        this(sourceId, ghost, origin, ddls, null);
    }

    public static GhostRecord created(String sourceId, TableId ghost, TableId origin, DdlStatement shape) {
        return new GhostRecord(sourceId, ghost, origin, List.of(), shape);
    }

    public GhostRecord withDdl(DdlStatement ddl) {
        List<DdlStatement> next = new ArrayList<>(ddls);
        next.add(ddl);
        return new GhostRecord(sourceId, ghost, origin, next, shape);
    }

    /** The state key of a ghost: one source may have ghosts of the same name in several schemas. */
    public static String key(String sourceId, TableId ghost) {
        return sourceId + "/" + ghost;
    }
}
