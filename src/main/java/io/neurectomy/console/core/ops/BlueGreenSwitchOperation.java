package io.neurectomy.console.core.ops;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.Change;
import io.neurectomy.console.core.operation.Confirmation;
import io.neurectomy.console.core.operation.Execution;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.core.operation.PlannedOperation;
import io.neurectomy.console.core.operation.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One action to switch the Services of a blue-green upgrade of Prometheus from one side to the other: back to the
 * old StatefulSet during the rollback window, or forward to the new one again. The sides and the selector before the
 * first switch are read from the Services' annotation ({@link BlueGreen}). Steps: {@code label} (the target side's
 * pods get their {@value BlueGreen#VERSION_LABEL} label again, in case one was re-created without it) and
 * {@code switch} (every switched Service selects the target side). Neither side's pods are restarted.
 */
public final class BlueGreenSwitchOperation extends PlannedOperation<BlueGreenSwitchOperation.Result> {
    private static final Logger LOG = LoggerFactory.getLogger(BlueGreenSwitchOperation.class);

    /**
     * How a switch ended.
     *
     * @param from     the StatefulSet the Services selected before
     * @param to       the one they select now
     * @param version  its version
     * @param services the Services switched
     */
    public record Result(String from, String to, String version, List<String> services) {
        public Result {
            services = List.copyOf(services);
        }
    }

    private final ClusterSession session;
    private final boolean back;
    private final BlueGreen sides;

    private BlueGreen.Sides recorded;
    private String target;
    private String targetVersion;
    private String source;
    private List<Service> services = List.of();

    /**
     * The switch of the session's namespace's Prometheus Services.
     *
     * @param back true: to the old side (switch back); false: to the new side (switch forward again)
     */
    public BlueGreenSwitchOperation(ClusterSession session, boolean back) {
        this.session = Objects.requireNonNull(session, "session");
        this.back = back;
        this.sides = new BlueGreen(session);
    }

    @Override
    protected Plan makePlan(Cancellation cancellation) {
        recorded = sides.recorded();
        services = sides.switchedServices();
        targetVersion = back ? recorded.oldVersion() : recorded.newVersion();
        target = recorded.statefulSetOf(targetVersion);
        source = back ? recorded.created() : recorded.old();
        if (services.stream().allMatch(s -> targetVersion.equals(BlueGreen.selectedVersion(s)))) {
            throw new ConsoleException("The Services already select StatefulSet/" + target + " (" + targetVersion
                    + "): there is nothing to switch.");
        }
        if (sides.statefulSet(target) == null) {
            throw new ConsoleException("StatefulSet/" + target + " is gone from " + session.namespace()
                    + ": there is nothing to switch " + (back ? "back" : "forward") + " to.");
        }
        cancellation.check();
        List<Pod> pods = sides.pods(target);
        long ready = pods.stream().filter(BlueGreen::ready).count();
        if (ready == 0) {
            throw new ConsoleException("No replica of StatefulSet/" + target + " is ready (" + pods.size()
                    + " pods): switching to it would leave Prometheus without a server. Look at kubectl get pods -n "
                    + session.namespace() + ".");
        }
        List<String> notes = new ArrayList<>();
        if (ready < pods.size()) {
            notes.add("WARNING: only " + ready + " of " + pods.size() + " replicas of " + target + " are ready.");
        }
        notes.add("StatefulSet/" + source + " keeps running; no pod is restarted.");
        List<Change> changes = new ArrayList<>();
        for (Service s : services) {
            changes.add(new Change(Change.Action.UPDATE, "Service/" + s.getMetadata().getName(), "selector "
                    + s.getSpec().getSelector() + " → " + recorded.selectorFor(targetVersion)));
        }
        String title = "Switch Prometheus in " + session.namespace() + (back ? " back" : "") + " to StatefulSet/"
                + target + " (" + targetVersion + ")";
        List<Step> steps = List.of(
                new Step("label", "Label the pods of " + target + " " + BlueGreen.VERSION_LABEL + "="
                        + targetVersion),
                new Step("switch", "Switch " + String.join(", ", services.stream().map(s -> "Service/"
                        + s.getMetadata().getName()).toList()) + " to " + target));
        return new Plan(back ? "switch-back" : "switch-forward", title, steps, changes, Confirmation.yes(title
                + "?"), false, notes);
    }

    @Override
    protected Result execute(Execution ex) {
        ex.step("label", () -> {
            int n = sides.labelPods(target, targetVersion);
            ex.detail(n == 0 ? "every pod already labelled" : n + " pods labelled");
        });
        List<String> switched = new ArrayList<>();
        ex.step("switch", () -> {
            Map<String, String> selector = recorded.selectorFor(targetVersion);
            for (Service s : services) {
                sides.select(s.getMetadata().getName(), selector, recorded);
                switched.add("Service/" + s.getMetadata().getName());
            }
            LOG.info("Blue-green: switched {} in {} to {}", switched, session.namespace(), target);
            ex.detail(String.join(", ", switched) + " select " + target);
        });
        return new Result("StatefulSet/" + source, "StatefulSet/" + target, targetVersion, switched);
    }
}
