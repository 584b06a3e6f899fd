package dev.nabla.cli.plot;

import dev.nabla.train.FlowRecord;
import dev.nabla.train.LayerFlow;
import dev.nabla.train.ValueSummary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The gradient-flow pictures ({@code nabla diagnose}): per-layer gradient norms, one line per network or
 * step, and histograms with one panel per layer (the lecture notes' figure from Glorot and Bengio, 2010:
 * gradients far from the output vanish to a spike at zero).
 */
public final class FlowPlot {
    /** Odd, so that zero is a bin's centre on a symmetric axis, and under the recorder's 32, so a rebinned histogram has no empty teeth. */
    private static final int BINS = 31;

    private FlowPlot() {}

    /**
     * Per-layer norms of each series' record: the weight gradient, the gradient with respect to the layer's
     * output (both on log axes), and, where any layer has one, the dead-ReLU and saturated fractions.
     */
    public static void writeNorms(Map<String, FlowRecord> series, String title, Path file) throws IOException {
        List<XYChart> charts = new ArrayList<>();
        charts.add(perLayer(series, "weight gradient " + title, "norm of dL/dW", true,
                l -> l.weightGradient() == null ? Double.NaN : l.weightGradient().norm()));
        charts.add(perLayer(series, "gradient w.r.t. each layer's output", "norm of dL/dh", true,
                l -> l.outputGradient() == null ? Double.NaN : l.outputGradient().norm()));
        boolean health = series.values().stream().flatMap(r -> r.layers().stream())
                .anyMatch(l -> !Double.isNaN(l.deadFraction()) || !Double.isNaN(l.saturatedFraction()));
        if (health) {
            charts.add(perLayer(series, "dead ReLU units, saturated sigmoid/tanh outputs", "fraction dead (relu) or saturated", false,
                    l -> Double.isNaN(l.deadFraction()) ? l.saturatedFraction() : l.deadFraction()));
        }
        Png.write(file, charts, 1, charts.size());
    }

    private static XYChart perLayer(Map<String, FlowRecord> series, String title, String yTitle, boolean log,
            ToDoubleFunction<LayerFlow> value) {
        XYChart chart = Axes.styled(new XYChartBuilder().width(560).height(460).title(title)
                .xAxisTitle("layer (1 = nearest the input)").yAxisTitle(yTitle).build());
        // XChart labels a log axis at decades only: values within two decades read better on a linear one
        chart.getStyler().setYAxisLogarithmic(log && spread(series, value) > 100);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(org.knowm.xchart.style.Styler.LegendLayout.Horizontal);
        chart.getStyler().setXAxisDecimalPattern("0");
        if (!log) {
            chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        }
        for (Map.Entry<String, FlowRecord> e : series.entrySet()) {
            List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
            List<LayerFlow> layers = e.getValue().layers();
            for (int i = 0; i < layers.size(); i++) {
                double v = value.applyAsDouble(layers.get(i));
                if (Double.isFinite(v) && (!log || v > 0)) { // a log axis has no place for 0
                    xs.add(i + 1.0);
                    ys.add(v);
                }
            }
            if (!xs.isEmpty()) {
                chart.addSeries(e.getKey(), xs, ys).setMarker(SeriesMarkers.CIRCLE);
            }
        }
        return chart;
    }

