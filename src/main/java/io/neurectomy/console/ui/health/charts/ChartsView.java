package io.neurectomy.console.ui.health.charts;

import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.ui.fx.TaskRunner;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/**
 * The charts of the Health section: a range choice and a refresh button above three line charts (disk used by the
 * TSDB with its forecast dashed, samples ingested per second, head series), one line per Prometheus replica. When
 * Prometheus cannot be asked, a message says why instead.
 */
public final class ChartsView extends VBox {
    private static final DateTimeFormatter HOURS = DateTimeFormatter.ofPattern("HH:mm");

    private final ChartsViewModel model;
    private final Map<ChartsViewModel.Chart, LineChart<Number, Number>> charts =
            new EnumMap<>(ChartsViewModel.Chart.class);

    public ChartsView(ChartsViewModel model, ZoneId zone) {
        this.model = model;
        setSpacing(8);
        setPadding(new Insets(12));
        setId("health-charts");

        ChoiceBox<ChartsViewModel.Range> range = new ChoiceBox<>();
        range.getItems().setAll(ChartsViewModel.Range.values());
        range.valueProperty().bindBidirectional(model.rangeProperty());
        range.setId("charts-range");
        Button refresh = new Button("Refresh");
        refresh.setId("charts-refresh");
        refresh.setOnAction(e -> model.refresh());
        refresh.disableProperty().bind(model.loadingProperty());
        Label status = new Label();
        status.setId("charts-status");
        status.textProperty().bind(model.statusProperty());
        HBox bar = new HBox(8, new Label("Range"), range, refresh, status);
        bar.setAlignment(Pos.CENTER_LEFT);

        Label message = new Label();
        message.setId("charts-message");
        message.setWrapText(true);
        message.setStyle("-fx-text-fill: #b00020;");
        message.textProperty().bind(model.messageProperty());
        message.visibleProperty().bind(model.messageProperty().isNotEmpty());
        message.managedProperty().bind(message.visibleProperty());

        getChildren().addAll(bar, message);
        for (ChartsViewModel.Chart c : ChartsViewModel.Chart.values()) {
            NumberAxis x = new NumberAxis();
            x.setForceZeroInRange(false);
            x.setTickLabelFormatter(converter(v -> HOURS.format(Instant.ofEpochSecond(v.longValue()).atZone(zone))));
            NumberAxis y = new NumberAxis();
            y.setLabel(c.unit());
            if (c == ChartsViewModel.Chart.DISK) {
                y.setTickLabelFormatter(converter(ChartsView::bytes));
            }
            LineChart<Number, Number> chart = new LineChart<>(x, y);
            chart.setTitle(c.title());
            chart.setCreateSymbols(false);
            chart.setAnimated(false);
            chart.setId("chart-" + c.name().toLowerCase(Locale.ROOT));
            chart.setMinHeight(180);
            VBox.setVgrow(chart, Priority.ALWAYS);
            charts.put(c, chart);
            getChildren().add(chart);
        }
        model.dataProperty().addListener((obs, was, now) -> show(now));
        show(model.dataProperty().get());
    }

    /**
     * The charts of {@code session}'s stack, asked at once for the last hour; the queries run on {@code runner}. Call
     * {@code model().close()} when the session ends.
     */
    public static ChartsView of(ClusterSession session, TaskRunner runner) {
        ChartsView view = new ChartsView(ChartsViewModel.of(session, runner), ZoneId.systemDefault());
        view.model().refresh();
        return view;
    }

    /** The view model behind the view. */
    public ChartsViewModel model() {
        return model;
    }

    private void show(Map<ChartsViewModel.Chart, List<ChartsViewModel.Line>> data) {
        charts.forEach((c, chart) -> {
            chart.getData().clear();
            Map<String, String> colours = new java.util.HashMap<>();
            for (ChartsViewModel.Line line : data.getOrDefault(c, List.of())) {
                XYChart.Series<Number, Number> series = new XYChart.Series<>();
                series.setName(line.name());
                for (ChartsViewModel.Point p : line.points()) {
                    series.getData().add(new XYChart.Data<>(p.time(), p.value()));
                }
                chart.getData().add(series);
            }
            // Once every series is in (adding one restyles the others): each forecast dashed, in the colour of the
            // replica it continues.
            for (XYChart.Series<Number, Number> series : chart.getData()) {
                if (series.getNode() != null) {
                    colours.put(series.getName(), colour(series));
                }
            }
            for (XYChart.Series<Number, Number> series : chart.getData()) {
                String own = colours.get(series.getName().replace(" forecast", ""));
                if (!series.getName().endsWith(" forecast") || series.getNode() == null || own == null) {
                    continue;
                }
                series.getNode().getStyleClass().remove(colour(series));
                series.getNode().getStyleClass().add(own);
                series.getNode().setStyle("-fx-stroke-dash-array: 8 6;");
            }
        });
    }

    private static String colour(XYChart.Series<Number, Number> series) {
        return series.getNode().getStyleClass().stream().filter(k -> k.startsWith("default-color")).findFirst()
                .orElse("");
    }

    private static StringConverter<Number> converter(java.util.function.Function<Number, String> format) {
        return new StringConverter<>() {
            @Override
            public String toString(Number value) {
                return value == null ? "" : format.apply(value);
            }

            @Override
            public Number fromString(String text) {
                throw new UnsupportedOperationException("the axis is not edited");
            }
        };
    }

    static String bytes(Number value) {
        double v = value.doubleValue();
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        int u = 0;
        while (Math.abs(v) >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return (u == 0 ? String.valueOf(Math.round(v)) : String.format(Locale.ROOT, "%.1f", v)) + " " + units[u];
    }
}
