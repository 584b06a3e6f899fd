package dev.nabla.data;

import dev.nabla.tensor.Tensor;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A folder of images, one sub-folder per class (torchvision's {@code ImageFolder}, Keras'
 * {@code image_dataset_from_directory}):
 *
 * <pre>
 * shapes/circle/0001.png   shapes/square/a.jpg   shapes/triangle/x/y.png ...
 * </pre>
 *
 * <p>{@code read(Path.of("shapes"), new ImageFolder.Options(1, 32, 32, true))} gives features
 * {@code [N, C, H, W]} float32 and int32 class indices, the classes named after the folders.
 *
 * <ul>
 *   <li>Classes are the sub-folders sorted by name (Java's {@code String} order), so the same folder
 *       gives the same class indices on every machine; samples come class by class, each class's files
 *       (at any depth below it) sorted by their path. Hidden entries (names starting with a dot, such as
 *       {@code .DS_Store}) are not samples and are passed over.</li>
 *   <li>Every other file must be an image ImageIO reads (PNG, JPEG, GIF, BMP, TIFF): a file that is
 *       not, a damaged one, a file beside the class folders, an empty class folder, and (without a resize)
 *       images of different sizes are each a {@link DataFormatException} naming the file. Nothing is
 *       skipped, so the data set is every file the folder shows.</li>
 *   <li>Decoding is {@code ImageDecoder}'s: gray as stored or BT.601 luma of RGB, alpha dropped; resizing
 *       is bilinear with half-pixel centres and no antialiasing (PyTorch's {@code interpolate(...,
 *       align_corners=False)}).</li>
 * </ul>
 */
public final class ImageFolder {
    private ImageFolder() {}

    /**
     * How to read the images.
     *
     * @param channels 1 (gray) or 3 (RGB)
     * @param height rows after resizing; 0 with {@code width} 0: no resizing (every image the same size)
     * @param width columns after resizing
     * @param unitRange values scaled to [0, 1] ({@code v / 255}); else raw 0..255
     */
    public record Options(int channels, int height, int width, boolean unitRange) {
        public Options {
            if (channels != 1 && channels != 3) {
                throw new IllegalArgumentException("ImageFolder: channels must be 1 (gray) or 3 (RGB), got " + channels);
            }
            if (height < 0 || width < 0 || (height == 0) != (width == 0)) {
                throw new IllegalArgumentException("ImageFolder: height and width must both be > 0 (resize) or both 0 "
                        + "(keep the size), got " + height + " and " + width);
            }
        }

        /** RGB, values in [0, 1], no resizing. */
        public static Options defaults() {
            return new Options(3, 0, 0, true);
        }

        public boolean resizes() {
            return height > 0;
        }
    }

    /** The class folders' images and their classes; see the class comment for the rules. */
    public static Dataset read(Path root, Options options) throws IOException {
        List<Path> classDirs = new ArrayList<>();
        for (Path p : sortedChildren(root)) {
            if (Files.isDirectory(p)) {
                classDirs.add(p);
            } else {
                throw new DataFormatException(p, "is a file beside the class folders; every image goes in the folder of "
                        + "its class (" + root + "/<class>/" + p.getFileName() + ")");
            }
        }
        if (classDirs.isEmpty()) {
            throw new DataFormatException(root, "holds no class folders; expected one sub-folder of images per class");
        }
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<String> classNames = new ArrayList<>();
        for (Path dir : classDirs) {
            List<Path> images = imagesUnder(dir);
            if (images.isEmpty()) {
                throw new DataFormatException(dir, "is an empty class folder; every class needs at least one image");
            }
            for (Path f : images) {
                files.add(f);
                labels.add(classNames.size());
            }
            classNames.add(dir.getFileName().toString());
        }
        int[] y = labels.stream().mapToInt(Integer::intValue).toArray();
        return new Dataset(readImages(files, options), Tensor.of(y), List.of(), classNames);
    }

    /**
     * The images to predict on: {@code path} itself when it is a file, else every non-hidden file below
     * the folder, sorted by path (as {@link #read} orders a class).
     */
    public static List<Path> imageFiles(Path path) throws IOException {
        if (!Files.exists(path)) {
            throw new NoSuchFileException(path.toString());
        }
        if (!Files.isDirectory(path)) {
            return List.of(path);
        }
        List<Path> files = imagesUnder(path);
        if (files.isEmpty()) {
            throw new DataFormatException(path, "holds no image files");
        }
        return files;
    }

    /** The given files' images as {@code [N, C, H, W]} float32, in the given order. */
    public static Tensor readImages(List<Path> files, Options options) throws IOException {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("ImageFolder: no image files to read");
        }
        float[] all = null;
        int h = options.height(), w = options.width(), c = options.channels();
        Path first = null;
        for (int i = 0; i < files.size(); i++) {
            Path f = files.get(i);
            ImageDecoder.Pixels p = ImageDecoder.read(f, c);
            if (options.resizes()) {
                p = ImageDecoder.resize(p, h, w);
            } else if (first == null) {
                h = p.height();
                w = p.width();
            } else if (p.height() != h || p.width() != w) {
                throw new DataFormatException(f, "is " + p.width() + "x" + p.height() + " but " + first + " is " + w + "x"
                        + h + "; images of several sizes need a size to resize to (\"size\": [height, width])");
            }
            if (first == null) {
                first = f;
                all = new float[Math.multiplyExact(Math.multiplyExact(files.size(), c), Math.multiplyExact(h, w))];
            }
            float[] v = p.values();
            if (options.unitRange()) {
                for (int k = 0; k < v.length; k++) {
                    v[k] /= 255f;
                }
            }
            System.arraycopy(v, 0, all, i * v.length, v.length);
        }
        return Tensor.of(all, files.size(), c, h, w);
    }

    /** Every non-hidden regular file below {@code dir}, at any depth, sorted by path. */
    private static List<Path> imagesUnder(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path p : sortedChildren(dir)) {
            if (Files.isDirectory(p)) {
                out.addAll(imagesUnder(p));
            } else {
                out.add(p);
            }
        }
        return out;
    }

    /** The non-hidden entries of a folder, sorted by name; a missing or non-folder path is refused by name. */
    private static List<Path> sortedChildren(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            throw new NoSuchFileException(dir.toString());
        }
        if (!Files.isDirectory(dir)) {
            throw new FileSystemException(dir.toString(), null, "is a file; expected a folder with one sub-folder of images per class");
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString())).toList();
        }
    }
}
