package io.neurectomy.console.ui.deploy;

import io.neurectomy.console.core.AppDirs;
import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.OperationCancelledException;
import io.neurectomy.console.core.ops.Progress;
import io.neurectomy.console.core.ops.deploy.DeployPlan;
import io.neurectomy.console.core.ops.deploy.HealthSummary;
import io.neurectomy.console.core.ops.deploy.KeptValues;
import io.neurectomy.console.core.ops.deploy.ObjectChange;
import io.neurectomy.console.core.ops.deploy.StackDeployer;
import io.neurectomy.console.core.ops.deploy.StackDestroyer;
import io.neurectomy.console.core.ops.deploy.StackSecrets;
import io.neurectomy.console.core.ops.deploy.ValidationReport;
import io.neurectomy.console.core.stack.RenderedStack;
import io.neurectomy.console.core.stack.StackManifests;
import io.neurectomy.console.core.stack.ValueSpec;
import io.neurectomy.console.ui.fx.TaskRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Stack section: the deploy wizard (environment → values → secrets → review → apply → rollouts → health),
 * Validate and Destroy. Pages are thin views bound to this one typed model; every cluster call goes through the
 * core's {@link StackDeployer} / {@link StackDestroyer} on the {@link TaskRunner}, and nothing is written before the
 * user confirms on the review page (or types the namespace name for destroy).
 */
