package dev.nabla.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.config.ConfigException;
import dev.nabla.config.ConfigReader;
import dev.nabla.kernel.Parallel;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each augmentation against what it must do exactly, and the augmenter's randomness: seed, epoch and sample only. */
class AugmentationTest {
    /** A [C, H, W] image with distinct values: c·1000 + y·W + x. */
    private static double[] image(int c, int h, int w) {
        double[] v = new double[c * h * w];
        for (int k = 0; k < c; k++) {
            for (int i = 0; i < h * w; i++) {
                v[k * h * w + i] = k * 1000 + i;
            }
        }
        return v;
    }

    @Test
    void flipIsAnExactMirrorOfEveryRow() {
        double[] in = image(2, 3, 4), out = in.clone();
        new HorizontalFlip(1).apply(out, 2, 3, 4, new Generator(0));
        for (int r = 0; r < 6; r++) {
            for (int x = 0; x < 4; x++) {
                assertEquals(in[r * 4 + 3 - x], out[r * 4 + x]);
            }
        }
        double[] kept = in.clone();
        new HorizontalFlip(0).apply(kept, 2, 3, 4, new Generator(0));
        assertArrayEquals(in, kept);
    }

    @Test
    void cropWithPaddingShiftsTheContentByTheDrawnOffset() {
        int c = 2, h = 5, w = 6, p = 2;
        for (long seed = 0; seed < 20; seed++) {
            double[] in = image(c, h, w), out = in.clone();
            new RandomShift(p, -1).apply(out, c, h, w, new Generator(seed));
            Generator replay = new Generator(seed); // the same draws: the window's top, then its left
            int dy = p - replay.nextInt(2 * p + 1), dx = p - replay.nextInt(2 * p + 1);
            for (int k = 0; k < c; k++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int sy = y - dy, sx = x - dx;
                        double want = sy >= 0 && sy < h && sx >= 0 && sx < w ? in[(k * h + sy) * w + sx] : -1;
                        assertEquals(want, out[(k * h + y) * w + x], "seed " + seed + " at " + y + "," + x);
                    }
                }
            }
        }
    }

    @Test
    void quarterTurnsAreTransposeFlipsWithNoInterpolationError() {
        int n = 5;
        double[] in = image(2, n, n);
        double[] ccw = in.clone();
        RandomRotation.rotate(ccw, 2, n, n, 90, -7);
        double[] minus = in.clone();
        RandomRotation.rotate(minus, 2, n, n, -270, -7);
        for (int k = 0; k < 2; k++) {
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < n; x++) {
                    // counter-clockwise: out[y][x] = in[x][n-1-y], the transpose flipped upside down (torch.rot90)
                    assertEquals(in[(k * n + x) * n + n - 1 - y], ccw[(k * n + y) * n + x]);
                }
            }
        }
        assertArrayEquals(ccw, minus);
        double[] half = in.clone();
        RandomRotation.rotate(half, 2, n, n, 180, -7);
        double[] mirrored = in.clone();
        HorizontalFlip.flip(mirrored, 2 * n, n);
        for (int k = 0; k < 2; k++) { // 180 degrees: both flips
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < n; x++) {
                    assertEquals(mirrored[(k * n + n - 1 - y) * n + x], half[(k * n + y) * n + x]);
                }
            }
        }
        double[] full = in.clone();
        RandomRotation.rotate(full, 2, n, n, 360, -7);
        assertArrayEquals(in, full);
    }

    @Test
    void aSmallTurnInterpolatesAndFillsTheCorners() {
        int n = 9;
        double[] ones = new double[n * n];
        Arrays.fill(ones, 1);
        RandomRotation.rotate(ones, 1, n, n, 30, 0);
        assertEquals(1, ones[4 * n + 4], 1e-12, "the centre stays");
        assertEquals(0, ones[0], "a corner comes from outside: fill");
        assertTrue(ones[n / 2] > 0.99, "mid-edge stays inside for 30 degrees");
        double[] ramp = new double[n * n]; // value = x: a linear field is rotated exactly by bilinear sampling
        for (int i = 0; i < n * n; i++) {
            ramp[i] = i % n;
        }
        RandomRotation.rotate(ramp, 1, n, n, 30, 0);
        double cos = Math.cos(Math.toRadians(30)), sin = Math.sin(Math.toRadians(30));
        int y = 5, x = 3; // inside: source x = 4 + (x-4) cos - (y-4) sin
        assertEquals(4 + (x - 4) * cos - (y - 4) * sin, ramp[y * n + x], 1e-12);
    }

    @Test
    void theAugmenterDependsOnSeedEpochAndSampleOnly() {
        Augmenter a = new Augmenter(List.of(new HorizontalFlip(), new RandomShift(2, 0), new RandomRotation(15, 0)), 42);
        Tensor batch = Tensor.randn(new Generator(3), 64, 3, 12, 12);
        int[] rows = new int[64];
        for (int i = 0; i < 64; i++) {
            rows[i] = 1000 - 7 * i;
        }
        int before = Parallel.setThreads(1);
        float[] one;
        try {
            one = a.apply(batch, 3, rows).f32();
        } finally {
            Parallel.setThreads(before);
        }
        Parallel.setThreads(Math.max(2, before));
        float[] many;
        try {
            many = a.apply(batch, 3, rows).f32();
        } finally {
            Parallel.setThreads(before);
        }
        assertArrayEquals(one, many, "any thread count, same bits");
        // sample 10 alone, in a batch of one: the same image as at row 10 of the batch
        Tensor alone = a.apply(batch.slice(0, 10, 11), 3, new int[] {rows[10]});
        assertArrayEquals(Arrays.copyOfRange(one, 10 * 432, 11 * 432), alone.f32());
        assertFalse(Arrays.equals(one, a.apply(batch, 4, rows).f32()), "another epoch, other images");
        assertFalse(Arrays.equals(one, new Augmenter(a.steps(), 43).apply(batch, 3, rows).f32()), "another seed");
        assertFalse(Arrays.equals(one, batch.f32()), "the images changed");
        assertEquals(DType.FLOAT64, a.apply(batch.to(DType.FLOAT64), 3, rows).dtype());
        Tensor gray = Tensor.randn(new Generator(3), 4, 6, 6); // [B, H, W]: one channel
        assertArrayEquals(new int[] {4, 6, 6}, a.apply(gray, 0, new int[] {0, 1, 2, 3}).shape().dims());
        assertThrows(IllegalArgumentException.class, () -> a.apply(Tensor.zeros(4, 6), 0, new int[] {0, 1, 2, 3}));
    }

    @Test
    void registryReadsTheSpecFormsAndChecksThem() {
        assertEquals(new HorizontalFlip(0.5), read(Map.of("kind", "hflip")));
        assertEquals(new RandomShift(2, 0), read(Map.of("kind", "crop", "padding", 2)));
        assertEquals(new RandomRotation(10, 0.5), read(Map.of("kind", "rotate", "degrees", 10, "fill", 0.5)));
        ConfigException e = assertThrows(ConfigException.class, () -> read(Map.of("kind", "rotate", "degrees", 0)));
        assertTrue(e.getMessage().contains("degrees"), e.getMessage());
        assertThrows(ConfigException.class, () -> read(Map.of("kind", "crop")));
        assertThrows(ConfigException.class, () -> read(Map.of("kind", "zoom")));
    }

    private static Augmentation read(Map<String, Object> m) {
        return Augmentation.REGISTRY.read(ConfigReader.of(m, "$.augment[0]"));
    }
}
