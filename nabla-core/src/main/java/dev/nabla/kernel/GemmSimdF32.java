package dev.nabla.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link GemmF32}'s SIMD path: the blocking, the packing of B into panels and the split across threads
 * around the register tiles ({@link GemmTileF32}, {@link GemmSmallF32}, {@link GemmPackF32}), as GemmF32's
 * class comment describes. Apart from GemmF32 so that a JVM without the {@code jdk.incubator.vector}
 * module never loads a class that names a vector type (see {@link KernelMode}): GemmF32 keeps the entry
 * points, the scalar twin and the native path, and calls in here once per product.
 */
final class GemmSimdF32 {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int MR = GemmTileF32.MR;
    private static final int NR = GemmTileF32.NR;
    /** k-block: a tile's slice of A (MR × KC) stays in L1; measured best of 96..384 on AVX-512. */
    static final int KC = 128;
    /** n-block: one packed block (KC × NC, 512 KB) stays in L2 while every row tile passes over it. */
    static final int NC = 16 * NR;
    /** Below this many multiply-adds (about 10 µs of one core) a product stays on the calling thread. */
    private static final long PARALLEL_MIN = 1L << 21;
    /** The rows a product from a packed B counts as when deciding whether to split it (see run()). */
    private static final int PACKED_ROWS_EQUIVALENT = 16;
    /** The zeros a tile's sums start from in the first k-block when beta = 0 (read with row stride 0). */
    private static final float[] ZEROS = new float[2 * NR];

    private GemmSimdF32() {}

    /** C = op(A)·op(B) + beta·C (or + bias), A and B as (offset, row stride, column stride) views. */
    static void product(int m, int n, int k, float[] a, int aOff, int rsA, int csA, float[] b, int bOff, int rsB,
                        int csB, float beta, float[] bias, int biasOff, float[] c, int cOff, int ldc) {
        new Product(m, n, k, a, aOff, rsA, csA, b, bOff, rsB, csB, null, beta, bias, biasOff, c, cOff, ldc).run();
    }

    /** {@link GemmF32#pack}: op(B) [k×n] into whole panels, each holding all k rows. */
    static GemmF32.Packed pack(boolean transB, int k, int n, float[] b, int bOff, int ldb) {
        float[] panels = new float[(n + NR - 1) / NR * NR * k];
        if (k > 0) {
            GemmPackF32.pack(b, bOff, transB ? 1 : ldb, transB ? ldb : 1, 0, k, 0, n, panels, Workspace.of(0));
        }
        return new GemmF32.Packed(k, n, panels);
    }

    /** {@link GemmF32#gemmPacked}: A's m rows times the packed panels (plus the bias row, if any). */
    static void packed(int m, float[] a, int aOff, int rsA, int csA, GemmF32.Packed b, float[] bias, int biasOff,
                       float[] c, int cOff, int ldc) {
        new Product(m, b.n, b.k, a, aOff, rsA, csA, null, 0, 0, 0, b.panels, 0f, bias, biasOff, c, cOff, ldc).run();
    }

    /**
     * C [m × NR] (beta 0: overwritten; 1: added to) = op(A) · B, where B [k × NR] lies row-major at
     * {@code b[bOff ..]}: one whole panel as {@link GemmPackF32} would write it, read in place (a product whose
     * B is produced in that layout need not copy it).
     */
    static void panel(int m, int k, float[] a, int aOff, int rsA, int csA, float[] b, int bOff, float beta, float[] c,
                      int cOff, int ldc) {
        new Product(m, NR, k, a, aOff, rsA, csA, null, bOff, 0, 0, b, beta, null, 0, c, cOff, ldc).run();
    }

    /**
     * {@link GemmF32#warmUp} in SIMD mode: runs every path of the SIMD kernel once on small shapes, so that
     * none is first met (and its code first compiled) during real work: both layouts of A and of B; beta
     * 0, 1 and other; full panels, two-vector, one-vector and partial-vector columns; partial row tiles; few rows with
     * B in place; k = 0 and several k-blocks; packed B; then one product split across the pool by column
     * panels and one split by row tiles.
     */
    static void warmUp() {
        int[][] shapes = {{7, NR + L + 3, 9}, {13, L / 2 + 1, KC + 2}, {MR, NR, 5}, {1, 3, 2}, {5, 17, 0},
            {5, NR + L, 4}, {7, 2 * L + 1, 9}};
        for (int[] s : shapes) {
            for (int t = 0; t < 4; t++) {
                for (float beta : new float[] {0f, 1f, 0.5f}) {
                    warm((t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], beta);
                }
                float[] a = new float[s[0] * s[2]], b = new float[s[2] * s[1]], c = new float[s[0] * s[1]];
                GemmF32.gemmBias((t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], a, 0, (t & 1) != 0 ? s[0] : s[2],
                        b, 0, (t & 2) != 0 ? s[2] : s[1], new float[s[1]], 0, c, 0, s[1]);
            }
        }
        for (int n : new int[] {2 * NR + L + 3, 8 * NR}) { // packed B
            int k = n == 8 * NR ? (int) (PARALLEL_MIN / (PACKED_ROWS_EQUIVALENT * n)) + 1 : 5;
            GemmF32.Packed b = GemmF32.pack(true, k, n, new float[n * k], 0, k);
            for (int m : new int[] {1, 3}) {
                GemmF32.gemmPacked(false, m, new float[m * k], 0, k, b, new float[n], 0, new float[m * n], 0, n);
            }
        }
        warm(false, true, 128, 2 * NR, (int) (PARALLEL_MIN / (256 * NR)), 0f);
        warm(true, false, (int) (PARALLEL_MIN / (16 * L)), L, 16, 0f);
    }