    /** The ratio of the largest positive value to the smallest over every series. */
    private static double spread(Map<String, FlowRecord> series, ToDoubleFunction<LayerFlow> value) {
        double lo = Double.POSITIVE_INFINITY, hi = 0;
        for (FlowRecord r : series.values()) {
            for (LayerFlow l : r.layers()) {
                double v = value.applyAsDouble(l);
                if (v > 0 && Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        return hi > 0 ? hi / lo : 1;
    }

    /**
     * One panel per layer (rows, nearest the input first) and per column (a network, or a step): the
     * normalised histogram of a quantity. Gradients ({@code symmetric}) share an x range symmetric about 0
     * down each column, so a layer whose gradients are far smaller than the others' shows as a spike at 0;
     * activations take their function's range (sigmoid 0..1), where saturated units pile up at the ends.
     */
    public static void writeHistograms(Map<String, FlowRecord> columns, String quantity,
            Function<LayerFlow, ValueSummary> pick, boolean symmetric, Path file) throws IOException {
        List<XYChart> charts = new ArrayList<>();
        List<String> names = new ArrayList<>(columns.keySet());
        int rows = columns.values().stream().mapToInt(r -> r.layers().size()).max().orElse(0);
        Map<String, double[]> ranges = new LinkedHashMap<>();
        columns.forEach((name, r) -> ranges.put(name, range(r, pick, symmetric)));
        for (int row = 0; row < rows; row++) {
            for (String name : names) {
                List<LayerFlow> layers = columns.get(name).layers();
                LayerFlow l = row < layers.size() ? layers.get(row) : null;
                double[] range = symmetric || l == null ? ranges.get(name) : naturalRange(l, pick.apply(l));
                charts.add(panel(name, l, row, l == null ? null : pick.apply(l), range, quantity));
            }
        }
        Png.write(file, charts, rows, names.size());
    }

    private static XYChart panel(String column, LayerFlow l, int row, ValueSummary s, double[] range, String quantity) {
        String title = (row == 0 ? column + ": " : "") + "layer " + (row + 1) + (l == null ? "" : " " + l.label());
        XYChart chart = Axes.styled(new XYChartBuilder().width(380).height(170).title(title)
                .xAxisTitle(quantity).yAxisTitle("fraction").build());
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        chart.getStyler().setXAxisMin(range[0]).setXAxisMax(range[1]);
        chart.getStyler().setXAxisDecimalPattern(Math.max(Math.abs(range[0]), Math.abs(range[1])) < 0.01 ? "0.0E0" : "0.###");
        chart.getStyler().setXAxisTickMarkSpacingHint(90);
        chart.getStyler().setAxisTitleFont(chart.getStyler().getAxisTitleFont().deriveFont(10f));
        chart.getStyler().setChartTitleFont(chart.getStyler().getChartTitleFont().deriveFont(11f));
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.StepArea);
        double[] xs = new double[BINS], ys = new double[BINS];
        ValueSummary.Histogram h = s == null || s.count() == 0 ? null : s.histogram().rebin(range[0], range[1], BINS);
        for (int b = 0; b < BINS; b++) {
            xs[b] = range[0] + (range[1] - range[0]) * (b + 0.5) / BINS;
            ys[b] = h == null ? 0 : (double) h.counts()[b] / s.count();
        }
        chart.addSeries("histogram", xs, ys).setMarker(SeriesMarkers.NONE);
        Axes.roundTicks(chart, xs, 0);
        return chart;
    }

    /** An activation's own range (sigmoid 0..1, tanh -1..1), where saturation piles up at the ends; else its values'. */
    private static double[] naturalRange(LayerFlow l, ValueSummary s) {
        if ("sigmoid".equals(l.activation())) {
            return new double[] {0, 1};
        }
        if ("tanh".equals(l.activation())) {
            return new double[] {-1, 1};
        }
        if (s == null || s.count() == 0) {
            return new double[] {-1, 1};
        }
        return s.max() > s.min() ? new double[] {s.min(), s.max()} : new double[] {s.min() - 0.5, s.max() + 0.5};
    }

    /** The range shared by a column's panels: every layer's values (about 0 for gradients), never empty. */
    private static double[] range(FlowRecord r, Function<LayerFlow, ValueSummary> pick, boolean symmetric) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (LayerFlow l : r.layers()) {
            ValueSummary s = pick.apply(l);
            if (s != null && s.count() > 0) {
                lo = Math.min(lo, s.min());
                hi = Math.max(hi, s.max());
            }
        }
        if (lo > hi) {
            return new double[] {-1, 1};
        }
        if (symmetric) {
            double m = Math.max(Math.abs(lo), Math.abs(hi));
            return m > 0 ? new double[] {-m, m} : new double[] {-1, 1};
        }
        return hi > lo ? new double[] {lo, hi} : new double[] {lo - 0.5, hi + 0.5};
    }
}
