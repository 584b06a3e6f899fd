package dev.nabla.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Elementwise loops over {@code float[]}: one SIMD path and its scalar twin per operation.
 *
 * <p>Operands are (array, offset) pairs; a stride of 0 means "the same scalar for every element", which
 * is how broadcasting reaches this layer. The SIMD path rounds exactly like the scalar one.
 *
 * <p>EXP, LOG, TANH, SIGMOID and POW run through {@code Math} in both modes: the Vector API's
 * transcendental functions give different bits once C2 compiles the loop than before (intrinsic versus
 * Java fallback), so the same input would change its result during warm-up and break "same seed, same
 * bits". {@code Math}'s functions give the same bits in every tier.
 */
public final class ElementwiseF32 {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private ElementwiseF32() {}

    /** out[i] = a[i*sa] op b[i*sb] for i in [0, n); strides are 0 or 1. */
    public static void binary(BinaryOp op, float[] a, int ao, int sa, float[] b, int bo, int sb,
                              float[] out, int oo, int n) {
        int i = 0;
        if (KernelMode.vector() && op != BinaryOp.POW) {
            int upper = S.loopBound(n);
            if (sa == 1 && sb == 1) {
                for (; i < upper; i += S.length()) {
                    apply(op, FloatVector.fromArray(S, a, ao + i), FloatVector.fromArray(S, b, bo + i))
                            .intoArray(out, oo + i);
                }
            } else if (sa == 0 && sb == 1) {
                FloatVector va = FloatVector.broadcast(S, a[ao]);
                for (; i < upper; i += S.length()) {
                    apply(op, va, FloatVector.fromArray(S, b, bo + i)).intoArray(out, oo + i);
                }
            } else if (sa == 1 && sb == 0) {
                FloatVector vb = FloatVector.broadcast(S, b[bo]);
                for (; i < upper; i += S.length()) {
                    apply(op, FloatVector.fromArray(S, a, ao + i), vb).intoArray(out, oo + i);
                }
            }
        }
        for (; i < n; i++) {
            out[oo + i] = apply(op, a[ao + i * sa], b[bo + i * sb]);
        }
    }

    /** out[i] = op(x[i]) for i in [0, n). */
    public static void unary(UnaryOp op, float[] x, int xo, float[] out, int oo, int n) {
        if (op == UnaryOp.RELU) {
            relu(x, xo, out, oo, n);
            return;
        }
        int i = 0;
        if (KernelMode.vector() && !transcendental(op)) {
            int upper = S.loopBound(n);
            for (; i < upper; i += S.length()) {
                apply(op, FloatVector.fromArray(S, x, xo + i)).intoArray(out, oo + i);
            }
        }
        for (; i < n; i++) {
            out[oo + i] = apply(op, x[xo + i]);
        }
    }

    /**
     * out[i] = max(x[i], 0), NaN staying NaN: its own loop because it is on every hidden layer's path,
     * and {@link #unary}'s per-op switch inside the vector loop costs a boxed vector per iteration.
     */
    public static void relu(float[] x, int xo, float[] out, int oo, int n) {
        int i = 0;
        if (KernelMode.vector()) {
            for (int upper = S.loopBound(n); i < upper; i += S.length()) {
                FloatVector.fromArray(S, x, xo + i).max(0f).intoArray(out, oo + i);
            }
        }
        for (; i < n; i++) {
            out[oo + i] = Math.max(x[xo + i], 0f);
        }
    }

    /** out[i] = min(max(x[i], lo), hi); NaN stays NaN. */
    public static void clamp(float[] x, int xo, float lo, float hi, float[] out, int oo, int n) {
        int i = 0;
        if (KernelMode.vector()) {
            int upper = S.loopBound(n);
            for (; i < upper; i += S.length()) {
                FloatVector.fromArray(S, x, xo + i).max(lo).min(hi).intoArray(out, oo + i);
            }
        }
        for (; i < n; i++) {
            out[oo + i] = Math.min(Math.max(x[xo + i], lo), hi);
        }
    }