    private static void warm(boolean transA, boolean transB, int m, int n, int k, float beta) {
        float[] a = new float[m * k + 1], b = new float[k * n + 1], c = new float[m * n];
        GemmF32.gemm(transA, transB, m, n, k, a, 1, transA ? m : k, b, 1, transB ? k : n, beta, c, 0, n);
    }

    /** One product's operands, A and B as (offset, row stride, column stride) views. */
    private record Product(int m, int n, int k, float[] a, int aOff, int rsA, int csA,
                           float[] b, int bOff, int rsB, int csB, float[] pre, float beta, float[] bias, int biasOff,
                           float[] c, int cOff, int ldc) {

        void run() {
            if (pre == null && csB == 1 && m <= GemmSmallF32.MAX_ROWS && n % L == 0 && k > 0) {
                // few rows, B row-major: read B in place (see GemmSmallF32), split by vectors of columns
                int vectors = n / L;
                if (Parallel.threads() == 1 || (long) m * n * k < PARALLEL_MIN) {
                    small(0, n);
                } else {
                    Parallel.forRange(vectors, (long) m * L * k, (from, to) -> small(from * L, to * L));
                }
                return;
            }
            int threads = Parallel.threads();
            // A packed B read for a few rows is bound by reading B, not by arithmetic: split it as if
            // it had PACKED_ROWS_EQUIVALENT rows, so that each core streams its half from its own cache.
            long work = (long) (pre != null ? Math.max(m, PACKED_ROWS_EQUIVALENT) : m) * n * k;
            if (threads == 1 || work < PARALLEL_MIN) {
                block(0, m, 0, n);
                return;
            }
            int panels = (n + NR - 1) / NR;
            int tiles = (m + MR - 1) / MR;
            if (panels % threads == 0 || panels >= 4 * threads || panels >= tiles) {
                Parallel.forRange(panels, (long) m * NR * k,
                        (from, to) -> columns(from * NR, Math.min(n, to * NR), from == 0 && to == panels));
            } else {
                Parallel.forRange(tiles, (long) MR * n * k,
                        (from, to) -> block(from * MR, Math.min(m, to * MR), 0, n));
            }
        }

        /**
         * All rows of C, columns [j0, j1): one thread's share of a split by column panels ({@code whole}: the
         * range was not split after all). With three k-blocks or more the sums are carried from block to
         * block in a copy of the share private to the thread, and written to C once at the end. In C itself
         * the cache line where two threads' columns meet, in every row, went from one core to the other at
         * every k-block. Two builds interleaved in one JVM, two threads on different caches: [128, 784] ·
         * [784, 256] (the MLP's first layer, seven k-blocks) 0.74–0.77 of the time, [128, 1024] · [1024, 1024]
         * 0.77–0.86, [512, 784] · [784, 256] 0.74–0.89 (level where the two cores share a cache); with two
         * k-blocks the copy cost what it saved (1.03). The same sums in the same order: the same bits.
         */
        void columns(int j0, int j1, boolean whole) {
            if (whole || k <= 2 * KC || pre != null) {
                block(0, m, j0, j1);
                return;
            }
            int w = j1 - j0;
            float[] share = Workspace.of(0).share(m * w);
            if (beta != 0f) {
                for (int i = 0; i < m; i++) {
                    System.arraycopy(c, cOff + i * ldc + j0, share, i * w, w);
                }
            }
            new Product(m, w, k, a, aOff, rsA, csA, b, bOff + j0 * csB, rsB, csB, null, beta, bias, biasOff + j0, share,
                    0, w).block(0, m, 0, w);
            for (int i = 0; i < m; i++) {
                System.arraycopy(share, i * w, c, cOff + i * ldc + j0, w);
            }
        }

        /** All rows of C, columns [j0, j1) (multiples of the vector length), by {@link GemmSmallF32}. */
        void small(int j0, int j1) {
            if (beta != 0f && beta != 1f) {
                scale(0, m, j0, j1);
            }
            GemmSmallF32.multiply(m, k, a, aOff, rsA, csA, b, bOff, rsB, beta == 0f, bias, biasOff, ZEROS, c, cOff, ldc,
                    j0, j1);
        }

        /**
         * C[r0..r1, j0..j1): n-blocks, then k-blocks; each k-block is packed, then multiplied. With B
         * packed beforehand ({@link Packed}: panel q holds all k rows, from {@code q * k * NR}), the
         * k-block at pc of the panels from column jc starts at {@code (jc / NR) * k * NR + pc * NR}.
         */
        void block(int r0, int r1, int j0, int j1) {
            if (k == 0 || (beta != 0f && beta != 1f)) {
                scale(r0, r1, j0, j1);
            }
            if (k == 0 && bias != null) {
                for (int i = r0; i < r1; i++) {
                    System.arraycopy(bias, biasOff + j0, c, cOff + i * ldc + j0, j1 - j0);
                }
            }
            Workspace ws = Workspace.of(pre != null ? 0 : KC * Math.min(NC, (j1 - j0 + NR - 1) / NR * NR));
            for (int jc = j0; jc < j1; jc += NC) {
                int nb = Math.min(NC, j1 - jc);
                for (int pc = 0; pc < k; pc += KC) {
                    int kb = Math.min(KC, k - pc);
                    boolean zero = pc == 0 && beta == 0f;
                    if (pre == null) {
                        GemmPackF32.pack(b, bOff, rsB, csB, pc, kb, jc, nb, ws.packed, ws);
                        multiply(ws, ws.packed, 0, kb * NR, zero, r0, r1, pc, kb, jc, nb);
                    } else {
                        multiply(ws, pre, bOff + jc / NR * k * NR + pc * NR, k * NR, zero, r0, r1, pc, kb, jc, nb);
                    }
                }
            }
        }

        /**
         * Row tile by row tile, the tile runs across every panel of the packed block: its slice of A stays
         * in L1 while the panels stream from L2. With {@code zero}, the sums start from 0, not from C.
         */
        private void multiply(Workspace ws, float[] panels, int base, int panelStride, boolean zero, int r0, int r1,
                              int pc, int kb, int jc, int nb) {
            for (int i = r0; i < r1; i += MR) {
                int rows = Math.min(MR, r1 - i);
                int q = 0;
                for (; rows == 1 && (q + 2) * NR <= nb; q += 2) {
                    rowPair(panels, base + q * panelStride, base + (q + 1) * panelStride, zero, i, pc, kb, jc + q * NR);
                }
                for (; q * NR < nb; q++) {
                    tile(ws, panels, base + q * panelStride, zero, i, rows, pc, kb, jc + q * NR, Math.min(NR, nb - q * NR));
                }
            }
        }

        /**
         * Rows [i, i+rows) × columns [j, j+w) of C over the k-block at pc, from the panel at element bo.
         * With {@code zero} (the first k-block, beta = 0) the sums start from the bias row or from zeros,
         * both read with row stride 0; otherwise from C.
         */
        private void tile(Workspace ws, float[] panels, int bo, boolean zero, int i, int rows, int pc, int kb, int j,
                          int w) {
            int ao = aOff + i * rsA + pc * csA, co = cOff + i * ldc + j;
            float[] s = zero ? (bias != null ? bias : ZEROS) : c;
            int so = zero ? (bias != null ? biasOff + j : 0) : co, lds = zero ? 0 : ldc;
            if (w < NR) {
                int v = 0;
                if (w >= 2 * L && rows > 1) {
                    if (csA == 1) {
                        GemmTileF32.halfRows(kb, a, ao, rsA, rows, panels, bo, s, so, lds, c, co, ldc);
                    } else {
                        GemmTileF32.halfCols(kb, a, ao, csA, rows, panels, bo, s, so, lds, c, co, ldc);
                    }
                    v = 2 * L;
                }
                for (; v < w; v += L) {
                    narrow(ws, panels, bo + v, zero, ao, rows, kb, co + v, j + v, Math.min(L, w - v));
                }
            } else if (rows == 1) {
                GemmTileF32.fullRow(kb, a, ao, csA, panels, bo, s, so, c, co);
            } else if (csA == 1) {
                GemmTileF32.fullRows(kb, a, ao, rsA, rows, panels, bo, s, so, lds, c, co, ldc);
            } else {
                GemmTileF32.fullCols(kb, a, ao, csA, rows, panels, bo, s, so, lds, c, co, ldc);
            }
        }

        /** Row i, columns [j, j + 2·NR), over the k-block at pc, from the panels at bo and bo2. */
        private void rowPair(float[] panels, int bo, int bo2, boolean zero, int i, int pc, int kb, int j) {
            int ao = aOff + i * rsA + pc * csA, co = cOff + i * ldc + j;
            float[] s = zero ? (bias != null ? bias : ZEROS) : c;
            int so = zero ? (bias != null ? biasOff + j : 0) : co;
            GemmTileF32.fullRowPair(kb, a, ao, csA, panels, bo, bo2, s, so, c, co);
        }

        /**
         * One vector of columns at co, of which the first {@code lanes} are C's. A partial vector goes
         * through the workspace's scratch tile, so that the kernels need no masks.
         */
        private void narrow(Workspace ws, float[] panels, int bo, boolean zero, int ao, int rows, int kb, int co, int j,
                            int lanes) {
            boolean fromBias = zero && bias != null;
            if (lanes == L) {
                float[] s = zero ? (fromBias ? bias : ZEROS) : c;
                narrowTile(panels, bo, s, zero ? (fromBias ? biasOff + j : 0) : co, zero ? 0 : ldc, ao, rows, kb, c, co, ldc);
                return;
            }
            float[] t = ws.tile;
            VectorMask<Float> mask = S.indexInRange(0, lanes);
            for (int r = 0; r < rows && !zero; r++) {
                FloatVector.fromArray(S, c, co + r * ldc, mask).intoArray(t, r * L);
            }
            if (fromBias) {
                FloatVector.fromArray(S, bias, biasOff + j, mask).intoArray(t, 0);
            }
            narrowTile(panels, bo, zero && !fromBias ? ZEROS : t, 0, zero ? 0 : L, ao, rows, kb, t, 0, L);
            for (int r = 0; r < rows; r++) {
                FloatVector.fromArray(S, t, r * L).intoArray(c, co + r * ldc, mask);
            }
        }

        private void narrowTile(float[] panels, int bo, float[] s, int so, int lds, int ao, int rows, int kb,
                                float[] cc, int co, int ld) {
            if (rows == 1) {
                GemmTileF32.narrowRow(kb, a, ao, csA, panels, bo, s, so, cc, co);
            } else if (csA == 1) {
                GemmTileF32.narrowRows(kb, a, ao, rsA, rows, panels, bo, s, so, lds, cc, co, ld);
            } else {
                GemmTileF32.narrowCols(kb, a, ao, csA, rows, panels, bo, s, so, lds, cc, co, ld);
            }
        }

        /** C[r0..r1, j0..j1) = beta·C, and 0 when beta = 0 (even over NaN): where the tiles' sums start. */
        private void scale(int r0, int r1, int j0, int j1) {
            for (int i = r0; i < r1; i++) {
                int row = cOff + i * ldc;
                for (int j = j0; j < j1; j += L) {
                    VectorMask<Float> mask = S.indexInRange(j, j1);
                    FloatVector x = FloatVector.zero(S);
                    if (beta != 0f) {
                        x = FloatVector.fromArray(S, c, row + j, mask).mul(beta);
                    }
                    x.intoArray(c, row + j, mask);
                }
            }
        }
    }

