package dev.nabla.data;

import dev.nabla.tensor.Tensor;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Fashion-MNIST (Xiao, Rasul and Vollgraf, 2017): 70,000 grayscale 28×28 images of clothing in ten
 * classes, 60,000 for training and 10,000 for testing, in the IDX format of MNIST. It is the data set
 * the project's end-to-end tests and examples train on, so it must load from where a distribution puts
 * it without any download code: Debian's {@code dataset-fashion-mnist} installs the four gzipped files
 * in {@link #defaultDirectory()}.
 *
 * <pre>{@code
 * FashionMnist.Split data = FashionMnist.load(null);   // the default directory
 * data.train().features();                             // float32 [60000, 28, 28], raw 0..255
 * data.train().classNames().get(9);                    // "Ankle boot"
 * }</pre>
 *
 * <p>Pixels are left raw (0..255): scaling is a transform's choice, not the reader's.
 */
public final class FashionMnist {
    /** The classes in label order, as named by the data set's authors. */
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    /** Image height and width. */
    public static final int SIDE = 28;

    private static final Path DEFAULT_DIRECTORY = Path.of("/usr/share/datasets/fashion-mnist");
    private static final List<String> FILES = List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
            "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");

    private FashionMnist() {}

    /** The training and test sets, each with {@link #CLASS_NAMES}. */
    public record Split(Dataset train, Dataset test) {}

    /** Where Debian's {@code dataset-fashion-mnist} package installs the files. */
    public static Path defaultDirectory() {
        return DEFAULT_DIRECTORY;
    }

    /** True when all four files (gzipped or not) are in the directory ({@code null}: the default one). */
    public static boolean available(Path dirOrNull) {
        Path dir = dirOrNull == null ? DEFAULT_DIRECTORY : dirOrNull;
        for (String name : FILES) {
            if (find(dir, name) == null) {
                return false;
            }
        }
        return true;
    }

    /**
     * Loads both sets from {@code dirOrNull} ({@code null}: {@link #defaultDirectory()}). Each file may be
     * gzipped ({@code train-images-idx3-ubyte.gz}) or not ({@code train-images-idx3-ubyte}).
     *
     * @throws FileNotFoundException naming the missing files and how to get them
     * @throws DataFormatException if a file is damaged, or not 28×28 images with labels 0 to 9
     */
    public static Split load(Path dirOrNull) throws IOException {
        Path dir = dirOrNull == null ? DEFAULT_DIRECTORY : dirOrNull;
        List<Path> found = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String name : FILES) {
            Path p = find(dir, name);
            if (p == null) {
                missing.add(name);
            }
            found.add(p);
        }
        if (!missing.isEmpty()) {
            throw new FileNotFoundException("Fashion-MNIST not found in " + dir + ": install it with 'apt-get install "
                    + "dataset-fashion-mnist' (Debian), or put " + String.join(", ", FILES) + " (gzipped or not) into a "
                    + "directory and pass it to FashionMnist.load (missing here: " + String.join(", ", missing) + ")");
        }
        return new Split(part(found.get(0), found.get(1)), part(found.get(2), found.get(3)));
    }

    /** The file as named, or without its .gz suffix; null if neither is a regular file. */
    private static Path find(Path dir, String gzName) {
        Path gz = dir.resolve(gzName);
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        Path plain = dir.resolve(gzName.substring(0, gzName.length() - 3));
        return Files.isRegularFile(plain) ? plain : null;
    }

    private static Dataset part(Path images, Path labels) throws IOException {
        Dataset d = IdxReader.readDataset(images, labels);
        Tensor x = d.features();
        if (x.rank() != 3 || x.dim(1) != SIDE || x.dim(2) != SIDE) {
            throw new DataFormatException(images, "expected Fashion-MNIST images [N, 28, 28], found " + x.shape());
        }
        int[] y = d.targets().i32();
        for (int i = 0; i < y.length; i++) {
            if (y[i] >= CLASS_NAMES.size()) {
                throw new DataFormatException(labels, "label " + y[i] + " at index " + i
                        + " is not a Fashion-MNIST class (expected 0 to 9)");
            }
        }
        return new Dataset(x, d.targets(), List.of(), CLASS_NAMES);
    }
}
