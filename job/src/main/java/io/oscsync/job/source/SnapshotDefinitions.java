package io.oscsync.job.source;

import io.debezium.relational.Column;
import io.debezium.relational.history.TableChanges;
import io.oscsync.job.config.TaskConfig;
import io.oscsync.job.jdbc.MySqlConnections;
import io.oscsync.udfs.TableId;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.cdc.connectors.mysql.source.split.MySqlSnapshotSplit;
import org.apache.flink.cdc.connectors.mysql.source.split.MySqlSplit;
import org.apache.flink.cdc.connectors.mysql.source.utils.hooks.SnapshotPhaseHook;
import org.apache.flink.cdc.connectors.mysql.source.utils.hooks.SnapshotPhaseHooks;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each table's definition as its snapshot reads it, for the downstream table to be created from.
 *
 * <p>Flink CDC reads a table chunk by chunk, each between a low and a high binlog watermark, and
 * hands no definition with the rows. Right before a chunk's low watermark, this reads the table's
 * CREATE TABLE and the binlog position together, under the table's metadata lock held for those two
 * statements only, so no DDL of the table falls between them: every DDL before the position is in
 * the definition, every later one is read from the binlog. It checks that the columns are those the
 * source decodes the chunk with, and after the high watermark that they did not change while the
 * chunk was read (Flink CDC cannot read a table whose columns change during its snapshot).
 *
 * <p>The definition waits here, by split, until the reader's {@link SnapshotEmitter} puts it into
 * the stream ahead of the chunk's rows. Hook and emitter run in the same source subtask, one
 * fetching and one emitting; the split id ties them.
 */
public final class SnapshotDefinitions {
    /** A table's CREATE TABLE IF NOT EXISTS and the binlog position it was read at. */
    record Definition(TableId table, String createTable, String binlogFile, long binlogPos, Columns columns) {}

    /**
     * A table's columns in order: {@code decoded} as the source sees them (name, nullability: what
     * its split schema can be compared by), {@code full} also with type and default.
     */
    record Columns(List<String> decoded, List<String> full) {}

    /** Keyed by run key + split id; an entry lives from a chunk's fetch to its emission. */
    private static final Map<String, Definition> READ = new ConcurrentHashMap<>();
    /** MySQL's ER_NO_SUCH_TABLE. */
    private static final int NO_SUCH_TABLE = 1146;

    private SnapshotDefinitions() {}

    /**
     * @param runKey   unique to one source of one built job: its hooks and emitters share it
     * @param upstream where to read definitions (the source's own connection stays untouched)
     */
    public static SnapshotPhaseHooks hooks(String runKey, String sourceId, TaskConfig.Database upstream) {
        SnapshotPhaseHooks hooks = new SnapshotPhaseHooks();
        hooks.setPreLowWatermarkAction(new BeforeChunk(runKey, sourceId, upstream));
        hooks.setPostHighWatermarkAction(new AfterChunk(runKey, sourceId, upstream));
        return hooks;
    }

    /** The definition read for a split's chunk, removed; null if none was read in this process. */
    static Definition take(String runKey, String splitId) {
        return READ.remove(runKey + "/" + splitId);
    }

    private static TableId tableOf(MySqlSnapshotSplit split) {
        return new TableId(split.getTableId().catalog(), split.getTableId().table());
    }

    private record BeforeChunk(String runKey, String sourceId, TaskConfig.Database upstream)
            implements SnapshotPhaseHook {
        @Override
        public void accept(io.debezium.connector.mysql.MySqlConnection ignored, SourceSplit s) throws SQLException {
            if (!(s instanceof MySqlSplit split) || !split.isSnapshotSplit()) return;
            MySqlSnapshotSplit chunk = split.asSnapshotSplit();
            TableId table = tableOf(chunk);
            Definition d = read(upstream, table);
            List<String> decoded = decodedColumns(chunk);
            if (decoded != null && !decoded.equals(d.columns().decoded())) {
                throw changedDuringSnapshot(
                        sourceId,
                        table,
                        "the snapshot decodes it with columns " + decoded + ", the table now has "
                                + d.columns().decoded());
            }
            READ.put(runKey + "/" + split.splitId(), d);
        }
    }

