package dev.nabla.loss;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.Device;
import dev.nabla.tensor.LayoutMath;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What the losses share: the checks made at the call (so a mistake is reported by the loss that
 * received it, with both shapes), class-label handling, and the few stable composites that
 * {@link Tensor} does not offer as one op. Everything here is built from differentiable Tensor ops.
 */
final class LossChecks {
    /** PyTorch's BCELoss floor for log(p): keeps p = 0 or 1 finite (a loss of at most 100 per element). */
    static final double LOG_FLOOR = -100;

    private LossChecks() {}

    /** Refuses a missing reduction where the loss is configured. */
    static void reduction(String loss, Reduction reduction) {
        Objects.requireNonNull(reduction, loss + ": reduction must not be null (use Reduction.MEAN, SUM or NONE)");
    }

    /** Refuses int32 where values are expected, saying how to convert. */
    static void floating(String loss, String role, Tensor t) {
        if (!t.dtype().isFloating()) {
            throw new IllegalArgumentException(loss + ": " + role + " must be float32 or float64, got " + t.dtype()
                    + " " + t.shape() + " (convert with to(DType.FLOAT32))");
        }
    }

    /**
     * Prediction and target must be floating and of one shape. Losses never broadcast: a [32, 1]
     * prediction against a [32] target would otherwise give a [32, 32] loss that trains on nonsense.
     */
    static void sameShape(String loss, Tensor prediction, Tensor target) {
        sameShape(loss, "prediction", prediction, target);
    }

    /** As {@link #sameShape(String, Tensor, Tensor)}, with the first input named {@code role} (e.g. "mean"). */
    static void sameShape(String loss, String role, Tensor prediction, Tensor target) {
        floating(loss, role, prediction);
        floating(loss, "target", target);
        if (!prediction.shape().equals(target.shape())) {
            String msg = loss + ": " + role + " " + prediction.shape() + " and target " + target.shape() + " differ in shape";
            if (prediction.size() == target.size()) {
                msg += "; losses do not broadcast, so reshape one to the other's shape (e.g. target.reshape("
                        + join(prediction.shape().dims()) + "))";
            }
            throw new IllegalArgumentException(msg);
        }
    }

