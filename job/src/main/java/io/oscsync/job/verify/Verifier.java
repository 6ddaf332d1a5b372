package io.oscsync.job.verify;

import io.oscsync.udfs.TableId;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Compares the targets with their upstream tables in three steps:
 *
 * <ol>
 *   <li>Checksums: each table is cut into key ranges on the downstream (the ranges are open at
 *       both ends, so every row of either side is in one); every chunk's checksum is computed on
 *       each upstream table and on the downstream, in parallel, and the upstreams' are added up.
 *   <li>Recheck: after {@code recheckAfter} (longer than the job's lag), the differing chunks'
 *       checksums are computed again; most rows in flight have landed by then.
 *   <li>Row rounds, {@code rechecks} times: for each chunk that still differs, its rows are read
 *       upstream, then after the wait downstream and upstream again; a row counts only where the
 *       two upstream reads agree (not being changed) and the downstream disagrees, and only if it
 *       did in every round. A chunk left with no such row is equal (its difference was in flight).
 * </ol>
 */
final class Verifier {
    private final Servers servers;
    private final ExecutorService pool;
    private final int chunkRows;
    private final Duration recheckAfter;
    private final int rechecks;

    /** Nanoseconds the checksum step took, for rows/s. */
    long checksumNanos;

    Verifier(Servers servers, ExecutorService pool, int chunkRows, Duration recheckAfter, int rechecks) {
        this.servers = servers;
        this.pool = pool;
        this.chunkRows = chunkRows;
        this.recheckAfter = recheckAfter;
        this.rechecks = rechecks;
    }

    List<TableCheck> run(List<Target> targets) throws SQLException, InterruptedException {
        long start = System.nanoTime();
        List<TableCheck> tables = new ArrayList<>();
        List<Future<?>> pending = new ArrayList<>();
        for (Target t : targets) {
            TableCheck check = new TableCheck(t);
            tables.add(check);
            if (!prepare(check)) continue;
            // Chunks are checksummed while the next boundaries are still being found.
            walkChunks(
                    check,
                    chunk -> pending.add(pool.submit(() -> {
                        chunk.first = checksums(chunk);
                        chunk.latest = chunk.first;
                        chunk.differs = !chunk.first[0].equals(chunk.first[1]);
                        return null;
                    })));
        }
        await(pending);
        checksumNanos = System.nanoTime() - start;

        List<TableCheck.ChunkCheck> suspects = new ArrayList<>();
        for (TableCheck t : tables) suspects.addAll(t.differing());
        if (suspects.isEmpty()) return tables;
        sleep();
        forEach(suspects, c -> {
            c.latest = checksums(c);
            c.differs = !c.latest[0].equals(c.latest[1]);
        });
        for (int round = 0; round < rechecks; round++) {
            suspects = suspects.stream().filter(c -> c.differs).toList();
            if (suspects.isEmpty()) break;
            rowRound(suspects);
        }
        return tables;
    }

    /** Reads the layouts and compares them; false when the table cannot be compared. */
    private boolean prepare(TableCheck check) throws SQLException {
        TableId target = check.target.table();
        TableLayout down = TableLayout.read(servers.get(Servers.DOWNSTREAM), target);
        if (down == null) {
            check.missing = "the table does not exist downstream";
            return false;
        }
        List<TableLayout.Column> shared = new ArrayList<>(down.columns());
        for (Target.Source s : check.target.sources()) {
            TableLayout up = TableLayout.read(servers.get(s.sourceId()), s.table());
            if (up == null) {
                check.missing = "the table " + s + " does not exist any more";
                return false;
            }
            check.schemaProblems.addAll(down.differencesFrom(up, s.toString()));
            shared.removeIf(c -> up.column(c.name()) == null);
        }
        check.columns = List.copyOf(shared);
        List<TableLayout.Column> key = new ArrayList<>();
        for (String k : down.key()) key.add(down.column(k));
        // A key column missing upstream cannot bound ranges there: compare the table as a multiset.
        check.keyColumns = shared.containsAll(key) ? List.copyOf(key) : List.of();
        return true;
    }

    private interface ChunkSink {
        void accept(TableCheck.ChunkCheck chunk) throws SQLException;
    }

    /**
     * Cuts the table into chunks of about {@code chunkRows} rows, walking its key on the
     * downstream, which holds the union of the shards; on an upstream instead when one holds
     * far more rows (a downstream still being filled), so no chunk is huge.
     */
    private void walkChunks(TableCheck check, ChunkSink sink) throws SQLException {
        if (check.keyColumns.isEmpty()) {
            add(check, Chunk.WHOLE_TABLE, sink);
            return;
        }
        String server = Servers.DOWNSTREAM;
        TableId table = check.target.table();
        long most = 2 * estimatedRows(servers.get(server), table) + chunkRows;
        for (Target.Source s : check.target.sources()) {
            long rows = estimatedRows(servers.get(s.sourceId()), s.table());
            if (rows > most) {
                most = rows;
                server = s.sourceId();
                table = s.table();
            }
        }
        Connection c = servers.get(server);
        List<Object> lo = null;
        for (int i = 0; ; i++) {
            List<Object> hi = boundary(c, table, check.keyNames(), lo);
            add(check, new Chunk(i, lo, hi), sink);
            if (hi == null) return;
            lo = hi;
        }
    }

    /** The server's estimate (information_schema), enough to pick the side to walk. */
    private static long estimatedRows(Connection c, TableId t) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT TABLE_ROWS FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?")) {
            ps.setString(1, t.schema());
            ps.setString(2, t.table());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    private static void add(TableCheck check, Chunk chunk, ChunkSink sink) throws SQLException {
        TableCheck.ChunkCheck c = new TableCheck.ChunkCheck(check, chunk);
        check.chunks.add(c);
        sink.accept(c);
    }

    private List<Object> boundary(Connection c, TableId table, List<String> key, List<Object> from)
            throws SQLException {
        ChunkSql.Sql sql = ChunkSql.nextBoundary(table, key, from, chunkRows);
        try (PreparedStatement ps = prepare(c, sql);
                ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) return null;
            List<Object> values = new ArrayList<>();
            for (int i = 1; i <= key.size(); i++) values.add(rs.getObject(i));
            return values;
        }
    }

    /** {upstream union, downstream} */
    private Checksum[] checksums(TableCheck.ChunkCheck c) throws SQLException {
        TableCheck t = c.table;
        Checksum up = Checksum.EMPTY;
        for (Target.Source s : t.target.sources()) {
            ChunkSql.Sql sql = ChunkSql.checksum(s.table(), t.columns, t.keyNames(), c.chunk);
            up = up.plus(reading(s.toString(), () -> checksum(servers.get(s.sourceId()), sql)));
        }
        ChunkSql.Sql sql = ChunkSql.checksum(t.target.table(), t.columns, t.keyNames(), c.chunk);
        Checksum down = reading("downstream " + t.target.table(), () -> checksum(servers.get(Servers.DOWNSTREAM), sql));
        return new Checksum[] {up, down};
    }

    private interface Read<T> {
        T get() throws SQLException;
    }

    /** Names the table a failed read was of: the driver's message names neither it nor the server. */
    private static <T> T reading(String what, Read<T> read) throws SQLException {
        try {
            return read.get();
        } catch (SQLException e) {
            throw new SQLException("cannot read " + what + ": " + e.getMessage(), e.getSQLState(), e.getErrorCode(), e);
        }
    }

    private static Checksum checksum(Connection c, ChunkSql.Sql sql) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new Checksum(
                    rs.getLong(1),
                    rs.getBigDecimal(2).toBigIntegerExact(),
                    rs.getBigDecimal(3).toBigIntegerExact());
        }
    }

    private void rowRound(List<TableCheck.ChunkCheck> chunks) throws SQLException, InterruptedException {
        List<ChunkRows> before = new ArrayList<>();
        List<ChunkRows> down = new ArrayList<>();
        List<ChunkRows> after = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            before.add(new ChunkRows());
            down.add(new ChunkRows());
            after.add(new ChunkRows());
        }
        forEachIndex(chunks.size(), i -> readUpstream(chunks.get(i), before.get(i)));
        sleep();
        forEachIndex(chunks.size(), i -> {
            readDownstream(chunks.get(i), down.get(i));
            readUpstream(chunks.get(i), after.get(i));
        });
        for (int i = 0; i < chunks.size(); i++) {
            TableCheck.ChunkCheck c = chunks.get(i);
            List<RowDifference> found = ChunkRows.confirmed(before.get(i), down.get(i), after.get(i));
            if (c.rows != null) {
                Set<List<String>> earlier = new HashSet<>();
                for (RowDifference r : c.rows) earlier.add(r.id());
                found = found.stream().filter(r -> earlier.contains(r.id())).toList();
            }
            c.rows = found;
            c.differs = !found.isEmpty();
        }
    }

    private void readUpstream(TableCheck.ChunkCheck c, ChunkRows into) throws SQLException {
        TableCheck t = c.table;
        for (Target.Source s : t.target.sources()) {
            ChunkSql.Sql sql = ChunkSql.rows(s.table(), t.columns, t.keyColumns, c.chunk);
            reading(
                    s.toString(),
                    () -> into.read(servers.get(s.sourceId()), sql, t.keyColumns.size(), t.columns.size()));
        }
    }

    private void readDownstream(TableCheck.ChunkCheck c, ChunkRows into) throws SQLException {
        TableCheck t = c.table;
        ChunkSql.Sql sql = ChunkSql.rows(t.target.table(), t.columns, t.keyColumns, c.chunk);
        reading(
                "downstream " + t.target.table(),
                () -> into.read(servers.get(Servers.DOWNSTREAM), sql, t.keyColumns.size(), t.columns.size()));
    }

    private void sleep() throws InterruptedException {
        Thread.sleep(recheckAfter.toMillis());
    }

    private static PreparedStatement prepare(Connection c, ChunkSql.Sql sql) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql.text());
        for (int i = 0; i < sql.params().size(); i++)
            ps.setObject(i + 1, sql.params().get(i));
        return ps;
    }

    private interface Work<T> {
        void run(T item) throws SQLException;
    }

    private void forEach(List<TableCheck.ChunkCheck> items, Work<TableCheck.ChunkCheck> work)
            throws SQLException, InterruptedException {
        forEachIndex(items.size(), i -> work.run(items.get(i)));
    }

    private void forEachIndex(int n, Work<Integer> work) throws SQLException, InterruptedException {
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int index = i;
            futures.add(pool.submit(() -> {
                work.run(index);
                return null;
            }));
        }
        await(futures);
    }

    private static void await(List<Future<?>> futures) throws SQLException, InterruptedException {
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                for (Future<?> other : futures) other.cancel(true);
                if (e.getCause() instanceof SQLException s) throw s;
                if (e.getCause() instanceof RuntimeException r) throw r;
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    static String rate(long rows, long nanos) {
        double seconds = nanos / 1e9;
        return String.format(Locale.ROOT, "%,d rows/s", seconds <= 0 ? 0 : Math.round(rows / seconds));
    }

    static BigDecimal seconds(long nanos) {
        return BigDecimal.valueOf(nanos / 1_000_000).movePointLeft(3);
    }
}
