package io.neurectomy.console.cli;

import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.ops.DeletePod;
import io.neurectomy.console.core.ops.NodeFault;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** The topology's pod and node actions on the command line: the same operations the window runs. */
public final class PodCommands {
    private PodCommands() {
    }

    /** {@code delete-pod POD}: delete a pod so that its controller replaces it. */
    @Command(name = "delete-pod", mixinStandardHelpOptions = true,
            description = {"Delete a pod so that its controller (StatefulSet, ReplicaSet) creates it again, e.g. a"
                    + " replica stuck on a failed node. Prints the plan and what replaces the pod; asks at a"
                    + " terminal, or --yes.", "Exit codes: 0 done, 1 failed, 2 usage, 130 cancelled."})
    public static final class Delete extends ClusterOperationCommand {
        @Parameters(index = "0", paramLabel = "POD", description = "The pod's name, e.g. prometheus-1.")
        String pod;

        @Override
        int run(ClusterSession session, OperationRunner runner) {
            return runner.run(DeletePod.lookingUpOwner(session, cluster.namespace(), pod),
                    OperationRunner.ResultView.plain());
        }
    }

    /** {@code node-fault fail|recover NODE}: fault injection, where the cluster offers it. */
    @Command(name = "node-fault", mixinStandardHelpOptions = true,
            description = {"Make a node fail (NotReady, its pods stop) or recover, to rehearse an outage. Only on a"
                    + " cluster that offers node fault injection (the console's sandbox); elsewhere it is refused"
                    + " and nothing changes.", "Exit codes: 0 done, 1 failed or refused, 2 usage."})
    public static final class Fault extends ClusterOperationCommand {
        @Parameters(index = "0", paramLabel = "ACTION", description = "fail or recover")
        String action;

        @Parameters(index = "1", paramLabel = "NODE", description = "The node's name.")
        String node;

        private boolean fail() {
            return switch (action) {
                case "fail" -> true;
                case "recover" -> false;
                default -> throw new UsageException("unknown action '" + action + "'; use fail or recover");
            };
        }

        @Override
        void checkOptions() {
            fail();
        }

        @Override
        int run(ClusterSession session, OperationRunner runner) {
            return runner.run(new NodeFault(session, node, fail()), OperationRunner.ResultView.plain());
        }
    }
}
