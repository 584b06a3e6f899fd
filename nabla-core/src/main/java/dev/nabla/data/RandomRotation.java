package dev.nabla.data;

import dev.nabla.config.Check;
import dev.nabla.config.ConfigReader;
import dev.nabla.tensor.Generator;

/**
 * Rotates the image by an angle uniform in {@code [-degrees, degrees]}, counter-clockwise for a positive
 * angle, about the image's centre ({@code ((W-1)/2, (H-1)/2)} in pixel indices), with bilinear
 * interpolation; what comes from outside the image takes {@code fill}: torchvision's
 * {@code RandomRotation(degrees, InterpolationMode.BILINEAR, fill=f)}, edge blending included (checked
 * against torchvision 0.14 by {@code golden/augment.py}). One draw per image.
 *
 * @param degrees the largest angle either way, in (0, 180]
 * @param fill the value outside the rotated image, in the units the model sees
 */
public record RandomRotation(double degrees, double fill) implements Augmentation {
    public RandomRotation {
        Check.that(degrees > 0 && degrees <= 180, "RandomRotation", "degrees", "in (0, 180]", degrees);
        Check.finite("RandomRotation", "fill", fill);
    }

    @Override
    public void apply(double[] image, int channels, int height, int width, Generator random) {
        rotate(image, channels, height, width, (2 * random.nextDouble() - 1) * degrees, fill);
    }

    /**
     * Rotates by {@code angle} degrees. Each output pixel reads the input at the point the inverse rotation
     * takes it to; multiples of 90° use exact sines, so a quarter turn of a square image moves pixels with
     * no interpolation error.
     */
    static void rotate(double[] image, int channels, int height, int width, double angle, double fill) {
        double cos = cosDegrees(angle), sin = cosDegrees(angle - 90);
        double cx = (width - 1) / 2.0, cy = (height - 1) / 2.0;
        double[] in = image.clone();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double u = x - cx, v = y - cy;
                // y grows downwards: a counter-clockwise turn on screen takes (u, v) to (u cos + v sin, -u sin + v cos)
                double sx = cx + u * cos - v * sin, sy = cy + u * sin + v * cos;
                for (int c = 0; c < channels; c++) {
                    image[(c * height + y) * width + x] = bilinear(in, c * height * width, height, width, sy, sx, fill);
                }
            }
        }
    }

    /** cos of an angle in degrees, exact (0, 1 or -1) at multiples of 90. */
    private static double cosDegrees(double angle) {
        double a = angle % 360;
        if (a % 90 == 0) {
            int quarter = (int) Math.floorMod((long) (a / 90), 4L);
            return new double[] {1, 0, -1, 0}[quarter];
        }
        return Math.cos(Math.toRadians(a));
    }

    /**
     * The plane's value at (sy, sx) as torchvision computes it: bilinear over the neighbours inside the
     * image ({@code grid_sample} with zero padding), {@code v}, and the weight they carry, {@code m} (the
     * same sample of an image of ones); then {@code v·m + (1 - m)·fill}. Inside the image m is 1; at the
     * edge the fill takes the weight that fell outside (and the value is weighted by m once more).
     */
    private static double bilinear(double[] in, int plane, int height, int width, double sy, double sx, double fill) {
        int y0 = (int) Math.floor(sy), x0 = (int) Math.floor(sx);
        double fy = sy - y0, fx = sx - x0;
        double[] weights = {(1 - fx) * (1 - fy), fx * (1 - fy), (1 - fx) * fy, fx * fy};
        double v = 0, m = 0;
        for (int k = 0; k < 4; k++) {
            int y = y0 + k / 2, x = x0 + k % 2;
            if (y >= 0 && y < height && x >= 0 && x < width) {
                v += weights[k] * in[plane + y * width + x];
                m += weights[k];
            }
        }
        return m == 1 ? v : v * m + (1 - m) * fill;
    }

    static RandomRotation read(ConfigReader c) {
        c.allowOnly("degrees", "fill");
        return c.build(() -> new RandomRotation(c.number("degrees"), c.number("fill", 0)));
    }
}
