package dev.nabla.data;

import dev.nabla.config.Check;
import dev.nabla.config.ConfigReader;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

/**
 * Mirrors the image left to right with probability {@code probability} (torchvision's
 * {@code RandomHorizontalFlip}). Exact: values are moved, not interpolated. One draw per image.
 *
 * @param probability of a flip, in [0, 1] (default 0.5)
 */
public record HorizontalFlip(double probability) implements Augmentation {
    public HorizontalFlip {
        Check.that(probability >= 0 && probability <= 1, "HorizontalFlip", "probability", "in [0, 1]", probability);
    }

    /** A flip half of the time. */
    public HorizontalFlip() {
        this(0.5);
    }

    @Override
    public void apply(double[] image, int channels, int height, int width, Generator random) {
        if (random.nextDouble() < probability) {
            flip(image, channels * height, width);
        }
    }

    /**
     * Every image of a batch {@code [N, (C,) H, W]} mirrored, with certainty (test-time augmentation's view):
     * the last axis read backwards, values moved exactly, in the batch's dtype and on its device.
     */
    public static Tensor mirror(Tensor images) {
        int width = images.dim(images.rank() - 1);
        int[] backwards = new int[width];
        for (int i = 0; i < width; i++) {
            backwards[i] = width - 1 - i;
        }
        return images.indexSelect(images.rank() - 1, backwards);
    }

    /** Reverses each of the {@code rows} rows of {@code width} values. */
    static void flip(double[] image, int rows, int width) {
        for (int r = 0; r < rows; r++) {
            for (int i = r * width, j = i + width - 1; i < j; i++, j--) {
                double t = image[i];
                image[i] = image[j];
                image[j] = t;
            }
        }
    }

    static HorizontalFlip read(ConfigReader c) {
        c.allowOnly("probability");
        return c.build(() -> new HorizontalFlip(c.number("probability", 0.5)));
    }
}
