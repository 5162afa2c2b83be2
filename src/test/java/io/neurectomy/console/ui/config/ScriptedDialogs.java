package io.neurectomy.console.ui.config;

import io.neurectomy.console.ui.fx.DialogService;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A DialogService that answers confirmations from a script and records what it was asked and told. */
final class ScriptedDialogs implements DialogService {
    final Deque<Boolean> answers = new ArrayDeque<>();
    final List<String> asked = new CopyOnWriteArrayList<>();
    final List<String> notified = new CopyOnWriteArrayList<>();

    @Override
    public boolean confirm(String title, String message, String confirm) {
        asked.add(title + ": " + message);
        Boolean answer = answers.poll();
        return answer != null && answer;
    }

    @Override
    public boolean confirmTyped(String title, String message, String name, String confirm) {
        return confirm(title, message, confirm);
    }

    @Override
    public void error(String title, String message, Throwable details) {
        notified.add("ERROR " + title + ": " + message);
    }

    @Override
    public void notify(Level level, String title, String text) {
        notified.add(level + " " + title + ": " + text);
    }
}
