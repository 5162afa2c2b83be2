package io.neurectomy.console.core.ops;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.cluster.ApiMessages;
import io.neurectomy.console.core.cluster.Capability;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.SandboxMarker;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.Change;
import io.neurectomy.console.core.operation.Execution;
import io.neurectomy.console.core.operation.Operation;
import io.neurectomy.console.core.operation.OperationResult;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.core.operation.ProgressListener;
import io.neurectomy.console.core.operation.Step;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a node fail (NotReady, its pods stop) or recover, on a cluster with {@link Capability#NODE_FAULTS}: through
 * the node annotation {@value SandboxMarker#NODE_FAILED_ANNOTATION} that such a cluster acts on. One step,
 * {@value #STEP_FAIL} or {@value #STEP_RECOVER}. It needs no confirmation: it is the fault the user asked to try,
 * and recovering undoes it. Refused, with nothing changed, on a cluster without the capability.
 */
public final class NodeFault implements Operation<Void> {
    /** The operation's name in plans and JSON. */
    public static final String NAME = "node-fault";
    /** The step that makes the node fail. */
    public static final String STEP_FAIL = "fail-node";
    /** The step that makes it recover. */
    public static final String STEP_RECOVER = "recover-node";
    private static final Logger LOG = LoggerFactory.getLogger(NodeFault.class);

    private final ClusterSession session;
    private final String node;
    private final boolean failed;

    /** @param failed true to make {@code node} fail, false to make it recover */
    public NodeFault(ClusterSession session, String node, boolean failed) {
        this.session = session;
        this.node = node;
        this.failed = failed;
    }

    private String verb() {
        return failed ? "fail" : "recover";
    }

    @Override
    public Plan plan(Cancellation cancellation) {
        String title = (failed ? "Fail" : "Recover") + " node " + node;
        return Plan.of(NAME, title, List.of(new Step(failed ? STEP_FAIL : STEP_RECOVER, title)))
                .withChanges(List.of(new Change(Change.Action.UPDATE, "node " + node, failed
                        ? "turns NotReady and its pods stop" : "turns Ready and its pods start again")));
    }

    @Override
    public OperationResult<Void> run(Plan plan, ProgressListener listener, Cancellation cancellation) {
        return Execution.run(plan, listener, cancellation, ex -> {
            ex.step(failed ? STEP_FAIL : STEP_RECOVER, () -> annotate(ex.cancellation()));
            return null;
        });
    }

    private void annotate(Cancellation cancellation) {
        if (!session.capabilities().contains(Capability.NODE_FAULTS)) {
            throw new ConsoleException("Simulating a node failure is only possible on a cluster that offers node"
                    + " fault injection (the console's sandbox); context " + session.context() + " does not, and"
                    + " nothing was changed. To take a real node out of service, cordon and drain it.");
        }
        ApiErrors.requireOpen(session, verb() + " node " + node);
        cancellation.check();
        // The node's own status changes all the time (a kubelet, or the sandbox's controller after a fault), so a
        // write on the version just read can meet a 409: read again and write again, a few times.
        try {
            ConflictRetry.write(verb() + " node " + node, this::write);
        } catch (KubernetesClientException e) {
            throw ApiErrors.failure(session, e, verb() + " node " + node,
                    "The cluster refused to change node " + node + " (403): " + ApiMessages.status(e),
                    "Node " + node + " does not exist in the cluster (any more). Refresh the view.");
        } catch (IllegalStateException e) {
            throw ApiErrors.closed(session, verb() + " node " + node, e);
        }
        LOG.info("Node {} {} (context {})", node, failed ? "set to fail" : "set to recover", session.context());
    }

    /**
     * A read-modify-write (a JSON patch of the difference): a merge patch with null does not remove an annotation
     * on every server.
     */
    private void write() {
        session.client().nodes().withName(node).edit(n -> {
            Map<String, String> annotations = n.getMetadata().getAnnotations() == null ? new HashMap<>()
                    : new HashMap<>(n.getMetadata().getAnnotations());
            if (failed) {
                annotations.put(SandboxMarker.NODE_FAILED_ANNOTATION, "true");
            } else {
                annotations.remove(SandboxMarker.NODE_FAILED_ANNOTATION);
            }
            n.getMetadata().setAnnotations(annotations);
            return n;
        });
    }
}
