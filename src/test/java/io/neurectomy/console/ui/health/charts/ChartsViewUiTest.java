package io.neurectomy.console.ui.health.charts;

import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.theme.PrimerLight;
import io.neurectomy.console.testing.FxWait;
import io.neurectomy.console.ui.fx.FxTaskRunner;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.image.Image;
import javafx.scene.image.PixelReader;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The charts on their own stage, fed by a source that answers like Prometheus's {@code query_range} (two replicas,
 * a point every step over the range asked): the three charts draw every point, the disk chart adds a forecast per
 * replica, the range choice asks again at the range's step, and a source that fails shows why instead of charts.
 */
class ChartsViewUiTest {
    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    private final FxRobot robot = new FxRobot();
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private volatile String failure;
    private FxTaskRunner runner;
    private ChartsView view;

    /** Two replicas; the disk's values rise 0.5 byte/s so the forecast has a known slope, the others wave. */
    private ChartsSource.Answer answer(String query, Instant start, Instant end, Duration step) throws IOException {
        asked.add(query + " step=" + step.toSeconds());
        if (failure != null) {
            throw new IOException(failure);
        }
        List<ChartsViewModel.Line> lines = new ArrayList<>();
        for (String pod : List.of("prometheus-0", "prometheus-1")) {
            List<ChartsViewModel.Point> points = new ArrayList<>();
            for (long t = start.getEpochSecond(); t <= end.getEpochSecond(); t += step.toSeconds()) {
                long s = t - start.getEpochSecond();
                double shift = pod.endsWith("1") ? 1.1 : 1;
                double value = query.contains("bytes") ? 50e6 * shift + s * 0.5
                        : (query.contains("rate") ? 120 : 1500) * shift * (1 + 0.05 * Math.sin(s / 600.0));
                points.add(new ChartsViewModel.Point(t, value));
            }
            lines.add(new ChartsViewModel.Line(pod, points, false));
        }
        return new ChartsSource.Answer("prometheus-0", lines);
    }

