package dev.nabla.tensor;

import dev.nabla.autograd.*;
import dev.nabla.kernel.BinaryOp;

/**
 * An n-dimensional array of float32 (default), float64 or int32 values, contiguous and row-major,
 * with reverse-mode automatic differentiation in the style of PyTorch.
 *
 * <pre>{@code
 * Tensor w = Tensor.of(new double[] {2}).requiresGrad(true);
 * Tensor loss = x.mul(w).sub(t).pow(2).sum();
 * loss.backward();          // w.grad() now holds dloss/dw
 * }</pre>
 *
 * <p>Ops on tensors that require a gradient record themselves (define-by-run); {@link #backward()}
 * walks the record in reverse and accumulates into {@link #grad()} of the leaves. Inside a
 * {@link NoGrad} scope nothing is recorded. Reshapes share storage (they are views); every other op
 * returns a fresh tensor. The math behind each method lives in the op classes of
 * {@code dev.nabla.autograd} and the {@code *Math} classes of this package, which compute through the
 * {@link Backend} of the tensor's {@link #device()}.
 */
public final class Tensor {
    private final Shape shape;
    private final DType dtype;
    private final Storage storage;
    /** Autograd's record of this tensor; null until it requires grad or an op records it. */
    private GradientSlot slot;

    Tensor(Shape shape, DType dtype, Storage storage) {
        this.shape = shape;
        this.dtype = dtype;
        this.storage = storage;
    }

    // ---------------------------------------------------------------- creation

    /** A CPU tensor of zeros; the kernels' output buffers start here. */
    public static Tensor empty(DType dtype, Shape shape) {
        return new Tensor(shape, dtype, StepArena.allocate(dtype, shape.size(), true));
    }

    /** Zeros on the backend's device. */
    static Tensor empty(Backend backend, DType dtype, Shape shape) {
        return new Tensor(shape, dtype, backend.allocate(dtype, shape.size(), true));
    }

    /** Unspecified contents on the backend's device, for an op that writes every element. */
    static Tensor uninitialized(Backend backend, DType dtype, Shape shape) {
        return new Tensor(shape, dtype, backend.allocate(dtype, shape.size(), false));
    }

    /**
     * A tensor whose contents are unspecified: zeros, or what an array reused by a {@link StepArena}
     * held before. For an op's output that the op writes in full (a product, a gather, an activation's
     * gradient), where zeroing it first would be a wasted pass over memory.
     */
    public static Tensor uninitialized(DType dtype, Shape shape) {
        return new Tensor(shape, dtype, StepArena.allocate(dtype, shape.size(), false));
    }

