package dev.nabla.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link WinogradGradF32}'s images with the channels as the vector lanes, as {@link WinogradNhwcF32} runs the
 * forward pass: each image and its output gradient transposed once to pixels × channels, then block by block
 * of tile rows V (the forward's input transform) and {@code dM = A·dy·Aᵀ} (the gradient's, whole vectors of
 * output channels), and {@code dU_ξ[O, C] (+)= dM_ξ[T, O]ᵀ · V_ξ[T, C]} while both are in L2.
 *
 * <p>Each element of dU is one chain of fused multiply-adds over the tiles in the planar path's order (image
 * by image, tile row by tile row), from zero or from the sums before it ({@code beta}), and dM's additions are
 * the planar path's ({@link WinogradSimdF32#gradRows}): the same bits ({@code WinogradNhwcTest}). Vector-only,
 * asked by {@link WinogradGradF32} after its own SIMD check.
 */
final class WinogradNhwcGradF32 {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** This thread's V, dM, the padded NHWC output gradient, the image's gradient planes and their transpose. */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[5][0]);
    private static final int V = 0;
    private static final int M = 1;
    private static final int DY = 2;
    private static final int STAGE = 3;
    private static final int FLAT = 4;

    private WinogradNhwcGradF32() {}

    /** Whether {@link WinogradGradF32} runs s's images here: channels and output channels whole vectors. */
    static boolean applies(ConvGeometry s) {
        return s.channels() % L == 0 && s.outChannels() % L == 0;
    }

    /**
     * Images [first, first + count) into dU_ξ at {@code du[duOff + ξ·O·C ..]}: with beta 0 the first tiles'
     * products overwrite it, with 1 they add to it; every later block adds.
     */
    static void block(float[] g, float[] x, ConvGeometry s, WinogradF32.Tiling t, int first, int count, float beta,
                      float[] du, int duOff) {
        int c = s.channels(), o = s.outChannels(), rows = t.rows(), cols = t.cols();
        int blockRows = Math.clamp(WinogradNhwcF32.TILES / cols, 1, rows), blocks = (rows + blockRows - 1) / blockRows;
        int vs = WinogradF32.apart(blockRows * cols * c), ms = WinogradF32.apart(blockRows * cols * o);
        float[][] scratch = SCRATCH.get();
        float[] v = ConvF32.grown(scratch, V, 16 * vs), m = ConvF32.grown(scratch, M, 16 * ms);
        float b = beta;
        for (int n = first; n < first + count; n++) {
            float[] xp = WinogradNhwcF32.padded(x, n, s, t);
            float[] dy = gradient(g, n, s, t, scratch);
            for (int bl = 0; bl < blocks; bl++) {
                int ty0 = rows * bl / blocks, ty1 = rows * (bl + 1) / blocks, tiles = (ty1 - ty0) * cols;
                WinogradNhwcF32.transformInput(xp, s, t, ty0, ty1, v, vs);
                transformGradient(dy, s, t, ty0, ty1, m, ms);
                for (int xi = 0; xi < 16; xi++) { // dU_ξ[O, C] (+)= dM_ξ[T, O]ᵀ · V_ξ[T, C]
                    GemmF32.gemm(true, false, o, c, tiles, m, xi * ms, o, v, xi * vs, c, b, du, duOff + xi * o * c, c);
                }
                b = 1f;
            }
        }
    }

    /** Image n's output gradient as [2·rows][2·cols][O], zero past the output's outH × outW. */
    private static float[] gradient(float[] g, int n, ConvGeometry s, WinogradF32.Tiling t, float[][] scratch) {
        return onTiles(g, n, s, 2 * t.rows(), 2 * t.cols(), scratch, STAGE, FLAT, DY);
    }

    /**
     * Image n's output gradient as [height][width][O] (the tiles' whole extent), zero past the output's outH × outW:
     * transposed through scratch slots {@code stage} and {@code flat}, and, where the tiles reach past the output,
     * copied row by row into slot {@code dy}. Also {@link Winograd4GradF32}'s, whose tiles are 4 × 4.
     */
    static float[] onTiles(float[] g, int n, ConvGeometry s, int height, int width, float[][] scratch, int stage,
                           int flat, int dy) {
        int o = s.outChannels(), oh = s.outH(), ow = s.outW(), pixels = oh * ow;
        float[] pix = WinogradNhwcF32.toPixels(g, n * o * pixels, o, pixels, ConvF32.grown(scratch, stage, pixels * o),
                ConvF32.grown(scratch, flat, pixels * o));
        if (oh == height && ow == width) { // no tile reaches past the output
            return pix;
        }
        int size = height * width * o;
        float[] out = ConvF32.grown(scratch, dy, size);
        java.util.Arrays.fill(out, 0, size, 0f);
        for (int y = 0; y < oh; y++) {
            System.arraycopy(pix, y * ow * o, out, y * width * o, ow * o);
        }
        return out;
    }

    /**
     * dM_ξ[T, O] for tile rows [ty0, ty1) at {@code m[ξ·ms ..]}: each tile's 2×2 gradient rows y0, y1 go to
     * A·dy's rows y0, y0 + y1, y0 − y1, −y1, and each of those rows (columns e, o) to e, e + o, e − o, −o.
     */
    private static void transformGradient(float[] dy, ConvGeometry s, WinogradF32.Tiling t, int ty0, int ty1,
                                          float[] m, int ms) {
        int o = s.outChannels(), cols = t.cols(), row = 2 * cols * o;
        for (int ty = ty0; ty < ty1; ty++) {
            for (int tx = 0; tx < cols; tx++) {
                int at = (2 * ty * 2 * cols + 2 * tx) * o, dst = ((ty - ty0) * cols + tx) * o;
                for (int oc = 0; oc < o; oc += L) {
                    int a = at + oc, d = dst + oc;
                    FloatVector p00 = FloatVector.fromArray(S, dy, a), p01 = FloatVector.fromArray(S, dy, a + o);
                    FloatVector p10 = FloatVector.fromArray(S, dy, a + row);
                    FloatVector p11 = FloatVector.fromArray(S, dy, a + row + o);
                    p00.intoArray(m, d);
                    p00.add(p01).intoArray(m, d + ms);
                    p00.sub(p01).intoArray(m, d + 2 * ms);
                    p01.neg().intoArray(m, d + 3 * ms);
                    FloatVector e1 = p00.add(p10), o1 = p01.add(p11);
                    e1.intoArray(m, d + 4 * ms);
                    e1.add(o1).intoArray(m, d + 5 * ms);
                    e1.sub(o1).intoArray(m, d + 6 * ms);
                    o1.neg().intoArray(m, d + 7 * ms);
                    FloatVector e2 = p00.sub(p10), o2 = p01.sub(p11);
                    e2.intoArray(m, d + 8 * ms);
                    e2.add(o2).intoArray(m, d + 9 * ms);
                    e2.sub(o2).intoArray(m, d + 10 * ms);
                    o2.neg().intoArray(m, d + 11 * ms);
                    FloatVector e3 = p10.neg(), o3 = p11.neg();
                    e3.intoArray(m, d + 12 * ms);
                    e3.add(o3).intoArray(m, d + 13 * ms);
                    e3.sub(o3).intoArray(m, d + 14 * ms);
                    o3.neg().intoArray(m, d + 15 * ms);
                }
            }
        }
    }
}
