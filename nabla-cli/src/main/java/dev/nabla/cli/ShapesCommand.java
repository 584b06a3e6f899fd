package dev.nabla.cli;

import dev.nabla.data.ShapeImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code nabla shapes DIR}: writes a folder of circle, square and triangle images (PNG and JPEG), one
 * sub-folder per class, to try the image folder source where no photo set can be downloaded
 * ({@link ShapeImages}; {@code examples/shapes-cnn.json} trains on it).
 */
@Command(name = "shapes", mixinStandardHelpOptions = true,
        description = "Write a small image folder of circles, squares and triangles (PNG and JPEG), one sub-folder per class.")
public final class ShapesCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "The folder to write (created; must not hold files already).")
    private Path dir;

    @Option(names = "--per-class", paramLabel = "N", defaultValue = "200", description = "Images per class (default: ${DEFAULT-VALUE}).")
    private int perClass;

    @Option(names = "--size", paramLabel = "PIXELS", defaultValue = "32", description = "Width and height (default: ${DEFAULT-VALUE}).")
    private int size;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "Draws the shapes (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        picocli.CommandLine cl = spec.commandLine();
        if (perClass < 1) {
            throw new picocli.CommandLine.ParameterException(cl, "--per-class must be at least 1, got " + perClass);
        }
        if (size < 8) {
            throw new picocli.CommandLine.ParameterException(cl, "--size must be at least 8, got " + size);
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new picocli.CommandLine.ParameterException(cl, dir + " is a file; DIR must be a folder to write the images in");
        }
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                if (s.findAny().isPresent()) {
                    // a second run into the same folder would mix two sets (and their sizes) into one data set
                    throw new picocli.CommandLine.ParameterException(cl, dir + " is not empty; give a new or empty folder");
                }
            }
        }
        int n = ShapeImages.write(dir, perClass, size, seed);
        cl.getOut().println("wrote " + n + " images (" + String.join(", ", ShapeImages.CLASSES) + ") to " + dir);
        cl.getOut().flush();
        return 0;
    }
}
