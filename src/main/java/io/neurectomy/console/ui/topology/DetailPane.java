package io.neurectomy.console.ui.topology;

import atlantafx.base.theme.Styles;
import io.neurectomy.console.core.topology.WhatIfMode;
import io.neurectomy.console.core.topology.WhatIfResult;
import io.neurectomy.console.core.topology.WorkloadImpact;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/**
 * The side panel below the findings: the selected node (its facts, the what-if, and fail/recover where the cluster
 * offers node faults), or the selected pod (containers beside the guide's defaults, conditions, claims, events,
 * delete).
 */
final class DetailPane {
    private final TopologyViewModel model;
    private final VBox content = new VBox(8);
    private final ScrollPane scroll = new ScrollPane(content);
    private String shownSubject = "";

    DetailPane(TopologyViewModel model) {
        this.model = model;
        content.setId("topologyDetail");
        content.setPadding(new Insets(10));
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        model.selection().focusProperty().addListener(o -> render());
        model.selection().podDetailProperty().addListener(o -> render());
        model.selection().nodeDetailProperty().addListener(o -> render());
        model.whatIf().resultProperty().addListener((obs, old, now) -> {
            render();
            if (now != null) {
                revealWhatIf();
            }
        });
        model.whatIf().noteProperty().addListener(o -> render());
        model.pods().nodeFaultsProperty().addListener(o -> render());
        render();
    }

    Node node() {
        return scroll;
    }

    private void render() {
        // Another node or pod starts at the top of the panel; the same one keeps its scroll position.
        TopologySelection.Focus focus = model.selection().focusProperty().get();
        String subject = focus + " " + switch (focus) {
            case NODE -> model.selection().selectedNodeProperty().get();
            case POD -> model.selection().selectedPodProperty().get();
            default -> "";
        };
        if (!subject.equals(shownSubject)) {
            shownSubject = subject;
            scroll.setVvalue(0);
        }
        switch (model.selection().focusProperty().get()) {
            case NODE -> renderNode();
            case POD -> renderPod();
            default -> {
                Label hint = wrapped("Select a node's lane for its what-if, or a pod for its containers, "
                        + "conditions and events.");
                hint.getStyleClass().add(Styles.TEXT_MUTED);
                content.getChildren().setAll(hint);
            }
        }
    }