    /** y[i] += alpha * x[i]: the accumulation step of gradients and optimizers. */
    public static void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        if (KernelMode.vector()) {
            int upper = S.loopBound(n);
            FloatVector va = FloatVector.broadcast(S, alpha);
            for (; i < upper; i += S.length()) {
                FloatVector.fromArray(S, x, xo + i).fma(va, FloatVector.fromArray(S, y, yo + i)).intoArray(y, yo + i);
            }
        }
        for (; i < n; i++) {
            y[yo + i] = Math.fma(x[xo + i], alpha, y[yo + i]);
        }
    }

    /**
     * out[i] = x[i] where x[i] &gt; 0, else slope·x[i] (leaky ReLU; NaN stays NaN). May run in place
     * (out = x, same offset).
     */
    public static void leakyRelu(float slope, float[] x, int xo, float[] out, int oo, int n) {
        int i = 0;
        if (KernelMode.vector()) {
            int upper = S.loopBound(n);
            for (; i < upper; i += S.length()) {
                FloatVector v = FloatVector.fromArray(S, x, xo + i);
                v.mul(slope).blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(out, oo + i);
            }
        }
        for (; i < n; i++) {
            float v = x[xo + i];
            out[oo + i] = v > 0f ? v : slope * v;
        }
    }

    // The activation backward passes below are one loop each where the composite would build a mask,
    // a product and a difference as tensors. Each computes exactly what that composite computes (same
    // operations, same rounding, no fma), so fused and composite gradients are the same bits.

    /**
     * out[i] = g[i]·(y[i] &gt; 0 ? 1 : 0): ReLU's backward, from its input or its output (the mask is
     * the same). Strict, so the kink at 0 passes no gradient (relu'(0) = 0, as PyTorch).
     */
    public static void reluBackward(float[] g, int go, float[] y, int yo, float[] out, int oo, int n) {
        int i = 0;
        if (KernelMode.vector()) {
            int upper = S.loopBound(n);
            for (; i < upper; i += S.length()) {
                FloatVector mask = ones(FloatVector.fromArray(S, y, yo + i).compare(VectorOperators.GT, 0f));
                FloatVector.fromArray(S, g, go + i).mul(mask).intoArray(out, oo + i);
            }
        }
        for (; i < n; i++) {
            out[oo + i] = g[go + i] * (y[yo + i] > 0f ? 1f : 0f);
        }
    }

    /**
     * out[i] = g[i]·(y[i] &gt; 0 ? 1 : y[i] &lt; 0 ? slope : 0): leaky ReLU's backward from its output
     * y (for slope &gt; 0, y has x's sign; the gradient at 0 is 0, as relu's). Trap: a negative x so tiny
     * that slope·x underflows to -0 reads as 0 here and passes no gradient instead of slope·g.
     */
    public static void leakyReluBackward(float slope, float[] g, int go, float[] y, int yo, float[] out, int oo, int n) {
        int i = 0;
        if (KernelMode.vector()) {
            int upper = S.loopBound(n);
            for (; i < upper; i += S.length()) {
                FloatVector v = FloatVector.fromArray(S, y, yo + i);
                FloatVector d = FloatVector.zero(S).blend(slope, v.compare(VectorOperators.LT, 0f))
                        .blend(1f, v.compare(VectorOperators.GT, 0f));
                FloatVector.fromArray(S, g, go + i).mul(d).intoArray(out, oo + i);
            }
        }
        for (; i < n; i++) {
            float v = y[yo + i];
            out[oo + i] = g[go + i] * (v > 0f ? 1f : v < 0f ? slope : 0f);
        }
    }

    /** out[i] = g[i]·(1 − y[i]·y[i]): tanh's backward from its output y = tanh(x). */
    public static void tanhBackward(float[] g, int go, float[] y, int yo, float[] out, int oo, int n) {
        int i = 0;
        if (KernelMode.vector()) {
            int upper = S.loopBound(n);
            FloatVector one = FloatVector.broadcast(S, 1f);
            for (; i < upper; i += S.length()) {
                FloatVector v = FloatVector.fromArray(S, y, yo + i);
                FloatVector.fromArray(S, g, go + i).mul(one.sub(v.mul(v))).intoArray(out, oo + i);
            }
        }
        for (; i < n; i++) {
            float v = y[yo + i];
            out[oo + i] = g[go + i] * (1f - v * v);
        }
    }

    /** out[i] = g[i]·(y[i]·(1 − y[i])): the logistic sigmoid's backward from its output y = s(x). */
    public static void sigmoidBackward(float[] g, int go, float[] y, int yo, float[] out, int oo, int n) {
        int i = 0;
        if (KernelMode.vector()) {
            int upper = S.loopBound(n);
            FloatVector one = FloatVector.broadcast(S, 1f);
            for (; i < upper; i += S.length()) {
                FloatVector v = FloatVector.fromArray(S, y, yo + i);
                FloatVector.fromArray(S, g, go + i).mul(v.mul(one.sub(v))).intoArray(out, oo + i);
            }
        }
        for (; i < n; i++) {
            float v = y[yo + i];
            out[oo + i] = g[go + i] * (v * (1f - v));
        }
    }

    /** The unary ops that {@link #unary} computes with {@code Math} in both modes (see the class comment). */
    private static boolean transcendental(UnaryOp op) {
        return switch (op) {
            case EXP, LOG, TANH, SIGMOID -> true;
            default -> false;
        };
    }

    static FloatVector apply(BinaryOp op, FloatVector x, FloatVector y) {
        return switch (op) {
            case ADD -> x.add(y);
            case SUB -> x.sub(y);
            case MUL -> x.mul(y);
            case DIV -> x.div(y);
            case MAX -> x.max(y);
            case MIN -> x.min(y);
            case POW -> throw new AssertionError("POW runs through Math.pow, not the Vector API");
            case GT -> ones(x.compare(VectorOperators.GT, y));
            case GE -> ones(x.compare(VectorOperators.GE, y));
            case LT -> ones(x.compare(VectorOperators.LT, y));
            case LE -> ones(x.compare(VectorOperators.LE, y));
            case EQ -> ones(x.compare(VectorOperators.EQ, y));
            case NE -> ones(x.compare(VectorOperators.NE, y));
        };
    }

    private static FloatVector ones(VectorMask<Float> m) {
        return FloatVector.zero(S).blend(1f, m);
    }

    static float apply(BinaryOp op, float x, float y) {
        return switch (op) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> x / y;
            case MAX -> Math.max(x, y);
            case MIN -> Math.min(x, y);
            case POW -> (float) Math.pow(x, y);
            case GT -> x > y ? 1f : 0f;
            case GE -> x >= y ? 1f : 0f;
            case LT -> x < y ? 1f : 0f;
            case LE -> x <= y ? 1f : 0f;
            case EQ -> x == y ? 1f : 0f;
            case NE -> x != y ? 1f : 0f;
        };
    }

    static FloatVector apply(UnaryOp op, FloatVector x) {
        return switch (op) {
            case NEG -> x.neg();
            case ABS -> x.abs();
            case EXP, LOG, TANH, SIGMOID -> throw new AssertionError(op + " runs through Math, not the Vector API");
            case SQRT -> x.sqrt();
            // max(x, 0), not (x > 0 ? x : 0): the latter would turn NaN into 0 and hide a diverged run.
            case RELU -> x.max(0f);
            case SIGN -> signOf(x);
            case STEP -> FloatVector.zero(S).blend(1f, x.compare(VectorOperators.GT, 0f)).add(nanOf(x));
            case SQUARE -> x.mul(x);
            case RECIPROCAL -> FloatVector.broadcast(S, 1f).div(x);
        };
    }

    private static FloatVector signOf(FloatVector x) {
        FloatVector pos = FloatVector.zero(S).blend(1f, x.compare(VectorOperators.GT, 0f));
        FloatVector neg = FloatVector.zero(S).blend(1f, x.compare(VectorOperators.LT, 0f));
        return pos.sub(neg).add(nanOf(x));
    }

    /** NaN where x is NaN, else 0: added to a result so NaN inputs stay visible. */
    private static FloatVector nanOf(FloatVector x) {
        return FloatVector.zero(S).blend(Float.NaN, x.compare(VectorOperators.NE, x));
    }

    static float apply(UnaryOp op, float x) {
        return switch (op) {
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case EXP -> (float) Math.exp(x);
            case LOG -> (float) Math.log(x);
            case SQRT -> (float) Math.sqrt(x);
            case TANH -> (float) Math.tanh(x);
            // exp(-x) overflows to +inf for very negative x and 1/inf is the right limit 0: no NaN.
            case SIGMOID -> (float) (1.0 / (1.0 + Math.exp(-x)));
            case RELU -> Math.max(x, 0f);
            case SIGN -> Math.signum(x);
            case STEP -> x > 0f ? 1f : (x != x ? Float.NaN : 0f);
            case SQUARE -> x * x;
            case RECIPROCAL -> 1f / x;
        };
    }
}
