package io.oscsync.job.source;

import io.debezium.relational.Column;
import io.debezium.relational.Table;
import io.debezium.relational.TableId;
import io.debezium.relational.history.TableChanges;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.cdc.connectors.mysql.source.MySqlSource;
import org.apache.flink.cdc.connectors.mysql.source.assigners.state.PendingSplitsState;
import org.apache.flink.cdc.connectors.mysql.source.split.MySqlBinlogSplit;
import org.apache.flink.cdc.connectors.mysql.source.split.MySqlSplit;
import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The CDC source of an upstream where no table matches the table list yet (a new service).
 *
 * <p>Flink CDC 3.5's reader looks up the captured tables' schemas when its binlog split knows
 * none, and fails when that finds no table ("Can't find any matched tables"). When no captured
 * table exists at the split's start position there is nothing to look up: every table comes
 * later with its CREATE TABLE in the binlog. So the reader gets the split with one stand-in
 * schema, of a table no server can have (a name over 64 characters), which skips the look-up.
 * The stand-in then stays in the split's state: a restore, even when tables exist by then, also
 * skips the look-up, which would give today's definition to rows written before a later ALTER
 * (Debezium ignores a CREATE TABLE for a table it knows).
 *
 * <p>Everything else is the wrapped MySqlSource's: enumerator, state and serializers, so a
 * savepoint moves freely between this source and the plain one.
 */
public final class EmptyStartSource<T> implements Source<T, MySqlSplit, PendingSplitsState>, ResultTypeQueryable<T> {
    private static final long serialVersionUID = 1L;

    static final TableId STAND_IN =
            new TableId("osc_sync", null, "stand_in_for_a_start_without_tables_no_real_table_can_have_this_long_name");
    /** The stand-in's entry in the source's table list: kept there always, so a restore never filters it out. */
    static final String STAND_IN_PATTERN = STAND_IN.catalog() + "\\." + STAND_IN.table();

    private final MySqlSource<T> source;

    EmptyStartSource(MySqlSource<T> source) {
        this.source = source;
    }

    /** The split as the reader should get it: a binlog split that knows no table gets the stand-in. */
    static MySqlSplit withStandIn(MySqlSplit split) {
        if (!split.isBinlogSplit() || !split.getTableSchemas().isEmpty()) return split;
        Table table = Table.editor()
                .tableId(STAND_IN)
                .addColumn(Column.editor()
                        .name("none")
                        .type("INT")
                        .jdbcType(Types.INTEGER)
                        .position(1)
                        .optional(true)
                        .create())
                .create();
        Map<TableId, TableChanges.TableChange> schemas = new HashMap<>(); // the reader adds to it
        schemas.put(STAND_IN, new TableChanges.TableChange(TableChanges.TableChangeType.CREATE, table));
        return MySqlBinlogSplit.fillTableSchemas(split.asBinlogSplit(), schemas);
    }

    @Override
    public Boundedness getBoundedness() {
        return source.getBoundedness();
    }

    @Override
    public SourceReader<T, MySqlSplit> createReader(SourceReaderContext context) throws Exception {
        return new StandInReader<>(source.createReader(context));
    }

    @Override
    public SplitEnumerator<MySqlSplit, PendingSplitsState> createEnumerator(SplitEnumeratorContext<MySqlSplit> context)
            throws Exception {
        return source.createEnumerator(context);
    }

    @Override
    public SplitEnumerator<MySqlSplit, PendingSplitsState> restoreEnumerator(
            SplitEnumeratorContext<MySqlSplit> context, PendingSplitsState checkpoint) throws Exception {
        return source.restoreEnumerator(context, checkpoint);
    }

    @Override
    public SimpleVersionedSerializer<MySqlSplit> getSplitSerializer() {
        return source.getSplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<PendingSplitsState> getEnumeratorCheckpointSerializer() {
        return source.getEnumeratorCheckpointSerializer();
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return source.getProducedType();
    }

    /** The MySqlSource's reader, given splits through {@link #withStandIn}: new ones and restored ones alike. */
    private static final class StandInReader<T> extends ForwardingSourceReader<T> {
        StandInReader(SourceReader<T, MySqlSplit> reader) {
            super(reader);
        }

        @Override
        public void addSplits(List<MySqlSplit> splits) {
            List<MySqlSplit> given = new ArrayList<>(splits.size());
            for (MySqlSplit s : splits) given.add(withStandIn(s));
            reader.addSplits(given);
        }
    }
}
