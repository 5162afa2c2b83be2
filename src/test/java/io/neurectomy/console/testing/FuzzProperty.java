package io.neurectomy.console.testing;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The property every fuzz target checks: the reader returns within a generous budget (one that only catches hangs,
 * not a latency claim), runs out of no memory, and throws nothing but the error types its javadoc names.
 *
 * <p>The reader runs on a thread of its own so that a hang is seen: when the budget is over the thread is
 * interrupted and the input fails with an {@link AssertionError} naming the budget. The thread is a daemon, so a
 * reader that ignores the interrupt cannot keep the test JVM alive.
 */
public final class FuzzProperty {
    /**
     * How long one fuzz test fuzzes at most when run with {@code JAZZER_FUZZ=1} (the regression runs of
     * {@code mvn test} only replay the kept inputs); {@code bench/fuzz.sh} runs a shorter time by stopping the run
     * itself, so this bounds its longest run.
     */
    public static final String MAX_DURATION = "60m";
    /** Per input; an input that takes this long hangs (a normal one takes milliseconds, the first a few seconds). */
    public static final long BUDGET_SECONDS = 60;

    private static ExecutorService executor = newExecutor();

    private FuzzProperty() {
    }

    /**
     * Runs {@code reader} and returns what it returned, or null when it threw one of {@code documented} (a normal
     * outcome for a hostile input).
     *
     * @throws AssertionError when it hangs, runs out of memory, or throws anything else (with that as the cause)
     */
    @SafeVarargs
    public static synchronized <T> T check(String reader, Callable<T> call,
            Class<? extends Throwable>... documented) {
        Future<T> future = executor.submit(call);
        try {
            return future.get(BUDGET_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            executor.shutdownNow();
            executor = newExecutor(); // the hung thread may never end; the next input gets a fresh one
            throw new AssertionError(reader + " did not return within " + BUDGET_SECONDS + " s: it hangs");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            throw new AssertionError("interrupted while " + reader + " ran", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof OutOfMemoryError) {
                throw new AssertionError(reader + " ran out of memory", cause);
            }
            if (cause instanceof AssertionError a) {
                throw a; // a check the call made itself
            }
            List<Class<? extends Throwable>> allowed = Arrays.asList(documented);
            if (allowed.stream().anyMatch(c -> c.isInstance(cause))) {
                return null;
            }
            throw new AssertionError(reader + " threw " + cause.getClass().getName() + ", not one of its documented "
                    + "errors " + allowed.stream().map(Class::getSimpleName).toList() + ": " + cause.getMessage(),
                    cause);
        }
    }

    /** {@link #check} for a reader that returns nothing. */
    @SafeVarargs
    public static void run(String reader, ThrowingRunnable call, Class<? extends Throwable>... documented) {
        check(reader, () -> {
            call.run();
            return null;
        }, documented);
    }

    /** A call that may throw anything. */
    @FunctionalInterface
    public interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static ExecutorService newExecutor() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-target");
            t.setDaemon(true);
            return t;
        });
    }
}
