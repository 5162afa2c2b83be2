package io.neurectomy.console.ui.fx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** What a closed runner does with work that callbacks still ask for while the window closes. */
class FxTaskRunnerTest {
    @Test
    void workAskedForAfterCloseIsNotStartedAndItsHandleIsCancelled() {
        FxTaskRunner runner = new FxTaskRunner();
        runner.close();
        AtomicBoolean ran = new AtomicBoolean();

        Cancellable plain = runner.run(() -> ran.set(true));
        Cancellable withResult = runner.run(() -> {
            ran.set(true);
            return 1;
        }, v -> ran.set(true), e -> ran.set(true));

        assertThat(plain.isCancelled()).isTrue();
        assertThat(withResult.isCancelled()).isTrue();
        assertThat(ran).isFalse();
    }
}