    /**
     * Refuses a NaN or infinite value: a NaN target makes every gradient NaN, and training would stop at the
     * first batch blaming the loss, not the data.
     */
    static void finite(String loss, String role, Tensor t) {
        if (dev.nabla.tensor.ReduceMath.allFinite(t)) {
            return;
        }
        double[] v = t.toDoubleArray();
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException(loss + ": " + role + " must be finite, got " + v[i] + " at index "
                        + position(i, t.shape()) + " (drop or fill the sample in the data)");
            }
        }
    }

    /** BCELoss takes probabilities; a value outside [0, 1] is almost always a logit passed by mistake. */
    static void probabilities(String loss, Tensor p) {
        int n = p.size();
        Object data = LayoutMath.toDevice(p, Device.CPU).data(); // the tensor itself on the CPU
        for (int i = 0; i < n; i++) {
            double v = data instanceof float[] f ? f[i] : ((double[]) data)[i];
            if (!(v >= 0 && v <= 1)) {
                throw new IllegalArgumentException(loss + ": prediction must hold probabilities in [0, 1], got " + v
                        + " at index " + position(i, p.shape()) + " (apply sigmoid first, or use"
                        + " BinaryCrossEntropyWithLogits on logits)");
            }
        }
    }

    /**
     * log(x), clamped below at -100 as PyTorch's BCELoss does, so x = 0 gives -100 rather than -inf.
     * Trap: {@code x.log().clamp(-100, inf)} would give the right value but a NaN gradient at x = 0
     * (0 from the clamp times 1/0 from the log). So x = 0 is first replaced by 1 through a 0/1 mask
     * (whose gradient is 0 there) and -100 is added where the mask is 0. Where the clamp bites the
     * gradient is 0, the derivative of the clamped forward (PyTorch instead uses (p - y)/max(p(1-p), 1e-12)).
     */
    static Tensor clampedLog(Tensor x) {
        Tensor positive = x.gt(0);
        Tensor zero = positive.neg().add(1);
        Tensor safe = x.mul(positive).add(zero);
        return safe.log().add(zero.mul(LOG_FLOOR)).clamp(LOG_FLOOR, Double.POSITIVE_INFINITY);
    }

    /**
     * softplus(u) = log(1 + exp(u)), stably and with the exact gradient sigmoid(u) everywhere, as
     * logSumExp over the pair (0, u). Trap: the textbook form max(u, 0) + log(1 + exp(-|u|)) has the
     * right value, but relu'(0) = |u|'(0) = 0 make its autograd gradient 0 at u = 0 instead of 1/2,
     * and u = 0 is where a zero-initialised output layer starts.
     */
    static Tensor softplus(Tensor u) {
        int axis = u.rank();
        return Tensor.stack(axis, Tensor.zerosLike(u), u).logSumExp(axis);
    }

    /** Class-index targets ready for gather: indices shaped like the input with axis 1 of size 1. */
    record Labels(Tensor index, Tensor keep, int kept) {}

    /** The input of a classification loss: floating, with classes on axis 1 ([N, C] or [N, C, d1, ...]). */
    static void classInput(String loss, String role, Tensor input) {
        floating(loss, role, input);
        if (input.rank() < 2) {
            throw new IllegalArgumentException(loss + ": " + role + " must be [N, C] or [N, C, d1, ...] (classes on"
                    + " axis 1), got " + input.shape() + (input.rank() == 1
                            ? "; for one sample use reshape(1, " + input.dim(0) + ")" : ""));
        }
    }

    /**
     * Validates int32 class labels against the input (shape = input without axis 1, each label in
     * [0, C) or equal to ignoreIndex) and builds the gather index and, if some labels are ignored,
     * a 0/1 mask of the kept positions.
     */
    static Labels labels(String loss, String role, Tensor input, Tensor target, int ignoreIndex) {
        Shape expected = withoutClassAxis(input.shape());
        if (target.dtype() != DType.INT32) {
            throw new IllegalArgumentException(loss + ": target must be int32 class indices of shape " + expected
                    + ", got " + target.dtype() + " " + target.shape() + " (convert with target.to(DType.INT32))");
        }
        if (!target.shape().equals(expected)) {
            throw new IllegalArgumentException(loss + ": class-index target " + target.shape() + " must have shape "
                    + expected + " (the " + role + " " + input.shape() + " without the class axis 1)");
        }
        int classes = input.dim(1);
        int[] y = target.toIntArray();
        double[] keep = null;
        int kept = y.length;
        for (int i = 0; i < y.length; i++) {
            if (y[i] == ignoreIndex) {
                if (keep == null) {
                    keep = new double[y.length];
                    Arrays.fill(keep, 1);
                }
                keep[i] = 0;
                y[i] = 0;
                kept--;
            } else if (y[i] < 0 || y[i] >= classes) {
                throw new IllegalArgumentException(loss + ": label " + y[i] + " at target index "
                        + position(i, target.shape()) + " is out of range for " + classes + " classes (valid: 0 to "
                        + (classes - 1) + ", or ignoreIndex " + ignoreIndex + ")");
            }
        }
        int[] indexDims = input.shape().dims();
        indexDims[1] = 1;
        Tensor keepMask = keep == null ? null : Tensor.of(input.dtype(), keep, expected.dims()).to(input.device());
        return new Labels(Tensor.of(y, indexDims).to(input.device()), keepMask, kept);
    }

    /** Each position's entry at its label: [N, C, ...] to the target's shape [N, ...]. */
    static Tensor pick(Tensor input, Labels labels) {
        return input.gather(1, labels.index()).squeeze(1);
    }

    /** Reduces per-position losses, leaving out ignored labels; MEAN divides by the kept count (PyTorch). */
    static Tensor reduceKept(Reduction reduction, Tensor perElement, Labels labels) {
        if (labels.keep() == null) {
            return reduction.reduce(perElement);
        }
        Tensor masked = perElement.mul(labels.keep());
        return switch (reduction) {
            case NONE -> masked;
            case SUM -> masked.sum();
            case MEAN -> masked.sum().div(labels.kept());
        };
    }

    /** The input's shape without axis 1 (the class axis). */
    static Shape withoutClassAxis(Shape s) {
        int[] d = new int[s.rank() - 1];
        for (int i = 0, j = 0; i < s.rank(); i++) {
            if (i != 1) {
                d[j++] = s.dim(i);
            }
        }
        return Shape.of(d);
    }

    /** A flat index as coordinates, e.g. {@code [1, 2]}. */
    static String position(int flat, Shape shape) {
        int[] dims = shape.dims();
        int[] idx = new int[dims.length];
        for (int d = dims.length - 1; d >= 0; d--) {
            idx[d] = flat % dims[d];
            flat /= dims[d];
        }
        return Arrays.toString(idx);
    }

    static String join(int[] dims) {
        return Arrays.stream(dims).mapToObj(Integer::toString).collect(Collectors.joining(", "));
    }
}