    private record AfterChunk(String runKey, String sourceId, TaskConfig.Database upstream)
            implements SnapshotPhaseHook {
        @Override
        public void accept(io.debezium.connector.mysql.MySqlConnection ignored, SourceSplit s) throws SQLException {
            if (!(s instanceof MySqlSplit split) || !split.isSnapshotSplit()) return;
            Definition before = READ.get(runKey + "/" + split.splitId());
            if (before == null) return;
            try (Connection c = MySqlConnections.connect(upstream);
                    Statement utc = c.createStatement()) {
                utc.execute("SET time_zone = '+00:00'"); // as read before the chunk: TIMESTAMP defaults in UTC
                List<String> now = columns(c, before.table()).full();
                if (!now.equals(before.columns().full())) {
                    throw changedDuringSnapshot(
                            sourceId,
                            before.table(),
                            "its columns were " + before.columns().full() + " when the chunk's read began and are "
                                    + now + " now");
                }
            }
        }
    }

    /** Definition and binlog position under one metadata lock: no DDL of the table can land between them. */
    static Definition read(TaskConfig.Database upstream, TableId table) throws SQLException {
        try (Connection c = MySqlConnections.connect(upstream);
                Statement s = c.createStatement()) {
            s.execute("SET SESSION lock_wait_timeout = 60");
            s.execute(
                    "SET time_zone = '+00:00'"); // TIMESTAMP defaults printed in UTC; the sink creates the table in UTC
            c.setAutoCommit(false);
            try {
                s.executeQuery("SELECT 1 FROM " + table.quoted() + " LIMIT 0")
                        .close(); // takes the table's metadata lock
                String create;
                // Unconverted bytes: a binary column's DEFAULT is printed as its raw bytes, which a
                // UTF-8 decoding would change (see utf8WithHexLiterals).
                s.execute("SET @osc_results = @@character_set_results, character_set_results = binary");
                try (ResultSet rs = s.executeQuery("SHOW CREATE TABLE " + table.quoted())) {
                    rs.next();
                    create = utf8WithHexLiterals(rs.getBytes(2));
                } finally {
                    s.execute("SET character_set_results = @osc_results");
                }
                String file;
                long pos;
                try (ResultSet rs = s.executeQuery("SHOW MASTER STATUS")) {
                    if (!rs.next()) throw new SQLException("SHOW MASTER STATUS is empty: the upstream has no binlog");
                    file = rs.getString(1);
                    pos = rs.getLong(2);
                }
                Columns columns = columns(c, table);
                return new Definition(table, ifNotExists(create), file, pos, columns);
            } finally {
                c.rollback(); // releases the lock; nothing was written
            }
        }
    }

    /** As {@link #read}, or null when the table does not exist (any more). */
    static Definition readIfExists(TaskConfig.Database upstream, TableId table) throws SQLException {
        try {
            return read(upstream, table);
        } catch (SQLException e) {
            if (e.getErrorCode() == NO_SUCH_TABLE) return null;
            throw e;
        }
    }

    /**
     * SHOW CREATE TABLE's bytes as text. The statement is UTF-8 except where MariaDB prints a binary
     * column's DEFAULT (or an ENUM member of a binary-charset table) as raw bytes inside a quoted
     * string; such a string, when its bytes are not valid UTF-8, becomes the hex literal of those
     * bytes ({@code x'E3FF'}), which means the same to the server and survives any text encoding.
     * Binlog statements from a UTF-8 client are read the same way (QueryEventDataDeserializer).
     */
    public static String utf8WithHexLiterals(byte[] sql) {
        StringBuilder out = new StringBuilder(sql.length);
        int plainFrom = 0;
        int i = 0;
        while (i < sql.length) {
            byte b = sql[i];
            if (b == '`' || b == '"') { // a name: copied as it is
                int end = i + 1;
                while (end < sql.length && sql[end] != b) end++;
                i = end + 1;
            } else if (b == '\'') {
                out.append(utf8(sql, plainFrom, i));
                ByteArrayOutputStream value = new ByteArrayOutputStream();
                int j = i + 1;
                while (j < sql.length && !(sql[j] == '\'' && (j + 1 == sql.length || sql[j + 1] != '\''))) {
                    if (sql[j] == '\'' || (sql[j] == '\\' && j + 1 < sql.length)) {
                        value.write(sql[j] == '\'' ? '\'' : unescape(sql[j + 1]));
                        j += 2;
                    } else {
                        value.write(sql[j++]);
                    }
                }
                byte[] raw = value.toByteArray();
                int quoteStart = i;
                i = Math.min(j + 1, sql.length);
                if (isUtf8(raw)) out.append(utf8(sql, quoteStart, i));
                else
                    out.append("x'")
                            .append(HexFormat.of().withUpperCase().formatHex(raw))
                            .append('\'');
                plainFrom = i;
            } else {
                i++;
            }
        }
        out.append(utf8(sql, plainFrom, Math.min(i, sql.length)));
        return out.toString();
    }

