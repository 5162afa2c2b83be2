package io.neurectomy.console.core.ops;

import io.fabric8.kubernetes.api.model.NodeSpec;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.neurectomy.console.core.cluster.ApiMessages;
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
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code kubectl cordon} (or {@code uncordon}) of nodes: marks each unschedulable, so that no new pod is placed on a
 * node that failed until it is repaired, or schedulable again. One step per node, {@code cordon-NODE} or
 * {@code uncordon-NODE}; a node already so is left as it is. Pods already on the node stay.
 */
public final class CordonNodes extends PlannedOperation<List<String>> {
    /** The operation's name in plans and JSON. */
    public static final String NAME = "cordon";
    private static final Logger LOG = LoggerFactory.getLogger(CordonNodes.class);

    private final ClusterSession session;
    private final List<String> nodes;
    private final boolean cordon;

    /** @param cordon true to cordon the nodes, false to uncordon them */
    public CordonNodes(ClusterSession session, List<String> nodes, boolean cordon) {
        this.session = Objects.requireNonNull(session, "session");
        this.nodes = List.copyOf(nodes);
        this.cordon = cordon;
        if (this.nodes.isEmpty()) {
            throw new IllegalArgumentException("no node to " + verb());
        }
    }

    private String verb() {
        return cordon ? "cordon" : "uncordon";
    }

    /** The step that cordons (or uncordons) {@code node}. */
    public static String stepId(String node, boolean cordon) {
        return (cordon ? "cordon-" : "uncordon-") + node;
    }

    @Override
    protected Plan makePlan(Cancellation cancellation) {
        List<Step> steps = new ArrayList<>();
        List<Change> changes = new ArrayList<>();
        for (String node : nodes) {
            steps.add(new Step(stepId(node, cordon), (cordon ? "Cordon " : "Uncordon ") + node));
            changes.add(new Change(Change.Action.UPDATE, "node " + node, cordon ? "no new pods are placed on it"
                    : "pods may be placed on it again"));
        }
        String title = (cordon ? "Cordon " : "Uncordon ") + String.join(", ", nodes);
        return Plan.of(NAME, title, steps).withChanges(changes).withConfirmation(Confirmation.yes(title + "?"));
    }

    @Override
    protected List<String> execute(Execution ex) {
        List<String> changed = new ArrayList<>();
        for (String node : nodes) {
            ex.step(stepId(node, cordon), () -> {
                if (write(node)) {
                    changed.add(node);
                    ex.detail(node + (cordon ? " cordoned" : " uncordoned"));
                } else {
                    ex.detail(node + " was already " + (cordon ? "cordoned" : "schedulable"));
                }
            });
        }
        return changed;
    }

    /** Sets the node's {@code spec.unschedulable}; false when it already had that value. */
    private boolean write(String node) {
        ApiErrors.requireOpen(session, verb() + " node " + node);
        boolean[] changed = {false};
        try {
            ConflictRetry.write(verb() + " node " + node, () -> session.client().nodes().withName(node).edit(n -> {
                if (n.getSpec() == null) {
                    n.setSpec(new NodeSpec());
                }
                changed[0] = !Boolean.valueOf(cordon).equals(Boolean.TRUE.equals(n.getSpec().getUnschedulable()));
                n.getSpec().setUnschedulable(cordon ? Boolean.TRUE : null);
                return n;
            }));
        } catch (KubernetesClientException e) {
            throw ApiErrors.failure(session, e, verb() + " node " + node, "The cluster refused to " + verb()
                    + " node " + node + " (403): " + ApiMessages.status(e) + ". Ask for a ClusterRole that allows"
                    + " 'patch' on nodes.", "Node " + node + " does not exist in the cluster (any more).");
        } catch (IllegalStateException e) {
            throw ApiErrors.closed(session, verb() + " node " + node, e);
        }
        if (changed[0]) {
            LOG.info("Node {} {} (context {})", node, cordon ? "cordoned" : "uncordoned", session.context());
        }
        return changed[0];
    }
}
