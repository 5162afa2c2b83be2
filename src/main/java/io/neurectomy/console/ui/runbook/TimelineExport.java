package io.neurectomy.console.ui.runbook;

import io.neurectomy.console.core.runbook.Timeline;
import io.neurectomy.console.ui.fx.TaskRunner;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.function.Consumer;

/** The export of a run's timeline as Markdown, for the runbook's and the drill's views: where, and writing it. */
final class TimelineExport {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    private TimelineExport() {
    }

    /** The default file of {@code timeline} under {@code directory}: {@code NAME-yyyyMMdd-HHmmss.md}. */
    static String defaultFile(Path directory, String name, Timeline timeline) {
        return directory.resolve(name + "-" + STAMP.format(timeline.clock().started()) + ".md").toString();
    }

    /**
     * Writes {@code timeline} to {@code path} (atomically, off the FX thread) and tells {@code message} how it went;
     * {@code noTimeline} is said when there is none yet.
     */
    static void write(Timeline timeline, String path, TaskRunner runner, Consumer<String> message,
                      String noTimeline) {
        String text = path == null ? "" : path.strip();
        if (timeline == null) {
            message.accept(noTimeline);
            return;
        }
        if (text.isEmpty()) {
            message.accept("Choose the file to write the timeline to.");
            return;
        }
        Path file = Path.of(text);
        message.accept("Writing the timeline…");
        runner.run(() -> timeline.write(file), p -> message.accept("Timeline written to " + p),
                e -> message.accept("Could not write the timeline to " + file + ": " + describe(
                        e.getCause() == null ? e : e.getCause()) + ". Choose a file in a writable directory."));
    }

    /** A failure's message for people (its type when it has none). */
    static String describe(Throwable t) {
        String text = t.getMessage();
        return text == null || text.isBlank() ? t.getClass().getSimpleName() : text;
    }
}
