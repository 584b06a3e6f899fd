package dev.nabla.cli;

import dev.nabla.data.ImageFolder;
import dev.nabla.spec.SourceSpec;
import dev.nabla.spec.TrainedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * How eval and predict read images for a saved model, as its training read them: the channels and pixel
 * range of the spec's {@code image_folder} source, resized to the size the network takes (its input
 * {@code [C, H, W]}). A model trained on other data but taking {@code [1 or 3, H, W]} reads images in [0, 1],
 * and that is said on stderr.
 */
final class ImageInput {
    /** File endings taken as images when a single file is given (a folder is read whatever its files' names). */
    private static final List<String> ENDINGS = List.of(".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".wbmp");

    private ImageInput() {}

    /** A folder, or a file whose name says it is an image. */
    static boolean isImages(Path input) {
        String name = input.getFileName() == null ? "" : input.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isDirectory(input) || ENDINGS.stream().anyMatch(name::endsWith);
    }

    /** Whether the network takes images {@code [1 or 3, H, W]}. */
    static boolean takesImages(TrainedModel model) {
        var shape = model.model().inputShape();
        return shape != null && shape.rank() == 3 && (shape.dim(0) == 1 || shape.dim(0) == 3);
    }

    static ImageFolder.Options options(TrainedModel model, Path input, Consumer<String> note) {
        var shape = model.model().inputShape();
        if (!takesImages(model)) {
            throw new IllegalArgumentException(input + ": the model takes samples " + (shape == null ? "of unknown shape"
                    : shape.toString()) + ", not images [1 or 3, height, width]");
        }
        boolean unit = true;
        if (model.spec() != null && model.spec().data().source() instanceof SourceSpec.ImageFolder f) {
            unit = f.options().unitRange();
        } else {
            note.accept(input + ": the model was not trained on an image folder; its images are read as pixel values in [0, 1]");
        }
        return new ImageFolder.Options(shape.dim(0), shape.dim(1), shape.dim(2), unit);
    }
}
