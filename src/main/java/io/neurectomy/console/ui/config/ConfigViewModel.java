package io.neurectomy.console.ui.config;

import io.neurectomy.console.core.config.ConfigService;
import io.neurectomy.console.core.config.ConfigTarget;
import io.neurectomy.console.ui.fx.ActivityLog;
import io.neurectomy.console.ui.fx.DialogService;
import io.neurectomy.console.ui.fx.TaskRunner;
import java.util.EnumMap;
import java.util.Map;

/** The Config section: one editor per configuration object, all on the same session. */
public final class ConfigViewModel {
    private final Map<ConfigTarget, ConfigEditorModel> editors = new EnumMap<>(ConfigTarget.class);

    /** The editors, running their operations on {@code runner}, listed in {@code activity}, asking {@code dialogs}. */
    public ConfigViewModel(TaskRunner runner, ActivityLog activity, DialogService dialogs) {
        for (ConfigTarget target : ConfigTarget.values()) {
            editors.put(target, new ConfigEditorModel(target, runner, activity, dialogs));
        }
    }

    public ConfigEditorModel editor(ConfigTarget target) {
        return editors.get(target);
    }

    /** Starts editing on a connected session. */
    public void attach(ConfigService service) {
        editors.values().forEach(e -> e.attach(service));
    }

    public void detach() {
        editors.values().forEach(ConfigEditorModel::detach);
    }

    /** Whether any editor holds changes not applied yet (to warn before leaving the session). */
    public boolean hasChanges() {
        return editors.values().stream().anyMatch(ConfigEditorModel::hasChanges);
    }
}
