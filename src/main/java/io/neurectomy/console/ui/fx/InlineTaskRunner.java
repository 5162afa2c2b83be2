package io.neurectomy.console.ui.fx;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/** {@link TaskRunner} that runs everything at once on the calling thread, for deterministic view-model tests. */
public final class InlineTaskRunner implements TaskRunner {

    private static final Cancellable DONE = new Cancellable() {
        @Override
        public void cancel() {
            // Nothing to stop: the work has already finished when the caller gets the handle.
        }

        @Override
        public boolean isCancelled() {
            return false;
        }
    };

    @Override
    public <T> Cancellable run(Callable<T> work, Consumer<? super T> onSuccess, Consumer<Throwable> onFailure) {
        T result;
        try {
            result = work.call();
        } catch (Exception e) {
            onFailure.accept(e);
            return DONE;
        }
        onSuccess.accept(result);
        return DONE;
    }

    @Override
    public Cancellable run(Runnable work) {
        work.run();
        return DONE;
    }

    @Override
    public void close() {
        // Nothing runs in the background.
    }
}
