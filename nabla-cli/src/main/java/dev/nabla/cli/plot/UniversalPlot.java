package dev.nabla.cli.plot;

import dev.nabla.insight.UniversalApproximation;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Universal approximation ({@code nabla universal}): the target as black dots, one curve per width, and
 * beside it the error per width on a log axis.
 */
public final class UniversalPlot {
    private UniversalPlot() {}

    public static void write(List<UniversalApproximation.Fit> fits, String target, Path file) throws IOException {
        XYChart curves = Axes.styled(new XYChartBuilder().width(760).height(520)
                .title("one hidden layer of sigmoids fitting " + target).xAxisTitle("x").yAxisTitle("f(x)").build());
        curves.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        curves.getStyler().setMarkerSize(6);
        UniversalApproximation.Fit first = fits.get(0);
        XYSeries t = curves.addSeries("target", first.xs(), first.target());
        t.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        t.setMarker(SeriesMarkers.CIRCLE);
        t.setMarkerColor(Color.BLACK);
        Axes.roundTicks(curves, first.xs(), first.target()[0]);
        for (int k = 0; k < fits.size(); k++) {
            UniversalApproximation.Fit f = fits.get(k);
            XYSeries s = curves.addSeries(f.width() + (f.width() == 1 ? " unit" : " units"), f.xs(), f.predicted());
            s.setMarker(SeriesMarkers.NONE);
            s.setLineStyle(SeriesLines.SOLID);
            s.setLineWidth(2.5f);
            s.setLineColor(PathPlot.PALETTE[k % PathPlot.PALETTE.length]);
        }
        XYChart errors = Axes.styled(new XYChartBuilder().width(760).height(520).title("mean squared error by width")
                .xAxisTitle("hidden units (doubling)").yAxisTitle("mean squared error").build());
        errors.getStyler().setYAxisLogarithmic(true);
        errors.getStyler().setLegendVisible(false);
        // x is log2(width), labelled with the width: XChart's log axis names only the decades (1, 10)
        errors.getStyler().setXAxisTickLabelsFormattingFunction(x -> Math.abs(x - Math.rint(x)) < 1e-9
                ? String.valueOf(Math.round(Math.pow(2, x))) : "");
        List<Double> ws = new ArrayList<>(), es = new ArrayList<>();
        fits.forEach(f -> {
            ws.add(Math.log(f.width()) / Math.log(2));
            es.add(f.mse());
        });
        XYSeries e = errors.addSeries("mse", ws, es);
        e.setMarker(SeriesMarkers.CIRCLE);
        e.setLineStyle(SeriesLines.SOLID);
        errors.setTitle(String.format(Locale.ROOT, "mean squared error by width (%d to %d units)", fits.get(0).width(),
                fits.get(fits.size() - 1).width()));
        Png.write(file, List.of(curves, errors), 1, 2);
    }
}