    public static Tensor zeros(int... dims) { return zeros(DType.FLOAT32, dims); }
    public static Tensor zeros(DType dtype, int... dims) { return empty(dtype, Shape.of(dims)); }
    /** Zeros of t's shape and dtype, on its device. */
    public static Tensor zerosLike(Tensor t) { return empty(Backend.of(t), t.dtype, t.shape); }
    public static Tensor ones(int... dims) { return full(DType.FLOAT32, 1, dims); }
    public static Tensor ones(DType dtype, int... dims) { return full(dtype, 1, dims); }
    public static Tensor onesLike(Tensor t) { return Creation.full(Backend.of(t), t.dtype, 1, t.shape); }
    public static Tensor full(double value, int... dims) { return full(DType.FLOAT32, value, dims); }
    public static Tensor full(DType dtype, double value, int... dims) { return Creation.full(CpuBackend.INSTANCE, dtype, value, Shape.of(dims)); }
    /** A rank-0 float32 tensor. */
    public static Tensor scalar(double value) { return scalar(DType.FLOAT32, value); }
    public static Tensor scalar(DType dtype, double value) { return Creation.full(CpuBackend.INSTANCE, dtype, value, Shape.SCALAR); }
    /** float32 values {@code 0, 1, ..., end-1}. */
    public static Tensor arange(double end) { return arange(0, end, 1); }
    /** float32 values from {@code start} (inclusive) to {@code end} (exclusive) by {@code step}. */
    public static Tensor arange(double start, double end, double step) { return Creation.arange(DType.FLOAT32, start, end, step); }
    public static Tensor arange(DType dtype, double start, double end, double step) { return Creation.arange(dtype, start, end, step); }
    /** {@code steps} float32 values evenly spaced from {@code start} to {@code end}, both included. */
    public static Tensor linspace(double start, double end, int steps) { return Creation.linspace(DType.FLOAT32, start, end, steps); }
    public static Tensor linspace(DType dtype, double start, double end, int steps) { return Creation.linspace(dtype, start, end, steps); }
    /** The n×n float32 identity. */
    public static Tensor eye(int n) { return Creation.eye(DType.FLOAT32, n); }
    public static Tensor eye(DType dtype, int n) { return Creation.eye(dtype, n); }
    /** A float32 tensor over a copy of {@code data}, shaped {@code dims} (a vector if none given). */
    public static Tensor of(float[] data, int... dims) { return Creation.of(DType.FLOAT32, data.clone(), data.length, dims); }
    /** A float64 tensor over a copy of {@code data}. */
    public static Tensor of(double[] data, int... dims) { return Creation.of(DType.FLOAT64, data.clone(), data.length, dims); }
    /** An int32 tensor (indices, labels) over a copy of {@code data}. */
    public static Tensor of(int[] data, int... dims) { return Creation.of(DType.INT32, data.clone(), data.length, dims); }
    /** A tensor of the given dtype from double values. */
    public static Tensor of(DType dtype, double[] data, int... dims) { return Creation.convert(dtype, data, dims); }
    /** A float32 matrix from rows of equal length. */
    public static Tensor of(float[][] rows) { return Creation.matrix(DType.FLOAT32, rows.length, rows.length == 0 ? 0 : rows[0].length, (i, j) -> rows[i][j], r -> rows[r].length); }
    /** A float64 matrix from rows of equal length. */
    public static Tensor of(double[][] rows) { return Creation.matrix(DType.FLOAT64, rows.length, rows.length == 0 ? 0 : rows[0].length, (i, j) -> rows[i][j], r -> rows[r].length); }
    /** Uniform in [0, 1), float32. */
    public static Tensor rand(Generator g, int... dims) { return uniform(g, DType.FLOAT32, 0, 1, dims); }
    /** Standard normal, float32. */
    public static Tensor randn(Generator g, int... dims) { return normal(g, DType.FLOAT32, 0, 1, dims); }
    public static Tensor uniform(Generator g, DType dtype, double lo, double hi, int... dims) { return Creation.uniform(g, dtype, lo, hi, Shape.of(dims)); }
    public static Tensor normal(Generator g, DType dtype, double mean, double std, int... dims) { return Creation.normal(g, dtype, mean, std, Shape.of(dims)); }

    // ---------------------------------------------------------------- shape and data

    public Shape shape() { return shape; }
    public DType dtype() { return dtype; }
    public int rank() { return shape.rank(); }
    /** Number of elements. */
    public int size() { return shape.size(); }
    /** Size of one axis (negative counts from the end). */
    public int dim(int axis) { return shape.dim(axis); }

    /** Where the tensor's memory lives. */
    public Device device() { return storage.device(); }
    /** This tensor on {@code device}: itself if it is there, else a copy (differentiable, as PyTorch's). */
    public Tensor to(Device device) { return ToDevice.apply(this, device); }

