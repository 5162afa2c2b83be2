package io.neurectomy.console.testing;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polls a condition until it holds or a deadline passes; tests use it instead of sleeping. */
public final class Poll {
    private Poll() {
    }

    /** Waits until {@code condition} is true, failing with {@code description} after {@code timeout}. */
    public static void until(Duration timeout, String description, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + timeout.toMillis() + " ms waiting for " + description);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted waiting for " + description, e);
            }
        }
    }

    /**
     * Polls {@code condition} until it holds or {@code timeout} passes, and says which: for outcomes a test measures
     * (did a drain finish by its deadline?) rather than requires.
     */
    public static boolean within(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while polling", e);
            }
        }
        return true;
    }

    /** Waits until {@code condition} holds for the value {@code supplier} gives, and returns that value. */
    public static <T> T until(Duration timeout, Supplier<T> supplier, Predicate<T> condition, String description) {
        AtomicReference<T> last = new AtomicReference<>();
        try {
            until(timeout, description, () -> {
                last.set(supplier.get());
                return condition.test(last.get());
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last value: " + last.get(), e);
        }
        return last.get();
    }
}
