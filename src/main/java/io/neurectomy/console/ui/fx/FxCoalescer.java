package io.neurectomy.console.ui.fx;

import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import javafx.application.Platform;

/**
 * Merges bursts of change notifications (from any thread) into at most one UI refresh per minimum interval.
 *
 * <p>A request while a refresh is pending is absorbed by it; a request too soon after the last refresh schedules
 * the next one for when the interval has passed rather than dropping it. Because the pending flag is cleared
 * before the refresh reads the state, a change made during a refresh causes one more refresh, so the last state
 * is always rendered.
 */
public final class FxCoalescer implements AutoCloseable {
    /** Default minimum spacing of refreshes: at most 10 per second. */
    public static final long DEFAULT_MIN_INTERVAL_MILLIS = 100;

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fx-coalescer-timer");
        t.setDaemon(true);
        return t;
    });

    /** Runs a task after a delay; injectable so tests can drive time by hand. */
    @FunctionalInterface
    public interface Scheduler {
        void schedule(Runnable task, long delayMillis);
    }

    private final Runnable refresh;
    private final Executor uiThread;
    private final Scheduler scheduler;
    private final LongSupplier clockMillis;
    private final long minIntervalMillis;
    private final AtomicBoolean pending = new AtomicBoolean();
    private volatile boolean closed;
    private volatile long lastRefresh;
    private volatile boolean refreshedOnce;

    /**
     * @param refresh           reads the current state and renders it; runs on {@code uiThread}
     * @param uiThread          where refreshes run (the FX thread in the application)
     * @param scheduler         delays a refresh that comes too soon after the previous one
     * @param clockMillis       monotonic clock in milliseconds
     * @param minIntervalMillis minimum time between the starts of two refreshes
     */
    public FxCoalescer(Runnable refresh, Executor uiThread, Scheduler scheduler, LongSupplier clockMillis,
                       long minIntervalMillis) {
        this.refresh = refresh;
        this.uiThread = uiThread;
        this.scheduler = scheduler;
        this.clockMillis = clockMillis;
        this.minIntervalMillis = minIntervalMillis;
    }

    /** Refreshes on the FX thread, at most 10 times per second. */
    public static FxCoalescer onFxThread(Runnable refresh) {
        return new FxCoalescer(refresh, Platform::runLater,
                (task, delay) -> TIMER.schedule(task, delay, TimeUnit.MILLISECONDS),
                () -> System.nanoTime() / 1_000_000, DEFAULT_MIN_INTERVAL_MILLIS);
    }

    /** Refreshes at once on the notifying thread; for view-model tests that run without an FX toolkit. */
    public static FxCoalescer immediate(Runnable refresh) {
        return new FxCoalescer(refresh, Runnable::run, (task, delay) -> task.run(), () -> 0, 0);
    }

    /** Asks for a refresh; cheap, callable from any thread. */
    public void request() {
        if (closed || !pending.compareAndSet(false, true)) {
            return;
        }
        long wait = refreshedOnce ? lastRefresh + minIntervalMillis - clockMillis.getAsLong() : 0;
        if (wait <= 0) {
            uiThread.execute(this::refresh);
        } else {
            scheduler.schedule(() -> uiThread.execute(this::refresh), wait);
        }
    }

    private synchronized void refresh() {
        if (closed) {
            return;
        }
        lastRefresh = clockMillis.getAsLong();
        refreshedOnce = true;
        pending.set(false);
        refresh.run();
    }

    /** Stops refreshing; requests and already scheduled refreshes are ignored from now on. */
    @Override
    public void close() {
        closed = true;
    }
}
