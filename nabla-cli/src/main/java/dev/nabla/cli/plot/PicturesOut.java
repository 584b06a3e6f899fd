package dev.nabla.cli.plot;

import dev.nabla.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.internal.chartpart.IChart;

/** The picture commands' files: a grid of charts as one PNG, and the numbers behind it as CSV, both atomic. */
public final class PicturesOut {
    private PicturesOut() {}

    /** Writes {@code charts} as {@code rows} × {@code cols} panels; returns {@code file}. */
    public static Path png(Path file, List<? extends IChart> charts, int rows, int cols) throws IOException {
        Png.write(file, charts, rows, cols);
        return file;
    }

    /** Writes the lines, each ended by a newline; returns {@code file}. */
    public static Path csv(Path file, List<String> lines) throws IOException {
        AtomicFiles.write(file, o -> o.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8)));
        return file;
    }
}
