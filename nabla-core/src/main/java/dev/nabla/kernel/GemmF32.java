package dev.nabla.kernel;

/**
 * General matrix product on {@code float[]}: {@code C = op(A) * op(B) + beta * C}, row-major, where
 * {@code op(X)} is X or its transpose. The three products of a dense layer's training step
 * (X·Wᵀ, G·W, Gᵀ·X) all come here without the caller copying a transpose.
 *
 * <p>SIMD path, in the GotoBLAS layout: for each block of {@code NC} columns and {@code KC} rows of B,
 * the block is packed ({@link GemmPackF32}) into column panels {@code NR} wide in a per-thread buffer
 * that is kept between calls; then, row tile by row tile, an {@code MR × NR} register tile
 * ({@link GemmTileF32}) runs across the panels, its slice of A staying in L1 while the panels stream
 * from L2. A is read in place through its (row, column) strides, so A and Aᵀ cost the same; a transposed
 * B costs its packing (gathers). Columns past the last full panel take one-vector tiles, and the last,
 * partial vector goes through a scratch tile so that no kernel needs masks.
 *
 * <p>Determinism: every element of C starts from 0 (beta = 0), its bias ({@link #gemmBias}), C (beta = 1)
 * or beta·C, then takes one
 * fused multiply-add per p in ascending p, whichever tile, block, thread or split computes it; C carries
 * the running sum between k-blocks exactly. So the bits depend on the operands alone: not on the thread
 * count, the blocking, or the JIT.
 *
 * <p>Threads: a product under {@code PARALLEL_MIN} multiply-adds runs on the calling thread. A larger
 * one is split across the shared pool by column panels (each thread packs only its own), or by row
 * tiles when there are too few panels to share evenly (each thread then packs all of B, which is small).
 *
 * <p>The SIMD path lives in {@link GemmSimdF32} and the tiles it calls; this class names no Vector API
 * type, so that its scalar twin runs in a JVM without the {@code jdk.incubator.vector} module.
 */
public final class GemmF32 {
    private GemmF32() {}

    /**
     * C[m×n] = op(A)[m×k] · op(B)[k×n] + beta·C. {@code lda}, {@code ldb}, {@code ldc} are the row
     * lengths of the arrays as stored (so for a transposed A stored as [k×m], lda ≥ m).
     * With beta = 0, C's old contents are ignored (even NaN), as in BLAS.
     */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k,
                            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                            float beta, float[] c, int cOff, int ldc) {
        product(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, null, 0, c, cOff, ldc);
    }

    /**
     * C[m×n] = op(A)·op(B) + bias, the bias row {@code bias[biasOff .. biasOff+n)} added to every row:
     * a dense layer's forward. Each element's sum starts from its bias and then takes the products, so
     * the bias costs no pass of its own.
     */
    public static void gemmBias(boolean transA, boolean transB, int m, int n, int k,
                                float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                float[] bias, int biasOff, float[] c, int cOff, int ldc) {
        product(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, 0f, bias, biasOff, c, cOff, ldc);
    }

    /**
     * B [k×n] (op(B), as {@link #gemm} reads it) packed once into the panels every product reads, for
     * products that reuse B unchanged: a trained layer's weights at inference, where packing them on
     * every call costs more than the product itself for a few rows. The panels are a copy: a change to
     * B afterwards is not seen (the tensor layer keys its cache by B's version).
     */
    public static final class Packed {
        final int k;
        final int n;
        final float[] panels;

        Packed(int k, int n, float[] panels) {
            this.k = k;
            this.n = n;
            this.panels = panels;
        }

        public int k() {
            return k;
        }

        public int n() {
            return n;
        }
    }

    /** Packs op(B) [k×n], stored with row length {@code ldb} from {@code bOff}, for {@link #gemmPacked}. */
    public static Packed pack(boolean transB, int k, int n, float[] b, int bOff, int ldb) {
        if (!KernelMode.available()) {
            throw new IllegalStateException("pack: packed operands are for the SIMD kernels, and this JVM has no "
                    + "Vector API (" + KernelMode.HOW_TO_ENABLE + ")");
        }
        return GemmSimdF32.pack(transB, k, n, b, bOff, ldb);
    }

    /**
     * C[m×n] = op(A)·B + bias (bias may be null: then C = op(A)·B), B packed by {@link #pack}. The same
     * bits as {@link #gemmBias} / {@link #gemm} with beta 0 on the unpacked B. SIMD mode only (the scalar
     * twin reads B itself), and never the native path.
     */
    public static void gemmPacked(boolean transA, int m, float[] a, int aOff, int lda, Packed b,
                                  float[] bias, int biasOff, float[] c, int cOff, int ldc) {
        if (!KernelMode.vector()) {
            throw new IllegalStateException("gemmPacked: packed operands are for the SIMD kernels; "
                    + "with -Dnabla.kernel=scalar multiply the unpacked matrix");
        }
        if (m == 0 || b.n == 0) {
            return;
        }
        GemmSimdF32.packed(m, a, aOff, transA ? 1 : lda, transA ? lda : 1, b, bias, biasOff, c, cOff, ldc);
    }

    private static void product(boolean transA, boolean transB, int m, int n, int k,
                                float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                float beta, float[] bias, int biasOff, float[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k > 0 && NativeBlas.enabled()) {
            if (bias != null) {
                for (int i = 0; i < m; i++) {
                    System.arraycopy(bias, biasOff, c, cOff + i * ldc, n);
                }
            }
            NativeBlas.gemmF32(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, bias != null ? 1f : beta,
                    c, cOff, ldc);
            return;
        }
        int rsA = transA ? 1 : lda, csA = transA ? lda : 1, rsB = transB ? 1 : ldb, csB = transB ? ldb : 1;
        if (!KernelMode.vector()) {
            scalar(m, n, k, a, aOff, rsA, csA, b, bOff, rsB, csB, beta, bias, biasOff, c, cOff, ldc);
        } else {
            GemmSimdF32.product(m, n, k, a, aOff, rsA, csA, b, bOff, rsB, csB, beta, bias, biasOff, c, cOff, ldc);
        }
    }

    /**
     * Runs every path of the kernel in the current {@link KernelMode} once on small shapes, so that none
     * is first met (and its code first compiled) during real work: in SIMD mode, every tile, layout, beta
     * and split ({@link GemmSimdF32#warmUp}); in scalar mode, its one loop over both layouts of A and B.
     */
    public static void warmUp() {
        if (KernelMode.vector()) {
            GemmSimdF32.warmUp();
            return;
        }
        for (int t = 0; t < 4; t++) {
            boolean transA = (t & 1) != 0, transB = (t & 2) != 0;
            int m = 7, n = 9, k = 5;
            gemm(transA, transB, m, n, k, new float[m * k], 0, transA ? m : k, new float[k * n], 0, transB ? k : n,
                    0.5f, new float[m * n], 0, n);
        }
    }

    /** The scalar twin: the reference the SIMD path is tested against. */
    private static void scalar(int m, int n, int k, float[] a, int aOff, int rsA, int csA, float[] b, int bOff,
                               int rsB, int csB, float beta, float[] bias, int biasOff, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float acc = bias != null ? bias[biasOff + j] : 0f;
                for (int p = 0; p < k; p++) {
                    acc += a[aOff + i * rsA + p * csA] * b[bOff + p * rsB + j * csB];
                }
                int ci = cOff + i * ldc + j;
                c[ci] = beta == 0f ? acc : acc + beta * c[ci];
            }
        }
    }
}
