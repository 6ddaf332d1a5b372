package io.oscsync.job.config;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * A task file, with DM's field names (see conf/ for commented examples). Built and checked by
 * {@link TaskConfigLoader}; everything here is immutable and serializable, since operators carry it.
 */
public record TaskConfig(
        @JsonProperty(value = "name", required = true) String name,
        @JsonProperty("task-mode") TaskMode taskMode,
        @JsonProperty("shard-mode") ShardMode shardMode,
        @JsonProperty("meta-schema") String metaSchema,
        @JsonProperty("online-ddl") Boolean onlineDdl,
        @JsonProperty("online-ddl-preset") String onlineDdlPreset,
        @JsonProperty("online-ddl-derive-missing") Boolean onlineDdlDeriveMissing,
        @JsonProperty("shadow-table-rules") List<String> shadowTableRules,
        @JsonProperty("trash-table-rules") List<String> trashTableRules,

        @JsonProperty(value = "target-database", required = true)
        Database targetDatabase,

        @JsonProperty(value = "mysql-instances", required = true)
        List<Instance> mysqlInstances,

        @JsonProperty("block-allow-list") Map<String, BlockAllowRule> blockAllowList,
        @JsonProperty("routes") Map<String, RouteRuleConfig> routes,
        @JsonProperty("filters") Map<String, FilterRuleConfig> filters,
        @JsonProperty("checkpoint-interval-ms") Long checkpointIntervalMs,
        @JsonProperty("case-sensitive") Boolean caseSensitive,
        @JsonProperty("expression-filter") Map<String, ExpressionFilterConfig> expressionFilter,
        @JsonProperty("parallelism") Integer parallelism)
        implements Serializable {

    /**
     * The key groups of the keyed stages, pinned: a savepoint restores only at the max parallelism
     * it was taken with, and 128 is what Flink chose for every release before it was pinned.
     */
    public static final int MAX_PARALLELISM = 128;

    public enum TaskMode {
        @JsonProperty("all")
        ALL,
        @JsonProperty("full")
        FULL,
        @JsonProperty("incremental")
        INCREMENTAL;

        public boolean snapshot() {
            return this != INCREMENTAL;
        }

        public boolean binlog() {
            return this != FULL;
        }
    }

    public enum ShardMode {
        @JsonProperty("")
        NONE,
        @JsonProperty("pessimistic")
        PESSIMISTIC,
        @JsonProperty("optimistic")
        OPTIMISTIC
    }

    /** A MySQL-protocol endpoint: the target, or the connection part of an instance. */
    public record Database(
            @JsonProperty(value = "host", required = true) String host,
            @JsonProperty(value = "port", required = true) Integer port,
            @JsonProperty(value = "user", required = true) String user,
            @JsonProperty("password") Secret password,
            @JsonProperty("security") Security security,
            @JsonProperty("dialect") Dialect dialect,
            // DM's session variables of the target's connections, in file order.
            @JsonProperty("session") Map<String, String> session)
            implements Serializable {

        public String address() {
            return host + ":" + port;
        }
    }

    public enum Dialect {
        @JsonProperty("tidb")
        TIDB,
        @JsonProperty("mysql")
        MYSQL
    }

    /** DM's TLS settings: with them, connections use TLS and verify the server. */
    public record Security(
            @JsonProperty("ssl-ca") String sslCa,
            @JsonProperty("ssl-cert") String sslCert,
            @JsonProperty("ssl-key") String sslKey)
            implements Serializable {}

    public record Instance(
            @JsonProperty(value = "source-id", required = true)
            String sourceId,

            @JsonProperty(value = "host", required = true) String host,
            @JsonProperty(value = "port", required = true) Integer port,
            @JsonProperty(value = "user", required = true) String user,
            @JsonProperty("password") Secret password,
            @JsonProperty("security") Security security,

            @JsonProperty(value = "server-id", required = true)
            String serverId,

            @JsonProperty("server-time-zone") String serverTimeZone,
            @JsonProperty("block-allow-list") String blockAllowList,
            @JsonProperty("route-rules") List<String> routeRules,
            @JsonProperty("filter-rules") List<String> filterRules,
            @JsonProperty("meta") BinlogMeta meta,
            @JsonProperty("expression-filters") List<String> expressionFilters,
            // Resolved from DM's mydumpers/mydumper blocks too (DmTaskFields); defaulted by TaskDefaults.
            @JsonProperty("mydumper-thread") Integer mydumperThread,
            @JsonProperty("syncer-thread") Integer syncerThread)
            implements Serializable {

        public Database connection() {
            return new Database(host, port, user, password, security, null, null);
        }

        /** S: the snapshot's parallel chunk readers of this instance (the binlog always has one reader). */
        public int snapshotThreads() {
            return mydumperThread == null ? 1 : mydumperThread;
        }

        /** This instance's wish for K, the apply workers per sink subtask. */
        int applyWorkers() {
            return syncerThread == null ? TaskDefaults.APPLY_WORKERS : syncerThread;
        }
    }

    /**
     * K: the apply workers (downstream connections) of each sink subtask. The sink is shared by all
     * instances, so the largest any instance asks for.
     */
    public int applyWorkers() {
        int k = 1;
        for (Instance i : mysqlInstances) k = Math.max(k, i.applyWorkers());
        return k;
    }

    public record BinlogMeta(
            @JsonProperty(value = "binlog-name", required = true)
            String binlogName,

            @JsonProperty(value = "binlog-pos", required = true)
            Long binlogPos)
            implements Serializable {}

    public record BlockAllowRule(
            @JsonProperty("do-dbs") List<String> doDbs,
            @JsonProperty("do-tables") List<TablePattern> doTables,
            @JsonProperty("ignore-dbs") List<String> ignoreDbs,
            @JsonProperty("ignore-tables") List<TablePattern> ignoreTables)
            implements Serializable {}

    public record TablePattern(
            @JsonProperty(value = "db-name", required = true)
            String dbName,

            @JsonProperty(value = "tbl-name", required = true)
            String tblName)
            implements Serializable {}

    public record RouteRuleConfig(
            @JsonProperty(value = "schema-pattern", required = true)
            String schemaPattern,

            @JsonProperty("table-pattern") String tablePattern,

            @JsonProperty(value = "target-schema", required = true)
            String targetSchema,

            @JsonProperty("target-table") String targetTable)
            implements Serializable {}

    public record FilterRuleConfig(
            @JsonProperty(value = "schema-pattern", required = true)
            String schemaPattern,

            @JsonProperty("table-pattern") String tablePattern,
            @JsonProperty("events") List<String> events,
            @JsonProperty("sql-pattern") List<String> sqlPattern,
            @JsonProperty(value = "action", required = true) FilterAction action)
            implements Serializable {}

    /** DM's expression filter: one of the insert, update (old and/or new) or delete expressions. */
    public record ExpressionFilterConfig(
            @JsonProperty(value = "schema", required = true) String schema,
            @JsonProperty(value = "table", required = true) String table,
            @JsonProperty("insert-value-expr") String insertValueExpr,
            @JsonProperty("update-old-value-expr") String updateOldValueExpr,
            @JsonProperty("update-new-value-expr") String updateNewValueExpr,
            @JsonProperty("delete-value-expr") String deleteValueExpr)
            implements Serializable {}

    public enum FilterAction {
        @JsonProperty("Ignore")
        IGNORE,
        @JsonProperty("Do")
        DO,
        @JsonProperty("Error")
        ERROR
    }
}
