package io.oscsync.job.source;

import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.cdc.connectors.mysql.source.offset.BinlogOffset;
import org.apache.flink.cdc.connectors.mysql.source.split.MySqlSplit;

import java.util.List;

/**
 * Flink CDC's reader, telling {@link BinlogProgress} which binlog offset each checkpoint holds
 * and which checkpoints completed. Everything else is the wrapped reader's.
 */
public final class ProgressReader<T> extends ForwardingSourceReader<T> {
    private final BinlogProgress progress;

    public ProgressReader(SourceReader<T, MySqlSplit> reader, BinlogProgress progress) {
        super(reader);
        this.progress = progress;
    }

    @Override
    public void addSplits(List<MySqlSplit> splits) {
        for (MySqlSplit s : splits) {
            if (s.isBinlogSplit()) progress.started(s.asBinlogSplit().getStartingOffset());
        }
        reader.addSplits(splits);
    }

    @Override
    public List<MySqlSplit> snapshotState(long checkpointId) {
        List<MySqlSplit> splits = reader.snapshotState(checkpointId);
        BinlogOffset offset = null;
        for (MySqlSplit s : splits) {
            if (s.isBinlogSplit()) offset = s.asBinlogSplit().getStartingOffset();
        }
        progress.checkpointed(checkpointId, offset);
        return splits;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        progress.completed(checkpointId);
        reader.notifyCheckpointComplete(checkpointId);
    }
}
