package dev.nabla.cli.plot;

import java.awt.Color;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** What every chart here shares: the look, and a way round XChart's crowded ticks on evenly spaced x values. */
final class Axes {
    /** Up to this many evenly spaced x values, XChart's own choice (a tick per value, or every k-th) reads well. */
    private static final int EVEN_TICKS_UP_TO = 12;

    private Axes() {}

    /** White background, no border around the legend's series: the charts are read on screens and in print. */
    static XYChart styled(XYChart chart) {
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendBackgroundColor(Color.WHITE);
        return chart;
    }

    /**
     * Gives {@code chart} readable x tick labels when its series share {@code xs}, evenly spaced. XChart 4.0
     * puts ticks on the values themselves then and thins them by how wide the first three labels are, so
     * 200 epochs came out as "1 16 31 ... 106121136151" run together. One invisible point off the even grid
     * sends it to its round-number ticks (50, 100, 150): the point sits inside the data's range, so the
     * axes do not move, and is left out of the legend.
     */
    static void roundTicks(XYChart chart, double[] xs, double y) {
        if (xs.length <= EVEN_TICKS_UP_TO || !Double.isFinite(y)) {
            return;
        }
        XYSeries s = chart.addSeries(" ", new double[] {(xs[0] + xs[1]) / 2}, new double[] {y});
        s.setMarker(SeriesMarkers.NONE);
        s.setLineStyle(SeriesLines.NONE);
        s.setShowInLegend(false);
    }
}