    /*
     * The raw arrays, CPU only (PyTorch's .numpy()): a tensor on another device throws, naming it; copy it
     * with to(Device.CPU) first. Element reads (item, get, to*Array) work on any device.
     */
    /** The backing array ({@code float[]}, {@code double[]} or {@code int[]}), not a copy; CPU only. */
    public Object data() { return HeapStorage.of(this, "data()").data(); }
    /** The backing {@code float[]}, CPU only; after writing to it, call {@link #markModified()}. */
    public float[] f32() { return HeapStorage.of(this, "f32()").f32(dtype); }
    /** The backing {@code double[]}, CPU only; after writing to it, call {@link #markModified()}. */
    public double[] f64() { return HeapStorage.of(this, "f64()").f64(dtype); }
    /** The backing {@code int[]}, CPU only. */
    public int[] i32() { return HeapStorage.of(this, "i32()").i32(dtype); }
    /** Counts in-place changes to the storage; autograd compares it to catch changed saved values. */
    public int version() { return storage.version; }
    /**
     * Records an in-place write made through the raw array ({@link #f32()}, {@link #f64()}): saved-value
     * checks and packed inference copies of this tensor then see it. The optimizers call it after each update.
     */
    public void markModified() { storage.version++; }

    /** The values as a new host array (from any device). */
    public float[] toFloatArray() { return HostArrays.floats(this); }
    public double[] toDoubleArray() { return HostArrays.doubles(this); }
    public int[] toIntArray() { return HostArrays.ints(this); }

    /** The value of a one-element tensor. */
    public double item() {
        if (size() != 1) {
            throw new IllegalStateException("item(): needs a tensor with one element, got shape " + shape);
        }
        return getFlat(0);
    }

    /** The element at {@code index} (one index per axis; negative counts from the end). */
    public double get(int... index) { return getFlat(shape.flatIndex(index)); }

    /** Sets one element in place (refused on tensors that are part of a recorded graph). */
    public Tensor set(double value, int... index) {
        InPlace.check(this, "set");
        setFlat(shape.flatIndex(index), value);
        storage.version++;
        return this;
    }

    double getFlat(int i) { return storage.get(i); }
    void setFlat(int i, double v) { storage.set(i, v); }

    /** A view with another shape over the same storage; records nothing. */
    Tensor viewAs(Shape s) {
        if (s.size() != size()) {
            throw new IllegalArgumentException("reshape: cannot view " + shape + " (" + size() + " elements) as "
                    + s + " (" + s.size() + " elements)");
        }
        return new Tensor(s, dtype, storage);
    }

    /** A deep copy with no autograd history. */
    public Tensor copy() { return new Tensor(shape, dtype, storage.copy()); }

    /** A tensor sharing this one's storage, cut from the graph: no history, no gradient. */
    public Tensor detach() { return new Tensor(shape, dtype, storage); }

    /** Converts to another dtype (differentiable between float types). */
    public Tensor to(DType target) { return Cast.apply(this, target); }

    // ---------------------------------------------------------------- autograd state (GradientSlot's)

    public boolean requiresGrad() { return slot != null && slot.requiresGrad(); }
    /** Marks a leaf as a variable whose gradient backward() should fill; returns this. */
    public Tensor requiresGrad(boolean flag) { gradientSlot().setRequiresGrad(flag); return this; }
    /** The accumulated gradient, or null before the first backward (see {@link GradientSlot}'s contract). */
    public Tensor grad() { return slot == null ? null : slot.grad(); }
    /** Replaces the gradient as is (null clears it), e.g. to load optimizer state. */
    public void setGrad(Tensor g) { gradientSlot().setGrad(g); }
    /** Forgets the accumulated gradient (autograd never writes the dropped tensor again). */
    public void zeroGrad() { if (slot != null) slot.zeroGrad(); }
    /** The op that produced this tensor, or null for a leaf. */
    public Node gradFn() { return slot == null ? null : slot.gradFn(); }
    /** True for tensors not produced by a recorded op. */
    public boolean isLeaf() { return gradFn() == null; }
    /** Makes backward() also keep this non-leaf's gradient in {@link #grad()}. */
    public Tensor retainGrad() { gradientSlot().retainGrad(); return this; }
    public boolean retainsGrad() { return slot == null || slot.retainsGrad(); }
    /** Calls {@code hook} with this tensor's whole gradient in each backward that reaches it, to read only ({@link GradientSlot#addHook}); returns this. */
    public Tensor registerHook(java.util.function.Consumer<Tensor> hook) { gradientSlot().addHook(hook); return this; }
    /** Autograd's record of this tensor (made on first use); its writes during backward are autograd's own. */
    public GradientSlot gradientSlot() {
        GradientSlot s = slot;
        return s != null ? s : (slot = new GradientSlot(this));
    }

