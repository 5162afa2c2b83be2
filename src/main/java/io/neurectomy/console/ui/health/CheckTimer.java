package io.neurectomy.console.ui.health;

import io.neurectomy.console.ui.fx.Cancellable;
import java.time.Duration;
import javafx.animation.PauseTransition;

/** Runs a task on the FX thread after a delay, unless cancelled first: when the Health section checks next. */
@FunctionalInterface
public interface CheckTimer {
    Cancellable after(Duration delay, Runnable task);

    /** A timer on the JavaFX animation clock. */
    static CheckTimer fx() {
        return (delay, task) -> {
            PauseTransition pause = new PauseTransition(javafx.util.Duration.millis(delay.toMillis()));
            boolean[] cancelled = new boolean[1];
            pause.setOnFinished(e -> {
                if (!cancelled[0]) {
                    task.run();
                }
            });
            pause.play();
            return new Cancellable() {
                @Override
                public void cancel() {
                    cancelled[0] = true;
                    pause.stop();
                }

                @Override
                public boolean isCancelled() {
                    return cancelled[0];
                }
            };
        };
    }
}
