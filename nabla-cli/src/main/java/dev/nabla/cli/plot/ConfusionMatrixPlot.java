package dev.nabla.cli.plot;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;

/** A confusion matrix as a heat map: true class down, predicted class across, counts in the cells. */
public final class ConfusionMatrixPlot {
    /** About how wide a character of the axis labels is, in pixels (XChart's default tick font). */
    private static final double LABEL_CHAR_PX = 7.5;

    private ConfusionMatrixPlot() {}

    /** counts[t][p] = samples of true class t predicted as p. */
    public static int[][] count(int[] truth, int[] predicted, int classes) {
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException("confusion matrix: " + truth.length + " labels but " + predicted.length + " predictions");
        }
        int[][] m = new int[classes][classes];
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] < 0 || truth[i] >= classes || predicted[i] < 0 || predicted[i] >= classes) {
                throw new IllegalArgumentException("confusion matrix: class index out of range 0.." + (classes - 1)
                        + " at sample " + i + " (true " + truth[i] + ", predicted " + predicted[i] + ")");
            }
            m[truth[i]][predicted[i]]++;
        }
        return m;
    }

    /** Writes the matrix with class names on both axes. */
    public static void write(int[][] counts, List<String> classNames, Path file) throws IOException {
        int k = counts.length;
        List<String> names = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            names.add(classNames.size() > c ? classNames.get(c) : String.valueOf(c));
        }
        int size = Math.max(480, 60 * k + 200);
        HeatMapChart chart = new HeatMapChartBuilder().width(size).height(size).title("confusion matrix (rows: true, columns: predicted)")
                .xAxisTitle("predicted").yAxisTitle("true").build();
        chart.getStyler().setShowValue(true);
        chart.getStyler().setRangeColors(new Color[] {Color.WHITE, new Color(158, 202, 225), new Color(66, 146, 198)});
        chart.getStyler().setValueFontColor(Color.BLACK);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        // XChart thins out tick labels it finds crowded; every class needs its name
        chart.getStyler().setXAxisTickMarkSpacingHint(10);
        chart.getStyler().setYAxisTickMarkSpacingHint(10);
        // names wider than a column ran into each other ("T-shirt/topTrouser"): slant them
        int longest = names.stream().mapToInt(String::length).max().orElse(0);
        if (longest * LABEL_CHAR_PX > 0.8 * (size - 200) / k) {
            chart.getStyler().setXAxisLabelRotation(45);
        }
        List<Number[]> cells = new ArrayList<>();
        int max = 1;
        for (int t = 0; t < k; t++) {
            for (int p = 0; p < k; p++) {
                // the y axis grows upwards: put true class 0 on the top row
                cells.add(new Number[] {p, k - 1 - t, counts[t][p]});
                max = Math.max(max, counts[t][p]);
            }
        }
        chart.getStyler().setMin(0);
        chart.getStyler().setMax(max);
        chart.addSeries("counts", names, names.reversed(), cells);
        Png.write(file, List.of(chart), 1, 1);
    }
}
