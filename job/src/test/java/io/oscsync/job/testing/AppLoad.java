package io.oscsync.job.testing;

import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** A small app writing to a table `(id INT PRIMARY KEY, a INT, b VARCHAR(40))` in a thread until stopped. */
public final class AppLoad implements AutoCloseable {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger ops = new AtomicInteger();
    private final Thread thread;
    private volatile Throwable failure;

    public AppLoad(MariaDbServer up, String db, String table, int firstNewId) {
        thread = new Thread(() -> {
            Random random = new Random(7);
            int next = firstNewId;
            try {
                while (running.get()) {
                    String t = "`" + db + "`.`" + table + "`";
                    int id = random.nextInt(next);
                    switch (ops.getAndIncrement() % 3) {
                        case 0 -> up.exec("INSERT INTO " + t + " (id, a, b) VALUES (" + next++ + ", 1, 'app')");
                        case 1 -> up.exec("UPDATE " + t + " SET a = a + 1, b = 'upd' WHERE id = " + id);
                        default -> up.exec("DELETE FROM " + t + " WHERE id = " + id);
                    }
                    Thread.sleep(5);
                }
            } catch (Throwable e) {
                failure = e;
            }
        }, "app-load-" + table);
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
