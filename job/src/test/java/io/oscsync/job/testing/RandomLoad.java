package io.oscsync.job.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A seeded random writer over three tables that stress different sink paths: {@code keyed}
 * (primary key, key changes included), {@code uniq} (a second unique key, so order matters)
 * and {@code keyless} (no key, many identical rows). DDLs from {@code ddls} run one at a time
 * at even intervals of the load. Runs in its own thread, on one connection, until closed.
 */
public final class RandomLoad implements AutoCloseable {
    public static final List<String> TABLES = List.of("keyed", "uniq", "keyless");

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger ops = new AtomicInteger();
    private final AtomicInteger ddlsRun = new AtomicInteger();
    private final Thread thread;
    private volatile Throwable failure;

    /** Creates the three tables in {@code db} with a few rows each. */
    public static void create(MariaDbServer up, String db, int rows) {
        up.exec(
                "CREATE DATABASE `" + db + "`",
                "CREATE TABLE `" + db + "`.keyed (id INT PRIMARY KEY, v VARCHAR(40), n INT)",
                "CREATE TABLE `" + db + "`.uniq (id INT PRIMARY KEY, u INT NOT NULL, v VARCHAR(20), UNIQUE KEY (u))",
                "CREATE TABLE `" + db + "`.keyless (a INT, b VARCHAR(20))");
        StringBuilder keyed = new StringBuilder(), uniq = new StringBuilder(), keyless = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            String sep = i == 0 ? "" : ",";
            keyed.append(sep)
                    .append("(")
                    .append(i)
                    .append(", 'seed', ")
                    .append(i)
                    .append(")");
            uniq.append(sep).append("(").append(i).append(", ").append(i).append(", 'seed')");
            keyless.append(sep).append("(").append(i % 10).append(", 'seed')");
        }
        up.exec(
                "INSERT INTO `" + db + "`.keyed VALUES " + keyed,
                "INSERT INTO `" + db + "`.uniq VALUES " + uniq,
                "INSERT INTO `" + db + "`.keyless VALUES " + keyless);
    }

    /**
     * @param ddlEvery run the next of {@code ddls} after this many row changes
     */
    public RandomLoad(MariaDbServer up, String db, long seed, List<String> ddls, int ddlEvery) {
        thread = new Thread(
                () -> {
                    Random random = new Random(seed);
                    try (Connection c = up.connectRoot();
                            Statement s = c.createStatement()) {
                        s.execute("USE `" + db + "`");
                        int nextId = 1_000_000;
                        while (running.get()) {
                            int n = ops.incrementAndGet();
                            if (n % ddlEvery == 0 && ddlsRun.get() < ddls.size())
                                s.execute(ddls.get(ddlsRun.getAndIncrement()));
                            try {
                                s.execute(randomChange(random, nextId++));
                            } catch (SQLException e) {
                                if (e.getErrorCode() != 1062) throw e; // a random unique value taken: fine, skip it
                            }
                            if (n % 50 == 0) Thread.sleep(5);
                        }
                    } catch (Throwable e) {
                        failure = e;
                    }
                },
                "random-load-" + db);
        thread.start();
    }

    private static String randomChange(Random r, int newId) {
        int id = r.nextInt(300);
        return switch (r.nextInt(10)) {
            case 0, 1 ->
                "INSERT INTO keyed (id, v, n) VALUES (" + (r.nextBoolean() ? newId : id) + ", 'i', 1) "
                        + "ON DUPLICATE KEY UPDATE v = 'dup'";
            case 2 -> "UPDATE keyed SET v = 'u" + r.nextInt(9) + "', n = n + 1 WHERE id = " + id;
            case 3 -> "UPDATE keyed SET id = " + newId + " WHERE id = " + id; // a key change
            case 4 -> "DELETE FROM keyed WHERE id = " + id;
            case 5 -> "UPDATE uniq SET u = " + r.nextInt(400) + ", v = 'u' WHERE id = " + id;
            case 6 ->
                r.nextBoolean()
                        ? "INSERT INTO uniq (id, u, v) VALUES (" + newId + ", " + (400 + newId) + ", 'i')"
                        : "DELETE FROM uniq WHERE id = " + id;
            case 7 -> "INSERT INTO keyless (a, b) VALUES (" + r.nextInt(10) + ", 'i')"; // duplicates on purpose
            case 8 -> "UPDATE keyless SET b = 'u" + r.nextInt(3) + "' WHERE a = " + r.nextInt(10) + " LIMIT 1";
            default -> "DELETE FROM keyless WHERE a = " + r.nextInt(10) + " LIMIT 1";
        };
    }

    /** Waits until every table of the load in {@code db} is equal downstream (same database name). */
    public static void awaitEqual(UpstreamDownstream.Pair pair, String db, java.time.Duration timeout) {
        Await.until("every table equal downstream", timeout, () -> {
            for (String t : TABLES) TableComparison.assertSameTable(pair.upstream(), db, t, pair.downstream(), db, t);
            return true;
        });
    }

    public int operations() {
        return ops.get();
    }

    public int ddlsRun() {
        return ddlsRun.get();
    }

    /** Stops the load and rethrows what made it fail, if anything. */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(30_000);
        if (failure != null) throw new AssertionError("the random load failed", failure);
    }
}
