package dev.nabla.cuda;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.nabla.kernel.BinaryOp;
import dev.nabla.kernel.FusedActivation;
import dev.nabla.kernel.OptimStep;
import dev.nabla.kernel.ReduceOp;
import dev.nabla.kernel.UnaryOp;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Device;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Storage;
import dev.nabla.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The CUDA backend: float32 ops of the MLP path as kernels of {@code kernels.cu} (elementwise,
 * activations and their gradients, reductions, softmax cross-entropy, the gather of a batch, Adam and SGD
 * in one kernel per parameter) and cuBLAS GEMM (row-major products as column-major ones with the operands
 * swapped); every other op and dtype through {@link HostFallbackBackend}, counted. One thread drives a
 * device at a time (the launch's argument buffer and the staging buffer are the device's).
 */
public final class CudaBackend extends HostFallbackBackend {
    /** Rows per thread in the first pass of a long reduction. */
    private static final int REDUCE_CHUNK = 16;
    final CudaDevice dev;
    private final Device device;

    CudaBackend(CudaDevice dev) {
        this.dev = dev;
        this.device = new Device("cuda", dev.index);
    }

    @Override public Device device() { return device; }

    @Override
    public Storage allocate(DType dtype, int length, boolean zeroed) {
        return new CudaStorage(this, dtype, length, zeroed);
    }

    /** The GPU's name and compute capability, and how the kernels were obtained. */
    public String describe() {
        return dev.name + " (sm_" + dev.major + dev.minor + "), kernels " + dev.kernels.origin;
    }