    private void renderNode() {
        LaneRow lane = model.selection().nodeDetailProperty().get();
        String nodeName = model.selection().selectedNodeProperty().get();
        content.getChildren().clear();
        Label title = new Label(nodeName, new FontIcon(Material2MZ.STORAGE));
        title.setId("nodeDetailTitle");
        title.getStyleClass().add("side-title");
        if (lane == null) {
            content.getChildren().addAll(title, muted("This node is no longer in the cluster."));
            return;
        }
        HBox head = new HBox(8, title, Chips.badge(lane.ready() ? "Ready" : "NotReady",
                lane.ready() ? Health.OK : Health.ERROR));
        if (lane.cordoned()) {
            head.getChildren().add(Chips.badge("cordoned", Health.WARNING));
        }
        head.setAlignment(Pos.CENTER_LEFT);
        content.getChildren().add(head);
        content.getChildren().add(muted((lane.zone().isEmpty() ? "" : lane.zone() + " · ") + "allocatable "
                + ResourceText.cores(lane.allocatable().cpuMillis()) + " CPU, "
                + ResourceText.memory(lane.allocatable().memoryBytes()) + " · stack requests "
                + ResourceText.cores(Math.max(0, lane.stackRequests().cpuMillis())) + " CPU, "
                + ResourceText.memory(Math.max(0, lane.stackRequests().memoryBytes())) + " · "
                + lane.pods().size() + (lane.pods().size() == 1 ? " pod" : " pods")));
        if (!lane.ready() && !lane.readyMessage().isEmpty()) {
            Label why = wrapped(lane.readyMessage());
            why.getStyleClass().add("status-error");
            content.getChildren().add(why);
        }

        // Where the cluster offers node faults, failing the node for real is what the user came to try: keep it
        // in sight.
        if (model.pods().nodeFaultsProperty().get()) {
            Button fail = new Button("Fail node", new FontIcon(Material2AL.CLOUD_OFF));
            fail.setId("failNode");
            fail.getStyleClass().add(Styles.DANGER);
            fail.setDisable(!lane.ready());
            fail.setOnAction(e -> model.pods().setNodeFailed(lane.node(), true));
            Button recover = new Button("Recover node", new FontIcon(Material2AL.CHECK_CIRCLE));
            recover.setId("recoverNode");
            recover.setDisable(lane.ready());
            recover.setOnAction(e -> model.pods().setNodeFailed(lane.node(), false));
            VBox box = new VBox(6, section("Node fault"), wrapped("Really changes the cluster: the node turns NotReady "
                    + "and its pods stop, until it recovers."), new FlowPane(8, 6, fail, recover));
            box.getStyleClass().addAll("box", "node-faults");
            content.getChildren().add(box);
        }
        content.getChildren().add(section("What if this node…"));
        Button failure = new Button("Simulate failure", new FontIcon(Material2AL.FLASH_ON));
        failure.setId("simulateFailure");
        failure.setOnAction(e -> model.whatIf().simulate(WhatIfMode.FAILURE));
        Button drain = new Button("Simulate drain", new FontIcon(Material2MZ.OPEN_IN_NEW));
        drain.setId("simulateDrain");
        drain.setOnAction(e -> model.whatIf().simulate(WhatIfMode.DRAIN));
        failure.disableProperty().bind(model.whatIf().runningProperty());
        drain.disableProperty().bind(model.whatIf().runningProperty());
        FlowPane buttons = new FlowPane(8, 6, failure, drain);
        content.getChildren().add(buttons);
        String note = model.whatIf().noteProperty().get();
        WhatIfResult result = model.whatIf().resultProperty().get();
        if (result != null) {
            content.getChildren().add(whatIf(result, note));
        } else if (!note.isEmpty()) {
            Label noteLabel = wrapped(note);
            noteLabel.setId("whatIfNote");
            noteLabel.getStyleClass().add(note.startsWith("The simulation could not") ? "status-error"
                    : Styles.TEXT_MUTED);
            content.getChildren().add(noteLabel);
        } else {
            content.getChildren().add(muted("Computes which workloads lose availability or fall below their PDB; "
                    + "nothing is changed in the cluster."));
        }

    }

    /** Scrolls the panel so that a new what-if result is in sight: the user just asked for it. */
    private void revealWhatIf() {
        Node result = content.lookup("#whatIfResult");
        if (result == null) {
            return;
        }
        scroll.applyCss();
        scroll.layout();
        double contentHeight = content.getBoundsInLocal().getHeight();
        double viewport = scroll.getViewportBounds().getHeight();
        if (contentHeight <= viewport) {
            return;
        }
        double top = result.getBoundsInParent().getMinY();
        scroll.setVvalue(Math.min(1, Math.max(0, (top - 8) / (contentHeight - viewport))));
    }

