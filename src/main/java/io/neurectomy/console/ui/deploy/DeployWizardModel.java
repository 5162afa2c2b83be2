package io.neurectomy.console.ui.deploy;

import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.operation.OperationCancelledException;
import io.neurectomy.console.core.operation.OperationResult;
import io.neurectomy.console.core.operation.StepOutcome;
import io.neurectomy.console.core.ops.deploy.DeployOperation;
import io.neurectomy.console.core.ops.deploy.DeployPlan;
import io.neurectomy.console.core.ops.deploy.KeptValues;
import io.neurectomy.console.core.ops.deploy.ObjectChange;
import io.neurectomy.console.core.stack.RenderedStack;
import io.neurectomy.console.core.stack.StackManifests;
import io.neurectomy.console.core.stack.ValueSpec;
import io.neurectomy.console.ui.fx.ActivityLog;
import io.neurectomy.console.ui.fx.OperationModel;
import io.neurectomy.console.ui.fx.OperationSlot;
import io.neurectomy.console.ui.fx.TaskRunner;
import io.neurectomy.console.ui.fx.WizardFlow;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

/**
 * The deploy wizard's typed model: environment → values → preflight → secrets → review → apply (objects, rollouts)
 * → health. Preflight ({@link PreflightModel}) checks the cluster for the stack the values render; what would make
 * the deploy fail blocks the way on until fixed, or until the user explicitly chooses to deploy anyway.
 * The pages and their validity are a {@link WizardFlow}; the plan, the run and Cancel go through an
 * {@link OperationModel} of a {@link DeployOperation} (listed in the Activity panel). Nothing is written before the
 * user applies the plan on the review page.
 */
public final class DeployWizardModel {
    private static final Duration DEFAULT_ROLLOUT_TIMEOUT = Duration.ofMinutes(15);

    /** The wizard's pages, in order. */
    public enum Page {
        ENVIRONMENT("Environment"), VALUES("Values"), PREFLIGHT("Preflight"), SECRETS("Secrets"), REVIEW("Review"),
        APPLY("Apply"), HEALTH("Health");

        private final String title;

        Page(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }
    }

    private final TaskRunner runner;
    private final Supplier<StackManifests> manifests;
    private final SecretsForm secrets = new SecretsForm();
    private final PreflightModel preflight;
    private final WizardFlow<Page> flow = new WizardFlow<>(Page.class);
    private ClusterSession session;
    private Duration rolloutTimeout = DEFAULT_ROLLOUT_TIMEOUT;
    private final OperationSlot<DeployOperation.Report> operation;

    private final ObservableList<String> environments = FXCollections.observableArrayList();
    private final StringProperty environment = new SimpleStringProperty(this, "environment", "staging");
    private final StringProperty valuesFile = new SimpleStringProperty(this, "valuesFile", "");
    private final ObservableList<ValueRow> values = FXCollections.observableArrayList();
    private final ObservableList<ObjectChange> changes = FXCollections.observableArrayList();
    private final ObjectProperty<ObjectChange> selectedChange = new SimpleObjectProperty<>(this, "selectedChange");
    private final ReadOnlyStringWrapper planSummary = new ReadOnlyStringWrapper(this, "planSummary", "");
    private final ObservableList<Finding> health = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyBooleanWrapper checking = new ReadOnlyBooleanWrapper(this, "checking");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyBooleanWrapper connected = new ReadOnlyBooleanWrapper(this, "connected");
    private final ReadOnlyBooleanWrapper planned = new ReadOnlyBooleanWrapper(this, "planned");

    DeployWizardModel(TaskRunner runner, Executor fx, Supplier<StackManifests> manifests, ActivityLog activity) {
        this.runner = runner;
        this.manifests = manifests;
        this.operation = new OperationSlot<>(runner, fx, activity);
        this.preflight = new PreflightModel(runner);
        flow.setValid(Page.ENVIRONMENT, environment.isNotEmpty());
        // Every row valid; the binding is remade when the rows are (they load once per session's first attach).
        values.addListener((ListChangeListener<ValueRow>) c -> flow.setValid(Page.VALUES, Bindings
                .createBooleanBinding(() -> values.stream().allMatch(v -> v.validProperty().get()),
                        values.stream().map(ValueRow::validProperty).toArray(Observable[]::new))));
        flow.setValid(Page.PREFLIGHT, preflight.passedProperty());
        flow.setValid(Page.SECRETS, connected.getReadOnlyProperty());
        flow.setValid(Page.REVIEW, planned.getReadOnlyProperty().and(connected.getReadOnlyProperty()));
        // The run moves on to the health page by itself; after a failure or cancel, Back plans again.
        flow.setValid(Page.APPLY, Bindings.createBooleanBinding(() -> false));
        busy.bind(checking.or(operation.busyProperty()).or(preflight.runningProperty()));
    }

