package io.oscsync.job.source;

import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.cdc.connectors.mysql.source.offset.BinlogOffset;
import org.apache.flink.cdc.connectors.mysql.source.split.MySqlSplit;
import org.apache.flink.core.io.InputStatus;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Flink CDC's reader, telling {@link BinlogProgress} which binlog offset each checkpoint holds
 * and which checkpoints completed. Everything else is the wrapped reader's.
 */
public final class ProgressReader<T> implements SourceReader<T, MySqlSplit> {
    private final SourceReader<T, MySqlSplit> reader;
    private final BinlogProgress progress;

    public ProgressReader(SourceReader<T, MySqlSplit> reader, BinlogProgress progress) {
        this.reader = reader;
        this.progress = progress;
    }

    @Override
    public void start() {
        reader.start();
    }

    @Override
    public void addSplits(List<MySqlSplit> splits) {
        for (MySqlSplit s : splits) {
            if (s.isBinlogSplit()) progress.started(s.asBinlogSplit().getStartingOffset());
        }
        reader.addSplits(splits);
    }

    @Override
    public InputStatus pollNext(ReaderOutput<T> output) throws Exception {
        return reader.pollNext(output);
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
    public CompletableFuture<Void> isAvailable() {
        return reader.isAvailable();
    }

    @Override
    public void notifyNoMoreSplits() {
        reader.notifyNoMoreSplits();
    }

    @Override
    public void handleSourceEvents(SourceEvent event) {
        reader.handleSourceEvents(event);
    }

    @Override
    public void pauseOrResumeSplits(Collection<String> toPause, Collection<String> toResume) {
        reader.pauseOrResumeSplits(toPause, toResume);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        progress.completed(checkpointId);
        reader.notifyCheckpointComplete(checkpointId);
    }

    @Override
    public void notifyCheckpointAborted(long checkpointId) throws Exception {
        reader.notifyCheckpointAborted(checkpointId);
    }

    @Override
    public void close() throws Exception {
        reader.close();
    }
}
