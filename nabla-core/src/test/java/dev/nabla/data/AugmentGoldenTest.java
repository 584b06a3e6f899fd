package dev.nabla.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.io.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The augmentations and the image folder's resize against torchvision and PyTorch on a random [2, 7, 9]
 * image ({@code golden/augment.py}): rotate (bilinear, with fill), RandomCrop's pad-and-crop, hflip, and
 * {@code interpolate(mode="bilinear", align_corners=False)}.
 */
class AugmentGoldenTest {
    private static final int C = 2, H = 7, W = 9;
    private static Map<String, Object> golden;
    private static double[] image;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void load() throws IOException, Json.JsonException {
        try (InputStream in = AugmentGoldenTest.class.getResourceAsStream("/golden/augment.json")) {
            golden = (Map<String, Object>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        image = data(golden.get("image"));
    }

    @SuppressWarnings("unchecked")
    private static double[] data(Object tensor) {
        return ((List<Object>) ((Map<String, Object>) tensor).get("data")).stream().mapToDouble(v -> ((Number) v).doubleValue())
                .toArray();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> cases(String key) {
        return (List<Map<String, Object>>) golden.get(key);
    }

    private static double number(Map<String, Object> c, String key) {
        return ((Number) c.get(key)).doubleValue();
    }

    private static void assertClose(double[] expected, double[] actual, double tolerance, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertTrue(Math.abs(expected[i] - actual[i]) <= tolerance, what + " [" + i + "]: expected " + expected[i]
                    + ", got " + actual[i]);
        }
    }

    @Test
    void rotateAgreesWithTorchvision() {
        for (Map<String, Object> c : cases("rotate")) {
            double[] out = image.clone();
            RandomRotation.rotate(out, C, H, W, number(c, "angle"), number(c, "fill"));
            assertClose(data(c.get("output")), out, 1e-12, "rotate " + c.get("angle"));
        }
    }

    @Test
    void cropWithPaddingIsTorchvisionsPadThenCrop() {
        for (Map<String, Object> c : cases("crop")) {
            int p = (int) number(c, "padding");
            double[] out = image.clone();
            RandomShift.shift(out, C, H, W, p - (int) number(c, "top"), p - (int) number(c, "left"), number(c, "fill"));
            assertArrayEquals(data(c.get("output")), out, "crop " + c);
        }
        double[] flipped = image.clone();
        HorizontalFlip.flip(flipped, C * H, W);
        assertArrayEquals(data(golden.get("hflip")), flipped);
    }

    @Test
    void resizeIsPyTorchsBilinearInterpolation() {
        float[] f = new float[image.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) image[i];
        }
        for (Map<String, Object> c : cases("resize")) {
            int h = (int) number(c, "height"), w = (int) number(c, "width");
            float[] out = ImageDecoder.resize(new ImageDecoder.Pixels(C, H, W, f), h, w).values();
            double[] d = new double[out.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = out[i];
            }
            assertClose(data(c.get("output")), d, 1e-6, "resize to " + h + "x" + w); // float32 pixels, float64 golden
        }
    }
}
