package io.neurectomy.console.core.logs;

import java.util.ArrayList;
import java.util.List;

/** Records what a log stream delivers; reads copy under the lock. */
final class RecordingListener implements LogListener {
    record State(LogStreamState state, String message) {
    }

    private final List<LogLine> lines = new ArrayList<>();
    private final List<State> states = new ArrayList<>();
    private final List<Integer> batchSizes = new ArrayList<>();
    private int calls;

    @Override
    public synchronized void lines(List<LogLine> batch) {
        lines.addAll(batch);
        batchSizes.add(batch.size());
        calls++;
    }

    @Override
    public synchronized void state(LogStreamState state, String message) {
        states.add(new State(state, message));
        calls++;
    }

    synchronized List<LogLine> lines() {
        return List.copyOf(lines);
    }

    synchronized List<String> texts() {
        return lines.stream().map(LogLine::text).toList();
    }

    synchronized List<State> states() {
        return List.copyOf(states);
    }

    synchronized List<LogStreamState> stateNames() {
        return states.stream().map(State::state).toList();
    }

    synchronized State last() {
        return states.isEmpty() ? null : states.get(states.size() - 1);
    }

    synchronized boolean reached(LogStreamState state) {
        return states.stream().anyMatch(s -> s.state() == state);
    }

    synchronized int calls() {
        return calls;
    }

    synchronized List<Integer> batchSizes() {
        return List.copyOf(batchSizes);
    }
}
