package io.neurectomy.console.ui.logs;

import io.neurectomy.console.core.logs.LogLevel;
import io.neurectomy.console.core.logs.LogLine;
import io.neurectomy.console.core.logs.LogListener;
import io.neurectomy.console.core.logs.LogRequest;
import io.neurectomy.console.core.logs.LogSource;
import io.neurectomy.console.core.logs.LogStreamState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A log source the test drives: it records each opened stream and lets the test send lines and states. */
public final class FakeLogSource implements LogSource {
    public final List<Stream> streams = new CopyOnWriteArrayList<>();
    public volatile Map<String, List<String>> containers = Map.of();

    /** One opened stream. */
    public static final class Stream implements LogSubscription {
        public final LogRequest request;
        private final LogListener listener;
        private long seq;
        public volatile boolean closed;

        Stream(LogRequest request, LogListener listener) {
            this.request = request;
            this.listener = listener;
        }

        /** Sends lines (their levels as the core would read them), numbered from where the stream is. */
        public synchronized Stream send(String... texts) {
            if (closed) {
                return this;
            }
            List<LogLine> batch = new ArrayList<>();
            for (String text : texts) {
                batch.add(new LogLine(seq++, text, LogLevel.of(text), false));
            }
            listener.lines(batch);
            return this;
        }

        public synchronized Stream sendMarker(String text) {
            if (!closed) {
                listener.lines(List.of(new LogLine(seq++, text, LogLevel.UNKNOWN, true)));
            }
            return this;
        }

        public synchronized Stream state(LogStreamState state, String message) {
            if (!closed) {
                listener.state(state, message);
            }
            return this;
        }

        @Override
        public synchronized void close() {
            closed = true;
        }
    }

    @Override
    public List<String> containers(String pod) {
        return containers.getOrDefault(pod, List.of());
    }

    @Override
    public LogSubscription open(LogRequest request, LogListener listener) {
        Stream s = new Stream(request, listener);
        streams.add(s);
        return s;
    }

    public Stream last() {
        return streams.get(streams.size() - 1);
    }
}
