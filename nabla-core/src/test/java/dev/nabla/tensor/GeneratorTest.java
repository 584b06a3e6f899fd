package dev.nabla.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The seeded generator and the random factories built on it. */
class GeneratorTest {

    /** xoshiro256** as published by Blackman and Vigna, written out independently of Generator. */
    private static long[] referenceXoshiro(long[] s, int n) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = Long.rotateLeft(s[1] * 5, 7) * 9;
            long t = s[1] << 17;
            s[2] ^= s[0];
            s[3] ^= s[1];
            s[1] ^= s[2];
            s[0] ^= s[3];
            s[2] ^= t;
            s[3] = Long.rotateLeft(s[3], 45);
        }
        return out;
    }

    @Test
    void seedZeroStateIsTheSplitMix64Stream() {
        // The first four outputs of SplitMix64 from seed 0 (Steele, Lea and Flood's reference values).
        long[] expected = {0xe220a8397b1dcdafL, 0x6e789e6aa1b965f4L, 0x06c45d188009454fL, 0xf88bb8a8724c81ecL};
        assertArrayEquals(expected, new Generator(0).state());
    }

    @Test
    void outputsFollowXoshiro256StarStar() {
        Generator g = new Generator(0);
        long[] expected = referenceXoshiro(g.state(), 20);
        for (int i = 0; i < 20; i++) {
            assertEquals(expected[i], g.nextLong(), "draw " + i);
        }
    }

    @Test
    void sameSeedSameValuesDifferentSeedDifferentValues() {
        assertArrayEquals(Tensor.rand(new Generator(42), 100).toFloatArray(),
                Tensor.rand(new Generator(42), 100).toFloatArray());
        assertArrayEquals(Tensor.randn(new Generator(42), 4, 25).toFloatArray(),
                Tensor.randn(new Generator(42), 4, 25).toFloatArray());
        assertArrayEquals(Tensor.normal(new Generator(7), DType.FLOAT64, 1, 2, 50).toDoubleArray(),
                Tensor.normal(new Generator(7), DType.FLOAT64, 1, 2, 50).toDoubleArray());

        float[] a = Tensor.rand(new Generator(42), 100).toFloatArray();
        float[] b = Tensor.rand(new Generator(43), 100).toFloatArray();
        int equal = 0;
        for (int i = 0; i < a.length; i++) {
            equal += a[i] == b[i] ? 1 : 0;
        }
        assertEquals(0, equal, "seeds 42 and 43 should give unrelated streams");

        Generator g = new Generator(42);
        assertFalse(Arrays.equals(Tensor.rand(g, 10).toFloatArray(), Tensor.rand(g, 10).toFloatArray()),
                "successive draws from one generator differ");
    }

    @Test
    void stateRoundTrips() {
        Generator g = new Generator(123);
        Tensor.rand(g, 7);
        long[] saved = g.state();
        double[] next = Tensor.normal(g, DType.FLOAT64, 0, 1, 5).toDoubleArray();
        Generator restored = Generator.fromState(saved);
        assertArrayEquals(next, Tensor.normal(restored, DType.FLOAT64, 0, 1, 5).toDoubleArray());
        assertArrayEquals(g.state(), restored.state());
        assertThrows(IllegalArgumentException.class, () -> Generator.fromState(new long[4]));
        assertThrows(IllegalArgumentException.class, () -> Generator.fromState(new long[] {1, 2, 3}));
    }

    @Test
    void randIsUniformOnZeroOne() {
        Tensor r = Tensor.rand(new Generator(1), 100, 100);
        assertEquals(DType.FLOAT32, r.dtype());
        double sum = 0, sumSq = 0;
        int below = 0;
        for (float v : r.toFloatArray()) {
            assertTrue(v >= 0f && v < 1f, "rand value " + v);
            sum += v;
            sumSq += v * v;
            below += v < 0.25f ? 1 : 0;
        }
        double mean = sum / 10000;
        assertEquals(0.5, mean, 0.015);
        assertEquals(1.0 / 12, sumSq / 10000 - mean * mean, 0.005);
        assertEquals(2500, below, 150);
    }

    private static Tensor rand(long seed, int n) {
        return Tensor.rand(new Generator(seed), n);
    }

    @Test
    void randNeverReturnsOneInFloat32() {
        // For these seeds the first double drawn is above 1 - 2^-25, which rounds to 1.0f.
        for (long seed : new long[] {307122759L, 397067225L, 268173305L}) {
            assertTrue(new Generator(seed).nextDouble() > 1 - 0x1p-25, "precondition for seed " + seed);
            float v = (float) rand(seed, 1).get(0);
            assertTrue(v < 1f, "rand with seed " + seed + " gave " + v);
            assertEquals(Math.nextDown(1f), v);
        }
    }

    @Test
    void uniformStaysInItsRange() {
        Tensor u = Tensor.uniform(new Generator(2), DType.FLOAT64, -2, 3, 10000);
        assertEquals(DType.FLOAT64, u.dtype());
        double sum = 0;
        for (double v : u.toDoubleArray()) {
            assertTrue(v >= -2 && v < 3, "uniform value " + v);
            sum += v;
        }
        assertEquals(0.5, sum / 10000, 0.05);
        assertArrayEquals(new double[] {4, 4}, Tensor.uniform(new Generator(2), DType.FLOAT64, 4, 4, 2).toDoubleArray());
        assertThrows(IllegalArgumentException.class, () -> Tensor.uniform(new Generator(2), DType.FLOAT64, 1, 0, 2));
        assertThrows(IllegalArgumentException.class, () -> Tensor.uniform(new Generator(2), DType.INT32, 0, 1, 2));
    }

    @Test
    void randnHasMeanZeroAndStdOne() {
        double[] x = Tensor.randn(new Generator(3), 10000).toDoubleArray();
        double mean = Arrays.stream(x).average().orElseThrow();
        double var = Arrays.stream(x).map(v -> (v - mean) * (v - mean)).sum() / x.length;
        long withinOne = Arrays.stream(x).filter(v -> Math.abs(v) < 1).count();
        // standard error of the mean is 0.01, of the std about 0.007
        assertEquals(0, mean, 0.04);
        assertEquals(1, Math.sqrt(var), 0.03);
        assertEquals(0.6827, withinOne / 10000.0, 0.02);
    }

    @Test
    void normalScalesAndShifts() {
        double[] x = Tensor.normal(new Generator(4), DType.FLOAT64, 3, 2, 10000).toDoubleArray();
        double mean = Arrays.stream(x).average().orElseThrow();
        double var = Arrays.stream(x).map(v -> (v - mean) * (v - mean)).sum() / x.length;
        assertEquals(3, mean, 0.08);
        assertEquals(2, Math.sqrt(var), 0.06);
        assertThrows(IllegalArgumentException.class, () -> Tensor.normal(new Generator(4), DType.FLOAT64, 0, -1, 2));
        assertThrows(IllegalArgumentException.class, () -> Tensor.normal(new Generator(4), DType.INT32, 0, 1, 2));
    }

    @Test
    void nextIntAndPermutation() {
        Generator g = new Generator(5);
        int[] counts = new int[7];
        for (int i = 0; i < 7000; i++) {
            int k = g.nextInt(7);
            assertTrue(k >= 0 && k < 7);
            counts[k]++;
        }
        for (int c : counts) {
            assertEquals(1000, c, 120);
        }
        assertThrows(IllegalArgumentException.class, () -> g.nextInt(0));

        int[] p = new Generator(9).permutation(10);
        assertArrayEquals(p, new Generator(9).permutation(10));
        int[] sorted = p.clone();
        Arrays.sort(sorted);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, sorted);
        assertFalse(Arrays.equals(sorted, p), "a shuffled permutation of 10 should not be the identity");
    }
}
