package io.oscsync.job.coordinator;

import io.oscsync.job.event.ChangeEvent;
import io.oscsync.job.event.SinkOp;
import io.oscsync.udfs.TableId;
import io.oscsync.udfs.ddl.DdlStatement;
import io.oscsync.udfs.name.Router;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.util.Map;

/**
 * Keyed by target table: turns routed change events into ordered sink operations. For now it
 * passes rows through and rewrites DDL to target names; online-DDL lifecycles and shard DDL
 * coordination live here (in keyed state) as they land.
 */
public final class Coordinator extends KeyedProcessFunction<String, ChangeEvent, SinkOp> {
    private static final long serialVersionUID = 1L;

    private final Map<String, Router> routersBySource;

    public Coordinator(Map<String, Router> routersBySource) {
        this.routersBySource = Map.copyOf(routersBySource);
    }

    @Override
    public void processElement(ChangeEvent e, Context ctx, Collector<SinkOp> out) {
        if (e.kind().isRow()) {
            out.collect(new SinkOp(e.target(), rowKind(e.kind()), e.columns(), e.before(), e.after(), null,
                    e.eventTimeMs()));
            return;
        }
        Router router = routersBySource.get(e.sourceId());
        String schema = e.table().schema();
        DdlStatement stmt = DdlStatement.parse(e.ddl());
        if (stmt.kind() == DdlStatement.Kind.RENAME_TABLE) {
            // One statement per pair, so each pair can later be judged on its own (cut-over or not).
            for (String pair : DdlStatement.splitRename(e.ddl(), schema)) {
                out.collect(SinkOp.ddl(e.target(), DdlStatement.parse(pair).rewrite(schema, router::route),
                        e.eventTimeMs()));
            }
            return;
        }
        out.collect(SinkOp.ddl(e.target(), stmt.rewrite(schema, router::route), e.eventTimeMs()));
    }

    private static SinkOp.Kind rowKind(ChangeEvent.Kind kind) {
        return switch (kind) {
            case SNAPSHOT, INSERT -> SinkOp.Kind.INSERT;
            case UPDATE -> SinkOp.Kind.UPDATE;
            case DELETE -> SinkOp.Kind.DELETE;
            case DDL -> throw new IllegalArgumentException("not a row kind");
        };
    }

    /** The key of a target table in keyBy. */
    public static String key(TableId target) {
        return target.toString();
    }
}