    /** Backpropagates from this scalar: fills grad() of every leaf it depends on. */
    public void backward() { Engine.backward(this, null, false); }
    /** Backpropagates with an explicit gradient of this tensor (for non-scalars). */
    public void backward(Tensor gradient) { Engine.backward(this, gradient, false); }
    /** As {@link #backward(Tensor)}; with {@code retainGraph} the graph can be walked again. */
    public void backward(Tensor gradient, boolean retainGraph) { Engine.backward(this, gradient, retainGraph); }

    // ---------------------------------------------------------------- in-place (optimizers, under noGrad)

    /** this += alpha * other (same shape), in place. */
    public Tensor addInPlace(Tensor other, double alpha) { InPlace.add(this, other, alpha); return this; }
    /** this = this op other (broadcast to this shape), in place. */
    public Tensor applyInPlace(BinaryOp op, Tensor other) { InPlace.apply(this, op, other); return this; }
    /** Sets every element to {@code value}, in place. */
    public Tensor fill(double value) { InPlace.fill(this, value); return this; }
    /** Copies {@code src}'s values (same shape) into this tensor, in place. */
    public Tensor copyFrom(Tensor src) { InPlace.copyFrom(this, src); return this; }

    Storage storage() { return storage; }

    // ---------------------------------------------------------------- differentiable ops

    /**
     * A constant operand: this tensor's dtype, except float32 for an int32 tensor, so that the op
     * refuses it by name rather than failing to store a fraction in an int32 scalar.
     */
    private Tensor constant(double c) { return Creation.full(Backend.of(this), dtype.isFloating() ? dtype : DType.FLOAT32, c, Shape.SCALAR); }

    public Tensor add(Tensor o) { return Add.apply(this, o); }
    public Tensor add(double c) { return Add.apply(this, constant(c)); }
    public Tensor sub(Tensor o) { return Sub.apply(this, o); }
    public Tensor sub(double c) { return Sub.apply(this, constant(c)); }
    public Tensor mul(Tensor o) { return Mul.apply(this, o); }
    public Tensor mul(double c) { return Mul.apply(this, constant(c)); }
    public Tensor div(Tensor o) { return Div.apply(this, o); }
    public Tensor div(double c) { return Div.apply(this, constant(c)); }
    public Tensor neg() { return Neg.apply(this); }
    /** Elementwise power with a constant exponent. */
    public Tensor pow(double p) { return Pow.apply(this, p); }
    public Tensor exp() { return Exp.apply(this); }
    public Tensor log() { return Log.apply(this); }
    public Tensor sqrt() { return Sqrt.apply(this); }
    public Tensor abs() { return Abs.apply(this); }
    public Tensor tanh() { return Tanh.apply(this); }
    public Tensor sigmoid() { return Sigmoid.apply(this); }
    public Tensor relu() { return Relu.apply(this); }
    /** Heaviside step (1 where x &gt; 0, else 0); its gradient is 0. */
    public Tensor step() { return Step.apply(this); }
    /** -1, 0 or 1; its gradient is 0. */
    public Tensor sign() { return Sign.apply(this); }
    /** The error function (for exact GELU). */
    public Tensor erf() { return Erf.apply(this); }
    /** Elementwise maximum; at ties the gradient is split equally, as in PyTorch. */
    public Tensor maximum(Tensor o) { return Maximum.apply(this, o, true); }
    /** Elementwise minimum; at ties the gradient is split equally, as in PyTorch. */
    public Tensor minimum(Tensor o) { return Maximum.apply(this, o, false); }
    /** Limits values to [lo, hi]; the gradient passes where lo &le; x &le; hi. */
    public Tensor clamp(double lo, double hi) { return Clamp.apply(this, lo, hi); }