public final class StackViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(StackViewModel.class);
    private static final Duration DEFAULT_ROLLOUT_TIMEOUT = Duration.ofMinutes(15);
    private static final Duration DESTROY_TIMEOUT = Duration.ofMinutes(5);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    /** Values the secrets page asks for; the values page leaves them out. */
    private static final List<String> SECRET_PAGE_VALUES = List.of("grafanaAdminPassword", "grafanaSecretKey",
            "slackWebhookUrl", "pagerdutyRoutingKey", "ingressBasicAuthHtpasswd");

    /** The wizard's pages, in order. */
    public enum Page {
        ENVIRONMENT("Environment"), VALUES("Values"), SECRETS("Secrets"), REVIEW("Review"), APPLY("Apply"),
        ROLLOUT("Rollout"), HEALTH("Health");

        private final String title;

        Page(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }
    }

    private final TaskRunner runner;
    private final Executor fx;
    private Runnable topologyOpener = () -> { };
    private final Supplier<StackManifests> manifests;
    private ClusterSession session;
    private Cancellation cancellation;
    private Duration rolloutTimeout = DEFAULT_ROLLOUT_TIMEOUT;
    private RenderedStack stack;
    private DeployPlan plan;

    private final ReadOnlyObjectWrapper<Page> page = new ReadOnlyObjectWrapper<>(this, "page", Page.ENVIRONMENT);
    private final ObservableList<String> environments = FXCollections.observableArrayList();
    private final StringProperty environment = new SimpleStringProperty(this, "environment", "staging");
    private final StringProperty valuesFile = new SimpleStringProperty(this, "valuesFile", "");
    private final ObservableList<ValueRow> values = FXCollections.observableArrayList();
    private final StringProperty grafanaPassword = new SimpleStringProperty(this, "grafanaPassword", "");
    private final BooleanProperty revealSecrets = new SimpleBooleanProperty(this, "revealSecrets");
    private final StringProperty slackWebhookUrl = new SimpleStringProperty(this, "slackWebhookUrl", "");
    private final StringProperty pagerdutyRoutingKey = new SimpleStringProperty(this, "pagerdutyRoutingKey", "");
    private final StringProperty newUser = new SimpleStringProperty(this, "newUser", "");
    private final StringProperty newUserPassword = new SimpleStringProperty(this, "newUserPassword", "");
    private final ObservableList<String> basicAuthUsers = FXCollections.observableArrayList();
    private final StackSecrets secrets = new StackSecrets();
    private final ObservableList<ObjectChange> changes = FXCollections.observableArrayList();
    private final ObjectProperty<ObjectChange> selectedChange = new SimpleObjectProperty<>(this, "selectedChange");
    private final ReadOnlyStringWrapper planSummary = new ReadOnlyStringWrapper(this, "planSummary", "");
    private final ObservableList<String> steps = FXCollections.observableArrayList();
    private final DoubleProperty progress = new SimpleDoubleProperty(this, "progress", 0);
    private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper(this, "progressText", "");
    private final ObservableList<String> workloads = FXCollections.observableArrayList();
    private final ObservableList<String> health = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyBooleanWrapper connected = new ReadOnlyBooleanWrapper(this, "connected");

    private final ObservableList<String> findings = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper validateSummary = new ReadOnlyStringWrapper(this, "validateSummary", "");

    private final ReadOnlyStringWrapper destroyNamespace = new ReadOnlyStringWrapper(this, "destroyNamespace",
            RenderedStack.NAMESPACE);
    private final ObservableList<String> destroyPlan = FXCollections.observableArrayList();
    private final StringProperty destroyConfirmation = new SimpleStringProperty(this, "destroyConfirmation", "");
    private final StringProperty exportPassphrase = new SimpleStringProperty(this, "exportPassphrase", "");
    private final StringProperty exportPassphraseRepeat = new SimpleStringProperty(this, "exportPassphraseRepeat",
            "");
    private final BooleanProperty leaveOutSecretValues = new SimpleBooleanProperty(this, "leaveOutSecretValues");
    private final StringProperty exportFile = new SimpleStringProperty(this, "exportFile", "");
    private final ReadOnlyStringWrapper destroyResult = new ReadOnlyStringWrapper(this, "destroyResult", "");

    /** The application's model: bundled stack, UI updates through {@code Platform.runLater}. */
    public StackViewModel(TaskRunner runner) {
        this(runner, Platform::runLater, StackManifests::bundled);
    }

    /** Tests: {@code fx} runs progress updates (e.g. {@code Runnable::run} with an inline runner). */
    public StackViewModel(TaskRunner runner, Executor fx, Supplier<StackManifests> manifests) {
        this.runner = runner;
        this.fx = fx;
        this.manifests = manifests;
    }

    /** How long the rollout page waits before it reports replicas that are not ready (tests shorten it). */
    void setRolloutTimeout(Duration timeout) {
        this.rolloutTimeout = timeout;
    }

    /** Follows a new session (null when disconnected); loads the environments and values on first use. */
    public void attach(ClusterSession session) {
        cancelRunning();
        this.session = session;
        connected.set(session != null);
        if (session == null) {
            return;
        }
        destroyNamespace.set(RenderedStack.NAMESPACE.equals(session.namespace()) || "default".equals(session
                .namespace()) ? RenderedStack.NAMESPACE : session.namespace());
        if (environments.isEmpty()) {
            runner.run(() -> {
                StackManifests m = manifests.get();
                return Map.entry(m.environments(), m.valueSpecs());
            }, loaded -> {
                environments.setAll(loaded.getKey());
                List<ValueRow> rows = new ArrayList<>();
                for (ValueSpec spec : loaded.getValue()) {
                    if (!spec.secret() && !SECRET_PAGE_VALUES.contains(spec.name())) {
                        rows.add(new ValueRow(spec));
                    }
                }
                values.setAll(rows);
            }, this::fail);
        }
    }

    /** Leaves the session: stops what runs and goes back to the first page. */
    public void detach() {
        attach(null);
        page.set(Page.ENVIRONMENT);
    }

    // ---------------------------------------------------------------- navigation

    /** Enter: the next page, validating the current one; on the review page this applies the plan. */
    public void next() {
        if (busy.get()) {
            return;
        }
        error.set("");
        switch (page.get()) {
            case ENVIRONMENT -> page.set(Page.VALUES);
            case VALUES -> checkValues();
            case SECRETS -> makePlan();
            case REVIEW -> apply();
            case HEALTH -> restart();
            default -> { }
        }
    }

    /** Esc: cancels what runs (apply, rollout wait), else goes back one input page. */
    public void back() {
        if (busy.get()) {
            cancelRunning();
            return;
        }
        error.set("");
        switch (page.get()) {
            case VALUES -> page.set(Page.ENVIRONMENT);
            case SECRETS -> page.set(Page.VALUES);
            case REVIEW -> page.set(Page.SECRETS);
            // After a failure or a cancel: back to the secrets page, whose Next plans again from the cluster.
            case APPLY, ROLLOUT -> page.set(Page.SECRETS);
            default -> { }
        }
    }

    /** Stops the running apply or rollout wait at its next step. */
    public void cancelRunning() {
        Cancellation c = cancellation;
        if (c != null) {
            c.cancel();
        }
    }

    /** Back to the first page for another deploy (values and secrets kept). */
    public void restart() {
        page.set(Page.ENVIRONMENT);
        changes.clear();
        steps.clear();
        workloads.clear();
        health.clear();
        progress.set(0);
        progressText.set("");
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

    /** Renders with placeholder secrets, so that the values page reports only its own problems. */
    private void checkValues() {
        Map<String, String> withPlaceholders = new LinkedHashMap<>(Map.of("grafanaAdminPassword",
                "placeholder-password", "grafanaSecretKey", "placeholder-secret-key", "slackWebhookUrl",
                "https://hooks.slack.com/placeholder", "pagerdutyRoutingKey", "placeholder-key",
                "ingressBasicAuthHtpasswd", "placeholder:$2y$10$placeholder"));
        withPlaceholders.putAll(givenValues());
        String env = environment.get();
        Path file = valuesPath();
        busy.set(true);
        runner.run(() -> manifests.get().render(env, file, withPlaceholders), ok -> {
            busy.set(false);
            page.set(Page.SECRETS);
        }, this::fail);
    }

    // ---------------------------------------------------------------- secrets page

    /** Generates a strong Grafana admin password and shows it (revealed, so the user can note it). */
    public void generatePassword() {
        grafanaPassword.set(StackSecrets.generatePassword(24));
        revealSecrets.set(true);
    }

    /** Adds the basic-auth user typed in (bcrypt-hashed at once; the password field is cleared). */
    public void addUser() {
        error.set("");
        String user = newUser.get() == null ? "" : newUser.get().strip();
        char[] password = newUserPassword.get() == null ? new char[0] : newUserPassword.get().toCharArray();
        try {
            secrets.addBasicAuthUser(user, password);
        } catch (RuntimeException e) {
            error.set(e.getMessage());
            return;
        } finally {
            Arrays.fill(password, '\0');
        }
        basicAuthUsers.setAll(secrets.basicAuthUsers());
        newUser.set("");
        newUserPassword.set("");
    }

    public void removeUser(String user) {
        secrets.removeBasicAuthUser(user);
        basicAuthUsers.setAll(secrets.basicAuthUsers());
    }

    private void makePlan() {
        if (session == null) {
            error.set("Connect to a cluster first (Connect, Ctrl+1).");
            return;
        }
        secrets.setGrafanaAdminPassword(blankToNull(grafanaPassword.get()));
        secrets.setSlackWebhookUrl(blankToNull(slackWebhookUrl.get()));
        secrets.setPagerdutyRoutingKey(blankToNull(pagerdutyRoutingKey.get()));
        Map<String, String> given = givenValues();
        String env = environment.get();
        Path file = valuesPath();
        ClusterSession s = session;
        busy.set(true);
        progressText.set("Comparing the stack with the cluster…");
        runner.run(() -> {
            StackDeployer deployer = new StackDeployer(s);
            // Empty fields keep what the deployed stack has (and Grafana's secret key is never replaced).
            Set<String> inFile = KeptValues.namesIn(file);
            secrets.keep(KeptValues.notSetIn(deployer.currentSecrets(), file));
            List<String> problems = secrets.problems(inFile);
            if (!problems.isEmpty()) {
                throw new ConsoleException(String.join("\n", problems));
            }
            Map<String, String> all = new LinkedHashMap<>(given);
            // What the values file sets wins over what the page would generate or keep.
            secrets.values().forEach((k, v) -> {
                if (!inFile.contains(k)) {
                    all.put(k, v);
                }
            });
            RenderedStack rendered = manifests.get().render(env, file, all);
            return Map.entry(rendered, deployer.plan(rendered, Cancellation.none()));
        }, result -> {
            busy.set(false);
            progressText.set("");
            stack = result.getKey();
            plan = result.getValue();
            changes.setAll(plan.changes());
            selectedChange.set(plan.changes().stream().filter(c -> c.action() == ObjectChange.Action.UPDATE)
                    .findFirst().orElse(plan.changes().isEmpty() ? null : plan.changes().get(0)));
            planSummary.set(plan.summary() + (plan.unchanged() ? ": applying writes nothing." : "."));
            page.set(Page.REVIEW);
        }, e -> {
            progressText.set("");
            fail(e);
        });
    }

    // ---------------------------------------------------------------- apply, rollout, health

    private void apply() {
        if (plan == null || session == null) {
            return;
        }
        StackDeployer deployer = new StackDeployer(session);
        Cancellation c = new Cancellation();
        cancellation = c;
        steps.clear();
        progress.set(0);
        busy.set(true);
        page.set(Page.APPLY);
        DeployPlan p = plan;
        Progress listener = (done, total, message) -> fx.execute(() -> {
            progress.set(total == 0 ? 1 : (double) done / total);
            progressText.set(message);
            if (done > 0 && message.contains(": ")) {
                steps.add(message);
            }
        });
        runner.run(() -> deployer.apply(p, listener, c), result -> {
            if (result.cancelled()) {
                busy.set(false);
                cancellation = null;
                progressText.set(result.summary());
                result.steps().stream().filter(st -> st.outcome() == StackDeployer.Outcome.NOT_RUN)
                        .forEach(st -> steps.add(st.change().ref() + ": not applied"));
                return;
            }
            progressText.set(result.summary());
            waitForRollouts(deployer, c);
        }, this::fail);
    }

    private void waitForRollouts(StackDeployer deployer, Cancellation c) {
        page.set(Page.ROLLOUT);
        RenderedStack s = stack;
        Progress listener = (done, total, message) -> fx.execute(() -> {
            progress.set(total == 0 ? 1 : (double) done / total);
            progressText.set(done + " of " + total + " replicas ready");
            workloads.setAll(List.of(message.split(", ")));
        });
        runner.run(() -> {
            StackDeployer.RolloutResult rollout = deployer.waitForRollouts(s, rolloutTimeout, listener, c);
            return Map.entry(rollout, deployer.health(s));
        }, result -> {
            busy.set(false);
            cancellation = null;
            showHealth(result.getKey(), result.getValue());
        }, this::fail);
    }

    private void showHealth(StackDeployer.RolloutResult rollout, HealthSummary summary) {
        List<String> lines = new ArrayList<>();
        for (StackDeployer.WorkloadRollout w : summary.workloads()) {
            lines.add((w.done() ? "✔ " : "✘ ") + w.kind() + " " + w.name() + ": ready " + w.ready() + "/"
                    + w.desired());
        }
        summary.findings().forEach(f -> lines.add(f.severity() + ": " + f.message() + " — " + f.fix()));
        if (!summary.note().isEmpty()) {
            lines.add(summary.note());
        }
        health.setAll(lines);
        progressText.set(rollout.complete() ? "Every replica is ready." : "Not every replica is ready after "
                + rolloutTimeout.toMinutes() + " minutes: see the Topology section.");
        page.set(Page.HEALTH);
    }

    private void fail(Throwable e) {
        busy.set(false);
        cancellation = null;
        if (e instanceof OperationCancelledException) {
            progressText.set("Cancelled.");
            return;
        }
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        LOG.warn("Stack operation failed: {}", message);
        error.set(message);
    }

    // ---------------------------------------------------------------- validate

    /** Runs the checks and the comparison with the cluster for the wizard's environment and values. */
    public void validate() {
        error.set("");
        if (session == null) {
            error.set("Connect to a cluster first (Connect, Ctrl+1).");
            return;
        }
        Map<String, String> all = new LinkedHashMap<>(givenValues());
        all.putAll(secretsGiven());
        String env = environment.get();
        Path file = valuesPath();
        ClusterSession s = session;
        busy.set(true);
        findings.clear();
        validateSummary.set("Validating…");
        runner.run(() -> {
            StackDeployer deployer = new StackDeployer(s);
            return deployer.validate(manifests.get().render(env, file, KeptValues.merged(deployer.currentSecrets(),
                    file, all)), Cancellation.none());
        },
                report -> {
                    busy.set(false);
                    showValidation(report);
                }, e -> {
                    fail(e);
                    validateSummary.set("");
                });
    }

    private void showValidation(ValidationReport report) {
        List<String> lines = new ArrayList<>();
        report.findings().forEach(f -> lines.add(f.toString()));
        report.missing().forEach(o -> lines.add("MISSING " + o.ref()));
        report.differing().forEach(o -> lines.add("DIFFERS " + o.ref()));
        report.extra().forEach(o -> lines.add("EXTRA " + o.ref()));
        findings.setAll(lines);
        validateSummary.set(report.findings().size() + " finding(s); " + report.missing().size() + " missing, "
                + report.differing().size() + " different, " + report.extra().size() + " extra.");
    }

    /** The secrets the user entered on the secrets page (none generated). */
    private Map<String, String> secretsGiven() {
        Map<String, String> out = new LinkedHashMap<>();
        if (blankToNull(grafanaPassword.get()) != null) {
            out.put("grafanaAdminPassword", grafanaPassword.get());
        }
        if (blankToNull(slackWebhookUrl.get()) != null) {
            out.put("slackWebhookUrl", slackWebhookUrl.get().strip());
        }
        if (blankToNull(pagerdutyRoutingKey.get()) != null) {
            out.put("pagerdutyRoutingKey", pagerdutyRoutingKey.get().strip());
        }
        if (!secrets.basicAuthUsers().isEmpty()) {
            out.put("ingressBasicAuthHtpasswd", secrets.htpasswd());
        }
        return out;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    // ---------------------------------------------------------------- destroy

    /** Lists what destroy would delete. */
    public void planDestroy() {
        error.set("");
        if (session == null) {
            error.set("Connect to a cluster first (Connect, Ctrl+1).");
            return;
        }
        ClusterSession s = session;
        String ns = destroyNamespace.get();
        busy.set(true);
        runner.run(() -> new StackDestroyer(s).plan(ns, Cancellation.none()), p -> {
            busy.set(false);
            destroyPlan.setAll(p.describe().lines().toList());
            if (exportFile.get() == null || exportFile.get().isBlank()) {
                exportFile.set(AppDirs.current().dataDir().resolve("exports").resolve("monitoring-export-" + ns + "-"
                        + LocalDateTime.now().format(STAMP) + ".yaml").toString());
            }
        }, this::fail);
    }

    /** Whether the typed confirmation matches the namespace (the Destroy button's condition; core checks again). */
    public boolean destroyConfirmed() {
        return destroyNamespace.get().equals(destroyConfirmation.get() == null ? "" : destroyConfirmation.get()
                .strip());
    }

    /** Exports and deletes, after the typed confirmation. */
    public void destroy() {
        error.set("");
        if (session == null) {
            error.set("Connect to a cluster first (Connect, Ctrl+1).");
            return;
        }
        String file = exportFile.get() == null ? "" : exportFile.get().strip();
        if (file.isEmpty()) {
            error.set("Choose a file for the export first (Show plan suggests one).");
            return;
        }
        boolean leaveOutValues = leaveOutSecretValues.get();
        if (!leaveOutValues && !Objects.equals(exportPassphrase.get(), exportPassphraseRepeat.get())) {
            // A mistyped passphrase would make the export's Secret values unreadable for good.
            error.set("The two passphrases differ. Type the same passphrase twice; nothing was exported or deleted.");
            return;
        }
        ClusterSession s = session;
        String ns = destroyNamespace.get();
        String typed = destroyConfirmation.get();
        char[] passphrase = exportPassphrase.get() == null || exportPassphrase.get().isEmpty() ? null
                : exportPassphrase.get().toCharArray();
        boolean leaveOut = leaveOutSecretValues.get();
        Cancellation c = new Cancellation();
        cancellation = c;
        busy.set(true);
        Progress listener = (done, total, message) -> fx.execute(() -> {
            progress.set(total == 0 ? 1 : (double) done / total);
            progressText.set(message);
        });
        runner.run(() -> new StackDestroyer(s).destroy(ns, typed, new StackDestroyer.ExportOptions(Path.of(file),
                passphrase, leaveOut), DESTROY_TIMEOUT, listener, c), result -> {
                    busy.set(false);
                    cancellation = null;
                    destroyResult.set(result.describe());
                    destroyConfirmation.set("");
                    exportPassphrase.set("");
                    exportPassphraseRepeat.set("");
                    exportFile.set("");
                }, this::fail);
    }

    // ---------------------------------------------------------------- properties

    public ReadOnlyObjectProperty<Page> pageProperty() {
        return page.getReadOnlyProperty();
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

    public StringProperty grafanaPasswordProperty() {
        return grafanaPassword;
    }

    /** Whether secret fields show their text (masked by default). */
    public BooleanProperty revealSecretsProperty() {
        return revealSecrets;
    }

    public StringProperty slackWebhookUrlProperty() {
        return slackWebhookUrl;
    }

    public StringProperty pagerdutyRoutingKeyProperty() {
        return pagerdutyRoutingKey;
    }

    public StringProperty newUserProperty() {
        return newUser;
    }

    public StringProperty newUserPasswordProperty() {
        return newUserPassword;
    }

    /** Basic-auth user names (their passwords are kept only as bcrypt hashes). */
    public ObservableList<String> basicAuthUsers() {
        return basicAuthUsers;
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

    /** Applied objects and their outcome, in order. */
    public ObservableList<String> steps() {
        return steps;
    }

    public DoubleProperty progressProperty() {
        return progress;
    }

    public ReadOnlyStringProperty progressTextProperty() {
        return progressText.getReadOnlyProperty();
    }

    /** "prometheus 1/2" per workload while waiting for the rollouts. */
    public ObservableList<String> workloads() {
        return workloads;
    }

    /** The health summary's lines. */
    public ObservableList<String> health() {
        return health;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** What went wrong, as core worded it, or empty. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty connectedProperty() {
        return connected.getReadOnlyProperty();
    }

    public ObservableList<String> findings() {
        return findings;
    }

    public ReadOnlyStringProperty validateSummaryProperty() {
        return validateSummary.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty destroyNamespaceProperty() {
        return destroyNamespace.getReadOnlyProperty();
    }

    public ObservableList<String> destroyPlan() {
        return destroyPlan;
    }

    public StringProperty destroyConfirmationProperty() {
        return destroyConfirmation;
    }

    public StringProperty exportPassphraseProperty() {
        return exportPassphrase;
    }

    /** The passphrase typed a second time. */
    public StringProperty exportPassphraseRepeatProperty() {
        return exportPassphraseRepeat;
    }

    public BooleanProperty leaveOutSecretValuesProperty() {
        return leaveOutSecretValues;
    }

    public StringProperty exportFileProperty() {
        return exportFile;
    }

    public ReadOnlyStringProperty destroyResultProperty() {
        return destroyResult.getReadOnlyProperty();
    }

    /** What "Watch in the topology" does: the window shows its Topology section. */
    public void setTopologyOpener(Runnable opener) {
        this.topologyOpener = opener == null ? () -> { } : opener;
    }

    /** Shows the live topology while the rollout goes on (it keeps running here). */
    public void openTopology() {
        topologyOpener.run();
    }
}
