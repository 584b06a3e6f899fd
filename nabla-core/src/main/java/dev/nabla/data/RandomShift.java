package dev.nabla.data;

import dev.nabla.config.Check;
import dev.nabla.config.ConfigReader;
import dev.nabla.tensor.Generator;

/**
 * A random crop of the image padded by {@code padding} on every side, at the image's own size:
 * torchvision's {@code RandomCrop(size, padding=p, fill=f)} with {@code size} the input's. The content
 * moves by a whole number of pixels, {@code dy, dx} uniform in {@code [-padding, padding]} each, and the
 * uncovered border takes {@code fill}. Exact: values are moved, not interpolated. Two draws per image
 * (the window's row offset, then its column offset, each in {@code [0, 2·padding]}).
 *
 * <p>The crop keeps the input's size so that training and inference see images of one shape; a crop to a
 * smaller size would need a matching centre crop at inference, which the fit loop does not apply.
 *
 * @param padding pixels added on each side, >= 1
 * @param fill the value of the padding, in the units the model sees (0: black for [0, 1] pixels)
 */
public record RandomShift(int padding, double fill) implements Augmentation {
    public RandomShift {
        Check.that(padding >= 1, "RandomShift", "padding", ">= 1", padding);
        Check.finite("RandomShift", "fill", fill);
    }

    @Override
    public void apply(double[] image, int channels, int height, int width, Generator random) {
        int top = random.nextInt(2 * padding + 1), left = random.nextInt(2 * padding + 1);
        shift(image, channels, height, width, padding - top, padding - left, fill);
    }

    /**
     * Moves the content by {@code (dy, dx)}: {@code out[y][x] = in[y - dy][x - dx]}, {@code fill} where that
     * is outside. The window of the padded image at {@code (top, left)} is a shift by {@code (p - top, p - left)}.
     */
    static void shift(double[] image, int channels, int height, int width, int dy, int dx, double fill) {
        double[] in = image.clone();
        for (int c = 0; c < channels; c++) {
            int plane = c * height * width;
            for (int y = 0; y < height; y++) {
                int sy = y - dy;
                for (int x = 0; x < width; x++) {
                    int sx = x - dx;
                    boolean inside = sy >= 0 && sy < height && sx >= 0 && sx < width;
                    image[plane + y * width + x] = inside ? in[plane + sy * width + sx] : fill;
                }
            }
        }
    }

    static RandomShift read(ConfigReader c) {
        c.allowOnly("padding", "fill");
        return c.build(() -> new RandomShift(c.intValue("padding"), c.number("fill", 0)));
    }
}
