package dev.nabla.data;

import dev.nabla.kernel.Parallel;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.util.List;
import java.util.Objects;

/**
 * Applies {@link Augmentation}s to a batch of images, each sample from a generator of its own seeded by
 * {@code (seed, epoch, sample)}: the sample's row in the training set, not its place in the batch. So
 * the images depend on nothing but the seed, the epoch and the sample: not on the batch size's cut, not
 * on the thread count (samples are independent and may run on any thread), and not on where a run was
 * resumed (a checkpoint needs no augmentation state; its epoch and the loader's order are enough).
 *
 * <p>Images are {@code [B, C, H, W]}, or {@code [B, H, W]} taken as one channel; the result has the
 * batch's shape and dtype. The augmentations work in double and each value is rounded once to the
 * batch's dtype.
 */
public final class Augmenter {
    /** Keeps the augmentation streams apart from the other streams drawn from the same seed. */
    private static final long STREAM = 0x6A09E667F3BCC909L;

    private final List<Augmentation> steps;
    private final long seed;

    public Augmenter(List<Augmentation> steps, long seed) {
        this.steps = List.copyOf(steps);
        if (this.steps.isEmpty()) {
            throw new IllegalArgumentException("Augmenter: needs at least one augmentation");
        }
        this.seed = seed;
    }

    public List<Augmentation> steps() {
        return steps;
    }

    /**
     * The batch's images augmented for {@code epoch}.
     *
     * @param samples each row's index in the training set (a {@link Batch}'s indices)
     */
    public Tensor apply(Tensor images, int epoch, int[] samples) {
        Objects.requireNonNull(images, "images");
        if ((images.rank() != 3 && images.rank() != 4) || !images.dtype().isFloating()) {
            throw new IllegalArgumentException("augment: expected floating images [B, C, H, W] or [B, H, W], got "
                    + images.dtype() + " " + images.shape());
        }
        if (samples.length != images.dim(0)) {
            throw new IllegalArgumentException("augment: " + samples.length + " sample indices for a batch of "
                    + images.dim(0));
        }
        int c = images.rank() == 4 ? images.dim(1) : 1;
        int h = images.dim(images.rank() - 2), w = images.dim(images.rank() - 1);
        int size = c * h * w;
        boolean f64 = images.dtype() == DType.FLOAT64;
        double[] d64 = f64 ? images.toDoubleArray() : null;
        float[] in32 = f64 ? null : images.toFloatArray();
        float[] out32 = f64 ? null : new float[in32.length];
        Parallel.forRange(samples.length, (long) size * steps.size() * 8, (from, to) -> {
            double[] image = new double[size];
            for (int i = from; i < to; i++) {
                int at = i * size;
                for (int k = 0; k < size; k++) {
                    image[k] = f64 ? d64[at + k] : in32[at + k];
                }
                Generator random = generator(epoch, samples[i]);
                for (Augmentation a : steps) {
                    a.apply(image, c, h, w, random);
                }
                for (int k = 0; k < size; k++) {
                    if (f64) {
                        d64[at + k] = image[k];
                    } else {
                        out32[at + k] = (float) image[k];
                    }
                }
            }
        });
        int[] dims = images.shape().dims();
        return f64 ? Tensor.of(d64, dims) : Tensor.of(out32, dims);
    }

    /** Sample {@code sample}'s generator in {@code epoch}: SplitMix64 steps over the three numbers. */
    Generator generator(int epoch, int sample) {
        long h = mix(seed ^ STREAM);
        h = mix(h + epoch);
        h = mix(h + sample);
        return new Generator(h);
    }

    private static long mix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public String toString() {
        return "Augmenter(" + steps + ", seed=" + seed + ")";
    }
}
