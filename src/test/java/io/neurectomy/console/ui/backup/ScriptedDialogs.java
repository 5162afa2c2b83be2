package io.neurectomy.console.ui.backup;

import io.neurectomy.console.ui.fx.DialogService;
import java.util.ArrayList;
import java.util.List;

/** A {@link DialogService} for view-model tests: answers confirmations as told and records what was shown. */
final class ScriptedDialogs implements DialogService {
    boolean answer = true;
    final List<String> asked = new ArrayList<>();
    final List<String> errors = new ArrayList<>();
    final List<String> notifications = new ArrayList<>();

    @Override
    public boolean confirm(String title, String message, String confirm) {
        asked.add(title + ": " + message);
        return answer;
    }

    @Override
    public boolean confirmTyped(String title, String message, String name, String confirm) {
        asked.add(title + ": " + message);
        return answer;
    }

    @Override
    public void error(String title, String message, Throwable details) {
        errors.add(title + ": " + message);
    }

    @Override
    public void notify(Level level, String title, String text) {
        notifications.add(level + " " + title + ": " + text);
    }
}