    @BeforeEach
    void show() throws Exception {
        FxToolkit.registerPrimaryStage();
        runner = new FxTaskRunner();
        FxToolkit.setupStage(stage -> {
            Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
            ChartsViewModel model = new ChartsViewModel(runner, this::answer, Clock.fixed(NOW, ZoneOffset.UTC),
                    ZoneId.of("UTC"));
            view = new ChartsView(model, ZoneId.of("UTC"));
            stage.setScene(new Scene(view, 900, 820));
            stage.show();
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.setupFixture(() -> view.model().close());
        FxToolkit.cleanupStages();
        runner.close();
    }

    @SuppressWarnings("unchecked")
    private LineChart<Number, Number> chart(String id) {
        return (LineChart<Number, Number>) robot.lookup("#" + id).queryAs(LineChart.class);
    }

    private static List<String> names(LineChart<Number, Number> chart) {
        return chart.getData().stream().map(XYChart.Series::getName).toList();
    }

    @Test
    void theThreeChartsDrawEveryPointOfEachReplicaAndTheDiskForecast() throws Exception {
        FxWait.click(robot, "#charts-refresh");
        FxWait.until(() -> !chart("chart-series").getData().isEmpty());

        // 1 h every 30 s, both ends included.
        for (String id : List.of("chart-disk", "chart-samples", "chart-series")) {
            LineChart<Number, Number> chart = chart(id);
            assertThat(chart.getData()).as(id).hasSizeGreaterThanOrEqualTo(2);
            assertThat(chart.getData().get(0).getData()).as(id).hasSize(121);
            assertThat(chart.getData().get(0).getData().get(0).getXValue().longValue())
                    .isEqualTo(NOW.minus(Duration.ofHours(1)).getEpochSecond());
            assertThat(chart.lookupAll(".chart-series-line")).as(id).isNotEmpty();
        }
        assertThat(names(chart("chart-series"))).containsExactly("prometheus-0", "prometheus-1");
        assertThat(names(chart("chart-disk"))).containsExactly("prometheus-0", "prometheus-1",
                "prometheus-0 forecast", "prometheus-1 forecast");
        XYChart.Series<Number, Number> forecast = chart("chart-disk").getData().get(2);
        // The values rise 0.5 per second: a quarter of the hour ahead, 450 more.
        assertThat(forecast.getData().get(1).getXValue().doubleValue() - forecast.getData().get(0).getXValue()
                .doubleValue()).isEqualTo(900);
        assertThat(forecast.getData().get(1).getYValue().doubleValue() - forecast.getData().get(0).getYValue()
                .doubleValue()).isCloseTo(450, org.assertj.core.data.Offset.offset(1e-3));
        // Dashed, in the colour of the replica it continues.
        for (int i = 0; i < 2; i++) {
            XYChart.Series<Number, Number> replica = chart("chart-disk").getData().get(i);
            XYChart.Series<Number, Number> ahead = chart("chart-disk").getData().get(i + 2);
            assertThat(ahead.getNode().getStyle()).contains("-fx-stroke-dash-array");
            assertThat(ahead.getNode().getStyleClass()).filteredOn(k -> k.startsWith("default-color"))
                    .containsExactlyElementsOf(replica.getNode().getStyleClass().stream()
                            .filter(k -> k.startsWith("default-color")).toList());
        }
        assertThat(robot.lookup("#charts-status").queryAs(Label.class).getText())
                .isEqualTo("From prometheus-0 at 12:00:00, every 30 s over 1 h");
        assertThat(asked).contains("sum by (pod) (prometheus_tsdb_head_series) step=30",
                "sum by (pod) (rate(prometheus_tsdb_head_samples_appended_total[120s])) step=30");
        capture();
    }

    @Test
    void choosingSixHoursAsksAgainAtItsStep() throws Exception {
        @SuppressWarnings("unchecked")
        ChoiceBox<ChartsViewModel.Range> range = robot.lookup("#charts-range").queryAs(ChoiceBox.class);
        robot.interact(() -> range.setValue(ChartsViewModel.Range.SIX_HOURS));
        FxWait.until(() -> chart("chart-series").getData().size() == 2
                && chart("chart-series").getData().get(0).getData().size() == 181);
        assertThat(asked).contains("sum by (pod) (prometheus_tsdb_head_series) step=120",
                "sum by (pod) (rate(prometheus_tsdb_head_samples_appended_total[480s])) step=120");
    }

    @Test
    void whenPrometheusCannotBeAskedTheChartsAreEmptyAndTheMessageSaysWhy() throws Exception {
        FxWait.click(robot, "#charts-refresh");
        FxWait.until(() -> !chart("chart-series").getData().isEmpty());
        failure = "no Prometheus replica in monitoring is ready to be asked";
        FxWait.click(robot, "#charts-refresh");
        FxWait.until(() -> robot.lookup("#charts-message").queryAs(Label.class).isVisible());
        assertThat(robot.lookup("#charts-message").queryAs(Label.class).getText()).isEqualTo(
                "Prometheus cannot be asked: no Prometheus replica in monitoring is ready to be asked");
        for (String id : List.of("chart-disk", "chart-samples", "chart-series")) {
            assertThat(chart(id).getData()).as(id).isEmpty();
        }
    }

    /** With -Dconsole.screenshots=DIR, writes the charts as DIR/health-charts.png for the docs. */
    private void capture() throws Exception {
        String dir = System.getProperty("console.screenshots");
        if (dir == null || dir.isBlank()) {
            return;
        }
        Path out = Path.of(dir);
        Files.createDirectories(out);
        Node node = view;
        Image image = WaitForAsyncUtils.waitForAsyncFx(10_000, () -> node.snapshot(null, null));
        BufferedImage png = new BufferedImage((int) image.getWidth(), (int) image.getHeight(),
                BufferedImage.TYPE_INT_ARGB);
        PixelReader pixels = image.getPixelReader();
        for (int y = 0; y < png.getHeight(); y++) {
            for (int x = 0; x < png.getWidth(); x++) {
                png.setRGB(x, y, pixels.getArgb(x, y));
            }
        }
        ImageIO.write(png, "png", out.resolve("health-charts.png").toFile());
    }
}
