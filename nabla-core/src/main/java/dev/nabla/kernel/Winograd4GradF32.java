package dev.nabla.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The weight gradient of {@link Winograd4F32}'s F(4×4, 3×3), channels as the vector lanes. Each tile's output
 * is {@code y = Aᵀ[(G g Gᵀ) ⊙ (Bᵀ d B)]A}, so
 *
 * <pre>
 *   dM_ξ[T, O] = (A·dy·Aᵀ)_ξ               each tile's 4×4 output gradient, spread to 6×6
 *   dU_ξᵀ[C, O] = Σ_T V_ξ[T, C]ᵀ · dM_ξ[T, O]  36 products whose depth is the tiles, V as in the forward pass
 *   dW[o][c]   = Gᵀ · dU[o][c] · G            once per call, in double precision
 * </pre>
 *
 * The sum over the batch goes in chunks of {@link ConvF32#CHUNK} images at fixed boundaries, each chunk's images
 * in blocks of whole tile rows or of whole images ({@link #TILES}, fixed by the geometry), every element of dU a
 * chain over the chunk's tiles in order; the chunks are added in order: the same bits on any number of threads.
 */
final class Winograd4GradF32 {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int XI = Winograd4F32.XI;
    /**
     * Tiles per block, the products' depth: three 14×14 images (48) or one 28×28 image (49). Per 128 images on
     * one core: 0.94 of the time of blocks of 32 at 28×28, 0.91 at 14×14.
     */
    static final int TILES = 49;
    /** Slot 0: the chunks' dU (the caller's); per thread V, dM, the transform's buffer, the gradient's copies. */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[7][0]);
    private static final int PARTIAL = 0;
    private static final int V = 1;
    private static final int M = 2;
    private static final int HALF = 3;
    private static final int DY = 4;
    private static final int STAGE = 5;
    private static final int FLAT = 6;

    private Winograd4GradF32() {}

    /** dw [O, C, 3, 3] (overwritten) = Σ over the batch of the weight gradient, s where {@link Winograd4F32#applies}. */
    static void weightGrad(float[] g, float[] x, ConvGeometry s, float[] dw) {
        Winograd4F32.Tiling t = new Winograd4F32.Tiling(s);
        int o = s.outChannels(), c = s.channels(), size = XI * o * c, perImage = t.rows() * t.cols();
        int chunk = ConvF32.CHUNK, chunks = (s.batch() + chunk - 1) / chunk;
        int blockRows = Math.clamp(TILES / t.cols(), 1, t.rows());
        int images = blockRows < t.rows() ? 1 : Math.max(1, TILES / perImage);
        Plan p = new Plan(s, t, blockRows, images, WinogradF32.apart(Math.max(blockRows * t.cols(), images * perImage) * c),
                WinogradF32.apart(Math.max(blockRows * t.cols(), images * perImage) * o));
        float[] partial = ConvF32.grown(SCRATCH.get(), PARTIAL, chunks * size);
        Parallel.forRange(chunks, (long) XI * o * c * perImage * chunk, (from, to) -> {
            for (int k = from; k < to; k++) {
                int first = k * chunk, last = Math.min(s.batch(), first + chunk);
                float beta = 0f;
                for (int n = first; n < last; n += images) {
                    block(g, x, p, n, Math.min(images, last - n), beta, partial, k * size);
                    beta = 1f;
                }
            }
        });
        // the chunks added in order and the transform back, split between threads by entries and by pairs
        // (each entry's sum and each pair's transform computed alone: the same bits)
        Parallel.forRange(size, chunks, (from, to) -> {
            for (int k = 1; k < chunks; k++) {
                int off = k * size;
                for (int i = from; i < to; i++) {
                    partial[i] += partial[off + i];
                }
            }
        });
        Parallel.forRange(o * c, 4 * XI, (from, to) -> untransform(partial, o, c, from, to, dw));
    }

    /** The blocks of tile rows (or of images) and their strides in V and dM. */
    private record Plan(ConvGeometry s, Winograd4F32.Tiling t, int blockRows, int images, int vs, int ms) {}

    /**
     * Images [first, first + count) into dU_ξᵀ at {@code du[duOff + ξ·C·O ..]}: with beta 0 the first block's
     * products overwrite it, with 1 they add to it; every later block adds.
     */
    private static void block(float[] g, float[] x, Plan p, int first, int count, float beta, float[] du, int duOff) {
        ConvGeometry s = p.s;
        int c = s.channels(), o = s.outChannels(), rows = p.t.rows(), cols = p.t.cols(), perImage = rows * cols;
        float[][] scratch = SCRATCH.get();
        float[] v = ConvF32.grown(scratch, V, XI * p.vs), m = ConvF32.grown(scratch, M, XI * p.ms);
        float[] half = ConvF32.grown(scratch, HALF, XI * L);
        if (p.blockRows < rows) {
            float[] xp = WinogradNhwcF32.padded(x, first, s, p.t.paddedH(), p.t.paddedW());
            float[] dy = gradient(g, first, s, p.t, scratch);
            int blocks = (rows + p.blockRows - 1) / p.blockRows;
            float b = beta;
            for (int bl = 0; bl < blocks; bl++) {
                int ty0 = rows * bl / blocks, ty1 = rows * (bl + 1) / blocks;
                Winograd4F32.transformInput(xp, c, p.t, ty0, ty1, v, 0, p.vs, half);
                transformGradient(dy, o, p.t, ty0, ty1, m, 0, p.ms, half);
                products(p, (ty1 - ty0) * cols, v, m, b, du, duOff);
                b = 1f;
            }
            return;
        }
        for (int j = 0; j < count; j++) {
            float[] xp = WinogradNhwcF32.padded(x, first + j, s, p.t.paddedH(), p.t.paddedW());
            Winograd4F32.transformInput(xp, c, p.t, 0, rows, v, j * perImage * c, p.vs, half);
            float[] dy = gradient(g, first + j, s, p.t, scratch);
            transformGradient(dy, o, p.t, 0, rows, m, j * perImage * o, p.ms, half);
        }
        products(p, count * perImage, v, m, beta, du, duOff);
    }

    /**
     * dU_ξᵀ[C, O] (+)= V_ξ[T, C]ᵀ · dM_ξ[T, O], ξ = 0 .. 35. Where the output channels are one GEMM panel wide, dM_ξ
     * is that panel as it lies, not packed per call (per 128 images on one core: 32 → 64 at 14×14 0.86–0.95 of the
     * pass's time, 64 → 64 0.97–1.07; the same sums, so the same bits).
     */
    private static void products(Plan p, int tiles, float[] v, float[] m, float beta, float[] du, int duOff) {
        int c = p.s.channels(), o = p.s.outChannels();
        for (int xi = 0; xi < XI; xi++) {
            if (o == GemmTileF32.NR) {
                GemmSimdF32.panel(c, tiles, v, xi * p.vs, 1, c, m, xi * p.ms, beta, du, duOff + xi * o * c, o);
            } else {
                GemmF32.gemm(true, false, c, o, tiles, v, xi * p.vs, c, m, xi * p.ms, o, beta, du, duOff + xi * o * c, o);
            }
        }
    }

    /** Image n's output gradient as [4·rows][4·cols][O], zero past the output's outH × outW. */
    private static float[] gradient(float[] g, int n, ConvGeometry s, Winograd4F32.Tiling t, float[][] scratch) {
        return WinogradNhwcGradF32.onTiles(g, n, s, 4 * t.rows(), 4 * t.cols(), scratch, STAGE, FLAT, DY);
    }

    /**
     * dM_ξ[T, O] for tile rows [ty0, ty1) at {@code m[ξ·ms + base ..]}: A·dy down each of the tile's four columns
     * into {@code half} (24 vectors), then (·Aᵀ) along each of its six rows.
     */
    private static void transformGradient(float[] dy, int o, Winograd4F32.Tiling t, int ty0, int ty1, float[] m,
                                          int base, int ms, float[] half) {
        int cols = t.cols(), row = 4 * cols * o;
        for (int ty = ty0; ty < ty1; ty++) {
            for (int tx = 0; tx < cols; tx++) {
                int at = (4 * ty * 4 * cols + 4 * tx) * o, dst = base + ((ty - ty0) * cols + tx) * o;
                for (int oc = 0; oc < o; oc += L) {
                    for (int j = 0; j < 4; j++) {
                        gradientLine(dy, at + oc + j * o, row, half, j * L, 4 * L);
                    }
                    for (int i = 0; i < 6; i++) {
                        gradientLine(half, 4 * i * L, L, m, 6 * i * ms + dst + oc, ms);
                    }
                }
            }
        }
    }

    /**
     * A·y for the four vectors {@code a[at + k·step]} into the six {@code b[to + k·bstep]}: y0, (y0 + y2) ±
     * (y1 + y3), (y0 + 4y2) ± 2(y1 + 4y3), y3.
     */
    private static void gradientLine(float[] a, int at, int step, float[] b, int to, int bstep) {
        FloatVector y0 = load(a, at), y1 = load(a, at + step), y2 = load(a, at + 2 * step), y3 = load(a, at + 3 * step);
        FloatVector four = FloatVector.broadcast(S, 4f), two = FloatVector.broadcast(S, 2f);
        y0.intoArray(b, to);
        FloatVector even = y0.add(y2), odd = y1.add(y3);
        even.add(odd).intoArray(b, to + bstep);
        even.sub(odd).intoArray(b, to + 2 * bstep);
        FloatVector even4 = y2.fma(four, y0), odd4 = y3.fma(four, y1).mul(two);
        even4.add(odd4).intoArray(b, to + 3 * bstep);
        even4.sub(odd4).intoArray(b, to + 4 * bstep);
        y3.intoArray(b, to + 5 * bstep);
    }

    /**
     * dw[o][c][a][b] = (Gᵀ · dU[o][c] · G)[a][b] for channel pairs [from, to), dU_ξ[o][c] = dU[ξ = 6i + j] at
     * {@code du[ξ·pairs + c·O + o]} (dU_ξᵀ): t = dU·G (6 × 3), then Gᵀ·t, in double precision.
     */
    private static void untransform(float[] du, int o, int c, int from, int to, float[] dw) {
        int pairs = o * c;
        double[] t = new double[18];
        for (int pair = from; pair < to; pair++) {
            int at = pair % c * o + pair / c; // pair = o·C + c, transposed
            for (int i = 0; i < 6; i++) {
                int r = 6 * i * pairs + at;
                double u0 = du[r], u1 = du[r + pairs], u2 = du[r + 2 * pairs], u3 = du[r + 3 * pairs];
                double u4 = du[r + 4 * pairs], u5 = du[r + 5 * pairs];
                t[3 * i] = u0 / 4 - (u1 + u2) / 6 + (u3 + u4) / 24;
                t[3 * i + 1] = (u2 - u1) / 6 + (u3 - u4) / 12;
                t[3 * i + 2] = (u3 + u4 - u1 - u2) / 6 + u5;
            }
            for (int b = 0; b < 3; b++) {
                double t0 = t[b], t1 = t[3 + b], t2 = t[6 + b], t3 = t[9 + b], t4 = t[12 + b], t5 = t[15 + b];
                dw[pair * 9 + b] = (float) (t0 / 4 - (t1 + t2) / 6 + (t3 + t4) / 24);
                dw[pair * 9 + 3 + b] = (float) ((t2 - t1) / 6 + (t3 - t4) / 12);
                dw[pair * 9 + 6 + b] = (float) ((t3 + t4 - t1 - t2) / 6 + t5);
            }
        }
    }

    private static FloatVector load(float[] a, int at) {
        return FloatVector.fromArray(S, a, at);
    }
}