    /** Host↔device copies since the device was opened: counts and bytes each way, and device memory held. */
    public Map<String, Long> transfers() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("toDevice", dev.toDevice.get());
        m.put("toDeviceBytes", dev.toDeviceBytes.get());
        m.put("toHost", dev.toHost.get());
        m.put("toHostBytes", dev.toHostBytes.get());
        m.put("deviceBytesAllocated", dev.memory.allocatedBytes);
        m.put("poolHits", dev.memory.poolHits);
        m.put("cudaMallocs", dev.memory.mallocs);
        m.put("cudaMallocMillis", dev.memory.mallocNanos / 1_000_000);
        m.put("collectionsAsked", dev.memory.collections);
        m.put("kernelLaunches", dev.launches.get());
        m.put("launchMillis", dev.launchNanos.get() / 1_000_000);
        m.put("waitMillis", dev.waitNanos.get() / 1_000_000);
        return m;
    }

    /** The device, its GPU, and what crossed to the host so far: copies each way, and the ops done there. */
    @Override
    public String toString() {
        Map<String, Long> t = transfers();
        return String.format(java.util.Locale.ROOT, "%s: %s; %,d copies to the device (%.1f MB), %,d to the host (%.1f MB);"
                + " %,d kernel launches (%,d ms in the calls), %,d ms waiting for the device; memory: %,d blocks from the pool,"
                + " %,d cudaMalloc (%,d ms, %.1f GB held), %d collections asked; ops on the host: %s", device, describe(),
                t.get("toDevice"), t.get("toDeviceBytes") / 1e6, t.get("toHost"), t.get("toHostBytes") / 1e6, t.get("kernelLaunches"),
                t.get("launchMillis"), t.get("waitMillis"), t.get("poolHits"), t.get("cudaMallocs"), t.get("cudaMallocMillis"),
                t.get("deviceBytesAllocated") / 1e9, t.get("collectionsAsked"), fallbacks().isEmpty() ? "none" : fallbacks());
    }

    /** TF32 tensor cores for float32 GEMM ({@code -Dnabla.cuda.tf32=true} at start): about 10 bits of mantissa in the products. */
    public void tf32(boolean on) {
        dev.setTf32(on);
    }

    /** Waits for every queued kernel (for timing). */
    public void synchronize() {
        dev.synchronize();
    }

    static long ptr(Tensor t) {
        return t == null ? 0L : ((CudaStorage) storage(t)).address();
    }

    private static boolean f32(Tensor... ts) {
        for (Tensor t : ts) {
            if (t != null && t.dtype() != DType.FLOAT32) return false;
        }
        return true;
    }

    // ---------------------------------------------------------------- in place

    @Override
    public void fill(Tensor t, double value) {
        if (value == 0 && Double.doubleToRawLongBits(value) == 0) {
            dev.memset(ptr(t), (long) t.size() * t.dtype().byteSize());
        } else if (f32(t)) {
            dev.begin().ptr(ptr(t)).f32(value).i64(t.size()).launch("fill_f32", t.size());
        } else {
            super.fill(t, value);
        }
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        dev.copy(ptr(dst), ptr(src), (long) dst.size() * dst.dtype().byteSize(), Native.D2D);
    }

    @Override
    public void axpy(double alpha, Tensor x, Tensor y) {
        if (!f32(x, y)) { super.axpy(alpha, x, y); return; }
        dev.begin().f32(alpha).ptr(ptr(x)).ptr(ptr(y)).i64(y.size()).launch("axpy_f32", y.size());
    }

    // ---------------------------------------------------------------- elementwise

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        if (!f32(a, b, out) || out.shape().rank() > 8) { super.binary(op, a, b, out); return; }
        long n = out.size();
        if (a.shape().equals(out.shape()) && b.shape().equals(out.shape())) {
            dev.begin().i32(op.ordinal()).ptr(ptr(a)).ptr(ptr(b)).ptr(ptr(out)).i64(n).launch("binary_same_f32", n);
            return;
        }
        int r = out.shape().rank();
        int[] s = new int[25];
        s[0] = r;
        int[] dims = out.shape().dims();
        strides(a.shape(), dims, s, 9);
        strides(b.shape(), dims, s, 17);
        System.arraycopy(dims, 0, s, 1, r);
        dev.begin().i32(op.ordinal()).ptr(ptr(a)).ptr(ptr(b)).ptr(ptr(out)).i64(n).ints(s).launch("binary_f32", n);
    }

    /** An operand's element strides against out's dims (right-aligned; 0 where it broadcasts), into s[at ..]. */
    private static void strides(Shape x, int[] outDims, int[] s, int at) {
        int r = outDims.length, xr = x.rank();
        int stride = 1;
        for (int d = r - 1; d >= 0; d--) {
            int xd = d - (r - xr);
            int size = xd >= 0 ? x.dim(xd) : 1;
            s[at + d] = size == 1 ? 0 : stride;
            stride *= size;
        }
    }

    @Override
    public void unary(UnaryOp op, Tensor x, Tensor out) {
        if (!f32(x, out)) { super.unary(op, x, out); return; }
        dev.begin().i32(op.ordinal()).ptr(ptr(x)).ptr(ptr(out)).i64(out.size()).launch("unary_f32", out.size());
    }

    @Override
    public void clamp(Tensor x, double lo, double hi, Tensor out) {
        if (!f32(x, out)) { super.clamp(x, lo, hi, out); return; }
        dev.begin().ptr(ptr(x)).f32(lo).f32(hi).ptr(ptr(out)).i64(out.size()).launch("clamp_f32", out.size());
    }

    @Override
    public void zeroNonFinite(Tensor t) {
        if (!f32(t)) { super.zeroNonFinite(t); return; }
        dev.begin().ptr(ptr(t)).i64(t.size()).launch("zero_non_finite_f32", t.size());
    }

    @Override
    public void biasActivation(FusedActivation act, Tensor y, Tensor bias, double slope) {
        if (!f32(y, bias)) { super.biasActivation(act, y, bias, slope); return; }
        int cols = y.dim(y.shape().rank() - 1);
        dev.begin().i32(act.ordinal()).ptr(ptr(y)).ptr(ptr(bias)).i64(y.size()).i32(cols).f32(slope).launch("bias_act_f32", y.size());
    }

    @Override
    public void activationBackward(FusedActivation act, Tensor g, Tensor y, double slope, Tensor out) {
        if (!f32(g, y, out)) { super.activationBackward(act, g, y, slope, out); return; }
        dev.begin().i32(act.ordinal()).ptr(ptr(g)).ptr(ptr(y)).ptr(ptr(out)).i64(out.size()).f32(slope).launch("act_back_f32", out.size());
    }

    // ---------------------------------------------------------------- reductions

    @Override
    public void reduce(ReduceOp op, Tensor x, int axis, Tensor out) {
        if (!f32(x, out)) { super.reduce(op, x, axis, out); return; }
        Shape s = x.shape();
        int outer = s.span(0, axis), r = s.dim(axis), inner = s.span(axis + 1, s.rank());
        if (r <= 2 * REDUCE_CHUNK) {
            dev.begin().i32(op.ordinal()).ptr(ptr(x)).ptr(ptr(out)).i32(outer).i32(r).i32(inner).launch("reduce_f32", (long) outer * inner);
            return;
        }
        // A long axis in two passes, each in a fixed order (the same bits every run): chunks of rows into
        // partial results [outer, chunks, inner], then the chunks in order. One thread per output walking
        // all r rows was latency-bound: the bias gradient of a batch of 8192 took milliseconds.
        int chunks = (r + REDUCE_CHUNK - 1) / REDUCE_CHUNK;
        DeviceMemory.Block partial = dev.memory.allocate(4L * outer * chunks * inner);
        dev.begin().i32(op.ordinal()).ptr(ptr(x)).ptr(partial.address()).i32(outer).i32(r).i32(inner).i32(REDUCE_CHUNK)
                .launch("reduce_chunks_f32", (long) outer * chunks * inner);
        dev.begin().i32(op.ordinal()).ptr(partial.address()).ptr(ptr(out)).i32(outer).i32(chunks).i32(inner)
                .launch("reduce_f32", (long) outer * inner);
        dev.memory.release(partial);
    }

    @Override
    public void argReduce(boolean max, Tensor x, int axis, Tensor out) {
        if (!f32(x)) { super.argReduce(max, x, axis, out); return; }
        Shape s = x.shape();
        int outer = s.span(0, axis), r = s.dim(axis), inner = s.span(axis + 1, s.rank());
        dev.begin().i32(max ? 1 : 0).ptr(ptr(x)).ptr(ptr(out)).i32(outer).i32(r).i32(inner).launch("arg_reduce_f32", (long) outer * inner);
    }

    @Override
    public boolean allFinite(Tensor t) {
        if (!f32(t)) return super.allFinite(t);
        DeviceMemory.Block flag = dev.memory.allocate(4);
        dev.memset(flag.address(), 4);
        dev.begin().ptr(ptr(t)).i64(t.size()).ptr(flag.address()).launch("all_finite_f32", t.size());
        MemorySegment s = dev.staging(4);
        dev.copy(s.address(), flag.address(), 4, Native.D2H);
        dev.memory.release(flag);
        return s.get(JAVA_INT, 0) == 0;
    }

    /**
     * The labels and log-sum-exps of the last {@link #crossEntropyRows}, kept on the device with host copies
     * to compare against: the gradient's call passes the same values, which then need no second upload.
     */
    private DeviceMemory.Block ceLabels, ceLse;
    private int[] ceLabelsHost;
    private double[] ceLseHost;

    /** One flag for all of {@code ts}, one wait: the trainer checks every gradient each step. */
    @Override
    public boolean allFinite(java.util.List<Tensor> ts) {
        for (Tensor t : ts) {
            if (!f32(t)) return super.allFinite(ts);
        }
        DeviceMemory.Block flag = dev.memory.allocate(4);
        dev.memset(flag.address(), 4);
        for (Tensor t : ts) {
            dev.begin().ptr(ptr(t)).i64(t.size()).ptr(flag.address()).launch("all_finite_f32", t.size());
        }
        MemorySegment s = dev.staging(4);
        dev.copy(s.address(), flag.address(), 4, Native.D2H);
        dev.memory.release(flag);
        return s.get(JAVA_INT, 0) == 0;
    }

    @Override
    public void crossEntropyRows(Tensor logits, int[] labels, double[] lse, double[] rowLoss) {
        if (!f32(logits)) { super.crossEntropyRows(logits, labels, lse, rowLoss); return; }
        int n = logits.dim(0), c = logits.dim(1);
        forgetCrossEntropy();
        DeviceMemory.Block y = dev.upload(labels), out = dev.memory.allocate(16L * n);
        dev.begin().ptr(ptr(logits)).ptr(y.address()).ptr(out.address()).ptr(out.address() + 8L * n).i32(n).i32(c).launch("ce_rows_f32", n);
        dev.download(out, lse, rowLoss);  // one wait for both
        ceLabels = y;
        ceLse = out;  // its first n doubles are lse
        ceLabelsHost = labels.clone();
        ceLseHost = lse.clone();
    }

    @Override
    public void crossEntropyGrad(Tensor logits, int[] labels, double[] lse, double scale, Tensor out) {
        if (!f32(logits, out)) { super.crossEntropyGrad(logits, labels, lse, scale, out); return; }
        int n = logits.dim(0), c = logits.dim(1);
        boolean same = ceLabels != null && java.util.Arrays.equals(labels, ceLabelsHost) && java.util.Arrays.equals(lse, ceLseHost);
        if (!same) {
            forgetCrossEntropy();
            ceLabels = dev.upload(labels);
            ceLse = dev.upload(lse);
            ceLabelsHost = labels.clone();
            ceLseHost = lse.clone();
        }
        dev.begin().ptr(ptr(logits)).ptr(ceLabels.address()).ptr(ceLse.address()).f64(scale).ptr(ptr(out)).i32(n).i32(c)
                .launch("ce_grad_f32", (long) n * c);
    }

    private void forgetCrossEntropy() {
        if (ceLabels != null) {
            dev.memory.release(ceLabels);
            dev.memory.release(ceLse);
            ceLabels = ceLse = null;
        }
    }

    // ---------------------------------------------------------------- layout

    @Override
    public void take(Tensor x, int[] map, Tensor out) {
        DeviceMemory.Block m = dev.upload(map);
        dev.begin().ptr(ptr(x)).ptr(m.address()).ptr(ptr(out)).i64(map.length)
                .launch(x.dtype().byteSize() == 8 ? "take_b8" : "take_b4", map.length);
        dev.memory.release(m);
    }

    @Override
    public void select(Tensor x, int axis, int[] indices, Tensor out) {
        Shape s = x.shape();
        int size = s.dim(axis), inner = s.span(axis + 1, s.rank());
        DeviceMemory.Block m = dev.upload(indices);
        dev.begin().ptr(ptr(x)).ptr(m.address()).ptr(ptr(out)).i64(out.size()).i32(indices.length).i32(size).i32(inner)
                .launch(x.dtype().byteSize() == 8 ? "select_b8" : "select_b4", out.size());
        dev.memory.release(m);
    }

    // ---------------------------------------------------------------- products

    @Override
    public void matmul(Tensor a, boolean transA, Tensor b, boolean transB, int[] aMap, int[] bMap, Tensor out) {
        if (!f32(a, b, out)) { super.matmul(a, transA, b, transB, aMap, bMap, out); return; }
        Shape as = a.shape(), bs = b.shape();
        int ra = as.dim(-2), ca = as.dim(-1), rb = bs.dim(-2), cb = bs.dim(-1);
        int m = transA ? ca : ra, k = transA ? ra : ca, n = transB ? rb : cb;
        long aMat = 4L * ra * ca, bMat = 4L * rb * cb, cMat = 4L * m * n;
        // one cuBLAS call per matrix of the batch: the maps may repeat or skip matrices (broadcasting)
        for (int t = 0; t < aMap.length; t++) {
            gemm(transB, transA, n, m, k, ptr(b) + bMap[t] * bMat, cb, ptr(a) + aMap[t] * aMat, ca, false, ptr(out) + t * cMat);
        }
    }

    @Override
    public void matmul2d(Tensor a, boolean transA, Tensor b, boolean transB, Tensor out) {
        if (!f32(a, b, out)) { super.matmul2d(a, transA, b, transB, out); return; }
        int m = out.dim(0), n = out.dim(1), k = transA ? a.dim(0) : a.dim(1);
        // row-major out = op(a)·op(b) is column-major outᵀ = op(b)ᵀ·op(a)ᵀ: cuBLAS gets b first
        gemm(transB, transA, n, m, k, ptr(b), b.dim(1), ptr(a), a.dim(1), false, ptr(out));
    }

    @Override
    public void linear(Tensor x, Tensor w, Tensor bias, boolean fixedWeights, Tensor out) {
        if (!f32(x, w, bias, out)) { super.linear(x, w, bias, fixedWeights, out); return; }
        int m = x.dim(0), k = x.dim(1), n = w.dim(0);
        if (bias != null) {
            dev.begin().ptr(ptr(bias)).ptr(ptr(out)).i64(out.size()).i32(n).launch("rows_f32", out.size());
        }
        // outᵀ [n, m] = w [n, k] · xᵀ: w's row-major buffer is column-major wᵀ, so cuBLAS transposes it
        gemm(true, false, n, m, k, ptr(w), k, ptr(x), k, bias != null, ptr(out));
    }

    /** Column-major {@code C[m, n] = op(A)·op(B) (+ C)}, leading dimensions as stored. */
    private void gemm(boolean tA, boolean tB, int m, int n, int k, long a, int lda, long b, int ldb, boolean accumulate, long c) {
        try {
            dev.nv.check("cublasSgemm", (int) dev.nv.sgemm.invokeExact(dev.blas, tA ? 1 : 0, tB ? 1 : 0, m, n, k,
                    dev.one.address(), a, lda, b, ldb, (accumulate ? dev.one : dev.zero).address(), c, m));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    // ---------------------------------------------------------------- optimizer updates

    @Override
    public void adam(OptimStep.Adam s, Tensor param, Tensor grad, Tensor m, Tensor v, Tensor vMax) {
        if (!f32(param, grad, m, v, vMax)) { super.adam(s, param, grad, m, v, vMax); return; }
        dev.begin().ptr(ptr(param)).ptr(ptr(grad)).ptr(ptr(m)).ptr(ptr(v)).ptr(ptr(vMax)).i64(param.size())
                .f32(s.beta1()).f32(1 - s.beta1()).f32(s.beta2()).f32(1 - s.beta2()).f32(s.stepSize()).f32(s.bc2Sqrt()).f32(s.eps())
                .launch("adam_f32", param.size());
    }

    @Override
    public void sgd(double lr, Tensor param, Tensor grad) {
        if (!f32(param, grad)) { super.sgd(lr, param, grad); return; }
        dev.begin().ptr(ptr(param)).ptr(ptr(grad)).f32(lr).i64(param.size()).launch("sgd_f32", param.size());
    }

    @Override
    public void scale(Tensor x, double factor) {
        if (!f32(x)) { super.scale(x, factor); return; }
        dev.begin().ptr(ptr(x)).f32(factor).i64(x.size()).launch("scale_f32", x.size());
    }
}
