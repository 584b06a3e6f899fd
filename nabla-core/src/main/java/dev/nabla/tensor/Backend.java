package dev.nabla.tensor;

import dev.nabla.kernel.BinaryOp;
import dev.nabla.kernel.ConvGeometry;
import dev.nabla.kernel.FusedActivation;
import dev.nabla.kernel.OptimStep;
import dev.nabla.kernel.ReduceOp;
import dev.nabla.kernel.UnaryOp;

/**
 * The data operations of one device: everything that reads or writes a tensor's memory. The
 * {@code *Math} classes are the device-independent front: they validate, promote dtypes, infer shapes and
 * word the errors, allocate the output through {@link #allocate}, and make one call here. A backend
 * therefore gets tensors whose shapes and dtypes are already checked and consistent (the same dtype
 * across operands unless a method says otherwise; every tensor on this backend's device), and writes
 * its output tensor in full unless a method says it accumulates. It never bumps versions and records
 * nothing for autograd.
 *
 * <p>The CPU's backend runs the Java kernels of {@code dev.nabla.kernel} on heap arrays. Another device
 * (memory reached through the FFM API, say) subclasses this and {@link Storage}, and is found at run time:
 * {@link #register} it, or list a {@link BackendProvider} for {@link java.util.ServiceLoader}. Ops,
 * layers, optimizers and the trainer need no change for it.
 *
 * <p>Index maps and label arrays arrive as host {@code int[]}: the front builds and checks them.
 */
public abstract class Backend {

    /** The device whose memory this backend computes on. */
    public abstract Device device();

    /**
     * New memory for {@code length} elements: zeros when {@code zeroed}, else unspecified contents (the
     * op writes every element). The CPU's comes from the thread's open {@link StepArena}, if any.
     */
    public abstract Storage allocate(DType dtype, int length, boolean zeroed);

    // ---------------------------------------------------------------- in place

    /** Sets every element of {@code t} to {@code value}. */
    public abstract void fill(Tensor t, double value);

    /** {@code dst = src} (same dtype and size). */
    public abstract void copy(Tensor src, Tensor dst);

    /** {@code y += alpha·x} (same dtype and shape). */
    public abstract void axpy(double alpha, Tensor x, Tensor y);

    // ---------------------------------------------------------------- elementwise

    /*
     * The elementwise ops below write every element of out: their callers hand them uninitialized tensors
     * (an array a step arena lends back may hold anything), since zeroing first was a pass over memory.
     */

    /** {@code out = a op b}, {@code a} and {@code b} broadcast (NumPy) to out's shape. */
    public abstract void binary(BinaryOp op, Tensor a, Tensor b, Tensor out);

    /** {@code out = op(x)}. */
    public abstract void unary(UnaryOp op, Tensor x, Tensor out);

    /** {@code out = min(max(x, lo), hi)}. */
    public abstract void clamp(Tensor x, double lo, double hi, Tensor out);

    /** {@code out = x} converted to out's dtype (any two dtypes; to int32 only exact integers). */
    public abstract void cast(Tensor x, Tensor out);

    /** {@code out = erf(x)} (see {@code kernel.ErrorFunction}). */
    public abstract void erf(Tensor x, Tensor out);

    /** Replaces every NaN and infinity of {@code t} by 0, in place. */
    public abstract void zeroNonFinite(Tensor t);

    /**
     * {@code y[r][j] = act(y[r][j] + bias[j])} over the rows of {@code y} (its last axis), in place;
     * {@code bias} is null or has y's dtype and last-axis size. {@code slope}: leaky ReLU's.
     */
    public abstract void biasActivation(FusedActivation act, Tensor y, Tensor bias, double slope);

    /** {@code out = g·act'}, read off the activation's output {@code y} (same shape and dtype as g). */
    public abstract void activationBackward(FusedActivation act, Tensor g, Tensor y, double slope, Tensor out);

    // ---------------------------------------------------------------- reductions

    /** {@code out} (x's shape with {@code axis} of size 1) = the reduction of x over {@code axis} (size &gt; 0). */
    public abstract void reduce(ReduceOp op, Tensor x, int axis, Tensor out);

    /** {@code out} (int32) = the index of the first maximum (or minimum) of x along {@code axis}. */
    public abstract void argReduce(boolean max, Tensor x, int axis, Tensor out);

    /** True if no element of {@code t} is NaN or infinite. */
    public abstract boolean allFinite(Tensor t);

