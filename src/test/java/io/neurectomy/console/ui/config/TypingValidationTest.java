package io.neurectomy.console.ui.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.Severity;
import io.neurectomy.console.core.config.ConfigKind;
import io.neurectomy.console.core.config.ValidationReport;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Validation while typing: a new edit stops the run in progress, a run over its budget stops and says so, and only
 * the latest verdict arrives. The validator here blocks until it is interrupted, as a validator stuck on a hostile
 * paste would; waits are generous deadlines that only catch a hang.
 */
class TypingValidationTest {
    private static final Duration NEVER = Duration.ofMinutes(10);
    private final Object doc = new Object();
    private final CountDownLatch slowStarted = new CountDownLatch(1);
    private final CountDownLatch slowInterrupted = new CountDownLatch(1);
    private final BlockingQueue<List<Finding>> delivered = new LinkedBlockingQueue<>();

    private ValidationReport validate(ConfigKind kind, String text) {
        if (text.equals("slow")) {
            slowStarted.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                slowInterrupted.countDown();
                throw new CancellationException("interrupted");
            }
        }
        return new ValidationReport(kind, List.of(Finding.of(Severity.ERROR, "yaml", "", "verdict on " + text)),
                Optional.empty());
    }

    @Test
    void aNewEditStopsTheRunningValidationAndOnlyTheNewVerdictArrives() throws Exception {
        TypingValidation typing = new TypingValidation(this::validate, Runnable::run, NEVER);

        typing.submit(doc, ConfigKind.PROMETHEUS, "slow", delivered::add);
        assertThat(slowStarted.await(60, TimeUnit.SECONDS)).isTrue();
        typing.submit(doc, ConfigKind.PROMETHEUS, "fast", delivered::add);

        List<Finding> verdict = delivered.poll(60, TimeUnit.SECONDS);
        assertThat(verdict).extracting(Finding::message).containsExactly("verdict on fast");
        assertThat(slowInterrupted.await(60, TimeUnit.SECONDS)).as("the slow run was interrupted").isTrue();
        assertThat(delivered).as("nothing from the stopped run").isEmpty();
    }

    @Test
    void anEditAloneStopsTheRunningValidationWithoutAVerdict() throws Exception {
        TypingValidation typing = new TypingValidation(this::validate, Runnable::run, NEVER);

        typing.submit(doc, ConfigKind.PROMETHEUS, "slow", delivered::add);
        assertThat(slowStarted.await(60, TimeUnit.SECONDS)).isTrue();
        typing.cancel(doc);

        assertThat(slowInterrupted.await(60, TimeUnit.SECONDS)).isTrue();
        // the worker is free again: a later run delivers, and it is the only delivery
        typing.submit(doc, ConfigKind.PROMETHEUS, "later", delivered::add);
        assertThat(delivered.poll(60, TimeUnit.SECONDS)).extracting(Finding::message)
                .containsExactly("verdict on later");
        assertThat(delivered).isEmpty();
    }

    @Test
    void aValidationOverItsBudgetStopsAndSaysSo() throws Exception {
        TypingValidation typing = new TypingValidation(this::validate, Runnable::run, Duration.ofMillis(200));

        typing.submit(doc, ConfigKind.PROMETHEUS, "slow", delivered::add);

        List<Finding> verdict = delivered.poll(60, TimeUnit.SECONDS);
        assertThat(verdict).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.message()).startsWith("validation stopped after 200 ms without a verdict;");
        });
        assertThat(slowInterrupted.await(60, TimeUnit.SECONDS)).as("the run was interrupted").isTrue();
    }
}
