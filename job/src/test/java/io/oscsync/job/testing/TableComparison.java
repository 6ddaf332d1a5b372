package io.oscsync.job.testing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Checks what a user would check: the downstream table has the upstream table's columns, primary
 * key and rows. Rows are read with session {@code time_zone='+00:00'} on both sides (so TIMESTAMP
 * compares as an instant whatever the server zones), ordered by the primary key (without one: by
 * all columns, then sorted again as text), each value via {@code getString} and binary values
 * as hex.
 */
public final class TableComparison {
    /** By primary key (numbers as numbers), then as text: one order for rows read from several tables. */
    private static final Comparator<Row> ROW_ORDER = TableComparison::compareKeys;

    private TableComparison() {}

    public static void assertSameTable(
            MariaDbServer up, String upDb, String upTable, MariaDbServer down, String downDb, String downTable) {
        String upName = up.name() + " " + upDb + "." + upTable;
        String downName = down.name() + " " + downDb + "." + downTable;
        List<List<String>> upColumns = columns(up, upDb, upTable);
        List<List<String>> downColumns = columns(down, downDb, downTable);
        if (upColumns.isEmpty()) throw new AssertionError("no table " + upName);
        if (downColumns.isEmpty()) throw new AssertionError("no table " + downName);
        firstDifference("column", upName, upColumns, downName, downColumns);
        List<String> upKey = primaryKey(up, upDb, upTable);
        List<String> downKey = primaryKey(down, downDb, downTable);
        if (!upKey.equals(downKey)) {
            throw new AssertionError("primary keys differ: " + upName + " " + upKey + ", " + downName + " " + downKey);
        }
        firstDifference("row", upName, rows(up, upDb, upTable), downName, rows(down, downDb, downTable));
    }

    /**
     * The downstream table holds exactly the union of the shards' rows, and has the first shard's
     * columns and primary key. Rows of both sides are compared in primary key order.
     */
    public static void assertUnion(
            List<ShardFixture.Shard> shards, MariaDbServer down, String downDb, String downTable) {
        ShardFixture.Shard first = shards.get(0);
        String firstName = first.server().name() + " " + first.db() + "." + first.table();
        String unionName = "union of "
                + shards.stream()
                        .map(s -> s.server().name() + " " + s.db() + "." + s.table())
                        .collect(Collectors.joining(", "));
        String downName = down.name() + " " + downDb + "." + downTable;
        List<List<String>> firstColumns = columns(first.server(), first.db(), first.table());
        List<List<String>> downColumns = columns(down, downDb, downTable);
        if (firstColumns.isEmpty()) throw new AssertionError("no table " + firstName);
        if (downColumns.isEmpty()) throw new AssertionError("no table " + downName);
        firstDifference("column", firstName, firstColumns, downName, downColumns);
        List<String> firstKey = primaryKey(first.server(), first.db(), first.table());
        List<String> downKey = primaryKey(down, downDb, downTable);
        if (!firstKey.equals(downKey)) {
            throw new AssertionError(
                    "primary keys differ: " + firstName + " " + firstKey + ", " + downName + " " + downKey);
        }
        List<Row> union = new ArrayList<>();
        for (ShardFixture.Shard s : shards) union.addAll(keyedRows(s.server(), s.db(), s.table()));
        union.sort(ROW_ORDER);
        List<Row> downRows = keyedRows(down, downDb, downTable);
        downRows.sort(ROW_ORDER);
        firstDifference("row", unionName, texts(union), downName, texts(downRows));
    }

    /** The table's SHOW CREATE TABLE without its AUTO_INCREMENT counter, under the name {@code t}. */
    public static String definition(MariaDbServer s, String db, String table) {
        String create =
                s.query("SHOW CREATE TABLE `" + db + "`.`" + table + "`").get(0).get(1);
        return create.replaceFirst("^CREATE TABLE `[^`]+`", "CREATE TABLE `t`")
                .replaceFirst(" AUTO_INCREMENT=\\d+", "");
    }

    /** Same SHOW CREATE TABLE (up to AUTO_INCREMENT), columns, primary key and rows. */
    public static void assertSameDefinitionAndRows(MariaDbServer up, MariaDbServer down, String db, String table) {
        assertSameTable(up, db, table, down, db, table);
        String upDefinition = definition(up, db, table);
        String downDefinition = definition(down, db, table);
        if (!upDefinition.equals(downDefinition)) {
            throw new AssertionError("SHOW CREATE TABLE differs for " + db + "." + table + "\n  up:   " + upDefinition
                    + "\n  down: " + downDefinition);
        }
    }

