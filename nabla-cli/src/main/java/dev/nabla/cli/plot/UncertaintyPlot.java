package dev.nabla.cli.plot;

import dev.nabla.nn.GaussianMixture;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * What a model with a distribution head predicts over one input, drawn over the data: for one Gaussian the
 * mean and a ±2σ band; for a mixture its modes along x, in three shades by the weight of their branch (those
 * under 5% left out), so that the branches of a multi-valued answer show. A point model (an MSE fit) can be drawn beside it.
 */
public final class UncertaintyPlot {
    private static final int GRID = 200;
    private static final Color DATA = new Color(150, 150, 150, 110);
    private static final Color BAND = new Color(31, 119, 180, 70);
    private static final Color MEAN = new Color(31, 119, 180);
    private static final Color BASELINE = new Color(214, 39, 40);
    /** Modes of branches lighter than this are left out: a component the fit has all but switched off there. */
    private static final double LEAST_WEIGHT = 0.05;
    /** Mode shades, heaviest branch darkest: weight >= 0.5, 0.2-0.5, 0.05-0.2. */
    private static final Color[] MODE = {new Color(8, 69, 148), new Color(66, 146, 198), new Color(158, 202, 225)};
    private static final String[] MODE_NAMES = {"mode, weight >= 0.5", "mode, weight 0.2-0.5", "mode, weight 0.05-0.2"};

    private UncertaintyPlot() {}

    /**
     * Writes the plot.
     *
     * @param name the model's, for the title
     * @param x the samples' one feature, {@code y} their one target
     * @param predict raw features {@code [M, 1]} to the distribution the model predicts
     * @param baseline raw features {@code [M, 1]} to a point model's predictions {@code [M, 1]}, or null
     * @param baselineName its legend entry
     */
    public static void write(String name, double[] x, double[] y, String xName, String yName, Function<Tensor, GaussianMixture> predict,
                             Function<Tensor, Tensor> baseline, String baselineName, Path file) throws IOException {
        if (x.length == 0 || x.length != y.length) {
            throw new IllegalArgumentException("uncertainty plot: needs as many targets as samples (and some), got "
                    + x.length + " and " + y.length);
        }
        double[] grid = grid(x);
        Tensor g = Tensor.of(grid, grid.length, 1).to(DType.FLOAT32);
        GaussianMixture p = predict.apply(g);
        if (p.outputs() != 1) {
            throw new IllegalArgumentException("uncertainty plot: needs a model over one output, this one predicts " + p.outputs());
        }
        String title = name + ": " + (p.components() == 1 ? "predicted mean and ±2σ band"
                : "modes of the predicted mixture (K = " + p.components() + ") by branch weight");
        XYChart chart = new XYChartBuilder().width(800).height(600).title(title).xAxisTitle(xName).yAxisTitle(yName).build();
        style(chart);
        XYSeries data = chart.addSeries("data", x, y);
        data.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
        data.setMarker(SeriesMarkers.CIRCLE);
        data.setMarkerColor(DATA);
        if (p.components() == 1) {
            addBand(chart, grid, p);
        } else {
            addModes(chart, grid, p);
        }
        if (baseline != null) {
            XYSeries fit = chart.addSeries(baselineName, grid, baseline.apply(g).toDoubleArray());
            fit.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
            fit.setMarker(SeriesMarkers.NONE);
            fit.setLineColor(BASELINE);
            fit.setLineStyle(new BasicStroke(2.5f));
        }
        Png.write(file, List.of(chart), 1, 1);
    }

    private static void style(XYChart chart) {
        Styler s = chart.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setLegendPosition(Styler.LegendPosition.InsideNW);
        s.setLegendBackgroundColor(new Color(255, 255, 255, 220));
        s.setMarkerSize(4);
        chart.getStyler().setDecimalPattern("0.0#");
    }

    private static void addBand(XYChart chart, double[] grid, GaussianMixture p) {
        double[] mean = p.mean().toDoubleArray(), sd = p.stddev().toDoubleArray();
        int m = grid.length;
        // a closed polygon: along the upper edge left to right, back along the lower edge
        double[] bx = new double[2 * m], by = new double[2 * m];
        for (int i = 0; i < m; i++) {
            bx[i] = grid[i];
            by[i] = mean[i] + 2 * sd[i];
            bx[2 * m - 1 - i] = grid[i];
            by[2 * m - 1 - i] = mean[i] - 2 * sd[i];
        }
        XYSeries band = chart.addSeries("mean ± 2σ", bx, by);
        band.setXYSeriesRenderStyle(XYSeriesRenderStyle.PolygonArea);
        band.setMarker(SeriesMarkers.NONE);
        band.setFillColor(BAND);
        band.setLineColor(BAND);
        XYSeries line = chart.addSeries("mean", grid, mean);
        line.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
        line.setMarker(SeriesMarkers.NONE);
        line.setLineColor(MEAN);
        line.setLineStyle(new BasicStroke(2.5f));
    }

    private static void addModes(XYChart chart, double[] grid, GaussianMixture p) {
        List<List<double[]>> shades = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < grid.length; i++) {
            for (GaussianMixture.Mode mode : p.modes(i)) {
                if (mode.weight() < LEAST_WEIGHT) {
                    continue;
                }
                int shade = mode.weight() >= 0.5 ? 0 : mode.weight() >= 0.2 ? 1 : 2;
                shades.get(shade).add(new double[] {grid[i], mode.location()[0]});
            }
        }
        for (int s = 0; s < shades.size(); s++) {
            List<double[]> points = shades.get(s);
            if (points.isEmpty()) {
                continue;
            }
            double[] px = points.stream().mapToDouble(v -> v[0]).toArray();
            double[] py = points.stream().mapToDouble(v -> v[1]).toArray();
            XYSeries series = chart.addSeries(MODE_NAMES[s], px, py);
            series.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
            series.setMarker(SeriesMarkers.CIRCLE);
            series.setMarkerColor(MODE[s]);
        }
    }

    /** GRID points evenly over the data's range. */
    private static double[] grid(double[] x) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        double[] g = new double[GRID];
        for (int i = 0; i < GRID; i++) {
            g[i] = lo + (hi - lo) * i / (GRID - 1);
        }
        return g;
    }
}