    private Node whatIf(WhatIfResult result, String note) {
        VBox box = new VBox(6);
        box.setId("whatIfResult");
        box.getStyleClass().addAll("box", "simulation");
        Label title = new Label((result.mode() == WhatIfMode.FAILURE ? "Simulated failure of "
                : "Simulated drain of ") + result.node());
        title.getStyleClass().add(Styles.TEXT_BOLD);
        Label heading = wrapped(result.summary());
        Label computed = wrapped(note);
        computed.setId("whatIfNote");
        computed.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        box.getChildren().addAll(title, heading, computed);
        if (result.mode() == WhatIfMode.DRAIN && result.drainBlocked()) {
            Label blocked = wrapped("The drain would not finish by itself: a PodDisruptionBudget allows no eviction.");
            blocked.getStyleClass().add("status-warning");
            box.getChildren().add(blocked);
        }
        if (result.impacts().isEmpty()) {
            box.getChildren().add(muted("No workload has pods on this node."));
        }
        for (WorkloadImpact impact : result.impacts()) {
            Label name = new Label(impact.workload() + ": ready " + impact.readyBefore() + " → " + impact.readyAfter()
                    + " of " + impact.desired());
            name.getStyleClass().add(Styles.TEXT_BOLD);
            Chips.colour(name, impact.losesAvailability() ? Health.ERROR
                    : impact.belowPdb() || impact.blocksDrain() ? Health.WARNING : Health.OK);
            FlowPane badges = new FlowPane(6, 4);
            if (impact.losesAvailability()) {
                badges.getChildren().add(Chips.badge("loses availability", Health.ERROR));
            }
            if (impact.belowPdb()) {
                badges.getChildren().add(Chips.badge("below PDB (needs " + impact.pdbMinHealthy() + ")",
                        Health.WARNING));
            }
            if (impact.blocksDrain()) {
                badges.getChildren().add(Chips.badge("blocks drain", Health.WARNING));
            }
            Label explanation = wrapped(impact.explanation());
            explanation.getStyleClass().add(Styles.TEXT_SMALL);
            VBox one = new VBox(2, name, badges, explanation);
            badges.managedProperty().bind(badges.visibleProperty());
            badges.setVisible(!badges.getChildren().isEmpty());
            box.getChildren().add(one);
        }
        return box;
    }

