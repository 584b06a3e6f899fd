package dev.nabla.data;

import dev.nabla.tensor.Generator;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * Cuts a {@link Dataset} into mini-batches, one epoch per {@link #iterator()} call, as PyTorch's
 * {@code DataLoader}: with {@code shuffle}, each epoch visits every sample exactly once in a fresh random
 * order (a permutation: sampling without replacement), so no sample is seen twice or skipped within an
 * epoch; without it, samples come in data-set order.
 *
 * <p>The permutations come from one {@link Generator} seeded at construction and advanced once per epoch,
 * so epoch k's order is fixed by the seed alone: two loaders with the same seed give the same batches,
 * epoch after epoch, and a training run can be repeated bit for bit. This is the same scheme as
 * {@code Trainer.fit}'s own shuffling ({@code new Generator(seed)}, one {@code permutation(n)} per epoch).
 *
 * <pre>{@code
 * DataLoader loader = new DataLoader(train, 32, true, 42, false);
 * for (int epoch = 0; epoch < 10; epoch++) {
 *     for (Batch b : loader) {
 *         Tensor loss = lossFn.compute(model.forward(b.features()), b.targets());
 *         ...
 *     }
 * }
 * }</pre>
 *
 * <p>The last batch of an epoch is smaller when the batch size does not divide the data set;
 * {@code dropLast} drops it instead (useful when a layer needs full batches, or to keep every update's
 * noise level the same). Iterators of one loader must not be used from several threads at once.
 */
public final class DataLoader implements Iterable<Batch> {
    private final Dataset dataset;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final boolean dropLast;
    private final Generator generator;

    /**
     * @param dataset the samples (at least one)
     * @param batchSize samples per batch, >= 1
     * @param shuffle a fresh random order every epoch, or data-set order
     * @param seed fixes every epoch's order (ignored without shuffle)
     * @param dropLast leave out the last, smaller batch of each epoch
     */
    public DataLoader(Dataset dataset, int batchSize, boolean shuffle, long seed, boolean dropLast) {
        this.dataset = Objects.requireNonNull(dataset, "dataset");
        if (batchSize < 1) {
            throw new IllegalArgumentException("DataLoader: batchSize must be >= 1, got " + batchSize);
        }
        if (dataset.size() == 0) {
            throw new IllegalArgumentException("DataLoader: the dataset is empty (features " + dataset.features().shape() + ")");
        }
        if (dropLast && batchSize > dataset.size()) {
            throw new IllegalArgumentException("DataLoader: batchSize " + batchSize + " with dropLast leaves no batch of "
                    + dataset.size() + " samples (use a batchSize <= " + dataset.size() + " or dropLast=false)");
        }
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
        this.dropLast = dropLast;
        this.generator = new Generator(seed);
    }

    public Dataset dataset() {
        return dataset;
    }

    public int batchSize() {
        return batchSize;
    }

    public boolean shuffle() {
        return shuffle;
    }

    public long seed() {
        return seed;
    }

    public boolean dropLast() {
        return dropLast;
    }

    /** Batches in one epoch: {@code ceil(n / batchSize)}, or {@code floor} with dropLast. */
    public int batchesPerEpoch() {
        int n = dataset.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** Samples in one epoch: all of them, or those in full batches with dropLast. */
    public int samplesPerEpoch() {
        return dropLast ? batchesPerEpoch() * batchSize : dataset.size();
    }

    /**
     * One epoch's batches. Each call is a new epoch: with shuffle, the order is drawn now, so calling
     * {@code iterator()} twice gives two different orders (the first and second epochs of this seed).
     */
    @Override
    public Iterator<Batch> iterator() {
        return iterator(0);
    }

    /**
     * One epoch's batches, skipping the first {@code skipBatches} without building them: how a training
     * run resumed mid-epoch picks up where it stopped (after {@link #restoreGeneratorState} to the state
     * the epoch started from, so the order is the same).
     */
    public Iterator<Batch> iterator(int skipBatches) {
        int[] order = nextOrder();
        int count = batchesPerEpoch();
        if (skipBatches < 0 || skipBatches > count) {
            throw new IllegalArgumentException("DataLoader: cannot skip " + skipBatches + " of an epoch's " + count + " batches");
        }
        return new Iterator<>() {
            private int next = skipBatches;

            @Override
            public boolean hasNext() {
                return next < count;
            }

            @Override
            public Batch next() {
                if (next >= count) {
                    throw new NoSuchElementException("DataLoader: the epoch's " + count + " batches are used up");
                }
                int start = next++ * batchSize;
                int[] idx = Arrays.copyOfRange(order, start, Math.min(order.length, start + batchSize));
                return new Batch(dataset.features().indexSelect(0, idx), dataset.targets().indexSelect(0, idx), idx);
            }
        };
    }

    /** The shuffling generator's state now, i.e. before the next epoch's order is drawn (for checkpoints). */
    public synchronized long[] generatorState() {
        return generator.state();
    }

    /** Puts the shuffling generator back to a state from {@link #generatorState()}. */
    public synchronized void restoreGeneratorState(long[] state) {
        generator.setState(state);
    }

    private synchronized int[] nextOrder() {
        int n = dataset.size();
        if (shuffle) {
            return generator.permutation(n);
        }
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        return p;
    }

    @Override
    public String toString() {
        return "DataLoader(" + dataset.size() + " samples, batchSize=" + batchSize + ", shuffle=" + shuffle
                + (shuffle ? ", seed=" + seed : "") + ", dropLast=" + dropLast + ", " + batchesPerEpoch() + " batches/epoch)";
    }
}