    /** The byte a MySQL string escape (backslash, then {@code c}) stands for. */
    private static int unescape(byte c) {
        return switch (c) {
            case '0' -> 0;
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'b' -> '\b';
            case 'Z' -> 26;
            default -> c & 0xFF; // backslash, quotes and any other: the character itself
        };
    }

    private static String utf8(byte[] b, int from, int to) {
        return new String(b, from, to - from, StandardCharsets.UTF_8);
    }

    private static boolean isUtf8(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    static String ifNotExists(String showCreateTable) {
        String prefix = "CREATE TABLE ";
        if (!showCreateTable.regionMatches(true, 0, prefix, 0, prefix.length())) {
            throw new IllegalStateException("SHOW CREATE TABLE did not start with CREATE TABLE: "
                    + showCreateTable.substring(0, Math.min(80, showCreateTable.length())));
        }
        return "CREATE TABLE IF NOT EXISTS " + openVersionComments(showCreateTable.substring(prefix.length()));
    }

    /**
     * MySQL's SHOW CREATE TABLE wraps some clauses in version comments ({@code /*!50100 PARTITION
     * BY ...}{@code *}{@code /}, {@code /*!80003 SRID 4326 }{@code *}{@code /}); the server that printed
     * them runs them, so they are opened into plain text, outside quoted strings and names.
     */
    static String openVersionComments(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        char quote = 0;
        boolean inComment = false;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (quote != 0) {
                out.append(c);
                if (c == '\\' && quote != '`' && i + 1 < sql.length()) out.append(sql.charAt(++i));
                else if (c == quote) quote = 0;
            } else if (c == '\'' || c == '"' || c == '`') {
                quote = c;
                out.append(c);
            } else if (!inComment && sql.startsWith("/*!", i)) {
                inComment = true;
                i += 2;
                while (i + 1 < sql.length() && Character.isDigit(sql.charAt(i + 1))) i++;
            } else if (inComment && sql.startsWith("*/", i)) {
                inComment = false;
                i++;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static Columns columns(Connection c, TableId table) throws SQLException {
        List<String> decoded = new ArrayList<>();
        List<String> full = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT COLUMN_NAME, IS_NULLABLE, COLUMN_TYPE, COLUMN_DEFAULT "
                        + "FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION")) {
            ps.setString(1, table.schema());
            ps.setString(2, table.table());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String column = column(rs.getString(1), "YES".equals(rs.getString(2)));
                    decoded.add(column);
                    full.add(column + " " + rs.getString(3) + " DEFAULT " + rs.getString(4));
                }
            }
        }
        if (decoded.isEmpty()) throw new SQLException("table " + table + " has no columns: it was dropped or renamed");
        return new Columns(decoded, full);
    }

    /** The columns the source decodes the chunk with (its split's schema), or null when the split carries none. */
    private static List<String> decodedColumns(MySqlSnapshotSplit split) {
        TableChanges.TableChange change =
                split.getTableSchemas() == null ? null : split.getTableSchemas().get(split.getTableId());
        if (change == null || change.getTable() == null) return null;
        List<String> columns = new ArrayList<>();
        for (Column col : change.getTable().columns()) columns.add(column(col.name(), col.isOptional()));
        return columns;
    }

    private static String column(String name, boolean nullable) {
        return TableId.quote(name) + (nullable ? " NULL" : " NOT NULL");
    }

    private static IllegalStateException changedDuringSnapshot(String sourceId, TableId table, String what) {
        // Restartable: a restart before the first checkpoint splits the table again with its new columns;
        // one from a checkpoint reads the same stale split and fails again, until the restarts run out.
        return new IllegalStateException("source " + sourceId + ": table " + table
                + " changed while its snapshot was read (" + what + "). Flink CDC cannot read a table whose columns "
                + "change during its snapshot. Start the task again without its checkpoints (the snapshot then "
                + "reads the table as it is), and avoid schema changes of a table until its snapshot is done.");
    }
}
