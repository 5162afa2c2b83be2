package io.neurectomy.console.ui.connect;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import io.neurectomy.console.core.cluster.KubeContext;
import io.neurectomy.console.ui.fx.Views;
import java.io.File;
import java.nio.file.Path;
import java.util.stream.Collectors;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/** The connect screen: kubeconfig files, their contexts, a namespace and the Connect button. */
public final class ConnectView {
    private final ConnectViewModel model;
    private final VBox root = Views.page("connectView", 12, 20);
    private final TableView<KubeContext> contextList = new TableView<>();

    public ConnectView(ConnectViewModel model) {
        this.model = model;

        Label title = Views.title("Connect to a cluster", Styles.TITLE_2);

        root.getChildren().addAll(title, kubeconfigRow(), loadErrorLabel(), contextTable(), connectRow(),
                connectErrorLabel());
        VBox.setVgrow(contextList, Priority.ALWAYS);
    }

    private HBox kubeconfigRow() {
        Label caption = new Label("Kubeconfig");
        caption.getStyleClass().add(Styles.TEXT_BOLD);
        Label files = new Label();
        files.setId("kubeconfigFiles");
        files.textProperty().bind(Bindings.createStringBinding(() -> model.kubeconfigFiles().isEmpty()
                ? "—" : model.kubeconfigFiles().stream().map(Path::toString).collect(Collectors.joining(", ")),
                model.kubeconfigFiles()));
        files.setMinWidth(Region.USE_PREF_SIZE);
        files.getStyleClass().add(Styles.TEXT_MUTED);

        Button choose = new Button("Choose file…", new FontIcon(Material2AL.FOLDER_OPEN));
        choose.setId("chooseFileButton");
        choose.setOnAction(e -> chooseFile());
        Button defaults = new Button("Use default files");
        defaults.setId("defaultFilesButton");
        defaults.setTooltip(new Tooltip("The files kubectl reads: $KUBECONFIG, else ~/.kube/config"));
        defaults.setOnAction(e -> model.useDefaultFiles());

        ProgressIndicator loading = new ProgressIndicator();
        loading.setPrefSize(16, 16);
        loading.visibleProperty().bind(model.loadingProperty());
        loading.managedProperty().bind(model.loadingProperty());

        HBox spacer = new HBox();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox row = new HBox(10, caption, files, loading, spacer, choose, defaults);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    private Label loadErrorLabel() {
        Label error = errorLabel("kubeconfigError");
        error.textProperty().bind(model.loadErrorProperty());
        return error;
    }

    private Label connectErrorLabel() {
        Label error = errorLabel("connectError");
        error.textProperty().bind(model.connectErrorProperty());
        return error;
    }

    private static Label errorLabel(String id) {
        Label error = new Label();
        error.setId(id);
        error.setWrapText(true);
        error.setGraphic(new FontIcon(Material2AL.ERROR));
        error.getStyleClass().add(Styles.DANGER);
        Views.showWhen(error, error.textProperty().isNotEmpty());
        return error;
    }

    private TableView<KubeContext> contextTable() {
        contextList.setId("contextList");
        contextList.setItems(model.contexts());
        contextList.getStyleClass().addAll(Styles.STRIPED, Tweaks.EDGE_TO_EDGE);
        contextList.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        Label placeholder = new Label();
        placeholder.setId("contextListPlaceholder");
        placeholder.textProperty().bind(Bindings.when(model.sandboxStartingProperty())
                .then("Starting the sandbox cluster: its contexts appear here when it is up…")
                .otherwise(Bindings.when(model.loadingProperty())
                        .then("Reading kubeconfig…")
                        .otherwise("No contexts: choose a kubeconfig file")));
        contextList.setPlaceholder(placeholder);

        TableColumn<KubeContext, String> current = Views.column("", c -> c.current() ? "●" : "");
        current.setMaxWidth(28);
        current.setMinWidth(28);
        current.setStyle("-fx-alignment: CENTER;");
        contextList.getColumns().add(current);
        contextList.getColumns().add(Views.column("Context",
                c -> model.isSandboxContext(c) ? c.name() + "  (Sandbox)" : c.name()));
        model.sessionProperty().addListener((obs, old, now) -> contextList.refresh());
        contextList.getColumns().add(Views.column("Server", KubeContext::server));
        contextList.getColumns().add(Views.column("User", KubeContext::user));
        contextList.getColumns().add(Views.column("Namespace", KubeContext::namespace));

        contextList.setRowFactory(table -> {
            TableRow<KubeContext> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && !row.isEmpty()) {
                    model.connect();
                }
            });
            return row;
        });
        contextList.getSelectionModel().selectedItemProperty().addListener((obs, old, selected) -> {
            if (selected != null) {
                model.selectedContextProperty().set(selected);
            }
        });
        model.selectedContextProperty().addListener((obs, old, selected) -> select(selected));
        select(model.selectedContextProperty().get());
        return contextList;
    }

    private void select(KubeContext context) {
        if (context == null) {
            contextList.getSelectionModel().clearSelection();
        } else if (contextList.getSelectionModel().getSelectedItem() != context) {
            contextList.getSelectionModel().select(context);
            contextList.scrollTo(context);
        }
    }

    private HBox connectRow() {
        Label caption = new Label("Namespace");
        TextField namespace = new TextField();
        namespace.setId("namespaceField");
        namespace.setPrefColumnCount(16);
        namespace.textProperty().bindBidirectional(model.namespaceProperty());
        namespace.setOnAction(e -> model.connect());

        Button connect = new Button("Connect", new FontIcon(Material2AL.LINK));
        connect.setId("connectButton");
        connect.getStyleClass().add(Styles.ACCENT);
        connect.setDefaultButton(true);
        connect.setTooltip(new Tooltip("Connect to the selected context (Enter)"));
        connect.disableProperty().bind(model.connectDisabledProperty());
        connect.setOnAction(e -> model.connect());

        ProgressIndicator progress = new ProgressIndicator();
        progress.setId("connectProgress");
        progress.setPrefSize(20, 20);
        Button cancel = new Button("Cancel", new FontIcon(Material2MZ.STOP));
        cancel.setId("cancelButton");
        cancel.setCancelButton(true);
        cancel.setOnAction(e -> model.cancel());
        var connecting = model.statusProperty().isEqualTo(ConnectionStatus.CONNECTING);
        var busy = connecting.or(model.sandboxStartingProperty());
        progress.visibleProperty().bind(busy);
        progress.managedProperty().bind(busy);
        cancel.visibleProperty().bind(connecting);
        cancel.managedProperty().bind(connecting);
        Label status = new Label();
        status.setId("connectStatus");
        status.textProperty().bind(model.statusTextProperty());
        status.getStyleClass().add(Styles.TEXT_MUTED);

        Button sandbox = new Button("Sandbox cluster", new FontIcon(Material2MZ.STORAGE));
        sandbox.setId("sandboxButton");
        sandbox.setTooltip(new Tooltip("Start an embedded sandbox cluster with the stack seeded, and connect to it"));
        Views.showWhen(sandbox, model.sandboxOfferedProperty());
        sandbox.disableProperty().bind(model.sandboxStartingProperty().or(connecting));
        sandbox.setOnAction(e -> model.startSandbox());

        HBox row = new HBox(10, caption, namespace, connect, progress, cancel, sandbox, status);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    private void chooseFile() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Choose a kubeconfig file");
        File file = chooser.showOpenDialog(root.getScene() == null ? null : root.getScene().getWindow());
        if (file != null) {
            model.useFile(file.toPath());
        }
    }

    /** The node to put in the window. */
    public VBox node() {
        return root;
    }

    /** Puts the keyboard focus on the context list. */
    public void focus() {
        contextList.requestFocus();
    }
}