    /** How long the run waits for the rollouts before it reports replicas that are not ready (tests shorten it). */
    void setRolloutTimeout(Duration timeout) {
        this.rolloutTimeout = timeout;
    }

    /** Follows a new session (null when disconnected); loads the environments and values on first use. */
    void attach(ClusterSession newSession) {
        cancelRunning();
        preflight.attach(newSession);
        this.session = newSession;
        connected.set(newSession != null);
        if (newSession == null || !environments.isEmpty()) {
            return;
        }
        runner.run(() -> {
            StackManifests m = manifests.get();
            return Map.entry(m.environments(), m.valueSpecs());
        }, loaded -> {
            environments.setAll(loaded.getKey());
            List<ValueRow> rows = new ArrayList<>();
            for (ValueSpec spec : loaded.getValue()) {
                if (!spec.secret() && !SecretsForm.VALUES.contains(spec.name())) {
                    rows.add(new ValueRow(spec));
                }
            }
            values.setAll(rows);
        }, this::fail);
    }

    /** Enter: the next page when the current one is valid; on the review page this applies the plan. */
    public void next() {
        if (busy.get()) {
            return;
        }
        operation.setError("");
        switch (flow.page()) {
            case ENVIRONMENT -> flow.next();
            case VALUES -> checkValues();
            case PREFLIGHT -> flow.next();
            case SECRETS -> makePlan();
            case REVIEW -> apply();
            case HEALTH -> restart();
            default -> { }
        }
    }

    /** Esc: cancels what runs, else goes back one input page (after a failed or cancelled run: to the secrets). */
    public void back() {
        if (busy.get()) {
            cancelRunning();
            return;
        }
        operation.setError("");
        if (flow.page() == Page.APPLY) {
            // The secrets page's Next plans again from what the cluster has now.
            flow.go(Page.SECRETS);
        } else if (flow.page() != Page.HEALTH) {
            flow.back();
        }
    }

    /** Stops the running plan or deploy at its next step. */
    public void cancelRunning() {
        preflight.cancel();
        operation.cancel();
    }

    /** Back to the first page for another deploy (values and secrets kept). */
    public void restart() {
        // The last operation is let go (it stays in the Activity panel).
        operation.release();
        flow.go(Page.ENVIRONMENT);
        changes.clear();
        health.clear();
        preflight.clear();
        planned.set(false);
        status.set("");
    }

    private Map<String, String> givenValues() {
        Map<String, String> out = new LinkedHashMap<>();
        for (ValueRow row : values) {
            String v = row.valueProperty().get() == null ? "" : row.valueProperty().get().strip();
            if (!v.isEmpty()) {
                out.put(row.name(), v);
            }
        }
        return out;
    }

    private Path valuesPath() {
        String f = valuesFile.get() == null ? "" : valuesFile.get().strip();
        return f.isEmpty() ? null : Path.of(f);
    }

    /**
     * Renders with placeholder secrets, so that the values page reports only its own problems, then goes to the
     * preflight page and checks the cluster for that stack (preflight reads no secret).
     */
    private void checkValues() {
        if (!flow.canGoNext().get()) {
            operation.setError(values.stream().filter(v -> !v.validProperty().get()).map(ValueRow::problem).findFirst()
                    .orElse(""));
            return;
        }
        Map<String, String> withPlaceholders = new LinkedHashMap<>(SecretsForm.PLACEHOLDERS);
        withPlaceholders.putAll(givenValues());
        String env = environment.get();
        Path file = valuesPath();
        checking.set(true);
        runner.run(() -> manifests.get().render(env, file, withPlaceholders), rendered -> {
            checking.set(false);
            flow.next();
            preflight.run(session, rendered);
        }, this::fail);
    }

    /**
     * How the stack is rendered for the plan: the page's values, the values file, and the secrets page (fields left
     * empty keep what the deployed stack has; Grafana's secret key is never replaced).
     */
    private Function<Map<String, String>, RenderedStack> deployRender() {
        secrets.takeFields();
        Map<String, String> given = givenValues();
        String env = environment.get();
        Path file = valuesPath();
        return current -> {
            Set<String> inFile = KeptValues.namesIn(file);
            Map<String, String> all = new LinkedHashMap<>(given);
            all.putAll(secrets.resolve(KeptValues.notSetIn(current, file), inFile));
            return manifests.get().render(env, file, all);
        };
    }

