package dev.nabla.kernel;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The weight gradient of a stride-1 convolution with few taps (C·kh·kw at most {@link #MAX_TAPS}: a first layer's
 * one or three channels), the wide grid's positions as the vector lanes: {@code dW[o][k] = Σ_n Σ_q g_n[o][q] ·
 * xp_n[off_k + q]}, q running over the grid (rows Wp = padLeft + W + padRight apart, the columns past each
 * output row's end zero in g's copy) and off_k each tap's offset in the padded image, as {@link DirectGradF32}.
 *
 * <p>There the gradient is transposed to positions × channels for a tile of 12 taps × 32 channels: with nine
 * taps a quarter of that tile is idle and the transposes cost more than the products (the CNNs' first layer
 * took 5% of their step in a profile). Here g's rows are only copied onto the grid, and two output channels × nine taps
 * are 18 vector sums over the positions, each tap's inputs one unaligned load shared by both channels.
 * The sums stay vectors through a chunk's images (each lane one chain over the images and its positions, in
 * order), their lanes are added in order at the chunk's end, and the chunks in order: the same bits on any
 * number of threads. A non-finite input under a dropped column gives NaN, as {@link DirectGradF32}'s does.
 */
final class NarrowGradF32 {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Taps per pass: nine vectors of inputs and eighteen of sums fit the 32 registers with two of gradient. */
    private static final int TAPS = 9;
    /** Most taps taken (three passes): with more, {@link DirectGradF32}'s tile is full. */
    static final int MAX_TAPS = 3 * TAPS;
    /** Slots 0: the padded input, 1: the gradient on the grid, 2: the chunk's vector sums (each thread's); 3: the chunks' sums. */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[4][0]);

    private NarrowGradF32() {}

    /**
     * Whether {@link ConvF32#weightGrad} runs s this way: where {@link DirectGradF32#applies}, with at most
     * {@link #MAX_TAPS} taps. The CNNs' first layer (1 → 32 at 28×28), 128 images on one core against the
     * wide grid's tile ({@code ConvAB}, 2026-12-06): 0.86–0.87 of the time; the pass reads 12.8 MB of
     * gradient for 58 MFLOP, so it is bound by memory either way.
     */
    static boolean applies(ConvGeometry s) {
        return DirectGradF32.applies(s) && s.patch() <= MAX_TAPS;
    }

    /** dw [O, C, kh, kw] (overwritten) = Σ over the batch of the weight gradient, as {@link ConvF32#weightGrad}. */
    static void weightGrad(float[] g, float[] x, ConvGeometry s, float[] dw) {
        int o = s.outChannels(), k = s.patch(), pairs = (o + 1) / 2, passes = (k + TAPS - 1) / TAPS;
        int wp = s.padLeft() + s.width() + s.padRight(), plane = (s.padTop() + s.height() + s.padBottom()) * wp;
        int grid = (s.outH() * wp + L - 1) / L * L, chunk = ConvF32.CHUNK, chunks = (s.batch() + chunk - 1) / chunk;
        // the last position reads the farthest tap's offset past it; the passes' missing taps read zeros at the end
        int zeros = s.channels() * plane + (s.kernelH() - 1) * s.dilationH() * wp + (s.kernelW() - 1) * s.dilationW()
                + grid, xpLength = zeros + grid;
        int[] off = new int[passes * TAPS];
        int[] koff = DirectConvF32.offsets(s, wp, plane, k);
        for (int t = 0; t < off.length; t++) {
            off[t] = t < k ? koff[t] : zeros;
        }
        int sums = 2 * pairs * passes * TAPS;
        float[] partial = ConvF32.grown(SCRATCH.get(), 3, chunks * sums);
        Parallel.forRange(chunks, (long) chunk * o * k * s.pixels(), (from, to) -> {
            float[][] scratch = SCRATCH.get();
            float[] xp = ConvF32.grown(scratch, 0, xpLength), gw = ConvF32.grown(scratch, 1, 2 * pairs * grid);
            float[] acc = ConvF32.grown(scratch, 2, sums * L);
            // the border, the dropped columns, the zeros and a missing channel's row stay zero: every image
            // writes the same interior
            Arrays.fill(xp, 0, xpLength, 0f);
            Arrays.fill(gw, 0, 2 * pairs * grid, 0f);
            for (int c = from; c < to; c++) {
                Arrays.fill(acc, 0, sums * L, 0f);
                for (int n = c * chunk; n < Math.min(s.batch(), (c + 1) * chunk); n++) {
                    DirectConvF32.pad(x, n, s, wp, xp);
                    onGrid(g, n, s, wp, grid, gw);
                    for (int pair = 0; pair < pairs; pair++) {
                        for (int pass = 0; pass < passes; pass++) {
                            sum(xp, off, pass * TAPS, gw, 2 * pair * grid, grid, acc,
                                    ((pair * passes + pass) * 2 * TAPS) * L);
                        }
                    }
                }
                for (int i = 0; i < sums; i++) { // each sum's lanes in order
                    float t = 0f;
                    for (int lane = 0; lane < L; lane++) {
                        t += acc[i * L + lane];
                    }
                    partial[c * sums + i] = t;
                }
            }
        });
        for (int c = 1; c < chunks; c++) {
            for (int i = 0; i < sums; i++) {
                partial[i] += partial[c * sums + i];
            }
        }
        for (int ch = 0; ch < o; ch++) { // sum ((pair·passes + pass)·2 + ch % 2)·TAPS + tap
            for (int t = 0; t < k; t++) {
                int pair = ch / 2, pass = t / TAPS;
                dw[ch * k + t] = partial[((pair * passes + pass) * 2 + ch % 2) * TAPS + t % TAPS];
            }
        }
    }

    /** Image n's gradient rows onto the grid: channel o's row oy at {@code gw[o·grid + oy·wp ..]}. */
    private static void onGrid(float[] g, int n, ConvGeometry s, int wp, int grid, float[] gw) {
        int o = s.outChannels(), ow = s.outW(), oh = s.outH(), p = s.pixels();
        for (int ch = 0; ch < o; ch++) {
            int src = (n * o + ch) * p, dst = ch * grid;
            for (int oy = 0; oy < oh; oy++) {
                System.arraycopy(g, src + oy * ow, gw, dst + oy * wp, ow);
            }
        }
    }

    /**
     * Two channels' gradients (at {@code gw[ga ..]} and {@code gw[ga + grid ..]}) times nine taps' inputs
     * ({@code xp[off[t0 + t] + q]}), over the grid, added to the 18 vector sums at {@code acc[at ..]} (channel
     * by channel, tap by tap).
     */
    private static void sum(float[] xp, int[] off, int t0, float[] gw, int ga, int grid, float[] acc, int at) {
        int o0 = off[t0], o1 = off[t0 + 1], o2 = off[t0 + 2], o3 = off[t0 + 3], o4 = off[t0 + 4];
        int o5 = off[t0 + 5], o6 = off[t0 + 6], o7 = off[t0 + 7], o8 = off[t0 + 8], gb = ga + grid;
        FloatVector a0 = load(acc, at), a1 = load(acc, at + L), a2 = load(acc, at + 2 * L);
        FloatVector a3 = load(acc, at + 3 * L), a4 = load(acc, at + 4 * L), a5 = load(acc, at + 5 * L);
        FloatVector a6 = load(acc, at + 6 * L), a7 = load(acc, at + 7 * L), a8 = load(acc, at + 8 * L);
        int bt = at + TAPS * L;
        FloatVector b0 = load(acc, bt), b1 = load(acc, bt + L), b2 = load(acc, bt + 2 * L);
        FloatVector b3 = load(acc, bt + 3 * L), b4 = load(acc, bt + 4 * L), b5 = load(acc, bt + 5 * L);
        FloatVector b6 = load(acc, bt + 6 * L), b7 = load(acc, bt + 7 * L), b8 = load(acc, bt + 8 * L);
        for (int q = 0; q < grid; q += L) {
            FloatVector ga0 = load(gw, ga + q), gb0 = load(gw, gb + q);
            FloatVector x = load(xp, o0 + q);
            a0 = x.fma(ga0, a0);
            b0 = x.fma(gb0, b0);
            x = load(xp, o1 + q);
            a1 = x.fma(ga0, a1);
            b1 = x.fma(gb0, b1);
            x = load(xp, o2 + q);
            a2 = x.fma(ga0, a2);
            b2 = x.fma(gb0, b2);
            x = load(xp, o3 + q);
            a3 = x.fma(ga0, a3);
            b3 = x.fma(gb0, b3);
            x = load(xp, o4 + q);
            a4 = x.fma(ga0, a4);
            b4 = x.fma(gb0, b4);
            x = load(xp, o5 + q);
            a5 = x.fma(ga0, a5);
            b5 = x.fma(gb0, b5);
            x = load(xp, o6 + q);
            a6 = x.fma(ga0, a6);
            b6 = x.fma(gb0, b6);
            x = load(xp, o7 + q);
            a7 = x.fma(ga0, a7);
            b7 = x.fma(gb0, b7);
            x = load(xp, o8 + q);
            a8 = x.fma(ga0, a8);
            b8 = x.fma(gb0, b8);
        }
        a0.intoArray(acc, at);
        a1.intoArray(acc, at + L);
        a2.intoArray(acc, at + 2 * L);
        a3.intoArray(acc, at + 3 * L);
        a4.intoArray(acc, at + 4 * L);
        a5.intoArray(acc, at + 5 * L);
        a6.intoArray(acc, at + 6 * L);
        a7.intoArray(acc, at + 7 * L);
        a8.intoArray(acc, at + 8 * L);
        b0.intoArray(acc, bt);
        b1.intoArray(acc, bt + L);
        b2.intoArray(acc, bt + 2 * L);
        b3.intoArray(acc, bt + 3 * L);
        b4.intoArray(acc, bt + 4 * L);
        b5.intoArray(acc, bt + 5 * L);
        b6.intoArray(acc, bt + 6 * L);
        b7.intoArray(acc, bt + 7 * L);
        b8.intoArray(acc, bt + 8 * L);
    }

    private static FloatVector load(float[] a, int at) {
        return FloatVector.fromArray(S, a, at);
    }
}
