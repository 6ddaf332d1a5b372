package io.oscsync.job.source;

import io.oscsync.udfs.TableId;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * What the start-up checks learned about one upstream and the source needs.
 *
 * @param timeZone  the server's time zone (as configured, else its current UTC offset)
 * @param chunkKeys for captured tables without a primary key: the column the snapshot splits on
 * @param schemas   the schemas the block-allow list allows (where ghost tables are captured)
 * @param tables    the real (not ghost or trash) tables the block-allow list allows: the shards
 *                  a shard group starts with
 */
public record UpstreamInfo(String timeZone, Map<TableId, String> chunkKeys, List<String> schemas,
                           List<TableId> tables) implements Serializable {}
