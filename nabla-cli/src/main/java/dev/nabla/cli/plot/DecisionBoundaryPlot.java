package dev.nabla.cli.plot;

import dev.nabla.data.Dataset;
import dev.nabla.tensor.Tensor;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The decision boundary of a classifier of 2-D points: a fine grid over the data's range coloured by
 * the predicted class, with the samples on top in darker shades of their true class.
 */
public final class DecisionBoundaryPlot {
    private static final int GRID = 120;
    private static final Color[] PALETTE = {
        new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44), new Color(214, 39, 40),
        new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194), new Color(127, 127, 127),
        new Color(188, 189, 34), new Color(23, 190, 207)
    };

    private DecisionBoundaryPlot() {}

    /**
     * Writes the plot. {@code predictClasses} maps raw features [M, 2] to int32 class indices [M]; the
     * data must have two features and class labels.
     */
    public static void write(Dataset data, Function<Tensor, Tensor> predictClasses, Path file) throws IOException {
        if (data.features().rank() != 2 || data.features().dim(1) != 2 || !data.isClassification()) {
            throw new IllegalArgumentException("decision boundary: needs 2-D features [N, 2] with class labels, got "
                    + data.features().shape() + " and " + data.targets().dtype() + " targets");
        }
        double[] x = data.features().toDoubleArray();
        double[] range = range(x);
        Tensor grid = grid(range);
        int[] predicted = predictClasses.apply(grid).toIntArray();
        double[] g = grid.toDoubleArray();
        XYChart chart = new XYChartBuilder().width(720).height(640).title("decision boundary")
                .xAxisTitle(name(data, 0)).yAxisTitle(name(data, 1)).build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(6);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        int classes = data.numClasses();
        int[] labels = data.targets().toIntArray();
        for (int c = 0; c < classes; c++) {
            addPoints(chart, "predicted " + className(data, c), g, predicted, c, lighter(PALETTE[c % PALETTE.length]), true);
        }
        for (int c = 0; c < classes; c++) {
            addPoints(chart, className(data, c), x, labels, c, PALETTE[c % PALETTE.length].darker(), false);
        }
        Png.write(file, List.of(chart), 1, 1);
    }

    private static void addPoints(XYChart chart, String name, double[] xy, int[] cls, int c, Color color, boolean region) {
        List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
        for (int i = 0; i < cls.length; i++) {
            if (cls[i] == c) {
                xs.add(xy[2 * i]);
                ys.add(xy[2 * i + 1]);
            }
        }
        if (xs.isEmpty()) {
            return;
        }
        XYSeries s = chart.addSeries(name, xs, ys);
        s.setMarker(region ? SeriesMarkers.SQUARE : SeriesMarkers.CIRCLE);
        s.setMarkerColor(color);
        s.setShowInLegend(!region);
    }

    /** min x, max x, min y, max y, padded by 5%. */
    private static double[] range(double[] xy) {
        double[] r = {Double.MAX_VALUE, -Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE};
        for (int i = 0; i < xy.length; i += 2) {
            r[0] = Math.min(r[0], xy[i]);
            r[1] = Math.max(r[1], xy[i]);
            r[2] = Math.min(r[2], xy[i + 1]);
            r[3] = Math.max(r[3], xy[i + 1]);
        }
        double px = 0.05 * Math.max(r[1] - r[0], 1e-9), py = 0.05 * Math.max(r[3] - r[2], 1e-9);
        return new double[] {r[0] - px, r[1] + px, r[2] - py, r[3] + py};
    }

    private static Tensor grid(double[] r) {
        float[] g = new float[GRID * GRID * 2];
        for (int i = 0; i < GRID; i++) {
            for (int j = 0; j < GRID; j++) {
                int k = 2 * (i * GRID + j);
                g[k] = (float) (r[0] + (r[1] - r[0]) * j / (GRID - 1));
                g[k + 1] = (float) (r[2] + (r[3] - r[2]) * i / (GRID - 1));
            }
        }
        return Tensor.of(g, GRID * GRID, 2);
    }

    private static Color lighter(Color c) {
        return new Color((c.getRed() + 3 * 255) / 4, (c.getGreen() + 3 * 255) / 4, (c.getBlue() + 3 * 255) / 4);
    }

    private static String name(Dataset d, int i) {
        return d.featureNames().size() > i ? d.featureNames().get(i) : "x" + (i + 1);
    }

    private static String className(Dataset d, int c) {
        return d.classNames().size() > c ? d.classNames().get(c) : "class " + c;
    }
}