    private void renderPod() {
        PodDetail pod = model.selection().podDetailProperty().get();
        content.getChildren().clear();
        if (pod == null) {
            return;
        }
        Label title = wrapped(pod.name());
        title.setId("podDetailTitle");
        title.getStyleClass().add("side-title");
        content.getChildren().add(title);
        if (pod.gone()) {
            Label gone = wrapped("This pod no longer exists; its last known state is shown.");
            gone.getStyleClass().add("status-warning");
            VBox box = new VBox(gone);
            box.getStyleClass().addAll("box", "gone");
            content.getChildren().add(box);
        }
        content.getChildren().add(muted((pod.namespace().isEmpty() ? "" : pod.namespace() + " · ")
                + (pod.node().isEmpty() ? "not scheduled" : "node " + pod.node())
                + (pod.workload().isEmpty() ? "" : " · workload " + pod.workload())));
        Label status = wrapped(pod.status());
        status.setId("podDetailStatus");
        status.getStyleClass().add(Styles.TEXT_BOLD);
        Chips.colour(status, pod.health());
        Label counts = new Label(pod.ready() + " ready · " + pod.restarts()
                + (pod.restarts() == 1 ? " restart" : " restarts") + (pod.age().isEmpty() ? "" : " · " + pod.age()));
        content.getChildren().addAll(status, counts);
        if (!pod.scheduling().isEmpty()) {
            Label why = wrapped(pod.scheduling());
            why.getStyleClass().add("status-warning");
            content.getChildren().add(why);
        }
        if (!pod.gone()) {
            Button delete = new Button("Delete pod…", new FontIcon(Material2AL.DELETE));
            delete.setId("deletePod");
            delete.getStyleClass().add(Styles.DANGER);
            delete.setOnAction(e -> model.pods().askDelete(pod.key()));
            HBox actions = new HBox(8, delete);
            int port = PodActions.forwardPort(pod.component());
            if (port > 0 && model.pods().canForward()) {
                Button forward = new Button("Port-forward :" + port, new FontIcon(Material2MZ.SETTINGS_ETHERNET));
                forward.setId("forwardPod");
                forward.setTooltip(new Tooltip("Forward a local port to " + pod.name() + ":" + port
                        + " (Port-forwards page, Ctrl+5)"));
                forward.setOnAction(e -> model.pods().forwardPod(pod.key()));
                actions.getChildren().add(forward);
            }
            if (model.pods().canOpenLogs()) {
                Button logs = new Button("Logs", new FontIcon(Material2MZ.SUBJECT));
                logs.setId("podLogs");
                logs.setTooltip(new Tooltip("Read and follow the log of " + pod.name() + " (Logs page, Ctrl+9)"));
                logs.setOnAction(e -> model.pods().openLogs(pod.key()));
                actions.getChildren().add(logs);
            }
            content.getChildren().add(actions.getChildren().size() == 1 ? delete : actions);
        }

        content.getChildren().add(section("Containers"));
        if (pod.containers().isEmpty()) {
            content.getChildren().add(muted("No container details known."));
        }
        for (PodDetail.ContainerRow c : pod.containers()) {
            Label name = new Label(c.name());
            name.getStyleClass().add(Styles.TEXT_BOLD);
            Label image = wrapped(c.image());
            image.getStyleClass().add(Styles.TEXT_MUTED);
            Label state = wrapped(c.state());
            Chips.colour(state, c.health());
            Label resources = wrapped("requests " + c.requests() + " · limits " + c.limits());
            VBox box = new VBox(2, name, image, state, resources);
            if (!c.seed().isEmpty()) {
                Label seed = wrapped("guide default: " + c.seed()
                        + (c.differsFromSeed() ? " — this pod differs" : ""));
                seed.getStyleClass().add(Styles.TEXT_SMALL);
                Chips.colour(seed, c.differsFromSeed() ? Health.WARNING : Health.NEUTRAL);
                box.getChildren().add(seed);
            }
            box.getStyleClass().add("box");
            content.getChildren().add(box);
        }

        if (!pod.conditions().isEmpty()) {
            content.getChildren().add(section("Conditions"));
            for (PodDetail.ConditionRow c : pod.conditions()) {
                Label type = new Label(c.type() + ": " + c.status());
                Chips.colour(type, c.healthy() ? Health.OK : Health.WARNING);
                VBox one = new VBox(1, type);
                if (!c.reason().isEmpty()) {
                    Label reason = wrapped(c.reason());
                    reason.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
                    one.getChildren().add(reason);
                }
                content.getChildren().add(one);
            }
        }

        if (!pod.claims().isEmpty()) {
            content.getChildren().add(section("Volumes"));
            for (PodDetail.ClaimRow c : pod.claims()) {
                Label phase = new Label(c.phase());
                Chips.colour(phase, c.health());
                Label name = wrapped(c.name() + (c.capacity().isEmpty() ? "" : " · " + c.capacity()));
                content.getChildren().add(new VBox(1, name, phase));
            }
        }

        content.getChildren().add(section("Events"));
        if (pod.events().isEmpty()) {
            content.getChildren().add(muted("No recent events about this pod."));
        }
        for (PodDetail.EventRow e : pod.events()) {
            Label reason = new Label(e.reason() + (e.age().isEmpty() ? "" : " · " + e.age()));
            reason.getStyleClass().add(Styles.TEXT_BOLD);
            if (e.warning()) {
                FontIcon warn = new FontIcon(Material2MZ.WARNING);
                warn.getStyleClass().add(Styles.WARNING);
                reason.setGraphic(warn);
                Chips.colour(reason, Health.WARNING);
            }
            Label message = wrapped(e.message());
            message.getStyleClass().add(Styles.TEXT_SMALL);
            content.getChildren().add(new VBox(1, reason, message));
        }
    }

    private static Label section(String text) {
        Label label = new Label(text);
        label.getStyleClass().add(Styles.TITLE_4);
        VBox.setMargin(label, new Insets(6, 0, 0, 0));
        return label;
    }

    private static Label wrapped(String text) {
        Label label = new Label(text);
        label.setWrapText(true);
        label.setMinHeight(Label.USE_PREF_SIZE);
        return label;
    }

    private static Label muted(String text) {
        Label label = wrapped(text);
        label.getStyleClass().add(Styles.TEXT_MUTED);
        return label;
    }
}
