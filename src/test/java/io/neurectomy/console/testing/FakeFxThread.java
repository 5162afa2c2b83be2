package io.neurectomy.console.testing;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/** One thread standing for the FX thread in view-model tests: models are made, read and driven on it only. */
public final class FakeFxThread implements Executor, AutoCloseable {
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> new Thread(r, "fake-fx"));

    @Override
    public void execute(Runnable command) {
        thread.execute(command);
    }

    /** Reads (or makes) something on the thread and waits for it. */
    public <T> T call(Supplier<T> read) {
        try {
            return thread.submit(read::get).get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Does {@code action} on the thread and waits until it is done. */
    public void run(Runnable action) {
        call(() -> {
            action.run();
            return null;
        });
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
