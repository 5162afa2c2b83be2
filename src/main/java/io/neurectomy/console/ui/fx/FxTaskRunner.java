package io.neurectomy.console.ui.fx;

import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javafx.application.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link TaskRunner} on a pool of daemon threads, calling back through {@code Platform.runLater}. */
public final class FxTaskRunner implements TaskRunner {
    private static final Logger LOG = LoggerFactory.getLogger(FxTaskRunner.class);

    private final ExecutorService pool;

    public FxTaskRunner() {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory threads = r -> {
            // Daemon threads: a hung connect attempt must never keep the JVM alive after the window closed.
            Thread t = new Thread(r, "console-task-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.pool = Executors.newCachedThreadPool(threads);
    }

    @Override
    public <T> Cancellable run(Callable<T> work, Consumer<? super T> onSuccess, Consumer<Throwable> onFailure) {
        Handle handle = new Handle();
        submit(handle, () -> {
            T result;
            try {
                result = work.call();
            } catch (Throwable t) {
                Throwable cause = t instanceof ExecutionException && t.getCause() != null ? t.getCause() : t;
                Platform.runLater(() -> {
                    if (!handle.isCancelled()) {
                        onFailure.accept(cause);
                    }
                });
                return null;
            }
            Platform.runLater(() -> {
                if (!handle.isCancelled()) {
                    onSuccess.accept(result);
                }
            });
            return null;
        });
        return handle;
    }

    @Override
    public Cancellable run(Runnable work) {
        Handle handle = new Handle();
        submit(handle, () -> {
            try {
                work.run();
            } catch (CancellationException e) {
                LOG.debug("Background work cancelled");
            } catch (RuntimeException e) {
                LOG.warn("Background work failed", e);
            }
            return null;
        });
        return handle;
    }

    /**
     * Starts {@code work} for {@code handle}. After {@link #close()} (the window is closing, and a callback of work
     * that was still running asks for more) nothing starts: the handle comes back cancelled.
     */
    private void submit(Handle handle, Callable<Void> work) {
        try {
            handle.future.set(pool.submit(work));
        } catch (RejectedExecutionException e) {
            LOG.debug("Background work not started: the window is closing");
            handle.cancel();
        }
    }

    @Override
    public void close() {
        // Give queued work (closing the session, saving settings) a moment to finish, then interrupt the rest.
        pool.shutdown();
        try {
            if (!pool.awaitTermination(3, TimeUnit.SECONDS)) {
                LOG.debug("Background work still running at exit; interrupting it");
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static final class Handle implements Cancellable {
        private final AtomicReference<Future<?>> future = new AtomicReference<>();
        private final AtomicBoolean cancelled = new AtomicBoolean();

        @Override
        public void cancel() {
            if (cancelled.compareAndSet(false, true)) {
                Future<?> f = future.get();
                if (f != null) {
                    f.cancel(true);
                }
            }
        }

        @Override
        public boolean isCancelled() {
            return cancelled.get();
        }
    }
}
