package io.neurectomy.console.ui.health;

import atlantafx.base.theme.Styles;
import io.neurectomy.console.core.endpoints.AlertmanagerApi.Alert;
import io.neurectomy.console.core.endpoints.AlertmanagerApi.Silence;
import io.neurectomy.console.ui.fx.Views;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/**
 * The Alerts tab: the alerts grouped by name (state, receivers, the silences and alerts that mute them, since when);
 * "Silence…" for the selected alert, "Send test alert", Refresh; the active silences, each with "Expire".
 */
public final class AlertsView {
    private final AlertsViewModel model;
    private final VBox root = new VBox(8);
    private final TreeTableView<Object> alerts = new TreeTableView<>(new TreeItem<>("alerts"));

    public AlertsView(AlertsViewModel model) {
        this.model = model;
        root.setId("healthAlerts");
        model.setSilenceAsker(draft -> SilenceDialog.show(root.getScene() == null ? null : root.getScene().getWindow(),
                model, draft));
        root.setPadding(new Insets(8, 0, 0, 0));
        Button silence = new Button("Silence…", new FontIcon(Material2MZ.NOTIFICATIONS_OFF));
        silence.setId("alertsSilence");
        silence.setTooltip(new Tooltip("Silence the selected alert: its labels become the matchers, editable"));
        silence.disableProperty().bind(model.connectedProperty().not());
        silence.setOnAction(e -> silenceSelected());
        Button test = new Button("Send test alert", new FontIcon(Material2MZ.SEND));
        test.setId("alertsSendTest");
        test.setTooltip(new Tooltip("Send a short-lived ConsoleTestAlert (severity info) and follow it to its"
                + " receiver and its delivery"));
        test.disableProperty().bind(model.connectedProperty().not().or(model.testingProperty()));
        test.setOnAction(e -> model.sendTestAlert());
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(16, 16);
        Views.showWhen(spinner, model.loadingProperty().or(model.testingProperty()));
        Button refresh = new Button("Refresh", new FontIcon(Material2MZ.REFRESH));
        refresh.setId("alertsRefresh");
        refresh.disableProperty().bind(model.connectedProperty().not());
        refresh.setOnAction(e -> model.refresh());
        HBox bar = new HBox(10, silence, test, spinner, Views.spacer(), refresh);
        bar.setAlignment(Pos.CENTER_LEFT);

        alerts.setId("alertsTree");
        alerts.setShowRoot(false);
        alerts.getStyleClass().add(Styles.DENSE);
        alerts.setColumnResizePolicy(TreeTableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        alerts.setPlaceholder(new Label("No alerts read yet, or none held."));
        alerts.getColumns().addAll(List.of(
                column("Alert", g -> g.name() + " (" + g.counts() + ")", AlertsView::labels, 320),
                column("State", g -> "", AlertsView::state, 150),
                column("Receivers", g -> "", a -> String.join(", ", a.receivers()), 140),
                column("Since", g -> "", a -> a.startsAt() == null ? "" : a.startsAt().toString()
                        .replaceFirst("\\.\\d+Z$", "Z"), 170),
                column("Summary", g -> "", Alert::summary, 250)));
        model.groups().addListener((ListChangeListener<AlertsViewModel.Group>) c -> rebuild());
        VBox.setVgrow(alerts, Priority.ALWAYS);

        Label silencesTitle = new Label("Active silences");
        silencesTitle.getStyleClass().add(Styles.TEXT_BOLD);
        TableView<Silence> silences = Views.denseTable(new TableView<>(model.silences()), "alertsSilences");
        silences.setPlaceholder(new Label("No active silence."));
        TableColumn<Silence, Silence> expire = Views.column("", s -> s, 90);
        expire.setCellFactory(c -> new TableCell<>() {
            private final Button button = new Button("Expire");

            {
                button.getStyleClass().addAll(Styles.SMALL, Styles.DANGER);
                button.setOnAction(e -> {
                    if (getItem() != null) {
                        model.expire(getItem());
                    }
                });
            }

            @Override
            protected void updateItem(Silence item, boolean empty) {
                super.updateItem(item, empty);
                setGraphic(empty || item == null ? null : button);
                button.setUserData(item == null ? null : item.id());
            }
        });
        silences.getColumns().addAll(List.of(expire, Views.column("ID", Silence::id, 260),
                Views.column("State", Silence::state, 70),
                Views.column("Ends", s -> s.endsAt() == null ? "" : s.endsAt().toString()
                        .replaceFirst("\\.\\d+Z$", "Z"), 170),
                Views.column("Matchers", s -> String.join(", ", s.matchers()), 260),
                Views.column("Author", Silence::createdBy, 110), Views.column("Comment", Silence::comment, 200)));
        silences.setPrefHeight(170);

        root.getChildren().addAll(bar, Views.error("alertsError", model.errorProperty()), messageLine(), alerts,
                silencesTitle, silences);
    }

    private void silenceSelected() {
        TreeItem<Object> selected = alerts.getSelectionModel().getSelectedItem();
        Object value = selected == null ? null : selected.getValue();
        Alert alert = value instanceof Alert a ? a : value instanceof AlertsViewModel.Group g ? g.alerts().get(0)
                : null;
        SilenceDialog.show(root.getScene() == null ? null : root.getScene().getWindow(), model, model.draft(alert))
                .ifPresent(model::createSilence);
    }

    /** Lays the groups out again, each expanded, keeping the selected alert selected. */
    private void rebuild() {
        TreeItem<Object> selected = alerts.getSelectionModel().getSelectedItem();
        Object was = selected == null ? null : selected.getValue();
        alerts.getRoot().getChildren().setAll(model.groups().stream().map(g -> {
            TreeItem<Object> group = new TreeItem<>(g);
            g.alerts().forEach(a -> group.getChildren().add(new TreeItem<>(a)));
            group.setExpanded(true);
            return group;
        }).toList());
        if (was != null) {
            for (TreeItem<Object> group : alerts.getRoot().getChildren()) {
                if (was.equals(group.getValue())) {
                    alerts.getSelectionModel().select(group);
                }
                group.getChildren().stream().filter(i -> was.equals(i.getValue())).findFirst()
                        .ifPresent(i -> alerts.getSelectionModel().select(i));
            }
        }
    }

    private static TreeTableColumn<Object, String> column(String title, Function<AlertsViewModel.Group, String> group,
                                                          Function<Alert, String> alert, double width) {
        TreeTableColumn<Object, String> column = new TreeTableColumn<>(title);
        column.setPrefWidth(width);
        column.setCellValueFactory(c -> {
            Object v = c.getValue().getValue();
            return new ReadOnlyObjectWrapper<>(v instanceof Alert a ? alert.apply(a)
                    : v instanceof AlertsViewModel.Group g ? group.apply(g) : "");
        });
        return column;
    }

    /** Every label but the name: {@code severity=info, job=node}. */
    private static String labels(Alert a) {
        return a.labels().entrySet().stream().filter(e -> !e.getKey().equals("alertname"))
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }

    /** "active", "silenced by 1a2b…", "inhibited by …". */
    private static String state(Alert a) {
        if (!a.silencedBy().isEmpty()) {
            return "silenced by " + String.join(", ", a.silencedBy());
        }
        if (!a.inhibitedBy().isEmpty()) {
            return "inhibited by " + String.join(", ", a.inhibitedBy());
        }
        return a.state();
    }

    /** The outcome of the last change or test, with a button to dismiss it. */
    private HBox messageLine() {
        Label text = Views.text("alertsMessageText", model.messageProperty());
        text.setWrapText(true);
        HBox.setHgrow(text, Priority.ALWAYS);
        text.setMaxWidth(Double.MAX_VALUE);
        Button close = new Button(null, new FontIcon(Material2AL.CLOSE));
        close.getStyleClass().addAll(Styles.FLAT, Styles.SMALL);
        close.setOnAction(e -> model.dismissMessage());
        HBox line = new HBox(8, new FontIcon(Material2AL.INFO), text, close);
        line.setId("alertsMessage");
        line.setAlignment(Pos.CENTER_LEFT);
        line.setStyle("-fx-background-color: -color-accent-subtle; -fx-background-radius: 4; -fx-padding: 6 10;");
        return Views.showWhen(line, model.messageProperty().isNotEmpty());
    }

    /** The node to put in the tab. */
    public VBox node() {
        return root;
    }
}
