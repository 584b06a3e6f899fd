package dev.nabla.cli.plot;

import dev.nabla.insight.OptimizerPaths;
import dev.nabla.insight.Surface;
import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Optimizers' paths over a surface's contours ({@code nabla paths}). XChart has no contour plot: the
 * surface is drawn as filled bands, a grid of square markers per band of log(1 + f − min), light (low) to
 * dark (high), left out of the legend; each path is a line from the start (a circle) to its end, cut where
 * it leaves the box, and the minimum is a black cross.
 */
public final class PathPlot {
    private static final int GRID = 64;
    private static final int BANDS = 12;
    /** Matplotlib's tab10: distinct on the pale bands and for the colour-blind. */
    static final Color[] PALETTE = {
        new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44), new Color(214, 39, 40),
        new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194), new Color(127, 127, 127),
        new Color(188, 189, 34), new Color(23, 190, 207)
    };

    private PathPlot() {}

    /** One panel: {@code paths} over {@code s}'s contours. */
    public static XYChart contours(Surface s, List<OptimizerPaths.Path> paths, String title, int width, int height) {
        XYChart chart = Axes.styled(new XYChartBuilder().width(width).height(height).title(title).xAxisTitle("x").yAxisTitle("y").build());
        org.knowm.xchart.style.XYStyler st = chart.getStyler();
        double[] box = s.box();
        chart.getStyler().setXAxisMin(box[0]).setXAxisMax(box[1]).setYAxisMin(box[2]).setYAxisMax(box[3]);
        st.setLegendPosition(Styler.LegendPosition.OutsideE);
        st.setPlotGridLinesVisible(false);
        st.setXAxisTickMarkSpacingHint(80);
        st.setMarkerSize((int) Math.ceil(0.6 * width / GRID) + 2);
        bands(chart, s);
        for (int k = 0; k < paths.size(); k++) {
            OptimizerPaths.Path p = paths.get(k);
            List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
            for (int i = 0; i < p.xs().length && inside(box, p.xs()[i], p.ys()[i]); i++) {
                xs.add(p.xs()[i]);
                ys.add(p.ys()[i]);
            }
            String label = p.label() + (p.diverged() ? " (diverged at step " + p.divergedAt() + ")" : "");
            XYSeries line = chart.addSeries(label, xs, ys);
            line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            line.setMarker(SeriesMarkers.NONE);
            line.setLineWidth(2f);
            line.setLineStyle(SeriesLines.SOLID);
            line.setLineColor(PALETTE[k % PALETTE.length]);
        }
        point(chart, "start", s.start(), SeriesMarkers.CIRCLE);
        if (s.minimum() != null) {
            point(chart, "minimum", s.minimum(), SeriesMarkers.CROSS);
        }
        return chart;
    }

    private static void point(XYChart chart, String name, double[] xy, org.knowm.xchart.style.markers.Marker m) {
        XYSeries p = chart.addSeries(name, new double[] {xy[0]}, new double[] {xy[1]});
        p.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        p.setMarker(m);
        p.setMarkerColor(Color.BLACK);
        p.setLineStyle(new BasicStroke(0f));
    }

    private static boolean inside(double[] box, double x, double y) {
        return x >= box[0] && x <= box[1] && y >= box[2] && y <= box[3];
    }

    /** The filled contour bands, evenly spaced in log(1 + f − min) over the box. */
    private static void bands(XYChart chart, Surface s) {
        double[] f = s.grid(GRID);
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double v : f) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        double top = Math.log1p(hi - lo);
        List<List<Double>> bx = new ArrayList<>(), by = new ArrayList<>();
        for (int b = 0; b < BANDS; b++) {
            bx.add(new ArrayList<>());
            by.add(new ArrayList<>());
        }
        double[] box = s.box();
        for (int i = 0; i < GRID; i++) {
            for (int j = 0; j < GRID; j++) {
                double level = top == 0 ? 0 : Math.log1p(f[i * GRID + j] - lo) / top;
                int b = Math.min(BANDS - 1, (int) (level * BANDS));
                bx.get(b).add(box[0] + (box[1] - box[0]) * j / (GRID - 1));
                by.get(b).add(box[2] + (box[3] - box[2]) * i / (GRID - 1));
            }
        }
        for (int b = 0; b < BANDS; b++) {
            if (bx.get(b).isEmpty()) {
                continue;
            }
            XYSeries band = chart.addSeries("band " + b, bx.get(b), by.get(b));
            band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            band.setMarker(SeriesMarkers.SQUARE);
            int shade = 252 - (int) (90.0 * b / (BANDS - 1));
            band.setMarkerColor(new Color(shade - 10, shade - 4, 255 - (255 - shade) / 4));
            band.setShowInLegend(false);
        }
    }

    /** f against the step on a log axis, one line per path (where f > 0: the saddle's go below). */
    public static XYChart losses(List<OptimizerPaths.Path> paths, String title, int width, int height) {
        return perStep(paths, title, "f(x, y)", (p, i) -> p.losses()[i], width, height);
    }

    /** The distance from each position to {@code minimum}, against the step, on a log axis. */
    public static XYChart distances(List<OptimizerPaths.Path> paths, double[] minimum, String title, int width, int height) {
        return perStep(paths, title, "distance to the minimum", (p, i) -> Math.hypot(p.xs()[i] - minimum[0], p.ys()[i] - minimum[1]),
                width, height);
    }

    private static XYChart perStep(List<OptimizerPaths.Path> paths, String title, String yTitle,
            java.util.function.BiFunction<OptimizerPaths.Path, Integer, Double> value, int width, int height) {
        XYChart chart = Axes.styled(new XYChartBuilder().width(width).height(height).title(title).xAxisTitle("step")
                .yAxisTitle(yTitle).build());
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        double first = Double.NaN;
        int longest = 0;
        for (int k = 0; k < paths.size(); k++) {
            OptimizerPaths.Path p = paths.get(k);
            List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
            for (int i = 0; i < p.losses().length; i++) {
                double v = value.apply(p, i);
                if (v > 0) {
                    xs.add((double) i);
                    ys.add(v);
                }
            }
            if (!xs.isEmpty()) {
                XYSeries line = chart.addSeries(p.label(), xs, ys);
                line.setMarker(SeriesMarkers.NONE);
                line.setLineStyle(SeriesLines.SOLID);
                line.setLineColor(PALETTE[k % PALETTE.length]);
                first = Double.isNaN(first) ? ys.get(0) : first;
                longest = Math.max(longest, p.losses().length);
            }
        }
        double[] steps = new double[longest];
        for (int i = 0; i < longest; i++) {
            steps[i] = i;
        }
        if (longest > 1) {
            Axes.roundTicks(chart, steps, first);
        }
        return chart;
    }
}
