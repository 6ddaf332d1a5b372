package io.oscsync.job.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An app writing to one {@link ShardFixture.Shard} in its own thread, on one connection, until
 * closed: inserts new ids, updates and deletes random ids, all within the shard's own id range.
 * It names only columns id, a and b, so the table may gain or lose other columns meanwhile.
 */
public final class ShardLoad implements AutoCloseable {
    private static final int DEADLOCK = 1213;

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger ops = new AtomicInteger();
    private final Thread thread;
    private volatile Throwable failure;

    /** @param firstNewId the offset from the shard's base of the first id to insert (e.g. its row count + 1) */
    public ShardLoad(ShardFixture.Shard shard, int firstNewId) {
        String t = "`" + shard.db() + "`.`" + shard.table() + "`";
        thread = new Thread(() -> {
            Random random = new Random(shard.base()); // seeded per shard: the shards' loads differ
            int next = firstNewId;
            try (Connection c = shard.server().connectRoot();
                    PreparedStatement insert = c.prepareStatement("INSERT INTO " + t + " (id, a, b) VALUES (?, 1, 'app')");
                    PreparedStatement update = c.prepareStatement("UPDATE " + t + " SET a = a + 1, b = 'upd' WHERE id = ?");
                    PreparedStatement delete = c.prepareStatement("DELETE FROM " + t + " WHERE id = ?")) {
                while (running.get()) {
                    PreparedStatement st = switch (ops.get() % 3) {
                        case 0 -> insert;
                        case 1 -> update;
                        default -> delete;
                    };
                    st.setInt(1, shard.base() + (st == insert ? next++ : random.nextInt(next)));
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
        }, "shard-load-" + shard.db());
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
        if (failure != null) throw new AssertionError("the shard load failed", failure);
    }
}
