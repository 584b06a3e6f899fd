package dev.nabla.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.config.ConfigException;
import dev.nabla.config.ConfigReader;
import dev.nabla.tensor.Generator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * RandomErasing against torchvision's sampling, replayed draw by draw from the same generator: the
 * probability, up to ten (area, aspect) attempts with Python's rounding and the strict fit, the position,
 * the fill; then what the defaults do over many images, and the spec form and its checks.
 */
class RandomErasingTest {
    private static final int C = 2, H = 12, W = 9;

    /** Distinct values, none of them an erasing value used here. */
    private static double[] image() {
        double[] v = new double[C * H * W];
        for (int i = 0; i < v.length; i++) {
            v[i] = 1 + i;
        }
        return v;
    }

    /** The rectangle torchvision's get_params draws, from the generator after the probability's draw; null if none fits. */
    private static int[] replay(Generator r, RandomErasing e) {
        double area = H * W;
        for (int attempt = 0; attempt < 10; attempt++) {
            double erase = area * (e.scaleMin() + (e.scaleMax() - e.scaleMin()) * r.nextDouble());
            double logMin = Math.log(e.ratioMin()), logMax = Math.log(e.ratioMax());
            double aspect = Math.exp(logMin + (logMax - logMin) * r.nextDouble());
            int h = (int) Math.rint(Math.sqrt(erase * aspect)), w = (int) Math.rint(Math.sqrt(erase / aspect));
            if (h < H && w < W) {
                return new int[] {r.nextInt(H - h + 1), r.nextInt(W - w + 1), h, w};
            }
        }
        return null;
    }

    @Test
    void theErasedRectangleIsTheOneTheDrawsGive() {
        RandomErasing e = new RandomErasing(1, 0.02, 0.6, 0.3, 3.3, -5, false);
        int erased = 0, leftAlone = 0;
        for (long seed = 0; seed < 300; seed++) {
            double[] in = image(), out = in.clone();
            e.apply(out, C, H, W, new Generator(seed));
            Generator replay = new Generator(seed);
            replay.nextDouble(); // the probability's draw
            int[] rect = replay(replay, e);
            if (rect == null) {
                assertArrayEquals(in, out, "seed " + seed + ": nothing fits, the image must be left as it is");
                leftAlone++;
                continue;
            }
            erased++;
            for (int k = 0; k < C; k++) {
                for (int y = 0; y < H; y++) {
                    for (int x = 0; x < W; x++) {
                        boolean inside = y >= rect[0] && y < rect[0] + rect[2] && x >= rect[1] && x < rect[1] + rect[3];
                        int i = (k * H + y) * W + x;
                        assertEquals(inside ? -5 : in[i], out[i], "seed " + seed + " at " + k + "," + y + "," + x);
                    }
                }
            }
        }
        assertTrue(erased > 250, erased + " erased, " + leftAlone + " left alone");
    }

    @Test
    void aRectangleThatNeverFitsLeavesTheImageAlone() {
        // at least 90% of a 12 x 9 image: 97 pixels, more than the 11 x 8 that fit strictly inside
        RandomErasing e = new RandomErasing(1, 0.9, 1, 0.3, 3.3, 0, false);
        for (long seed = 0; seed < 50; seed++) {
            double[] in = image(), out = in.clone();
            e.apply(out, C, H, W, new Generator(seed));
            assertArrayEquals(in, out);
            Generator replay = new Generator(seed);
            replay.nextDouble();
            assertEquals(null, replay(replay, e));
        }
    }

    @Test
    void randomValuesAreStandardNormalsDrawnAfterThePosition() {
        RandomErasing e = new RandomErasing(1, 0.1, 0.3, 0.5, 2, 0, true);
        for (long seed = 0; seed < 20; seed++) {
            double[] out = image();
            e.apply(out, C, H, W, new Generator(seed));
            Generator replay = new Generator(seed);
            replay.nextDouble();
            int[] rect = replay(replay, e);
            for (int k = 0; k < C; k++) {
                for (int y = rect[0]; y < rect[0] + rect[2]; y++) {
                    for (int x = rect[1]; x < rect[1] + rect[3]; x++) {
                        assertEquals(replay.nextGaussian(), out[(k * H + y) * W + x]);
                    }
                }
            }
        }
    }

    @Test
    void theDefaultsEraseHalfTheImagesAndAFifthOfTheirArea() {
        RandomErasing e = new RandomErasing();
        int n = 4000, erased = 0;
        double fraction = 0;
        for (long seed = 0; seed < n; seed++) {
            double[] out = new double[28 * 28];
            java.util.Arrays.fill(out, 1);
            e.apply(out, 1, 28, 28, new Generator(seed));
            int zeros = 0;
            for (int i = 0; i < 28 * 28; i++) {
                zeros += out[i] == 0 ? 1 : 0;
            }
            if (zeros > 0) {
                erased++;
                fraction += zeros / 784.0;
                assertTrue(zeros >= 0.01 * 784 && zeros <= 0.40 * 784, "seed " + seed + ": " + zeros + " pixels erased");
            }
        }
        // p = 0.5; the area fraction is uniform in [0.02, 0.33] before rounding and the fit: mean about 0.175
        assertEquals(0.5, (double) erased / n, 0.03);
        assertEquals(0.175, fraction / erased, 0.015);
    }

    @Test
    void probabilityZeroNeverErases() {
        double[] in = image(), out = in.clone();
        for (long seed = 0; seed < 50; seed++) {
            new RandomErasing(0, 0.02, 0.33, 0.3, 3.3, 0, false).apply(out, C, H, W, new Generator(seed));
        }
        assertArrayEquals(in, out);
    }

    @Test
    void theSpecFormsAreReadAndChecked() {
        assertEquals(new RandomErasing(), read(Map.of("kind", "erase")));
        assertEquals(new RandomErasing(0.3, 0.1, 0.2, 0.5, 2, 0.5, false),
                read(Map.of("kind", "erase", "probability", 0.3, "scale", List.of(0.1, 0.2), "ratio", List.of(0.5, 2),
                        "value", 0.5)));
        assertTrue(((RandomErasing) read(Map.of("kind", "erase", "value", "random"))).randomValue());
        for (Map<String, Object> bad : List.<Map<String, Object>>of(
                Map.of("kind", "erase", "probability", 1.5),
                Map.of("kind", "erase", "scale", List.of(0.3, 0.1)),
                Map.of("kind", "erase", "scale", List.of(0, 0.1)),
                Map.of("kind", "erase", "scale", List.of(0.1)),
                Map.of("kind", "erase", "ratio", List.of(-1, 2)),
                Map.of("kind", "erase", "value", "noise"),
                Map.of("kind", "erase", "size", 3))) {
            ConfigException ex = assertThrows(ConfigException.class, () -> read(bad), bad.toString());
            assertTrue(ex.getMessage().contains("$.augment[0]"), ex.getMessage());
        }
    }

    private static Augmentation read(Map<String, Object> m) {
        return Augmentation.REGISTRY.read(ConfigReader.of(m, "$.augment[0]"));
    }
}