    /** The table's column names in table order (empty when there is no such table). */
    public static List<String> columnNames(MariaDbServer s, String db, String table) {
        return columns(s, db, table).stream().map(c -> c.get(0)).collect(Collectors.toList());
    }

    /** Fails naming the first differing column ([name, ordinal, type, nullable, default]) or row, and the counts. */
    private static void firstDifference(String what, String upName, List<?> up, String downName, List<?> down) {
        for (int i = 0; i < Math.max(up.size(), down.size()); i++) {
            Object u = i < up.size() ? up.get(i) : "(none)";
            Object d = i < down.size() ? down.get(i) : "(none)";
            if (!u.equals(d)) {
                throw new AssertionError(what + "s differ at " + what + " " + (i + 1) + " (" + upName + ": " + up.size()
                        + " " + what + "s, " + downName + ": " + down.size() + " " + what + "s)\n  up:   "
                        + around(u.toString(), d.toString()) + "\n  down: " + around(d.toString(), u.toString()));
            }
        }
    }

    private static final int SHOWN = 2_000;

    /**
     * A long row only around its first difference from the other: a LONGTEXT row in full in each
     * message (a differential run keeps and logs many) ran the test JVM out of memory.
     */
    static String around(String s, String other) {
        if (s.length() <= SHOWN) return s;
        int k = 0;
        while (k < s.length() && k < other.length() && s.charAt(k) == other.charAt(k)) k++;
        int from = Math.max(0, Math.min(k, s.length()) - SHOWN / 2);
        int to = Math.min(s.length(), from + SHOWN);
        return (from > 0 ? "..." : "") + s.substring(from, to) + (to < s.length() ? "..." : "") + " (" + s.length()
                + " chars, shown from char " + from + "; the first difference at char " + k + ")";
    }

    /** {@code <row count>:<SHA-256 hex of the ordered row strings>}; equal tables give equal checksums. */
    public static String rowChecksum(MariaDbServer server, String db, String table) {
        List<String> rows = rows(server, db, table);
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String row : rows) sha.update((row + "\n").getBytes(StandardCharsets.UTF_8));
            return rows.size() + ":" + HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until each of {@code tables} in {@code db} is the same table downstream (same database name). */
    public static void awaitSame(
            UpstreamDownstream.Pair pair, String db, java.time.Duration timeout, String... tables) {
        for (String t : tables) {
            Await.until(db + "." + t + " equal downstream", timeout, () -> {
                assertSameTable(pair.upstream(), db, t, pair.downstream(), db, t);
                return true;
            });
        }
    }

    /**
     * Both tables print the same SHOW CREATE TABLE (under one name, without AUTO_INCREMENT=n, which
     * is the server's counter, not the definition): columns, keys, constraints and options.
     */
    public static void assertSameDefinition(
            MariaDbServer up, String upDb, String upTable, MariaDbServer down, String downDb, String downTable) {
        String want = showCreate(up, upDb, upTable);
        String got = showCreate(down, downDb, downTable);
        if (!want.equals(got)) {
            throw new AssertionError("definitions differ:\n" + up.name() + " " + upDb + "." + upTable + ":\n" + want
                    + "\n" + down.name() + " " + downDb + "." + downTable + ":\n" + got);
        }
    }

    private static String showCreate(MariaDbServer s, String db, String table) {
        String create = s.query("SHOW CREATE TABLE " + quote(db) + "." + quote(table))
                .get(0)
                .get(1);
        return create.replaceFirst("^CREATE TABLE `(?:[^`]|``)*`", "CREATE TABLE `t`")
                .replaceAll(" AUTO_INCREMENT=\\d+", "");
    }

    /** Fails if a table whose name matches the LIKE pattern ({@code _} and {@code %} are wildcards) exists in db. */
    public static void assertNoTable(MariaDbServer server, String db, String tableLike) {
        List<List<String>> found = server.query(
                "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME LIKE ?",
                db,
                tableLike);
        if (!found.isEmpty()) {
            throw new AssertionError("expected no table like '" + tableLike + "' in " + server.name() + " " + db
                    + ", found " + found.stream().map(r -> r.get(0)).collect(Collectors.toList()));
        }
    }