    /** Sum of all elements (a scalar). */
    public Tensor sum() { return Sum.apply(this, new int[0], false); }
    public Tensor sum(int axis) { return Sum.apply(this, new int[] {axis}, false); }
    public Tensor sum(int[] axes, boolean keepDims) { return Sum.apply(this, axes, keepDims); }
    /** Mean of all elements (a scalar). */
    public Tensor mean() { return mean(new int[0], false); }
    public Tensor mean(int axis) { return mean(new int[] {axis}, false); }
    public Tensor mean(int[] axes, boolean keepDims) {
        int[] ax = ReduceMath.axes("mean", shape, axes);
        int count = 1;
        for (int a : ax) {
            count *= shape.dim(a);
        }
        return Sum.apply(this, ax, keepDims).div(count);
    }
    /** Maximum over all elements; the gradient is shared equally between tied maxima. */
    public Tensor max() { return Extreme.apply(this, new int[0], false, true); }
    public Tensor max(int axis) { return Extreme.apply(this, new int[] {axis}, false, true); }
    public Tensor max(int[] axes, boolean keepDims) { return Extreme.apply(this, axes, keepDims, true); }
    public Tensor min() { return Extreme.apply(this, new int[0], false, false); }
    public Tensor min(int axis) { return Extreme.apply(this, new int[] {axis}, false, false); }
    public Tensor min(int[] axes, boolean keepDims) { return Extreme.apply(this, axes, keepDims, false); }
    /** log(sum(exp(x))) over axes, computed stably (the max is subtracted first). */
    public Tensor logSumExp(int[] axes, boolean keepDims) { return LogSumExp.apply(this, axes, keepDims); }
    public Tensor logSumExp(int axis) { return LogSumExp.apply(this, new int[] {axis}, false); }
    public Tensor softmax(int axis) { return Softmax.apply(this, axis); }
    public Tensor logSoftmax(int axis) { return LogSoftmax.apply(this, axis); }

    /** Matrix product: 2-D, batched (leading axes broadcast), or with a 1-D operand as in NumPy. */
    public Tensor matmul(Tensor o) { return MatMul.apply(this, o); }
    /** A view with another shape; one size may be -1 (inferred). */
    public Tensor reshape(int... dims) { return Reshape.apply(this, Reshape.infer(shape, dims)); }
    /** All axes folded into one. */
    public Tensor flatten() { return reshape(size()); }
    /** Axes from {@code startAxis} on folded into one (Keras' Flatten keeps axis 0: flatten(1)). */
    public Tensor flatten(int startAxis) {
        int s = shape.axis("flatten", startAxis);
        int[] d = java.util.Arrays.copyOf(shape.dims(), s + 1);
        d[s] = shape.span(s, rank());
        return reshape(d);
    }
    /** Inserts an axis of size 1. */
    public Tensor unsqueeze(int axis) {
        if (axis < -(rank() + 1) || axis > rank()) {
            throw new IllegalArgumentException("unsqueeze: axis " + axis + " is out of range for a tensor of rank "
                    + rank() + " (valid: " + -(rank() + 1) + " to " + rank() + ")");
        }
        int a = axis < 0 ? axis + rank() + 1 : axis;
        int[] d = new int[rank() + 1];
        for (int i = 0, j = 0; i < d.length; i++) d[i] = i == a ? 1 : shape.dim(j++);
        return reshape(d);
    }
    /** Removes an axis of size 1. */
    public Tensor squeeze(int axis) {
        int a = shape.axis("squeeze", axis);
        if (shape.dim(a) != 1) throw new IllegalArgumentException("squeeze: axis " + a + " of shape " + shape + " has size " + shape.dim(a) + ", not 1");
        int[] d = new int[rank() - 1];
        for (int i = 0, j = 0; i < rank(); i++) if (i != a) d[j++] = shape.dim(i);
        return reshape(d);
    }
    public Tensor permute(int... axes) { return Permute.apply(this, axes); }
    /** Swaps two axes. */
    public Tensor transpose(int a, int b) {
        int[] p = new int[rank()];
        for (int i = 0; i < p.length; i++) p[i] = i;
        int x = shape.axis("transpose", a), y = shape.axis("transpose", b);
        p[x] = y;
        p[y] = x;
        return Permute.apply(this, p);
    }
    /** The transpose of a matrix. */
    public Tensor t() {
        if (rank() != 2) throw new IllegalArgumentException("t(): needs a matrix, got shape " + shape);
        return transpose(0, 1);
    }
    public Tensor broadcastTo(int... dims) { return Expand.apply(this, Shape.of(dims)); }
    /** Elements [start, end) along axis. */
    public Tensor slice(int axis, int start, int end) { return Slice.apply(this, axis, start, end, 1); }
    public Tensor slice(int axis, int start, int end, int step) { return Slice.apply(this, axis, start, end, step); }
    public static Tensor concat(int axis, Tensor... parts) { return Concat.apply(axis, parts); }
    /** Joins tensors of one shape along a new axis. */
    public static Tensor stack(int axis, Tensor... parts) {
        if (parts.length == 0) throw new IllegalArgumentException("stack: needs at least one tensor");
        Tensor[] u = new Tensor[parts.length];
        for (int i = 0; i < parts.length; i++) {
            if (!parts[i].shape.equals(parts[0].shape)) throw new IllegalArgumentException("stack: shapes " + parts[0].shape + " and " + parts[i].shape + " differ");
            u[i] = parts[i].unsqueeze(axis);
        }
        return Concat.apply(axis, u);
    }
    /** PyTorch's gather: picks along {@code axis} the elements named by an int32 index tensor. */
    public Tensor gather(int axis, Tensor index) { return Gather.apply(this, axis, index); }
    /** Whole slices along {@code axis} at the given indices (repeats allowed). */
    public Tensor indexSelect(int axis, int... indices) { return IndexSelect.apply(this, axis, indices); }