    /**
     * True if no element of any of {@code ts} (floating, on this device) is NaN or infinite: the trainer's
     * check of every gradient each step. One answer for all, so a device that must wait for its queue to
     * answer waits once (the CUDA backend's single wait instead of one per parameter); the CPU's asks
     * {@link #allFinite(Tensor)} of each in order and stops at the first that is not.
     */
    public boolean allFinite(java.util.List<Tensor> ts) {
        for (Tensor t : ts) {
            if (!allFinite(t)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Cross-entropy of logits [N, C] against host {@code labels} (each in [0, C)), row by row in float64:
     * {@code lse[i] = logsumexp(z_i)}, {@code rowLoss[i] = lse[i] - z_i[labels[i]]}.
     */
    public abstract void crossEntropyRows(Tensor logits, int[] labels, double[] lse, double[] rowLoss);

    /** {@code out[i][j] = (exp(z_ij - lse[i]) - [j == labels[i]])·scale}, the gradient of those rows. */
    public abstract void crossEntropyGrad(Tensor logits, int[] labels, double[] lse, double scale, Tensor out);

    // ---------------------------------------------------------------- layout

    /** {@code out[i] = x[map[i]]}. */
    public abstract void take(Tensor x, int[] map, Tensor out);

    /** {@code out[map[i]] += g[i]} in order of i, into out's current contents (zeros from the front). */
    public abstract void scatterAdd(Tensor g, int[] map, Tensor out);

    /** Whole slices of x along {@code axis} at {@code indices} (checked), in that order. */
    public abstract void select(Tensor x, int axis, int[] indices, Tensor out);

    /** The adjoint of {@link #select}: each slice of g added, in g's order, into out (zeros from the front). */
    public abstract void scatterSelected(Tensor g, int axis, int[] indices, Tensor out);

    /** {@code parts} (same dtype, equal outside {@code axis}) joined along {@code axis}. */
    public abstract void concat(Tensor[] parts, int axis, Tensor out);

    // ---------------------------------------------------------------- products

    /**
     * {@code out[t] = op(a[aMap[t]])·op(b[bMap[t]])} over the batch of out (its axes before the last two),
     * {@code op} transposing a matrix when its flag is set; the maps give each operand's matrix index.
     */
    public abstract void matmul(Tensor a, boolean transA, Tensor b, boolean transB, int[] aMap, int[] bMap, Tensor out);

    /** {@code out = op(a)·op(b)} of two matrices, overwriting out [m, n]. */
    public abstract void matmul2d(Tensor a, boolean transA, Tensor b, boolean transB, Tensor out);

    /**
     * A dense layer's product {@code out = x·wᵀ + bias}: x [m, k], w [n, k] read transposed, bias [n] as
     * every sum's starting value. With {@code fixedWeights} (nothing records) a backend may read w from a
     * cache of its own (the CPU's packed weights), giving the same bits.
     */
    public abstract void linear(Tensor x, Tensor w, Tensor bias, boolean fixedWeights, Tensor out);

    // ---------------------------------------------------------------- convolution and pooling (NCHW)

    /**
     * {@code out [N, O, outH, outW]} = the convolution of {@code x [N, C, H, W]} with {@code w [O, C/G, kh,
     * kw]}, plus {@code bias [O]} (or null), over the geometry {@code s}.
     */
    public abstract void conv2d(Tensor x, Tensor w, Tensor bias, ConvGeometry s, Tensor out);

    /**
     * {@link #conv2d} with {@code act} applied to out ({@code slope}: leaky ReLU's). This default runs the two
     * one after the other; the CPU applies the activation to each thread's share of out as it is computed.
     */
    public void conv2d(Tensor x, Tensor w, Tensor bias, ConvGeometry s, FusedActivation act, double slope, Tensor out) {
        conv2d(x, w, bias, s, out);
        if (act != FusedActivation.IDENTITY) {
            biasActivation(act, out, null, slope);
        }
    }

    /** {@code dx [N, C, H, W]} = the gradient of {@link #conv2d} at its input, given {@code g} shaped like out. */
    public abstract void conv2dInputGrad(Tensor g, Tensor w, ConvGeometry s, Tensor dx);

    /** {@code dw [O, C/G, kh, kw]} = the gradient of {@link #conv2d} at the weight, summed over the batch. */
    public abstract void conv2dWeightGrad(Tensor g, Tensor x, ConvGeometry s, Tensor dw);

    /**
     * Max pooling of every plane: {@code out} the maxima, {@code argmax} (int32, out's shape) each one's
     * position y·W + x within its plane, for {@link #maxPool2dBackward}.
     */
    public abstract void maxPool2d(Tensor x, ConvGeometry s, Tensor out, Tensor argmax);

    /** {@code dx} = g routed to each window's maximum (added where windows share one). */
    public abstract void maxPool2dBackward(Tensor g, Tensor argmax, ConvGeometry s, Tensor dx);

    /** Average pooling; {@code countPad}: padded positions count in the divisor (PyTorch's default). */
    public abstract void avgPool2d(Tensor x, ConvGeometry s, boolean countPad, Tensor out);

    /** {@code dx} = the gradient of {@link #avgPool2d}. */
    public abstract void avgPool2dBackward(Tensor g, ConvGeometry s, boolean countPad, Tensor dx);

    /**
     * Batch normalisation of {@code x [N, C, ...]} per channel (axis 1): {@code out = (x − mean) / √(var +
     * eps) · weight + bias}, weight and bias [C] or null. With {@code batchStats} the batch's mean and
     * biased variance are written into {@code mean} and {@code var} [C], and out must be what a call
     * without {@code batchStats} gives from them (the defaults of {@link #batchNormReluBackward} recompute
     * the output that way); else those are read (the running statistics). All in x's dtype.
     */
    public abstract void batchNorm(Tensor x, Tensor weight, Tensor bias, Tensor mean, Tensor var, boolean batchStats,
                                   double eps, Tensor out);

    /**
     * The gradients of {@link #batchNorm} given g shaped like x: {@code dx}, {@code dweight}, {@code dbias}
     * (each may be null: not wanted), from the same mean and var; with {@code batchStats} dx includes the
     * statistics' own gradient.
     */
    public abstract void batchNormBackward(Tensor g, Tensor x, Tensor weight, Tensor mean, Tensor var, boolean batchStats,
                                           double eps, Tensor dx, Tensor dweight, Tensor dbias);

    /**
     * {@link #batchNorm} followed by ReLU: {@code out = max(batchNorm(x), 0)}. This default runs the two one
     * after the other; the CPU makes one pass and never stores the normalised values.
     */
    public void batchNormRelu(Tensor x, Tensor weight, Tensor bias, Tensor mean, Tensor var, boolean batchStats,
                              double eps, Tensor out) {
        batchNorm(x, weight, bias, mean, var, batchStats, eps, out);
        biasActivation(FusedActivation.RELU, out, null, 0);
    }

    /**
     * The gradients of {@link #batchNormRelu}, as {@link #batchNormBackward}'s, with the same mean and var
     * (after a forward with {@code batchStats}: the batch's, as it wrote them). This default recomputes the
     * forward's output from x to mask g, then runs {@link #batchNormBackward}; the CPU masks g as it reads it.
     */
    public void batchNormReluBackward(Tensor g, Tensor x, Tensor weight, Tensor bias, Tensor mean, Tensor var,
                                      boolean batchStats, double eps, Tensor dx, Tensor dweight, Tensor dbias) {
        Tensor y = Tensor.uninitialized(this, x.dtype(), x.shape());
        batchNormRelu(x, weight, bias, mean, var, false, eps, y);
        Tensor masked = Tensor.uninitialized(this, g.dtype(), g.shape());
        activationBackward(FusedActivation.RELU, g, y, 0, masked);
        batchNormBackward(masked, x, weight, mean, var, batchStats, eps, dx, dweight, dbias);
    }

    // ---------------------------------------------------------------- optimizer updates, in place

    /** Adam's update ({@code vMax} not null: AMSGrad); see {@link OptimStep.Adam}. */
    public abstract void adam(OptimStep.Adam s, Tensor param, Tensor grad, Tensor m, Tensor v, Tensor vMax);

    /** {@code θ ← θ − lr·g}. */
    public abstract void sgd(double lr, Tensor param, Tensor grad);

    /** SGD with (Nesterov) momentum over the buffer {@code buf}; see {@link OptimStep.Momentum}. */
    public abstract void momentum(OptimStep.Momentum s, Tensor param, Tensor grad, Tensor buf);

    /** RMSprop's update; {@code gradAvg} (centered) and {@code buf} (momentum) may be null. */
    public abstract void rmsprop(OptimStep.Rmsprop s, Tensor param, Tensor grad, Tensor squareAvg, Tensor gradAvg, Tensor buf);

    /** AdaGrad's update over the running sum of squares. */
    public abstract void adagrad(OptimStep.Adagrad s, Tensor param, Tensor grad, Tensor sum);

    /** {@code Σ clamp(g, −clip, clip)²} in a fixed order. */
    public abstract double sumSquares(Tensor g, double clip);

    /** {@code out = clamp(g, −clip, clip)·scale + wd·θ}. */
    public abstract void clipScaleDecay(Tensor g, Tensor theta, double clip, double scale, double wd, Tensor out);

    /** {@code x ← x·factor}. */
    public abstract void scale(Tensor x, double factor);

    // ---------------------------------------------------------------- for implementations and the front

    /** The memory of {@code t}, for a backend to reach its own storage type. */
    protected static Storage storage(Tensor t) {
        return t.storage();
    }

    /** The CPU's backend: the Java kernels on heap arrays. */
    public static Backend cpu() {
        return CpuBackend.INSTANCE;
    }

    /** The backend of {@code device}: the CPU's, a registered one, or one a {@link BackendProvider} opens. */
    public static Backend forDevice(Device device) {
        return Backends.forDevice(device);
    }

    /** Makes {@code backend} the one of its device from now on (replacing any before it). */
    public static void register(Backend backend) {
        Backends.register(backend);
    }

    /** The backend of {@code t}'s memory. */
    static Backend of(Tensor t) {
        return t.storage().backend();
    }

    /** The backend of two operands, which must be on one device: else an error naming the op and both. */
    static Backend of(String op, Tensor a, Tensor b) {
        Backend be = a.storage().backend();
        if (b.storage().backend() != be) {
            throw Backends.mixed(op, a, b);
        }
        return be;
    }

    /** As {@link #of(String, Tensor, Tensor)} for three operands ({@code c} may be null). */
    static Backend of(String op, Tensor a, Tensor b, Tensor c) {
        Backend be = of(op, a, b);
        if (c != null && c.storage().backend() != be) {
            throw Backends.mixed(op, a, c);
        }
        return be;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + device() + ")";
    }
}