    /** Each thread's scratch, kept between calls: no allocation per call once grown. */
    static final class Workspace {
        private static final ThreadLocal<Workspace> OF_THREAD = ThreadLocal.withInitial(Workspace::new);
        /**
         * Packed panels of B. (Where the array lies decides whether the panels' vector loads straddle
         * cache lines: about 13% on AVX-512. An aligned off-heap segment was tried and was slower still,
         * as its loads keep their bounds checks.)
         */
        float[] packed = new float[0];
        /** One row of a partial transposed panel, zero-padded. */
        final float[] row = new float[NR];
        /** Gather offsets for a transposed panel. */
        final int[] gather = new int[L];
        /** A C tile one vector wide, for a partial vector of columns. */
        final float[] tile = new float[MR * L];
        /** Two L × L blocks for {@link GemmPackF32}'s transposes. */
        final float[] block = new float[2 * L * L];

        /** A thread's share of C for {@link Product#columns}. */
        private float[] share = new float[0];

        /** This thread's share buffer ({@link Product#columns}) with room for n elements. */
        float[] share(int n) {
            if (share.length < n) {
                share = new float[n];
            }
            return share;
        }

        /** This thread's workspace, with room for {@code elements} packed elements. */
        static Workspace of(int elements) {
            Workspace ws = OF_THREAD.get();
            if (ws.packed.length < elements) {
                ws.packed = new float[elements];
            }
            return ws;
        }
    }
}
