package io.oscsync.job.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition: for results that a streaming job produces some time later. */
public final class Await {
    private static final long POLL_MILLIS = 200;

    private Await() {}

    /**
     * Returns once {@code condition} is true; throws {@link AssertionError} naming {@code what}
     * after {@code timeout}. An exception or a failed assertion in the condition counts as "not
     * yet" and is attached to the error if it was the last outcome, so this works:
     * {@code until("rows copied", d, () -> { assertSameTable(...); return true; })}.
     */
    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Throwable last;
        while (true) {
            last = null;
            try {
                if (condition.getAsBoolean()) return;
            } catch (RuntimeException | AssertionError e) {
                last = e;
            }
            if (System.nanoTime() >= deadline) break;
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for: " + what, e);
            }
        }
        String message = "timed out after " + timeout + " waiting for: " + what;
        throw last == null
                ? new AssertionError(message)
                : new AssertionError(message + " (last error: " + last + ")", last);
    }
}
