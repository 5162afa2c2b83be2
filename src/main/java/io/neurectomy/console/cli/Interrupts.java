package io.neurectomy.console.cli;

/**
 * Tells a running operation that the user pressed Ctrl+C. The process's implementation registers a shutdown hook
 * that cancels the operation and waits until the runner has printed what was and was not done; the JVM then exits
 * with 130 (128 + SIGINT). Tests give their own.
 */
public interface Interrupts {
    /** A registration: {@link #finished} lets a waiting Ctrl+C go on; {@link #close} removes it. */
    interface Registration extends AutoCloseable {
        /** The run has ended and its result is printed. */
        void finished();

        @Override
        void close();
    }

    /** Calls {@code onInterrupt} when the user presses Ctrl+C until the registration is closed. */
    Registration register(Runnable onInterrupt);

    /** Ctrl+C through a shutdown hook, which waits up to {@code waitMillis} for the run to report. */
    static Interrupts shutdownHook(long waitMillis) {
        return onInterrupt -> {
            java.util.concurrent.CountDownLatch reported = new java.util.concurrent.CountDownLatch(1);
            Thread hook = new Thread(() -> {
                onInterrupt.run();
                try {
                    reported.await(waitMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "console-ctrl-c");
            Runtime.getRuntime().addShutdownHook(hook);
            return new Registration() {
                @Override
                public void finished() {
                    reported.countDown();
                }

                @Override
                public void close() {
                    reported.countDown();
                    try {
                        Runtime.getRuntime().removeShutdownHook(hook);
                    } catch (IllegalStateException e) {
                        // Shutting down already (Ctrl+C): the hook is running and was just released.
                    }
                }
            };
        };
    }

    /** No Ctrl+C handling (nested runs). */
    static Interrupts none() {
        return onInterrupt -> new Registration() {
            @Override
            public void finished() {
            }

            @Override
            public void close() {
            }
        };
    }
}
