package dev.nabla.cli.plot;

import dev.nabla.insight.LrRangeTest;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The learning-rate range test: the loss against the rate on a log axis, the suggested rate marked. */
public final class LrFindPlot {
    private LrFindPlot() {}

    public static void write(LrRangeTest.Result r, String title, Path file) throws IOException {
        XYChart chart = Axes.styled(new XYChartBuilder().width(760).height(520).title(title)
                .xAxisTitle("learning rate (log scale)").yAxisTitle("training loss").build());
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setXAxisDecimalPattern("0.#E0");
        chart.getStyler().setMarkerSize(4);
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double v : r.losses()) {
            if (Double.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        // the blow-up at the end would squash the curve: show up to 1.5 x the first loss
        double top = Math.min(hi, 1.5 * Math.max(r.smoothed()[0], r.losses()[0]));
        chart.getStyler().setYAxisMin(lo).setYAxisMax(top);
        XYSeries raw = chart.addSeries("loss of each batch", r.lrs(), clip(r.losses(), top));
        raw.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        raw.setMarker(SeriesMarkers.CIRCLE);
        raw.setMarkerColor(new Color(160, 180, 220));
        XYSeries smooth = chart.addSeries("smoothed", r.lrs(), clip(r.smoothed(), top));
        smooth.setMarker(SeriesMarkers.NONE);
        smooth.setLineColor(new Color(31, 119, 180));
        smooth.setLineWidth(2.5f);
        if (Double.isFinite(r.suggested())) {
            mark(chart, String.format(java.util.Locale.ROOT, "suggested %.2g", r.suggested()), r.suggested(), lo, top,
                    new Color(44, 160, 44), SeriesLines.SOLID);
            mark(chart, String.format(java.util.Locale.ROOT, "lowest loss %.2g", r.lowestAt()), r.lowestAt(), lo, top,
                    Color.GRAY, SeriesLines.DASH_DASH);
        }
        Png.write(file, List.of(chart), 1, 1);
    }

    private static double[] clip(double[] v, double top) {
        double[] out = v.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] = Double.isFinite(out[i]) ? Math.min(out[i], top) : top;
        }
        return out;
    }

    private static void mark(XYChart chart, String name, double x, double lo, double hi, Color c, java.awt.BasicStroke style) {
        XYSeries s = chart.addSeries(name, new double[] {x, x}, new double[] {lo, hi});
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(c);
        s.setLineStyle(style);
        s.setLineWidth(2f);
    }
}
