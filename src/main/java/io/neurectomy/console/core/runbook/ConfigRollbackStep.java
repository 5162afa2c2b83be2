package io.neurectomy.console.core.runbook;

import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.config.ConfigHistory;
import io.neurectomy.console.core.config.ConfigObject;
import io.neurectomy.console.core.config.ConfigService;
import io.neurectomy.console.core.config.ConfigTarget;
import io.neurectomy.console.core.operation.StepOutcome;
import io.neurectomy.console.core.stack.StackComponent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The automatic step of the broken-config runbook: the configs of the components whose replicas the findings name
 * are put back to the last version applied before the change, from the console's config history, through the same
 * validated apply and verified reload as the Config section's History. Which version is "before the change":
 * <ul>
 *     <li>when the config in the cluster differs from the newest version in the history, it was changed outside the
 *     console (kubectl, a pipeline): the newest version in the history is the last good one;</li>
 *     <li>when it is the newest version in the history and that was applied within {@link #RECENT}, the console
 *     applied the change: the version before it, the newest one that differs;</li>
 *     <li>otherwise the config has not changed lately and is left alone.</li>
 * </ul>
 * With no config to roll back, the step fails and says how to roll back by hand.
 */
final class ConfigRollbackStep {
    /** How recent a change applied through the console must be for the step to take it back. */
    static final Duration RECENT = Duration.ofHours(2);
    static final String ID = "roll-back-config";
    private static final String[] CODES = {"prometheus-config-reload", "prometheus-rules", "pod-restarts",
            "prometheus-ready", "alertmanager-ready"};

    private ConfigRollbackStep() {
    }

    static RunbookStep.Automatic step() {
        return new RunbookStep.Automatic(ID, "Roll the changed config back to the version applied before it"
                + " (validated, applied and reloaded, as the Config section's History does)",
                "kubectl apply -f previous-configmap.yaml -n NS; kubectl exec -n NS prometheus-0 -- wget -qO-"
                        + " --post-data= http://localhost:9090/-/reload", (context, ex) -> {
                    Set<StackComponent> broken = EnumSet.noneOf(StackComponent.class);
                    for (String pod : context.pods(CODES)) {
                        StackComponent.ofPod(pod).ifPresent(broken::add);
                    }
                    if (broken.isEmpty()) {
                        return StepOutcome.skipped("the findings name no replica whose config could be rolled back");
                    }
                    ConfigHistory history = ConfigHistory.inDataDir();
                    ConfigService service = ConfigService.of(context.session(), history);
                    List<String> rolled = new ArrayList<>();
                    for (ConfigTarget target : ConfigTarget.values()) {
                        if (!broken.contains(target.server())) {
                            continue;
                        }
                        ex.cancellation().check();
                        ConfigObject now = service.read(target);
                        Optional<ConfigHistory.Version> back = before(now.data(), service.history(target),
                                Instant.now());
                        if (back.isPresent()) {
                            context.run(service.apply(now, back.get().data()), ex);
                            rolled.add(target.display() + " back to the version applied at " + back.get().time());
                        }
                    }
                    if (rolled.isEmpty()) {
                        throw new ConsoleException("No recent change to roll back: the history of this workstation ("
                                + history.directory() + ") holds no earlier version of the config of "
                                + String.join(" or ", broken.stream().map(StackComponent::title).toList()) + " that"
                                + " differs from what runs. Roll back by hand: apply the previous ConfigMap or Secret"
                                + " (kubectl apply -f previous.yaml -n " + context.session().namespace() + ") and"
                                + " reload, or fix the config in the Config section.");
                    }
                    return StepOutcome.done(String.join("; ", rolled));
                });
    }

    /**
     * The version to put back, given what runs now and the history, newest first (see the class comment); empty when
     * the config has not changed lately.
     */
    static Optional<ConfigHistory.Version> before(Map<String, String> running, List<ConfigHistory.Version> history,
                                                  Instant now) {
        if (history.isEmpty()) {
            return Optional.empty();
        }
        ConfigHistory.Version newest = history.get(0);
        if (!newest.data().equals(running)) {
            return Optional.of(newest);
        }
        if (newest.time().isBefore(now.minus(RECENT))) {
            return Optional.empty();
        }
        return history.stream().skip(1).filter(v -> !v.data().equals(running)).findFirst();
    }
}
