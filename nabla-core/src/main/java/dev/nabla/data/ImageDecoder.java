package dev.nabla.data;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * One image file to {@code [C, H, W]} values: decoded by the JDK's ImageIO (PNG, JPEG, GIF, BMP, WBMP, TIFF),
 * converted to the asked channels, resized, scaled. Package-private: {@link ImageFolder} is the API.
 *
 * <p>Pixels are read as stored, not through {@link BufferedImage#getRGB}, for grayscale images: Java 2D
 * treats an 8-bit gray image as linear and converts it to sRGB on {@code getRGB}, which turns a stored 128
 * into 186. Colour images go through {@code getRGB} (palettes, 16-bit and packed formats become 8-bit sRGB);
 * alpha is dropped (the colour values as stored, not composited on a background).
 */
final class ImageDecoder {
    private ImageDecoder() {}

    /** A decoded image: {@code channels} planes of {@code height × width} values 0..255. */
    record Pixels(int channels, int height, int width, float[] values) {}

    /**
     * The file's pixels in {@code channels} (1: gray as ITU-R BT.601 luma, {@code 0.299 R + 0.587 G + 0.114 B},
     * PIL's {@code convert("L")}; 3: RGB, a gray image repeated), values 0..255.
     */
    static Pixels read(Path file, int channels) throws IOException {
        if (!Files.isReadable(file)) {
            throw new java.nio.file.AccessDeniedException(file.toString());
        }
        BufferedImage image;
        try {
            // from the File, not a stream: ImageIO caches a stream in a temporary file by default
            image = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            // ImageIO throws IIOException for a damaged file, and at times unchecked exceptions from a decoder
            throw new DataFormatException(file, "cannot be decoded as an image (" + e.getMessage() + ")", e);
        }
        if (image == null) {
            throw new DataFormatException(file, "is not an image ImageIO can read (PNG, JPEG, GIF, BMP or TIFF)");
        }
        int h = image.getHeight(), w = image.getWidth();
        float[] v = new float[channels * h * w];
        Raster raster = image.getRaster();
        boolean gray = raster.getNumBands() <= 2 && image.getColorModel().getNumColorComponents() == 1
                && image.getColorModel().getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_GRAY;
        if (gray) {
            int bits = raster.getSampleModel().getSampleSize(0);
            double toByte = 255.0 / ((1L << bits) - 1);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float g = (float) Math.rint(raster.getSample(x, y, 0) * toByte);
                    for (int c = 0; c < channels; c++) {
                        v[(c * h + y) * w + x] = g;
                    }
                }
            }
        } else {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int argb = image.getRGB(x, y);
                    int r = (argb >> 16) & 0xFF, g = (argb >> 8) & 0xFF, b = argb & 0xFF;
                    if (channels == 1) {
                        v[y * w + x] = (float) Math.rint(0.299 * r + 0.587 * g + 0.114 * b);
                    } else {
                        v[y * w + x] = r;
                        v[(h + y) * w + x] = g;
                        v[(2 * h + y) * w + x] = b;
                    }
                }
            }
        }
        return new Pixels(channels, h, w, v);
    }

    /**
     * Bilinear resize with half-pixel centres and no antialiasing: the source point of output pixel
     * {@code x} is {@code (x + 0.5) · inW / outW - 0.5}, clamped at the edges; PyTorch's
     * {@code interpolate(mode="bilinear", align_corners=False)} and OpenCV's {@code INTER_LINEAR}.
     * Accumulated in double, one rounding to float per value. The same size returns the input.
     */
    static Pixels resize(Pixels p, int outH, int outW) {
        if (p.height() == outH && p.width() == outW) {
            return p;
        }
        int c = p.channels(), h = p.height(), w = p.width();
        int[] y0 = new int[outH], x0 = new int[outW];
        double[] fy = new double[outH], fx = new double[outW];
        sourceGrid(h, outH, y0, fy);
        sourceGrid(w, outW, x0, fx);
        float[] in = p.values(), out = new float[c * outH * outW];
        for (int ch = 0; ch < c; ch++) {
            int plane = ch * h * w;
            for (int y = 0; y < outH; y++) {
                int r0 = plane + y0[y] * w, r1 = plane + Math.min(y0[y] + 1, h - 1) * w;
                for (int x = 0; x < outW; x++) {
                    int c0 = x0[x], c1 = Math.min(x0[x] + 1, w - 1);
                    double top = in[r0 + c0] + (in[r0 + c1] - (double) in[r0 + c0]) * fx[x];
                    double bottom = in[r1 + c0] + (in[r1 + c1] - (double) in[r1 + c0]) * fx[x];
                    out[(ch * outH + y) * outW + x] = (float) (top + (bottom - top) * fy[y]);
                }
            }
        }
        return new Pixels(c, outH, outW, out);
    }

    /** For each output index, the lower source index and the fraction towards the next one. */
    private static void sourceGrid(int in, int out, int[] lower, double[] fraction) {
        double scale = (double) in / out;
        for (int i = 0; i < out; i++) {
            double s = Math.max(0, (i + 0.5) * scale - 0.5);
            int l = Math.min((int) s, in - 1);
            lower[i] = l;
            fraction[i] = l >= in - 1 ? 0 : s - l;
        }
    }
}
