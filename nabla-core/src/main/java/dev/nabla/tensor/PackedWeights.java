package dev.nabla.tensor;

import dev.nabla.kernel.ConvF32;
import dev.nabla.kernel.ConvF64;
import dev.nabla.kernel.GemmF32;
import dev.nabla.kernel.GemmF64;
import dev.nabla.kernel.WinogradF32;
import dev.nabla.kernel.WinogradF64;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Weight matrices packed for the GEMM once and reused by inference products, inside a scope entered
 * with {@link #enter()} (what {@code dev.nabla.nn.Predictor} does); likewise convolution kernels transformed
 * for Winograd's product, which for one image cost as much as the product itself. For a few rows (single-sample
 * inference) packing a weight costs more than the product, so inference libraries keep prepacked
 * weights; this is ours. Outside a scope nothing is cached.
 *
 * <p>The cache is keyed weakly by the weight's storage array, so a dropped model takes its packed copy
 * with it, and each entry is checked against the tensor's version and shape on every use: in-place
 * methods, {@code Parameter.assign}, state-dict loads and optimizer steps all bump the version, so a
 * changed weight is packed again. A raw write through {@code f32()}/{@code f64()} must be followed by
 * {@link Tensor#markModified()}; that is why the cache is opt-in, not used by every NoGrad forward
 * (a hand-written finite-difference check writes raw arrays and would read a stale copy).
 */
public final class PackedWeights implements AutoCloseable {
    private record Entry(int version, int rows, int cols, Object packed) {}

    private static final Map<Object, Entry> CACHE = Collections.synchronizedMap(new WeakHashMap<>());
    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);
    private boolean closed;

    private PackedWeights() {
        DEPTH.get()[0]++;
    }

    /** Lets this thread's inference products use packed weights until {@link #close()}; scopes nest. */
    public static PackedWeights enter() {
        return new PackedWeights();
    }

    /** True inside a scope on this thread. */
    static boolean active() {
        return DEPTH.get()[0] > 0;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            DEPTH.get()[0]--;
        }
    }

    /** w [n, k] read transposed (a dense layer's weight in x·wᵀ), packed; float32. */
    static GemmF32.Packed f32(Tensor w) {
        Entry e = current(w);
        if (e == null) {
            int n = w.shape().dim(0), k = w.shape().dim(1);
            e = remember(w, GemmF32.pack(true, k, n, w.f32(), 0, k));
        }
        return (GemmF32.Packed) e.packed();
    }

    /** As {@link #f32}, float64. */
    static GemmF64.Packed f64(Tensor w) {
        Entry e = current(w);
        if (e == null) {
            int n = w.shape().dim(0), k = w.shape().dim(1);
            e = remember(w, GemmF64.pack(true, k, n, w.f64(), 0, k));
        }
        return (GemmF64.Packed) e.packed();
    }

    /**
     * A convolution's kernel w [O, C, 3, 3] transformed for Winograd's F(2×2, 3×3) product
     * ({@link WinogradF32#filter}, 16·O·C values); float32.
     */
    static float[] winogradF32(Tensor w) {
        Entry e = current(w);
        if (e == null || !(e.packed() instanceof float[] u && u.length == 16 * pairs(w))) {
            e = remember(w, WinogradF32.filter(w.f32(), w.shape().dim(0), w.shape().dim(1)));
        }
        return (float[]) e.packed();
    }

    /** As {@link #winogradF32}, float64. */
    static double[] winogradF64(Tensor w) {
        Entry e = current(w);
        if (e == null || !(e.packed() instanceof double[] u && u.length == 16 * pairs(w))) {
            e = remember(w, WinogradF64.filter(w.f64(), w.shape().dim(0), w.shape().dim(1)));
        }
        return (double[]) e.packed();
    }

    /**
     * The kernel transformed for F(4×4, 3×3) and laid out for its products ({@link ConvF32#winograd4Kernel};
     * float32). Each call transformed and laid it out afresh before: kept, the CNN example's batches of 2, 8, 32
     * and 128 images took 0.51, 0.78, 0.91 and 0.98 of the time on two threads with the transform alone kept
     * ({@code nabla-bench/ab/PredictAB.java}, 2026-12-06), and a single image's layout was 15% of its latency.
     */
    static ConvF32.Winograd4Kernel winograd4F32(Tensor w) {
        Entry e = current(w);
        if (e == null || !(e.packed() instanceof ConvF32.Winograd4Kernel)) {
            e = remember(w, ConvF32.winograd4Kernel(w.f32(), w.shape().dim(0), w.shape().dim(1)));
        }
        return (ConvF32.Winograd4Kernel) e.packed();
    }

    /** As {@link #winograd4F32}, float64. */
    static ConvF64.Winograd4Kernel winograd4F64(Tensor w) {
        Entry e = current(w);
        if (e == null || !(e.packed() instanceof ConvF64.Winograd4Kernel)) {
            e = remember(w, ConvF64.winograd4Kernel(w.f64(), w.shape().dim(0), w.shape().dim(1)));
        }
        return (ConvF64.Winograd4Kernel) e.packed();
    }

    private static int pairs(Tensor w) {
        return w.shape().dim(0) * w.shape().dim(1);
    }

    private static Entry current(Tensor w) {
        Entry e = CACHE.get(w.data());
        boolean valid = e != null && e.version() == w.version() && e.rows() == w.shape().dim(0)
                && e.cols() == w.shape().dim(1);
        return valid ? e : null;
    }

    private static Entry remember(Tensor w, Object packed) {
        Entry e = new Entry(w.version(), w.shape().dim(0), w.shape().dim(1), packed);
        CACHE.put(w.data(), e);
        return e;
    }
}
