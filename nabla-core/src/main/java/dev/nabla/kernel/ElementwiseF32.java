package dev.nabla.kernel;

/**
 * Elementwise loops over {@code float[]}: one SIMD path and its scalar twin per operation.
 *
 * <p>Operands are (array, offset) pairs; a stride of 0 means "the same scalar for every element", which
 * is how broadcasting reaches this layer. The SIMD path rounds exactly like the scalar one.
 *
 * <p>EXP, LOG, TANH and SIGMOID go through {@link PolyMath}: in float32 its own fma polynomials, vectorised
 * and with the same bits in every JIT tier, lane and tail; in float64 {@code Math}'s functions. The Vector
 * API's transcendental functions are never used: they give different bits once C2 compiles the loop than
 * before (intrinsic versus Java fallback), which would break "same seed, same bits". POW runs through
 * {@code Math.pow} in both modes.
 *
 * <p>The vector loops live in {@link ElementwiseSimdF32}, which returns how far it got; the scalar loop
 * here does the rest (all of it in scalar mode). This class names no Vector API type, so it loads and
 * runs in a JVM without the {@code jdk.incubator.vector} module.
 */
public final class ElementwiseF32 {

    private ElementwiseF32() {}

    /** out[i] = a[i*sa] op b[i*sb] for i in [0, n); strides are 0 or 1. */
    public static void binary(BinaryOp op, float[] a, int ao, int sa, float[] b, int bo, int sb,
                              float[] out, int oo, int n) {
        int i = KernelMode.vector() && op != BinaryOp.POW
                ? ElementwiseSimdF32.binary(op, a, ao, sa, b, bo, sb, out, oo, n) : 0;
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
        if (transcendental(op)) {
            PolyMath.unary(op, x, xo, out, oo, n);
            return;
        }
        int i = KernelMode.vector() ? ElementwiseSimdF32.unary(op, x, xo, out, oo, n) : 0;
        for (; i < n; i++) {
            out[oo + i] = apply(op, x[xo + i]);
        }
    }

    /**
     * out[i] = max(x[i], 0), NaN staying NaN: its own loop because it is on every hidden layer's path,
     * and {@link #unary}'s per-op switch inside the vector loop costs a boxed vector per iteration.
     */
    public static void relu(float[] x, int xo, float[] out, int oo, int n) {
        int i = KernelMode.vector() ? ElementwiseSimdF32.relu(x, xo, out, oo, n) : 0;
        for (; i < n; i++) {
            out[oo + i] = Math.max(x[xo + i], 0f);
        }
    }

    /** out[i] = min(max(x[i], lo), hi); NaN stays NaN. */
    public static void clamp(float[] x, int xo, float lo, float hi, float[] out, int oo, int n) {
        int i = KernelMode.vector() ? ElementwiseSimdF32.clamp(x, xo, lo, hi, out, oo, n) : 0;
        for (; i < n; i++) {
            out[oo + i] = Math.min(Math.max(x[xo + i], lo), hi);
        }
    }

    /** y[i] += alpha * x[i]: the accumulation step of gradients and optimizers. */
    public static void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n) {
        int i = KernelMode.vector() ? ElementwiseSimdF32.axpy(alpha, x, xo, y, yo, n) : 0;
        for (; i < n; i++) {
            y[yo + i] = Math.fma(x[xo + i], alpha, y[yo + i]);
        }
    }

    /**
     * out[i] = x[i] where x[i] &gt; 0, else slope·x[i] (leaky ReLU; NaN stays NaN). May run in place
     * (out = x, same offset).
     */
    public static void leakyRelu(float slope, float[] x, int xo, float[] out, int oo, int n) {
        int i = KernelMode.vector() ? ElementwiseSimdF32.leakyRelu(slope, x, xo, out, oo, n) : 0;
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
        int i = KernelMode.vector() ? ElementwiseSimdF32.reluBackward(g, go, y, yo, out, oo, n) : 0;
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
        int i = KernelMode.vector() ? ElementwiseSimdF32.leakyReluBackward(slope, g, go, y, yo, out, oo, n) : 0;
        for (; i < n; i++) {
            float v = y[yo + i];
            out[oo + i] = g[go + i] * (v > 0f ? 1f : v < 0f ? slope : 0f);
        }
    }

    /** out[i] = g[i]·(1 − y[i]·y[i]): tanh's backward from its output y = tanh(x). */
    public static void tanhBackward(float[] g, int go, float[] y, int yo, float[] out, int oo, int n) {
        int i = KernelMode.vector() ? ElementwiseSimdF32.tanhBackward(g, go, y, yo, out, oo, n) : 0;
        for (; i < n; i++) {
            float v = y[yo + i];
            out[oo + i] = g[go + i] * (1f - v * v);
        }
    }

    /** out[i] = g[i]·(y[i]·(1 − y[i])): the logistic sigmoid's backward from its output y = s(x). */
    public static void sigmoidBackward(float[] g, int go, float[] y, int yo, float[] out, int oo, int n) {
        int i = KernelMode.vector() ? ElementwiseSimdF32.sigmoidBackward(g, go, y, yo, out, oo, n) : 0;
        for (; i < n; i++) {
            float v = y[yo + i];
            out[oo + i] = g[go + i] * (v * (1f - v));
        }
    }

    /** The unary ops that {@link #unary} hands to {@link PolyMath} (see the class comment). */
    private static boolean transcendental(UnaryOp op) {
        return switch (op) {
            case EXP, LOG, TANH, SIGMOID -> true;
            default -> false;
        };
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

    static float apply(UnaryOp op, float x) {
        return switch (op) {
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case EXP -> PolyMath.exp(x);
            case LOG -> PolyMath.log(x);
            case SQRT -> (float) Math.sqrt(x);
            case TANH -> PolyMath.tanh(x);
            case SIGMOID -> PolyMath.sigmoid(x);
            case RELU -> Math.max(x, 0f);
            case SIGN -> Math.signum(x);
            case STEP -> x > 0f ? 1f : (x != x ? Float.NaN : 0f);
            case SQUARE -> x * x;
            case RECIPROCAL -> 1f / x;
        };
    }
}
