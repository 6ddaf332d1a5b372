package io.oscsync.job.testing;

import io.oscsync.job.config.TaskConfig;
import io.oscsync.job.config.TaskConfigLoader;

import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Four shards of one table {@code orders (id INT PRIMARY KEY, a INT, b VARCHAR(40))} on two
 * upstreams, for the shard-merging ITs: databases {@code <p>_s1} and {@code <p>_s2} on the pair's
 * upstream (source {@code up1}), {@code <p>_s3} and {@code <p>_s4} on a second upstream that this
 * fixture starts and stops (source {@code up2}). Shard k holds ids {@code k * 1_000_000 + i}, so
 * merged rows never collide. The merge target {@link #targetDb()} is left for the job to create.
 */
public final class ShardFixture implements AutoCloseable {
    public static final String TABLE = "orders";
    private static final int ID_RANGE = 1_000_000;
    // Apart from TestJob's ids (5401...), so a shard job and a single-table job may run at once.
    private static final AtomicInteger SERVER_IDS = new AtomicInteger(5600);
    // The pair's upstream is server-id 1; distinct sources have distinct ids, as in a real topology.
    private static final List<String> UPSTREAM2_ARGS = UpstreamDownstream.UPSTREAM_ARGS.stream()
            .map(a -> a.startsWith("--server-id=") ? "--server-id=2" : a)
            .toList();

    /** One shard: {@code base} is the id its rows are numbered from (ids {@code base + 1 ...}). */
    public record Shard(MariaDbServer server, String sourceId, String db, String table, int base) {}

    private final UpstreamDownstream.Pair pair;
    private final MariaDbServer upstream2;
    private final String prefix;
    private final List<Shard> shards;

    private ShardFixture(UpstreamDownstream.Pair pair, MariaDbServer upstream2, String prefix, List<Shard> shards) {
        this.pair = pair;
        this.upstream2 = upstream2;
        this.prefix = prefix;
        this.shards = shards;
    }

    /** Starts the second upstream and creates the four shards, {@code rows} rows each (ids base+1..base+rows). */
    public static ShardFixture start(UpstreamDownstream.Pair pair, String prefix, int rows) {
        return startNamed(pair, UpstreamDownstream.uniqueDatabase(prefix), rows);
    }

    /**
     * As {@link #start}, with databases named so that at keyed parallelism {@code p} the merge
     * target lands on another subtask than the first shard's {@code binlog_probe} (the ITs' mark of
     * the binlog phase) and than the names of the online schema change tools' shadows of the
     * shards: were a shadow keyed by its own name, its DDL would miss the target's lifecycle.
     */
    public static ShardFixture start(UpstreamDownstream.Pair pair, String prefix, int rows, int p) {
        for (int i = 0; i < 10_000; i++) {
            String candidate = UpstreamDownstream.uniqueDatabase(prefix);
            int target = KeyedSubtasks.of(candidate + "_merged", TABLE, p);
            if (p == 1
                    || (target != KeyedSubtasks.of(candidate + "_s1", "binlog_probe", p)
                            && target != KeyedSubtasks.of(candidate + "_s1", "_" + TABLE + "_gho", p)
                            && target != KeyedSubtasks.of(candidate + "_s3", "_" + TABLE + "_new", p)
                            && target != KeyedSubtasks.of(candidate + "_s4", "_" + TABLE + "_gho", p))) {
                return startNamed(pair, candidate, rows);
            }
        }
        throw new IllegalStateException("no prefix spreads the shard tables at " + p);
    }

    private static ShardFixture startNamed(UpstreamDownstream.Pair pair, String p, int rows) {
        MariaDbServer up2 = MariaDbServer.start("upstream2", UPSTREAM2_ARGS);
        try {
            List<Shard> shards = List.of(
                    new Shard(pair.upstream(), "up1", p + "_s1", TABLE, ID_RANGE),
                    new Shard(pair.upstream(), "up1", p + "_s2", TABLE, 2 * ID_RANGE),
                    new Shard(up2, "up2", p + "_s3", TABLE, 3 * ID_RANGE),
                    new Shard(up2, "up2", p + "_s4", TABLE, 4 * ID_RANGE));
            for (Shard s : shards) seed(s, rows);
            return new ShardFixture(pair, up2, p, shards);
        } catch (RuntimeException | Error e) {
            up2.close();
            throw e;
        }
    }

    private static void seed(Shard s, int rows) {
        s.server()
                .exec(
                        "CREATE DATABASE `" + s.db() + "`",
                        "CREATE TABLE `" + s.db() + "`.`" + s.table() + "` (id INT PRIMARY KEY, a INT, b VARCHAR(40))");
        if (rows == 0) return;
        StringJoiner values = new StringJoiner(",");
        for (int i = 1; i <= rows; i++) values.add("(" + (s.base() + i) + ", " + (i % 13) + ", 'row " + i + "')");
        s.server().exec("INSERT INTO `" + s.db() + "`.`" + s.table() + "` VALUES " + values);
    }

    public List<Shard> shards() {
        return shards;
    }

    /** The downstream database the shards merge into: {@code <p>_merged}. */
    public String targetDb() {
        return prefix + "_merged";
    }

    public MariaDbServer upstream2() {
        return upstream2;
    }

    /** The parsed {@link #taskYaml}. */
    public TaskConfig task(String shardMode, String extraTopLevelYaml) {
        return new TaskConfigLoader(k -> null).parse(taskYaml(shardMode, extraTopLevelYaml));
    }

    /** A task file merging the four shards into {@code <p>_merged.orders}; fresh server-ids on every call. */
    public String taskYaml(String shardMode, String extraTopLevelYaml) {
        return taskYaml(
                prefix,
                pair.upstream().port(),
                upstream2.port(),
                pair.downstream().port(),
                shardMode,
                extraTopLevelYaml);
    }

    /** The task file text for these ports; static so that it can be checked without servers. */
    static String taskYaml(
            String prefix, int up1Port, int up2Port, int downPort, String shardMode, String extraTopLevelYaml) {
        int serverId = SERVER_IDS.getAndAdd(2);
        return """
                name: it-%1$s
                task-mode: all
                shard-mode: "%2$s"
                checkpoint-interval-ms: 500
                target-database:
                  host: 127.0.0.1
                  port: %3$d
                  user: %4$s
                  password: %5$s
                mysql-instances:
                  - source-id: up1
                    host: 127.0.0.1
                    port: %6$d
                    user: %4$s
                    password: %5$s
                    server-id: %7$d
                    block-allow-list: shards
                    route-rules: [orders-merge]
                  - source-id: up2
                    host: 127.0.0.1
                    port: %8$d
                    user: %4$s
                    password: %5$s
                    server-id: %9$d
                    block-allow-list: shards
                    route-rules: [orders-merge]
                block-allow-list:
                  shards:
                    do-dbs: ["%1$s_s*"]
                routes:
                  orders-merge:
                    schema-pattern: "%1$s_s*"
                    table-pattern: "%10$s"
                    target-schema: "%1$s_merged"
                    target-table: "%10$s"
                %11$s
                """.formatted(
                        prefix,
                        shardMode,
                        downPort,
                        MariaDbServer.USER,
                        MariaDbServer.PASSWORD,
                        up1Port,
                        serverId + 1,
                        up2Port,
                        serverId + 2,
                        TABLE,
                        extraTopLevelYaml);
    }

    /** Stops the second upstream (by its pid) and deletes its data. */
    @Override
    public void close() {
        upstream2.close();
    }
}