    // ---------------------------------------------------------------- comparisons (no gradient; int32 allowed, result float32)

    public Tensor gt(Tensor o) { return ElementwiseMath.compare("gt", BinaryOp.GT, this, o); }
    public Tensor gt(double c) { return gt(constant(c)); }
    public Tensor ge(Tensor o) { return ElementwiseMath.compare("ge", BinaryOp.GE, this, o); }
    public Tensor ge(double c) { return ge(constant(c)); }
    public Tensor lt(Tensor o) { return ElementwiseMath.compare("lt", BinaryOp.LT, this, o); }
    public Tensor lt(double c) { return lt(constant(c)); }
    public Tensor le(Tensor o) { return ElementwiseMath.compare("le", BinaryOp.LE, this, o); }
    public Tensor le(double c) { return le(constant(c)); }
    public Tensor eq(Tensor o) { return ElementwiseMath.compare("eq", BinaryOp.EQ, this, o); }
    public Tensor eq(double c) { return eq(Creation.full(Backend.of(this), dtype.isFloating() ? dtype : DType.FLOAT64, c, Shape.SCALAR)); }
    public Tensor ne(Tensor o) { return ElementwiseMath.compare("ne", BinaryOp.NE, this, o); }
    /** Index of the largest value along {@code axis} (first one at ties), int32. */
    public Tensor argmax(int axis) { return ReduceMath.argReduce("argmax", true, this, axis, false); }
    public Tensor argmin(int axis) { return ReduceMath.argReduce("argmin", false, this, axis, false); }

    /** True if shapes match and every element satisfies |a - b| &le; atol + rtol·|b|. */
    public boolean allClose(Tensor other, double rtol, double atol) {
        if (!shape.equals(other.shape)) return false;
        for (int i = 0; i < size(); i++) {
            double a = getFlat(i), b = other.getFlat(i);
            if (!(Math.abs(a - b) <= atol + rtol * Math.abs(b)) && !(a == b)) return false;
        }
        return true;
    }

    @Override
    public String toString() {
        return TensorFormat.format(this);
    }
}