    /** How Validate renders: the wizard's values and the secrets typed (none generated), the rest from the cluster. */
    Function<Map<String, String>, RenderedStack> validateRender() {
        Map<String, String> all = new LinkedHashMap<>(givenValues());
        all.putAll(secrets.given());
        String env = environment.get();
        Path file = valuesPath();
        return current -> manifests.get().render(env, file, KeptValues.merged(current, file, all));
    }

    private void makePlan() {
        if (!operation.connected(session)) {
            return;
        }
        DeployOperation deploy = new DeployOperation(session, deployRender(), rolloutTimeout);
        OperationModel<DeployOperation.Report> op = operation.start(deploy);
        // While the plan runs, the status line shows its current step or note.
        op.messageProperty().addListener((obs, old, now) -> {
            if (operation.current() == op && op.runningProperty().get()) {
                status.set(now);
            }
        });
        status.set("Comparing the stack with the cluster…");
        op.plan(p -> {
            status.set("");
            DeployPlan plan = deploy.deployPlan();
            changes.setAll(plan.changes());
            selectedChange.set(plan.changes().stream().filter(c -> c.action() == ObjectChange.Action.UPDATE)
                    .findFirst().orElse(plan.changes().isEmpty() ? null : plan.changes().get(0)));
            planSummary.set(plan.summary() + (plan.unchanged() ? ": applying writes nothing." : "."));
            planned.set(true);
            flow.go(Page.REVIEW);
        }, e -> {
            status.set("");
            fail(e);
        });
    }

    private void apply() {
        OperationModel<DeployOperation.Report> op = operation.current();
        if (op == null || !planned.get() || session == null) {
            return;
        }
        health.clear();
        flow.go(Page.APPLY);
        op.run(this::finished);
    }

    private void finished(OperationResult<DeployOperation.Report> result) {
        StepOutcome healthStep = result.outcome(DeployOperation.HEALTH);
        if (healthStep.status() != StepOutcome.Status.DONE || result.value() == null) {
            // Stopped while writing: the steps say what was and was not applied; deploying again continues.
            status.set(result.summary());
            if (result.status() == OperationResult.Status.FAILED) {
                operation.setError(result.error());
            }
            return;
        }
        health.setAll(result.value().health());
        status.set(result.value().complete() ? "Every replica is ready." : result.outcome(DeployOperation.ROLLOUT)
                .detail());
        planned.set(false);
        flow.go(Page.HEALTH);
    }

    private void fail(Throwable e) {
        checking.set(false);
        if (e instanceof OperationCancelledException) {
            status.set("Cancelled.");
            return;
        }
        operation.fail(e);
    }

    // ---------------------------------------------------------------- secrets page

    /** Generates a strong Grafana admin password and shows it (revealed, so the user can note it). */
    public void generatePassword() {
        secrets.generatePassword();
    }

    /** Adds the basic-auth user typed in (bcrypt-hashed at once; the password field is cleared). */
    public void addUser() {
        operation.setError("");
        try {
            secrets.addUser();
        } catch (RuntimeException e) {
            operation.setError(e.getMessage());
        }
    }

    public void removeUser(String user) {
        secrets.removeUser(user);
    }

    /** The preflight page: the checks of the cluster for the stack the values render. */
    public PreflightModel preflight() {
        return preflight;
    }

    /** The secrets page's fields. */
    public SecretsForm secrets() {
        return secrets;
    }

    // ---------------------------------------------------------------- properties

    /** The pages and the way through them. */
    public WizardFlow<Page> flow() {
        return flow;
    }

    public ReadOnlyObjectProperty<Page> pageProperty() {
        return flow.pageProperty();
    }

    public ObservableList<String> environments() {
        return environments;
    }

    public StringProperty environmentProperty() {
        return environment;
    }

    /** Path of a values file (empty for none). */
    public StringProperty valuesFileProperty() {
        return valuesFile;
    }

    public ObservableList<ValueRow> values() {
        return values;
    }

    /** The plan on the review page, in apply order. */
    public ObservableList<ObjectChange> changes() {
        return changes;
    }

    /** The object whose diff the review page shows. */
    public ObjectProperty<ObjectChange> selectedChangeProperty() {
        return selectedChange;
    }

    public ReadOnlyStringProperty planSummaryProperty() {
        return planSummary.getReadOnlyProperty();
    }

    /** The health summary after a run, as findings. */
    public ObservableList<Finding> health() {
        return health;
    }

    /** The current step or note while running; the outcome afterwards. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** Checking values, planning or running. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /**
     * The plan or deploy running now: its steps (one per object written, then the rollout wait and the health
     * summary) and progress; and what went wrong, as core worded it.
     */
    public OperationSlot<DeployOperation.Report> operation() {
        return operation;
    }

    public ReadOnlyBooleanProperty connectedProperty() {
        return connected.getReadOnlyProperty();
    }
}
