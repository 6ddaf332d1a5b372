package io.oscsync.job.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small app writing to a table {@code (id INT PRIMARY KEY, a INT, b VARCHAR(40))} in its own
 * thread, on one connection, until closed: inserts new ids, updates and deletes random ones. It
 * names only columns id, a and b, so the table may gain or lose other columns meanwhile. With a
 * {@code base}, every id it touches is {@code base} plus its own (a shard's id range).
 */
public final class AppLoad implements AutoCloseable {
    private static final int DEADLOCK = 1213;

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger ops = new AtomicInteger();
    private final Thread thread;
    private volatile Throwable failure;

    public AppLoad(MariaDbServer up, String db, String table, int firstNewId) {
        this(up, db, table, 0, firstNewId);
    }

    /** The app on one shard's id range. */
    public AppLoad(ShardFixture.Shard shard, int firstNewId) {
        this(shard.server(), shard.db(), shard.table(), shard.base(), firstNewId);
    }

    private AppLoad(MariaDbServer up, String db, String table, int base, int firstNewId) {
        String t = "`" + db + "`.`" + table + "`";
        thread = new Thread(
                () -> {
                    Random random = new Random(7 + base); // seeded per id range: shards' loads differ
                    int next = firstNewId;
                    try (Connection c = up.connectRoot();
                            PreparedStatement insert =
                                    c.prepareStatement("INSERT INTO " + t + " (id, a, b) VALUES (?, 1, 'app')");
                            PreparedStatement update =
                                    c.prepareStatement("UPDATE " + t + " SET a = a + 1, b = 'upd' WHERE id = ?");
                            PreparedStatement delete = c.prepareStatement("DELETE FROM " + t + " WHERE id = ?")) {
                        while (running.get()) {
                            PreparedStatement st = switch (ops.get() % 3) {
                                case 0 -> insert;
                                case 1 -> update;
                                default -> delete;
                            };
                            st.setInt(1, base + (st == insert ? next++ : random.nextInt(next)));
                            try {
                                st.executeUpdate();
                            } catch (SQLException e) {
                                // An online schema change's copy may make this statement the deadlock victim; it was
                                // rolled back as a whole, so the upstream stays consistent: skip it.
                                if (e.getErrorCode() != DEADLOCK) throw e;
                            }
                            ops.incrementAndGet();
                            Thread.sleep(5);
                        }
                    } catch (Throwable e) {
                        failure = e;
                    }
                },
                "app-load-" + db + "." + table);
        thread.start();
    }

    public int operations() {
        return ops.get();
    }

    /** Stops the app and rethrows what made it fail, if anything. */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(30_000);
        if (failure != null) throw new AssertionError("the app load failed", failure);
    }
}