    /** Read in a UTC session, as rows are: a TIMESTAMP default shows in the session's zone. */
    private static List<List<String>> columns(MariaDbServer s, String db, String table) {
        String sql = "SELECT COLUMN_NAME, ORDINAL_POSITION, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT"
                + " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?"
                + " ORDER BY ORDINAL_POSITION";
        try (Connection c = s.connectRoot();
                Statement utc = c.createStatement();
                java.sql.PreparedStatement ps = c.prepareStatement(sql)) {
            utc.execute("SET time_zone = '+00:00'");
            ps.setString(1, db);
            ps.setString(2, table);
            List<List<String>> columns = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<String> column = new ArrayList<>(5);
                    for (int i = 1; i <= 5; i++) column.add(rs.getString(i));
                    columns.add(column);
                }
            }
            return columns;
        } catch (SQLException e) {
            throw new IllegalStateException(s.name() + ": " + e.getMessage() + " in: " + sql, e);
        }
    }

    private static List<String> primaryKey(MariaDbServer s, String db, String table) {
        return s
                .query(
                        "SELECT COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE"
                                + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND CONSTRAINT_NAME = 'PRIMARY'"
                                + " ORDER BY ORDINAL_POSITION",
                        db,
                        table)
                .stream()
                .map(r -> r.get(0))
                .collect(Collectors.toList());
    }

    /** Every row rendered unambiguously: {@code (1, 'a\'b', NULL, x'00FF')}. */
    private static List<String> rows(MariaDbServer s, String db, String table) {
        return texts(keyedRows(s, db, table));
    }

    /** A rendered row and its primary key values (none without a key); numbers as BigDecimal, others as text. */
    private record Row(List<Comparable<?>> key, String text) {}

    private static List<String> texts(List<Row> rows) {
        return rows.stream().map(Row::text).collect(Collectors.toList());
    }

    /** The rows in primary key order (without a key: by all columns, then as text). */
    private static List<Row> keyedRows(MariaDbServer s, String db, String table) {
        List<String> key = primaryKey(s, db, table);
        List<String> orderBy = key.isEmpty() ? columnNames(s, db, table) : key;
        String sql = "SELECT * FROM " + quote(db) + "." + quote(table) + " ORDER BY "
                + orderBy.stream().map(TableComparison::quote).collect(Collectors.joining(", "));
        List<Row> rows = new ArrayList<>();
        try (Connection c = s.connectRoot();
                Statement st = c.createStatement()) {
            st.execute("SET time_zone = '+00:00'");
            try (ResultSet rs = st.executeQuery(sql)) {
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    StringBuilder row = new StringBuilder("(");
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        if (i > 1) row.append(", ");
                        row.append(value(rs, md, i));
                    }
                    List<Comparable<?>> keyValues = new ArrayList<>(key.size());
                    for (String k : key) keyValues.add(keyValue(rs, md, rs.findColumn(k)));
                    rows.add(new Row(keyValues, row.append(')').toString()));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(s.name() + ": " + e.getMessage() + " in: " + sql, e);
        }
        if (key.isEmpty()) rows.sort(ROW_ORDER); // ties in ORDER BY (e.g. long BLOB prefixes) may differ per server
        return rows;
    }

    private static Comparable<?> keyValue(ResultSet rs, ResultSetMetaData md, int i) throws SQLException {
        return switch (md.getColumnType(i)) {
            case Types.TINYINT,
                    Types.SMALLINT,
                    Types.INTEGER,
                    Types.BIGINT,
                    Types.DECIMAL,
                    Types.NUMERIC,
                    Types.REAL,
                    Types.FLOAT,
                    Types.DOUBLE -> rs.getBigDecimal(i);
            default -> rs.getString(i); // getString, as for the row text: getObject fails on zero dates
        };
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareKeys(Row x, Row y) {
        for (int i = 0; i < x.key().size(); i++) {
            int c = ((Comparable) x.key().get(i)).compareTo(y.key().get(i));
            if (c != 0) return c;
        }
        return x.text().compareTo(y.text());
    }

    private static String value(ResultSet rs, ResultSetMetaData md, int i) throws SQLException {
        switch (md.getColumnType(i)) {
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB, Types.BIT -> {
                byte[] bytes = rs.getBytes(i);
                return bytes == null
                        ? "NULL"
                        : "x'" + HexFormat.of().withUpperCase().formatHex(bytes) + "'";
            }
            default -> {
                String v = rs.getString(i);
                return v == null ? "NULL" : "'" + v.replace("\\", "\\\\").replace("'", "\\'") + "'";
            }
        }
    }

    private static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }
}
