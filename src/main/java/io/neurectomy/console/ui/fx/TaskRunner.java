package io.neurectomy.console.ui.fx;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * Runs work off the FX thread and reports back on it, so view models never block the UI with network or file I/O.
 *
 * <p>View-model tests use {@link InlineTaskRunner}; the application uses {@link FxTaskRunner}.
 */
public interface TaskRunner extends AutoCloseable {

    /**
     * Runs {@code work} in the background; exactly one of the callbacks is then called on the FX thread, unless the
     * returned handle was cancelled first.
     */
    <T> Cancellable run(Callable<T> work, Consumer<? super T> onSuccess, Consumer<Throwable> onFailure);

    /** Runs {@code work} in the background without reporting back; failures are logged. */
    Cancellable run(Runnable work);

    /** Stops accepting work and interrupts what is still running. */
    @Override
    void close();
}
