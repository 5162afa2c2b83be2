package io.neurectomy.console.ui.deploy;

import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.stack.StackManifests;
import io.neurectomy.console.ui.fx.ActivityLog;
import io.neurectomy.console.ui.fx.DialogService;
import io.neurectomy.console.ui.fx.TaskRunner;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;

/**
 * The Stack section: the deploy wizard ({@link DeployWizardModel}), Validate ({@link ValidateModel}), Scale
 * ({@link ScaleWizardModel}), Resources ({@link ResizeWizardModel}), Storage ({@link StorageWizardModel}),
 * Upgrade ({@link UpgradeWizardModel}; blue-green status, switch, removal and rollback in
 * {@link UpgradeActionsModel}) and Destroy ({@link DestroyModel}), which follow the window's session together. Their
 * operations are listed in the window's Activity panel; Destroy and the Upgrade tab's actions ask through the
 * window's {@link DialogService}.
 */
public final class StackViewModel {
    private final DeployWizardModel deploy;
    private final ValidateModel validation;
    private final DestroyModel destroy;
    private final ScaleWizardModel scale;
    private final ResizeWizardModel resize;
    private final StorageWizardModel storage;
    private final UpgradeWizardModel upgrade;
    private final UpgradeActionsModel upgradeActions;
    private final ReadOnlyBooleanWrapper connected = new ReadOnlyBooleanWrapper(this, "connected");
    private Runnable topologyOpener = () -> { };

    /** The application's model: bundled stack, UI updates through {@code Platform.runLater}. */
    public StackViewModel(TaskRunner runner, ActivityLog activity, DialogService dialogs) {
        this(runner, Platform::runLater, StackManifests::bundled, activity, dialogs);
    }

    /** Tests: {@code fx} runs progress updates (e.g. {@code Runnable::run} with an inline runner). */
    public StackViewModel(TaskRunner runner, Executor fx, Supplier<StackManifests> manifests, ActivityLog activity,
                          DialogService dialogs) {
        this.deploy = new DeployWizardModel(runner, fx, manifests, activity);
        this.validation = new ValidateModel(runner, fx, activity, deploy::validateRender);
        this.destroy = new DestroyModel(runner, fx, activity, dialogs);
        this.scale = new ScaleWizardModel(runner, fx, activity);
        this.resize = new ResizeWizardModel(runner, fx, activity);
        this.storage = new StorageWizardModel(runner, fx, activity);
        this.upgrade = new UpgradeWizardModel(runner, fx, activity);
        this.upgradeActions = new UpgradeActionsModel(runner, fx, activity, dialogs);
        // A blue-green upgrade that ended (switched, or undone) changes what the status shows.
        upgrade.finishedProperty().addListener((o, was, now) -> {
            if (now) {
                upgradeActions.refresh();
            }
        });
    }

    /** Follows a new session (null when disconnected); loads the environments and values on first use. */
    public void attach(ClusterSession session) {
        connected.set(session != null);
        deploy.attach(session);
        validation.attach(session);
        destroy.attach(session);
        scale.attach(session);
        resize.attach(session);
        storage.attach(session);
        upgrade.attach(session);
        upgradeActions.attach(session);
    }

    /** Leaves the session: stops what runs and goes back to the wizard's first page. */
    public void detach() {
        attach(null);
        deploy.restart();
    }

    /** The deploy wizard. */
    public DeployWizardModel deploy() {
        return deploy;
    }

    /** The Validate tab. */
    public ValidateModel validation() {
        return validation;
    }

    /** The Scale tab. */
    public ScaleWizardModel scale() {
        return scale;
    }

    /** The Resources tab. */
    public ResizeWizardModel resize() {
        return resize;
    }

    /** The Storage tab. */
    public StorageWizardModel storage() {
        return storage;
    }

    /** The Upgrade tab. */
    public UpgradeWizardModel upgrade() {
        return upgrade;
    }

    /** The Upgrade tab's blue-green status, switch, removal and rollback. */
    public UpgradeActionsModel upgradeActions() {
        return upgradeActions;
    }

    /** The Destroy tab. */
    public DestroyModel destroy() {
        return destroy;
    }

    public ReadOnlyBooleanProperty connectedProperty() {
        return connected.getReadOnlyProperty();
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
