package io.neurectomy.console.core.runbook;

import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.backup.store.BackupDirectory;
import io.neurectomy.console.core.backup.store.S3Settings;
import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.operation.Execution;
import io.neurectomy.console.core.operation.Operation;
import io.neurectomy.console.core.operation.OperationCancelledException;
import io.neurectomy.console.core.operation.OperationResult;
import io.neurectomy.console.core.operation.Plan;
import io.neurectomy.console.core.operation.ProgressEvent;
import io.neurectomy.console.core.stack.StackComponent;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What an automatic runbook step works with: the session, the findings detection matched, how long a step may
 * wait, and the way to run an operation as part of the step (its steps become notes of the runbook's step).
 *
 * @param session     the cluster and namespace the runbook recovers
 * @param detected    the findings that pointed to the scenario when the run started
 * @param stepTimeout how long one step may wait for the cluster (a replacement pod to be ready)
 * @param poll        how often to look meanwhile
 * @param timeline    the run's timeline (a restore records the archive's RPO here)
 * @param backups     the backups directory whose archives a restore would use, or null when none is known
 * @param bucket      the S3 bucket and prefix the archives are synced to, or null when none is configured
 * @param redeploy    what a redeploy on a new cluster uses (environment, values file, passphrase), or null when
 *                    none was given
 */
public record RunbookContext(ClusterSession session, List<Finding> detected, Duration stepTimeout, Duration poll,
                             Timeline timeline, BackupDirectory backups, S3Settings bucket, Redeploy redeploy) {
    public RunbookContext {
        detected = List.copyOf(detected);
    }

    /**
     * The stack pods the detected findings name (as their subject, or as the target of their action), in the
     * findings' order, without repeats; with {@code codes} given, only from findings of those codes.
     */
    public List<String> pods(String... codes) {
        Set<String> wanted = Set.of(codes);
        Set<String> pods = new LinkedHashSet<>();
        for (Finding f : detected) {
            if (!wanted.isEmpty() && !wanted.contains(f.code())) {
                continue;
            }
            if (StackComponent.ofPod(f.subject()).isPresent()) {
                pods.add(f.subject());
            }
            f.action().map(a -> a.target().substring(a.target().lastIndexOf('/') + 1))
                    .filter(p -> StackComponent.ofPod(p).isPresent()).ifPresent(pods::add);
        }
        return List.copyOf(pods);
    }

    /**
     * Plans and runs {@code operation} as part of the current step: its plan is not confirmed again (the runbook
     * was), its steps are reported as notes, and a failure or cancel ends the step with the operation's reason.
     * Returns the operation's value.
     */
    public <R> R run(Operation<R> operation, Execution ex) {
        Plan plan = operation.plan(ex.cancellation());
        OperationResult<R> result = operation.run(plan, event -> {
            if (event instanceof ProgressEvent.StepFinished f) {
                ex.note(f.step().title() + ": " + f.outcome().status().name().toLowerCase(java.util.Locale.ROOT)
                        + (f.outcome().detail().isBlank() ? "" : " (" + f.outcome().detail() + ")"));
            } else if (event instanceof ProgressEvent.Note n) {
                ex.note(n.text());
            }
        }, ex.cancellation());
        if (result.cancelled()) {
            throw new OperationCancelledException();
        }
        if (!result.succeeded()) {
            throw new ConsoleException(plan.title() + " failed: " + (result.error().isBlank() ? result.summary()
                    : result.error()));
        }
        return result.value();
    }
}
