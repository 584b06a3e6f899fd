package dev.nabla.cli.plot;

import dev.nabla.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.IChart;

/** Writes charts to a PNG atomically, so an interrupted run never leaves half a picture. */
public final class Png {
    private Png() {}

    /** Starts AWT's headless graphics and fonts (what the first chart would do), e.g. before a long run. */
    public static void initGraphics() {
        System.setProperty("java.awt.headless", "true");
        // ImageIO's default disk cache registers a JVM shutdown hook per stream, which fails once a Ctrl-C
        // has begun the shutdown; PNGs this size encode in memory just as well.
        javax.imageio.ImageIO.setUseCache(false);
        java.awt.Graphics2D g = new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB).createGraphics();
        try {
            g.getFontMetrics(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 12)).stringWidth("nabla");
        } finally {
            g.dispose();
        }
    }

    static void write(Path file, List<? extends IChart> charts, int rows, int cols) throws IOException {
        // AWT must not look for a display: these are drawn on servers and in CI.
        initGraphics();
        AtomicFiles.write(file, out -> BitmapEncoder.saveBitmap(charts, rows, cols, out, BitmapEncoder.BitmapFormat.PNG));
    }
}
