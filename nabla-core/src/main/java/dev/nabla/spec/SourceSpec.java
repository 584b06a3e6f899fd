package dev.nabla.spec;

import dev.nabla.data.CsvReader;
import dev.nabla.data.Dataset;
import dev.nabla.data.FashionMnist;
import dev.nabla.data.IdxReader;
import dev.nabla.data.Npz;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where a spec's samples come from: the {@code "source"} of the data section and its keys. Paths are
 * already resolved against the spec file's directory. {@link #load} reads the samples; a source with its
 * own test part ({@link #hasTestPart()}) returns it, and the spec then may not ask for a test split.
 */
public sealed interface SourceSpec {
    /** The source kinds the spec accepts. */
    List<String> KINDS = List.of("bundled", "synthetic", "csv", "idx", "fashion-mnist", "npz",
            "image_folder");

    /** The samples: a training part and, for sources that have one, a test part (else null). */
    record Parts(Dataset train, Dataset test) {
        public Parts {
            Objects.requireNonNull(train, "train");
        }
    }

    /** Reads (or generates, from {@code seed}) the samples. */
    Parts load(long seed) throws IOException;

    /** Whether the source comes with its own test part. */
    default boolean hasTestPart() {
        return false;
    }

    /** A data set shipped in the jar ({@code dev.nabla.data.Bundled}): iris, wine, breast_cancer, digits, diabetes. */
    record Bundled(String name) implements SourceSpec {
        public Parts load(long seed) {
            return new Parts(dev.nabla.data.Bundled.byName(name), null);
        }
    }

    /** A generated set ({@code dev.nabla.data.Synthetic}), drawn from the experiment's seed. */
    record Synthetic(SyntheticSet set) implements SourceSpec {
        public Synthetic {
            Objects.requireNonNull(set, "set");
        }

        public Parts load(long seed) {
            return new Parts(set.generate(seed), null);
        }
    }

    /**
     * A CSV file of numeric features and a label column, or several numeric ones (multi-output regression).
     *
     * @param labels header names or 0-based indices as text; null: the last column
     * @param features names or indices; null: every column but the labels
     */
    record Csv(Path path, List<String> labels, List<String> features, boolean header, char delimiter,
               CsvReader.LabelKind labelKind) implements SourceSpec {
        public Csv {
            Objects.requireNonNull(path, "path");
            labels = labels == null ? null : List.copyOf(labels);
            features = features == null ? null : List.copyOf(features);
            options(labels, features, header, delimiter, labelKind); // CsvReader's own checks
        }

        public Parts load(long seed) throws IOException {
            return new Parts(CsvReader.read(path, options(labels, features, header, delimiter, labelKind)), null);
        }

        /** The one label column as given, or null: the last column, or several (see {@link #labels()}). */
        public String label() {
            return labels == null || labels.size() > 1 ? null : labels.getFirst();
        }

        private static CsvReader.Options options(List<String> labels, List<String> features, boolean header, char delimiter,
                                                 CsvReader.LabelKind kind) {
            return new CsvReader.Options(header, delimiter, labels, features, kind);
        }
    }

    /** IDX files (MNIST's format): images and labels for training and, optionally, for testing. */
    record Idx(Path trainImages, Path trainLabels, Path testImages, Path testLabels) implements SourceSpec {
        public Idx {
            Objects.requireNonNull(trainImages, "trainImages");
            Objects.requireNonNull(trainLabels, "trainLabels");
            if ((testImages == null) != (testLabels == null)) {
                throw new IllegalArgumentException("idx: test images and test labels go together");
            }
        }

        public Parts load(long seed) throws IOException {
            return new Parts(IdxReader.readDataset(trainImages, trainLabels),
                    testImages == null ? null : IdxReader.readDataset(testImages, testLabels));
        }

        @Override
        public boolean hasTestPart() {
            return testImages != null;
        }
    }

    /** Fashion-MNIST from {@code dir}, or from where Debian's dataset-fashion-mnist puts it when null. */
    record FashionMnistFiles(Path dir) implements SourceSpec {
        public Parts load(long seed) throws IOException {
            if (!FashionMnist.available(dir)) {
                throw new FileNotFoundException("Fashion-MNIST is not in " + (dir == null ? FashionMnist.defaultDirectory() : dir)
                        + ": install the dataset-fashion-mnist package, or set \"dir\" to a folder holding its four files");
            }
            FashionMnist.Split split = FashionMnist.load(dir);
            return new Parts(split.train(), split.test());
        }

        @Override
        public boolean hasTestPart() {
            return true;
        }
    }

    /**
     * Two arrays of a NumPy .npz archive. Integer features (pixels) become float32; integer targets are
     * classes, float targets {@code [N]} become a column {@code [N, 1]} for regression.
     */
    record Npz(Path path, String features, String targets) implements SourceSpec {
        public Npz {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(features, "features");
            Objects.requireNonNull(targets, "targets");
        }

        public Parts load(long seed) throws IOException {
            Map<String, Tensor> arrays = dev.nabla.data.Npz.read(path);
            Tensor x = array(arrays, features), y = array(arrays, targets);
            if (!x.dtype().isFloating()) {
                x = x.to(DType.FLOAT32);
            }
            if (y.dtype().isFloating() && y.rank() == 1) {
                y = y.reshape(y.dim(0), 1);
            }
            return new Parts(Dataset.of(x, y), null);
        }

        private Tensor array(Map<String, Tensor> arrays, String key) {
            Tensor t = arrays.get(key);
            if (t == null) {
                throw new IllegalArgumentException(path + ": no array '" + key + "'; the archive holds " + arrays.keySet());
            }
            return t;
        }
    }

    /**
     * A folder of images, one sub-folder per class ({@code dev.nabla.data.ImageFolder}). The samples are
     * put in an order drawn from the seed, as Keras' {@code image_dataset_from_directory} does: the folder
     * lists them class by class, and {@code validation_split}, which holds out the last fraction, would
     * otherwise hold out the last class.
     */
    record ImageFolder(Path path, dev.nabla.data.ImageFolder.Options options) implements SourceSpec {
        /** Keeps this order's stream apart from the splits' and the shuffling's, drawn from the same seed. */
        private static final long ORDER_STREAM = 0x3C6EF372FE94F82BL;

        public ImageFolder {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(options, "options");
        }

        public Parts load(long seed) throws IOException {
            Dataset d = dev.nabla.data.ImageFolder.read(path, options);
            return new Parts(d.subset(new dev.nabla.tensor.Generator(seed ^ ORDER_STREAM).permutation(d.size())), null);
        }
    }
}
