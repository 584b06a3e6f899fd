package dev.nabla.cli.plot;

import dev.nabla.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.IChart;

/** Writes charts to a PNG atomically, so an interrupted run never leaves half a picture. */
final class Png {
    private Png() {}

    static void write(Path file, List<? extends IChart> charts, int rows, int cols) throws IOException {
        // AWT must not look for a display: these are drawn on servers and in CI.
        System.setProperty("java.awt.headless", "true");
        AtomicFiles.write(file, out -> BitmapEncoder.saveBitmap(charts, rows, cols, out, BitmapEncoder.BitmapFormat.PNG));
    }
}
