package dev.nabla.kernel;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The child JVM of {@link ManyThreadsTest}, started with a pool of more threads than this machine may have
 * cores ({@code -Dnabla.threads}), so that splits a two-core test JVM never takes run: Winograd's forward pass
 * split by tile rows (fewer images than threads), its even shares of images on every thread, and the weight
 * gradients' chunks spread over them; and a choice between two paths' bits that must not depend on the
 * threads (Winograd's before the wide grid). Prints {@code same=true} when every result on one thread and on the
 * pool's every thread has the same bits, else the first geometry that differs.
 */
public final class ManyThreadsChild {
    // batch, channels, h, w, out channels, groups, kh, kw, sh, sw, pad top, bottom, left, right, dh, dw
    private static final ConvGeometry[] CASES = {
        new ConvGeometry(2, 48, 14, 14, 48, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1), // two images: tile rows split
        new ConvGeometry(3, 8, 7, 6, 10, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1), // three: an odd tile row last
        new ConvGeometry(37, 48, 14, 14, 49, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1), // shares of 9 and 10 images
        new ConvGeometry(35, 4, 28, 28, 32, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1), // the wide grid's three chunks
        // two images of two vectors of channels: F(4×4, 3×3) whatever the threads, never the wide grid nor F(2×2)
        // on the pool (WinogradF32.fourByFour asks the geometry alone)
        new ConvGeometry(2, 32, 28, 28, 32, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1),
        // F(4×4, 3×3): shares of images in blocks of three, the last block of a share shorter
        new ConvGeometry(37, 32, 14, 14, 64, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1),
        new ConvGeometry(37, 16, 14, 14, 64, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1), // channels as lanes, F(2×2)
    };

    private ManyThreadsChild() {}

    public static void main(String[] args) {
        int most = Integer.getInteger("nabla.threads");
        for (ConvGeometry s : CASES) {
            SplittableRandom rnd = new SplittableRandom(31);
            float[] x = KernelTestSupport.randomFloats(rnd, s.batch() * s.channels() * s.plane());
            float[] w = KernelTestSupport.randomFloats(rnd, s.outChannels() * s.patch());
            float[] g = KernelTestSupport.randomFloats(rnd, s.batch() * s.outChannels() * s.pixels());
            float[][] one = KernelTestSupport.withThreads(1, () -> passes(s, x, w, g));
            float[][] many = KernelTestSupport.withThreads(most, () -> passes(s, x, w, g));
            for (int i = 0; i < one.length; i++) {
                if (!Arrays.equals(one[i], many[i])) {
                    System.out.println("same=false: pass " + i + " of " + s + " on " + most + " threads");
                    return;
                }
            }
        }
        System.out.println("same=true");
    }

    /** Forward, input gradient and weight gradient of s. */
    private static float[][] passes(ConvGeometry s, float[] x, float[] w, float[] g) {
        float[] out = new float[s.batch() * s.outChannels() * s.pixels()], dx = new float[x.length];
        float[] dw = new float[w.length];
        ConvF32.forward(x, w, null, s, out);
        ConvF32.inputGrad(g, w, s, dx);
        ConvF32.weightGrad(g, x, s, dw);
        return new float[][] {out, dx, dw};
    }
}
