package io.oscsync.job.event;

import io.oscsync.udfs.TableId;

import java.util.List;
import java.util.Objects;

/**
 * One step of the cross-key DDL protocol (see {@link io.oscsync.job.sink.committer}): a DDL whose
 * effect spans target tables of other keys (RENAME a TO b, CREATE TABLE b LIKE a, DROP TABLE a, b)
 * is applied by its owner key only once every participant key has applied what came before it in
 * the binlog, and no participant applies what came after it until the owner has applied it.
 *
 * @param id           unique per DDL event and job lineage; the downstream rendezvous is keyed by it
 * @param role         which side of the rendezvous this op is
 * @param participants for {@link Role#AWAIT}: the other target tables the DDL spans; empty otherwise
 */
public record CrossKeyBarrier(String id, Role role, List<TableId> participants) {
    public enum Role {
        /** Owner, before its DDL: wait until every participant has joined. */
        AWAIT,
        /** Owner, after its DDL: let the participants go on. */
        RELEASE,
        /** Participant: everything before it is applied; wait until the owner releases. */
        JOIN
    }

    public CrossKeyBarrier {
        Objects.requireNonNull(id);
        Objects.requireNonNull(role);
        participants = List.copyOf(participants);
    }
}
