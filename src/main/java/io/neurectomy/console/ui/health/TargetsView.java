package io.neurectomy.console.ui.health;

import atlantafx.base.theme.Styles;
import io.neurectomy.console.core.endpoints.PrometheusTargets.Job;
import io.neurectomy.console.ui.fx.Views;
import java.util.List;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2MZ;

/**
 * The Targets tab: a filter, the replica asked and Refresh; the targets (down ones first, their rows marked) with
 * their last scrape and error; below, service discovery per job.
 */
public final class TargetsView {
    private final VBox root = new VBox(8);

    public TargetsView(TargetsViewModel model) {
        root.setId("healthTargets");
        root.setPadding(new Insets(8, 0, 0, 0));
        TextField filter = Views.input(new TextField(), "targetsFilter", "Filter: job, instance, error…",
                model.filterProperty());
        filter.setPrefColumnCount(24);
        ChoiceBox<String> replica = new ChoiceBox<>(model.replicas());
        replica.setId("targetsReplica");
        replica.valueProperty().bindBidirectional(model.replicaProperty());
        replica.setTooltip(new Tooltip("Every Prometheus replica scrapes every target: ask all, or one"));
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(16, 16);
        Views.showWhen(spinner, model.loadingProperty());
        Button refresh = new Button("Refresh", new FontIcon(Material2MZ.REFRESH));
        refresh.setId("targetsRefresh");
        refresh.disableProperty().bind(model.connectedProperty().not());
        refresh.setOnAction(e -> model.refresh());
        Label summary = Views.text("targetsSummary", model.summaryProperty());
        summary.getStyleClass().add(Styles.TEXT_MUTED);
        summary.setMinWidth(0);
        refresh.setMinWidth(Region.USE_PREF_SIZE);
        HBox bar = new HBox(10, filter, replica, spinner, summary, Views.spacer(), refresh);
        bar.setAlignment(Pos.CENTER_LEFT);

        TableView<TargetsViewModel.Row> targets = Views.denseTable(new TableView<>(model.rows()), "targetsTable");
        targets.setPlaceholder(new Label("No targets read yet."));
        TableColumn<TargetsViewModel.Row, String> health = Views.column("Health", r -> r.target().health(), 64);
        health.setMinWidth(64);
        health.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
                getStyleClass().removeAll(Styles.DANGER, Styles.SUCCESS);
                if (!empty && item != null) {
                    getStyleClass().add("down".equals(item) ? Styles.DANGER : "up".equals(item) ? Styles.SUCCESS
                            : Styles.TEXT_MUTED);
                }
            }
        });
        targets.getColumns().addAll(List.of(health,
                Views.column("Job", r -> r.target().job(), 110),
                Views.column("Instance", r -> r.target().instance(), 140),
                Views.column("Pod", r -> r.target().pod(), 130),
                Views.column("Replica", r -> r.target().replica(), 105),
                Views.column("Last scrape", TargetsViewModel.Row::age, 90),
                Views.column("Duration", TargetsViewModel.Row::duration, 80),
                Views.column("Last error", r -> r.target().lastError(), 200)));
        targets.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(TargetsViewModel.Row item, boolean empty) {
                super.updateItem(item, empty);
                setStyle(!empty && item != null && item.down() ? "-fx-background-color: -color-danger-subtle;" : "");
                setTooltip(!empty && item != null && !item.target().scrapeUrl().isEmpty()
                        ? new Tooltip(item.target().scrapeUrl()) : null);
            }
        });
        VBox.setVgrow(targets, Priority.ALWAYS);

        Label discoveryTitle = new Label("Service discovery: targets kept and dropped by relabelling, per job");
        discoveryTitle.getStyleClass().add(Styles.TEXT_BOLD);
        TableView<Job> discovery = Views.denseTable(new TableView<>(model.jobs()), "targetsDiscovery");
        discovery.setPlaceholder(new Label("No jobs read yet."));
        discovery.getColumns().addAll(List.of(Views.column("Job", Job::job, 200),
                Views.column("Replica", Job::replica, 110), Views.column("Active", Job::active, 70),
                Views.column("Up", Job::up, 70), Views.column("Dropped", Job::dropped, 70)));
        discovery.setPrefHeight(180);

        root.getChildren().addAll(bar, Views.error("targetsError", model.errorProperty()), targets, discoveryTitle,
                discovery);
    }

    /** The node to put in the tab. */
    public VBox node() {
        return root;
    }
}
