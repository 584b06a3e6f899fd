package dev.nabla.cli.plot;

import dev.nabla.train.History;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Learning curves: training and validation loss per epoch, and beside them each metric (training and
 * validation). The gap between the two curves is what the lectures use to spot over-fitting.
 */
public final class LearningCurvePlot {
    private LearningCurvePlot() {}

    /** Writes the curves of {@code history} to a PNG. */
    public static void write(History history, Path file) throws IOException {
        if (history.epochs() == 0) {
            throw new IllegalArgumentException("learning curves: the history has no epochs");
        }
        List<XYChart> charts = new ArrayList<>();
        charts.add(chart(history, "loss"));
        for (String key : history.keys()) {
            if (!key.equals("loss") && !key.equals("lr") && !key.startsWith("val_")) {
                charts.add(chart(history, key));
            }
        }
        Png.write(file, charts, 1, charts.size());
    }

    private static XYChart chart(History h, String key) {
        XYChart chart = new XYChartBuilder().width(560).height(400).title(key).xAxisTitle("epoch").yAxisTitle(key).build();
        chart.getStyler().setMarkerSize(5);
        double[] epochs = new double[h.epochs()];
        for (int e = 0; e < epochs.length; e++) {
            epochs[e] = e + 1;
        }
        double[] training = values(h, key);
        chart.addSeries("training", epochs, training).setMarker(SeriesMarkers.CIRCLE);
        if (h.keys().contains("val_" + key)) {
            chart.addSeries("validation", epochs, values(h, "val_" + key)).setMarker(SeriesMarkers.DIAMOND);
        }
        Axes.roundTicks(chart, epochs, training[0]);
        return chart;
    }

    private static double[] values(History h, String key) {
        return h.get(key).stream().mapToDouble(Double::doubleValue).toArray();
    }
}
