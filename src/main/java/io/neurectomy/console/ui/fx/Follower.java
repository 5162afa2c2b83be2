package io.neurectomy.console.ui.fx;

import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A view model's listener on one source of change notifications at a time (a session's cluster state): each
 * notification asks an {@link FxCoalescer} for a refresh, so a burst of changes becomes at most one refresh per
 * interval. Following another source leaves the previous one.
 */
public final class Follower {
    private static final Runnable NOTHING = () -> { };

    private final Function<Runnable, FxCoalescer> coalescers;
    private volatile FxCoalescer coalescer;
    private Runnable leave = NOTHING;

    /** @param coalescers makes the coalescer for a refresh action ({@link FxCoalescer#immediate} in tests) */
    public Follower(Function<Runnable, FxCoalescer> coalescers) {
        this.coalescers = coalescers;
    }

    /**
     * Leaves the source followed so far and follows another: {@code add} registers a listener with it and
     * {@code remove} takes it off again. {@code refresh} runs after changes (merged), and once now.
     */
    public void follow(Consumer<Runnable> add, Consumer<Runnable> remove, Runnable refresh) {
        stop();
        FxCoalescer c = coalescers.apply(refresh);
        Runnable listener = c::request;
        add.accept(listener);
        leave = () -> {
            remove.accept(listener);
            c.close();
        };
        coalescer = c;
        c.request();
    }

    /** Asks for a refresh, merged with the pending ones; nothing while no source is followed. Any thread. */
    public void request() {
        FxCoalescer c = coalescer;
        if (c != null) {
            c.request();
        }
    }

    /** Leaves the source followed so far, if any. */
    public void stop() {
        coalescer = null;
        leave.run();
        leave = NOTHING;
    }
}
