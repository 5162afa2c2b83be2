package io.neurectomy.console.ui.deploy;

import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.operation.OperationResult;
import io.neurectomy.console.core.ops.deploy.ValidateOperation;
import io.neurectomy.console.core.ops.deploy.ValidationReport;
import io.neurectomy.console.core.stack.RenderedStack;
import io.neurectomy.console.ui.fx.ActivityLog;
import io.neurectomy.console.ui.fx.OperationModel;
import io.neurectomy.console.ui.fx.OperationSlot;
import io.neurectomy.console.ui.fx.TaskRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Validate tab: the consistency checks of the stack the deploy wizard's inputs render, and how the cluster
 * differs from it, run as a {@link ValidateOperation} and shown as one list of findings.
 */
public final class ValidateModel {
    private final Supplier<Function<Map<String, String>, RenderedStack>> render;
    private final OperationSlot<ValidationReport> operation;
    private ClusterSession session;

    private final ObservableList<Finding> findings = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");

    /** @param render how the deploy wizard's inputs render the stack now */
    ValidateModel(TaskRunner runner, Executor fx, ActivityLog activity,
                  Supplier<Function<Map<String, String>, RenderedStack>> render) {
        this.operation = new OperationSlot<>(runner, fx, activity);
        this.render = render;
    }

    void attach(ClusterSession newSession) {
        operation.cancel();
        session = newSession;
    }

    /** Runs the checks and the comparison with the cluster for the wizard's environment and values. */
    public void validate() {
        if (!operation.connected(session)) {
            return;
        }
        OperationModel<ValidationReport> op = operation.start(new ValidateOperation(session, render.get()));
        findings.clear();
        summary.set("Validating…");
        op.plan(p -> op.run(this::show), e -> {
            summary.set("");
            operation.fail(e);
        });
    }

    private void show(OperationResult<ValidationReport> result) {
        ValidationReport report = result.value();
        if (report == null) {
            summary.set(result.summary());
            operation.setError(result.error());
            return;
        }
        List<Finding> all = new ArrayList<>(report.findings());
        all.addAll(report.clusterFindings());
        all.sort(Finding.URGENCY);
        findings.setAll(all);
        summary.set(report.summary() + ".");
    }

    /** The checks' findings and the cluster's differences, most urgent first. */
    public ObservableList<Finding> findings() {
        return findings;
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** The validation running now, and why validate could not run (no connection, a stack that does not render). */
    public OperationSlot<ValidationReport> operation() {
        return operation;
    }
}
