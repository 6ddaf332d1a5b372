package io.oscsync.job.source;

import io.oscsync.udfs.TableId;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * What the start-up checks learned about one upstream and the source needs.
 *
 * @param timeZone        the server's time zone (as configured, else its current UTC offset)
 * @param chunkKeys       for captured tables without a primary key: the column the snapshot splits on
 * @param schemas         the schemas the block-allow list allows (where ghost tables are captured)
 * @param tables          the real (not ghost or trash) tables the block-allow list allows: the shards
 *                        a shard group starts with
 * @param binlogAtStart   the binlog position read before the tables were listed (null when the task
 *                        reads no binlog): a table created after the listing is in the binlog after it
 * @param capturedAtStart how many tables the source's table list matched at the listing; with none,
 *                        the source reads the binlog from {@code binlogAtStart} (see {@link CdcSources})
 * @param namedLikeTools  tables whose names alone make them ghost or trash tables (no origin table
 *                        exists): their rows are not replicated, and a metric counts them
 */
public record UpstreamInfo(
        String timeZone,
        Map<TableId, String> chunkKeys,
        List<String> schemas,
        List<TableId> tables,
        BinlogPosition binlogAtStart,
        int capturedAtStart,
        List<TableId> namedLikeTools)
        implements Serializable {

    /** A binlog file and position, as SHOW MASTER STATUS reports them. */
    public record BinlogPosition(String file, long position) implements Serializable {
        @Override
        public String toString() {
            return file + ":" + position;
        }
    }
}
