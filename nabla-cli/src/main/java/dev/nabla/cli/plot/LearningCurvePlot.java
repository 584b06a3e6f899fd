package dev.nabla.cli.plot;

import dev.nabla.insight.FitDiagnosis;
import dev.nabla.train.History;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Learning curves: training and validation loss per epoch, and beside them each metric (training and
 * validation). The gap between the two curves is what the lectures use to spot over-fitting.
 */
public final class LearningCurvePlot {
    private LearningCurvePlot() {}

    /** Writes the curves of {@code history} to a PNG. */
    public static void write(History history, Path file) throws IOException {
        write(history, FitDiagnosis.of(history), file);
    }

    /**
     * Writes the curves with the diagnosis: its verdict in the loss chart's title and, where there is a
     * validation loss, a dashed vertical line at its lowest epoch (where early stopping would stop).
     */
    public static void write(History history, FitDiagnosis fit, Path file) throws IOException {
        if (history.epochs() == 0) {
            throw new IllegalArgumentException("learning curves: the history has no epochs");
        }
        List<XYChart> charts = new ArrayList<>();
        XYChart loss = chart(history, "loss");
        mark(loss, history, fit);
        charts.add(loss);
        for (String key : history.keys()) {
            if (!key.equals("loss") && !key.equals("lr") && !key.startsWith("val_")) {
                charts.add(chart(history, key));
            }
        }
        Png.write(file, charts, 1, charts.size());
    }

    private static XYChart chart(History h, String key) {
        XYChart chart = Axes.styled(new XYChartBuilder().width(560).height(440).title(key).xAxisTitle("epoch").yAxisTitle(key).build());
        chart.getStyler().setMarkerSize(h.epochs() > 60 ? 0 : 5);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        logIfWide(chart, h, key);
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

    /** A loss that falls by decades (a first epoch far above the rest) is read on a log axis. */
    private static void logIfWide(XYChart chart, History h, String key) {
        double lo = Double.POSITIVE_INFINITY, hi = 0;
        for (String k : List.of(key, "val_" + key)) {
            if (h.keys().contains(k)) {
                for (double v : values(h, k)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (lo > 0 && hi / lo > 20) {
            chart.getStyler().setYAxisLogarithmic(true);
        }
    }

    private static void mark(XYChart chart, History h, FitDiagnosis fit) {
        if (fit.verdict().equals("unknown")) {
            return;
        }
        chart.setTitle("loss: " + fit.verdict().replace('_', ' '));
        if (fit.bestEpoch() == 0) {
            return;
        }
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (String k : List.of("loss", "val_loss")) {
            for (double v : values(h, k)) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        // "early stop" only where stopping there would have helped: after it the validation loss turned up
        String label = (fit.verdict().equals("overfitting") ? "early stop: epoch " : "lowest validation loss: epoch ") + fit.bestEpoch();
        XYSeries stop = chart.addSeries(label,
                new double[] {fit.bestEpoch(), fit.bestEpoch()}, new double[] {lo, hi});
        stop.setMarker(SeriesMarkers.NONE);
        stop.setLineColor(Color.DARK_GRAY);
        stop.setLineStyle(SeriesLines.DASH_DASH);
    }

    private static double[] values(History h, String key) {
        return h.get(key).stream().mapToDouble(Double::doubleValue).toArray();
    }
}
