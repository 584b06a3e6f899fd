package dev.nabla.data;

import dev.nabla.tensor.Generator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Train/test (or train/validation) splits. The lecture's rule: tune hyper-parameters on a validation set
 * held out from the training data, never on the test set. Both methods return disjoint parts that
 * together hold every sample exactly once, and refuse a fraction that would leave either part empty.
 */
public final class Splits {
    private Splits() {}

    /** The two parts of a split, each a {@link Dataset} with the original names. */
    public record Split(Dataset train, Dataset test) {
        public Split {
            Objects.requireNonNull(train, "train");
            Objects.requireNonNull(test, "test");
        }
    }

    /**
     * A shuffled split, as scikit-learn's {@code train_test_split}: {@code ceil(testFraction * n)} samples
     * go to test, the rest to train, both in shuffled order. The seed fixes the split. (The product is
     * first snapped to a whole number it misses by rounding only: 0.1 of 30 is 3, where scikit-learn gets 4.)
     *
     * <p>With {@code stratify} (classification only) each class is split on its own, so train and test
     * keep the class proportions of the whole set: with 10% of one class and a 20% test share, a plain
     * shuffle can leave the test set with none of it. Per class, the test share is
     * {@code n_c · nTest / n} rounded so the shares add up to nTest (largest remainders first); every class
     * needs at least 2 samples.
     *
     * @param testFraction the test share, strictly between 0 and 1
     */
    public static Split trainTest(Dataset data, double testFraction, long seed, boolean stratify) {
        Objects.requireNonNull(data, "data");
        int n = data.size();
        int nTest = (int) Math.ceil(snapped(checkFraction("trainTest: testFraction", testFraction) * n));
        checkSizes("trainTest: testFraction " + testFraction, n, n - nTest, nTest);
        Generator g = new Generator(seed);
        if (!stratify) {
            int[] perm = g.permutation(n);
            return new Split(data.subset(Arrays.copyOfRange(perm, nTest, n)), data.subset(Arrays.copyOfRange(perm, 0, nTest)));
        }
        List<List<Integer>> byClass = membersByClass(data);
        int[] testCounts = allocate(byClass, n, nTest);
        int[] train = new int[n - nTest];
        int[] test = new int[nTest];
        int tr = 0, te = 0;
        for (int c = 0; c < byClass.size(); c++) {
            List<Integer> members = byClass.get(c);
            int[] perm = g.permutation(members.size());
            for (int k = 0; k < perm.length; k++) {
                int index = members.get(perm[k]);
                if (k < testCounts[c]) {
                    test[te++] = index;
                } else {
                    train[tr++] = index;
                }
            }
        }
        // mix the classes, or a part would list class 0 first, then class 1, ...
        return new Split(data.subset(permuted(train, g)), data.subset(permuted(test, g)));
    }

    /**
     * The last {@code fraction} of the samples, in order and unshuffled, as the test (validation) part:
     * Keras' {@code validation_split}, which takes {@code floor(n · (1 - fraction))} samples for training
     * (the product snapped to a whole number it misses by rounding only, as in {@link #trainTest}).
     * Shuffle the data first (or use {@link #trainTest}) when the file is sorted, e.g. by class: otherwise
     * the held-out part may hold one class only.
     *
     * @param fraction the held-out share, strictly between 0 and 1
     */
    public static Split holdOutLast(Dataset data, double fraction) {
        Objects.requireNonNull(data, "data");
        int n = data.size();
        int nTrain = (int) Math.floor(snapped(n * (1.0 - checkFraction("holdOutLast: fraction", fraction))));
        checkSizes("holdOutLast: fraction " + fraction, n, nTrain, n - nTrain);
        return new Split(data.slice(0, nTrain), data.slice(nTrain, n));
    }

    /**
     * A product of a fraction and a count, moved to the whole number it misses by rounding only, so that
     * ceil/floor count what the user meant: {@code 0.1 * 30} is 3.0000000000000004 (ceil: 4) and
     * {@code 10 * (1 - 0.9)} is 0.9999999999999998 (floor: 0) in binary floating point.
     */
    private static double snapped(double x) {
        double whole = Math.rint(x);
        return Math.abs(x - whole) <= 1e-9 * Math.max(1, Math.abs(x)) ? whole : x;
    }

    private static double checkFraction(String what, double f) {
        if (!(f > 0 && f < 1)) {
            throw new IllegalArgumentException(what + " must be in (0, 1), got " + f);
        }
        return f;
    }

    private static void checkSizes(String what, int n, int nTrain, int nTest) {
        if (nTrain < 1 || nTest < 1) {
            throw new IllegalArgumentException(what + " of " + n + " samples leaves " + nTrain + " to train on and "
                    + nTest + " to test (both must be non-empty)");
        }
    }

    /** Sample indices of each class, in data-set order; refuses regression and classes of one sample. */
    private static List<List<Integer>> membersByClass(Dataset data) {
        if (!data.isClassification()) {
            throw new IllegalArgumentException("trainTest: stratify needs int32 class labels, got "
                    + data.targets().dtype() + " targets " + data.targets().shape());
        }
        if (data.targets().rank() != 1) {
            throw new IllegalArgumentException("trainTest: stratify needs one label per sample [N], got targets "
                    + data.targets().shape());
        }
        int[] labels = data.targets().toIntArray();
        int classes = 0;
        for (int y : labels) {
            if (y < 0) {
                throw new IllegalArgumentException("trainTest: stratify got a negative class label " + y);
            }
            classes = Math.max(classes, y + 1);
        }
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < labels.length; i++) {
            byClass.get(labels[i]).add(i);
        }
        for (int c = 0; c < classes; c++) {
            if (byClass.get(c).size() == 1) {
                String name = c < data.classNames().size() ? " '" + data.classNames().get(c) + "'" : "";
                throw new IllegalArgumentException("trainTest: stratify needs at least 2 samples of each class; class " + c
                        + name + " has 1");
            }
        }
        return byClass;
    }

    /** Test samples per class: floor of the exact share, plus one for the largest remainders until nTest. */
    private static int[] allocate(List<List<Integer>> byClass, int n, int nTest) {
        int classes = byClass.size();
        int[] counts = new int[classes];
        long[] remainders = new long[classes];
        int given = 0;
        for (int c = 0; c < classes; c++) {
            long exact = (long) byClass.get(c).size() * nTest; // share = exact / n, kept in integers
            counts[c] = (int) (exact / n);
            remainders[c] = exact % n;
            given += counts[c];
        }
        Integer[] order = new Integer[classes];
        for (int c = 0; c < classes; c++) {
            order[c] = c;
        }
        // largest remainder first; ties to the larger class, then the lower index, so the result is fixed
        Arrays.sort(order, (a, b) -> remainders[a] != remainders[b] ? Long.compare(remainders[b], remainders[a])
                : byClass.get(a).size() != byClass.get(b).size() ? byClass.get(b).size() - byClass.get(a).size() : a - b);
        for (int k = 0; given < nTest; k++) {
            counts[order[k]]++;
            given++;
        }
        return counts;
    }

    private static int[] permuted(int[] a, Generator g) {
        int[] p = g.permutation(a.length);
        int[] out = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[p[i]];
        }
        return out;
    }
}
