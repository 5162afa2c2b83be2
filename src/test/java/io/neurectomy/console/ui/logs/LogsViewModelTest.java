package io.neurectomy.console.ui.logs;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.core.cluster.ClusterState;
import io.neurectomy.console.core.logs.LogLine;
import io.neurectomy.console.core.logs.LogStreamState;
import io.neurectomy.console.testing.StackObjects;
import io.neurectomy.console.ui.fx.FxCoalescer;
import io.neurectomy.console.ui.fx.InlineTaskRunner;
import io.neurectomy.console.ui.logs.LogsViewModel.LevelFilter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Logs section's view model on a log source the test drives, without a toolkit. */
class LogsViewModelTest {
    @TempDir
    Path dir;

    private final FakeLogSource source = new FakeLogSource();
    private final ClusterState state = new ClusterState("monitoring");
    private LogsViewModel model;

    @BeforeEach
    void attach() {
        StackObjects.putPod(state, "aaa-other-1", "node-a", true, 0, null);
        state.put(StackObjects.statefulSetPod("prometheus", 0, "node-a"));
        state.put(StackObjects.statefulSetPod("alertmanager", 0, "node-b"));
        source.containers = Map.of("prometheus-0", List.of("prometheus", "config-reloader"));
        model = new LogsViewModel(new InlineTaskRunner(), FxCoalescer::immediate);
        model.attach(source, state, "monitoring");
    }

    private List<String> shownTexts() {
        return model.buffer().shown().stream().map(LogLine::text).toList();
    }

    @Test
    void offersTheSessionsPodsStackPodsFirstAndKeepsThemCurrent() {
        assertThat(model.pods()).containsExactly("alertmanager-0", "prometheus-0", "aaa-other-1");
        state.put(StackObjects.statefulSetPod("grafana", 0, "node-a"));
        assertThat(model.pods()).containsExactly("alertmanager-0", "grafana-0", "prometheus-0", "aaa-other-1");
    }

    @Test
    void withoutAPodNothingIsOpenedAndTheStatusSaysWhatToDo() {
        assertThat(source.streams).isEmpty();
        assertThat(model.statusProperty().get()).isEqualTo(LogsViewModel.NO_POD);
    }

    @Test
    void choosingAPodOpensItsDefaultStreamAndLinesArriveNumbered() {
        model.podProperty().set("prometheus-0");

        assertThat(source.streams).hasSize(1);
        assertThat(source.last().request.pod()).isEqualTo("prometheus-0");
        assertThat(source.last().request.tailLines()).isEqualTo(500);
        assertThat(source.last().request.follow()).isTrue();
        assertThat(source.last().request.reveal()).isFalse();
        assertThat(model.containers()).containsExactly("prometheus", "config-reloader");
        assertThat(model.containerProperty().get()).isEqualTo("prometheus");
        assertThat(source.streams).as("learning the main container's name re-opens nothing").hasSize(1);

        source.last().state(LogStreamState.STREAMING, null).send("level=info msg=\"Starting\"", "second");
        source.last().send("third");

        assertThat(model.buffer().lines()).extracting(LogLine::seq).containsExactly(0L, 1L, 2L);
        assertThat(shownTexts()).containsExactly("level=info msg=\"Starting\"", "second", "third");
        assertThat(model.buffer().countTextProperty().get()).isEqualTo("3 lines");
        assertThat(model.statusProperty().get()).startsWith("Following prometheus-0");
    }

    @Test
    void levelFilterAndSearchNarrowTheShownLines() {
        model.podProperty().set("prometheus-0");
        source.last().send("level=error msg=\"WAL corruption\"", "level=warn msg=\"slow Rule group\"",
                "level=info msg=\"rule group ok\"", "plain line");
        source.last().sendMarker("prometheus-0 was replaced (new pod); following it");

        model.buffer().levelFilterProperty().set(LevelFilter.WARNINGS);
        assertThat(shownTexts()).containsExactly("level=error msg=\"WAL corruption\"",
                "level=warn msg=\"slow Rule group\"", "prometheus-0 was replaced (new pod); following it");
        model.buffer().levelFilterProperty().set(LevelFilter.ERRORS);
        assertThat(shownTexts()).containsExactly("level=error msg=\"WAL corruption\"",
                "prometheus-0 was replaced (new pod); following it");

        model.buffer().levelFilterProperty().set(LevelFilter.ALL);
        model.buffer().searchProperty().set("RULE GROUP");
        assertThat(shownTexts()).containsExactly("level=warn msg=\"slow Rule group\"",
                "level=info msg=\"rule group ok\"");
        assertThat(model.buffer().countTextProperty().get()).isEqualTo("2 of 5 lines");

        source.last().send("level=debug msg=\"another rule group\"");
        assertThat(model.buffer().countTextProperty().get()).isEqualTo("3 of 6 lines");
        model.buffer().searchProperty().set("");
        assertThat(shownTexts()).hasSize(6);
    }

