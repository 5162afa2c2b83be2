package io.neurectomy.console.ui.config;

import io.neurectomy.console.core.config.ConfigTarget;
import javafx.beans.binding.Bindings;
import javafx.scene.Node;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;

/** The Config section: a tab per configuration object, each tab marked while it holds unapplied changes. */
public final class ConfigView {
    private static final String STYLESHEET = ConfigView.class.getResource("config.css").toExternalForm();

    private final TabPane tabs = new TabPane();

    public ConfigView(ConfigViewModel model) {
        tabs.setId("config-tabs");
        tabs.getStylesheets().add(STYLESHEET);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        for (ConfigTarget target : ConfigTarget.values()) {
            ConfigEditorModel editor = model.editor(target);
            Tab tab = new Tab();
            tab.setId("config-tab-" + target.cliName());
            tab.textProperty().bind(Bindings.when(editor.dirtyProperty()).then("● " + target.display())
                    .otherwise(target.display()));
            tab.setContent(new ConfigEditorPane(editor).node());
            tabs.getTabs().add(tab);
        }
    }

    public Node node() {
        return tabs;
    }
}
