package io.neurectomy.console.core.operation;

import java.util.Objects;

/**
 * One step of a plan.
 *
 * @param id    stable within its plan ({@code apply}, {@code rollout}, {@code reload-prometheus-0}), for tests and JSON
 * @param title what the step does, for people: "Reload prometheus-1 and verify it"
 */
public record Step(String id, String title) {
    public Step {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
    }
}
