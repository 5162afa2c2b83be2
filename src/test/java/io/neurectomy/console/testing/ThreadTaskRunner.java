package io.neurectomy.console.testing;

import io.neurectomy.console.ui.fx.Cancellable;
import io.neurectomy.console.ui.fx.TaskRunner;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A {@link TaskRunner} for view-model tests of long work: each piece of work runs on a daemon thread of its own and
 * reports back on {@code fx} (a single thread standing for the FX thread), as in the window.
 */
public final class ThreadTaskRunner implements TaskRunner {
    private final Executor fx;
    private final String name;

    /** @param name the work threads' name */
    public ThreadTaskRunner(Executor fx, String name) {
        this.fx = fx;
        this.name = name;
    }

    @Override
    public <T> Cancellable run(Callable<T> work, Consumer<? super T> onSuccess, Consumer<Throwable> onFailure) {
        AtomicBoolean cancelled = new AtomicBoolean();
        Thread t = new Thread(() -> {
            try {
                T value = work.call();
                fx.execute(() -> {
                    if (!cancelled.get()) {
                        onSuccess.accept(value);
                    }
                });
            } catch (Exception e) {
                fx.execute(() -> {
                    if (!cancelled.get()) {
                        onFailure.accept(e);
                    }
                });
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return new Cancellable() {
            @Override
            public void cancel() {
                cancelled.set(true);
            }

            @Override
            public boolean isCancelled() {
                return cancelled.get();
            }
        };
    }

    @Override
    public Cancellable run(Runnable work) {
        return run(() -> {
            work.run();
            return null;
        }, v -> { }, e -> { });
    }

    @Override
    public void close() {
        // The threads are daemons and end with their work.
    }
}