    @Test
    void revealReopensTheStreamRevealedAndTurnsOffWithAnotherPod() {
        model.podProperty().set("prometheus-0");
        FakeLogSource.Stream masked = source.last();
        masked.send("token=****");

        model.revealProperty().set(true);

        assertThat(masked.closed).isTrue();
        assertThat(source.streams).hasSize(2);
        assertThat(source.last().request.reveal()).isTrue();
        assertThat(source.last().request.pod()).isEqualTo("prometheus-0");
        assertThat(model.buffer().lines()).as("the masked lines go with their stream").isEmpty();

        model.podProperty().set("alertmanager-0");

        assertThat(model.revealProperty().get()).isFalse();
        assertThat(source.streams.get(1).closed).isTrue();
        assertThat(source.last().request.pod()).isEqualTo("alertmanager-0");
        assertThat(source.last().request.reveal()).isFalse();
        assertThat(source.streams).as("one stream per change").hasSize(3);
    }

    @Test
    void changingAnOptionClosesThePreviousStreamAndIgnoresItsLateLines() {
        model.podProperty().set("prometheus-0");
        FakeLogSource.Stream first = source.last();
        first.send("old line");

        model.tailLinesProperty().set(5000);
        assertThat(first.closed).isTrue();
        assertThat(source.last().request.tailLines()).isEqualTo(5000);

        FakeLogSource.Stream second = source.last();
        model.previousProperty().set(true);
        assertThat(second.closed).isTrue();
        assertThat(source.last().request.previous()).isTrue();
        assertThat(source.last().request.follow()).isFalse();

        FakeLogSource.Stream third = source.last();
        model.containerProperty().set("config-reloader");
        assertThat(third.closed).isTrue();
        assertThat(source.last().request.container()).isEqualTo("config-reloader");

        FakeLogSource.Stream fourth = source.last();
        model.followProperty().set(false);
        assertThat(fourth.closed).isTrue();
        assertThat(source.streams).hasSize(5);
        assertThat(source.streams.subList(0, 4)).allMatch(s -> s.closed);
        assertThat(source.last().closed).isFalse();
        assertThat(model.buffer().lines()).isEmpty();
    }

    @Test
    void detachClosesTheStreamAndForgetsThePods() {
        model.podProperty().set("prometheus-0");
        model.detach();
        assertThat(source.last().closed).isTrue();
        assertThat(model.pods()).isEmpty();
        assertThat(model.podProperty().get()).isNull();
    }

    @Test
    void keepsTheLatestFiftyThousandLinesAndSaysItDroppedTheOldest() {
        model.podProperty().set("prometheus-0");
        List<String> batch = new ArrayList<>();
        for (int i = 0; i < 30_000; i++) {
            batch.add("line " + i);
        }
        source.last().send(batch.toArray(String[]::new));
        assertThat(model.statusProperty().get()).doesNotContain("dropped");
        source.last().send(batch.toArray(String[]::new));

        assertThat(model.buffer().lines()).hasSize(LogsViewModel.MAX_LINES);
        assertThat(model.buffer().lines().get(0).seq()).isEqualTo(10_000L);
        assertThat(model.buffer().lines().get(model.buffer().lines().size() - 1).seq()).isEqualTo(59_999L);
        assertThat(model.statusProperty().get()).contains("the oldest 10000 lines were dropped");

        List<String> huge = new ArrayList<>();
        for (int i = 0; i < 60_000; i++) {
            huge.add("burst " + i);
        }
        source.last().send(huge.toArray(String[]::new));
        assertThat(model.buffer().lines()).hasSize(LogsViewModel.MAX_LINES);
        assertThat(model.buffer().lines().get(0).text()).isEqualTo("burst 10000");
    }

    @Test
    void failedShowsItsMessageAndReconnectingItsReason() {
        model.podProperty().set("prometheus-0");
        source.last().state(LogStreamState.RECONNECTING, "prometheus-0 restarts; waiting for it to run again");
        assertThat(model.streamStateProperty().get()).isEqualTo(LogStreamState.RECONNECTING);
        assertThat(model.statusProperty().get()).contains("prometheus-0 restarts; waiting for it to run again");

        source.last().state(LogStreamState.FAILED, "Access denied: the service account may not get pods/log.");

        assertThat(model.streamStateProperty().get()).isEqualTo(LogStreamState.FAILED);
        assertThat(model.statusProperty().get())
                .isEqualTo("Failed: Access denied: the service account may not get pods/log.");
    }

    @Test
    void openPodFromTheTopologyChoosesThePod() {
        model.openPod("alertmanager-0");
        assertThat(model.podProperty().get()).isEqualTo("alertmanager-0");
        assertThat(source.last().request.pod()).isEqualTo("alertmanager-0");
    }

    @Test
    void savesTheShownLinesWholeAndClearEmptiesTheView() throws Exception {
        model.podProperty().set("prometheus-0");
        source.last().send("level=error msg=boom password=****", "level=info msg=fine");
        model.buffer().levelFilterProperty().set(LevelFilter.ERRORS);
        Path file = dir.resolve("prometheus-0.log");

        model.save(file);

        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo("level=error msg=boom password=****\n");
        try (var files = Files.list(dir)) {
            assertThat(files.toList()).as("no temporary file is left").containsExactly(file);
        }
        assertThat(model.statusProperty().get()).contains("Saved 1 line to");

        model.clear();
        assertThat(model.buffer().lines()).isEmpty();
    }
}
