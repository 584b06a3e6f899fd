package dev.nabla.kernel;

/**
 * exp, log, tanh and the logistic sigmoid in float32, computed with the same operations whatever the JIT
 * does: a range reduction and a polynomial written with {@code Math.fma}, additions, multiplications, one
 * division and bit moves only, each of which IEEE 754 rounds exactly one way. So the interpreter, C1, C2
 * and the Vector API loop of {@link PolyMathSimd} (which does the same operations per lane, in the same
 * order) give the same bits, and an element's result does not depend on whether it falls in a vector or
 * in the scalar tail. The JDK's {@code Math.exp} is the same in every tier too, but it is scalar, and the
 * Vector API's own EXP/TANH were seen to change an ulp once C2 compiled a loop.
 *
 * <p>The polynomials are Cephes' single-precision ones (S. Moshier, {@code expf.c}, {@code logf.c},
 * {@code tanhf.c}), evaluated by Horner's rule with fma. Error against the correctly rounded result,
 * stated bounds, checked by {@code PolyMathTest} over a sweep of bit patterns through every binade: exp 1 ulp,
 * log 1 ulp, tanh 1.5 ulp, sigmoid 2.5 ulp (subnormal results of exp and sigmoid, below 2^-126, are within one
 * subnormal step of 2^-149 instead). docs/design.md (Kernels) has the derivation.
 *
 * <p>The float64 overloads are {@code Math}'s functions (the generated float64 kernels call them): the
 * float64 path is the reference GradCheck runs on, and stays as it was.
 */
public final class PolyMath {
    static final float LOG2E = 1.44269504088896341f;
    /** ln 2 in two parts (Cephes): n·LN2_HI is exact for |n| < 2^12, so the reduction loses nothing. */
    static final float LN2_HI = 0.693359375f;
    static final float LN2_LO = -2.12194440e-4f;
    /** 1.5·2^23: adding it rounds to an integer, which then sits in the low bits of the float. */
    static final float ROUND = 12582912f;
    static final int ROUND_BITS = Float.floatToRawIntBits(ROUND);
    /** exp's input is clamped here: below, the result is 0 (or the smallest subnormal); above, infinity. */
    static final float EXP_LO = -104f;
    static final float EXP_HI = 89f;
    static final float[] EXP_P = {1.9875691500E-4f, 1.3981999507E-3f, 8.3334519073E-3f, 4.1665795894E-2f,
        1.6666665459E-1f, 5.0000001201E-1f};
    /** tanh takes its odd polynomial below this |x|, 1 − 2/(e^{2|x|} + 1) above. */
    static final float TANH_SMALL = 0.625f;
    /** Below this |x|, tanh(x) rounds to x itself. */
    static final float TANH_TINY = 0x1p-12f;
    static final float[] TANH_P = {-5.70498872745E-3f, 2.06390887954E-2f, -5.37397155531E-2f, 1.33314422036E-1f,
        -3.33332819422E-1f};
    static final float SQRT_HALF = 0.707106781186547524f;
    static final float[] LOG_P = {7.0376836292E-2f, -1.1514610310E-1f, 1.1676998740E-1f, -1.2420140846E-1f,
        1.4249322787E-1f, -1.6668057665E-1f, 2.0000714765E-1f, -2.4999993993E-1f, 3.3333331174E-1f};
    static final float TWO_23 = 8388608f;

    private PolyMath() {}

    /** out[i] = op(x[i]) for EXP, LOG, TANH, SIGMOID: the vector loop, then this class's scalar code for the tail. */
    static void unary(UnaryOp op, float[] x, int xo, float[] out, int oo, int n) {
        int i = KernelMode.vector() ? PolyMathSimd.unary(op, x, xo, out, oo, n) : 0;
        for (; i < n; i++) {
            out[oo + i] = ElementwiseF32.apply(op, x[xo + i]);
        }
    }

    /** The float64 twin: {@code Math}'s functions, scalar (what the float64 kernels always did). */
    static void unary(UnaryOp op, double[] x, int xo, double[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            out[oo + i] = ElementwiseF64.apply(op, x[xo + i]);
        }
    }

    public static float exp(float x) {
        float c = Math.min(Math.max(x, EXP_LO), EXP_HI);  // NaN stays NaN
        float t = Math.fma(c, LOG2E, ROUND);
        float n = t - ROUND;                               // round(c·log2 e), exactly
        float r = Math.fma(n, -LN2_LO, Math.fma(n, -LN2_HI, c));
        float p = EXP_P[0];
        for (int j = 1; j < EXP_P.length; j++) {
            p = Math.fma(p, r, EXP_P[j]);
        }
        float y = Math.fma(p, r * r, r) + 1f;
        int k = Float.floatToRawIntBits(t) - ROUND_BITS;  // n as an int, in [-150, 128]
        int k1 = k >> 1;
        // 2^k in two normal factors, so that a subnormal or infinite result is rounded once, by the last product
        return y * Float.intBitsToFloat((k1 + 127) << 23) * Float.intBitsToFloat((k - k1 + 127) << 23);
    }

    public static double exp(double x) {
        return Math.exp(x);
    }

    public static float tanh(float x) {
        float z = x * x;  // the vector loop computes both branches; each lane's is this one
        float q = TANH_P[0];
        for (int j = 1; j < TANH_P.length; j++) {
            q = Math.fma(q, z, TANH_P[j]);
        }
        if (Math.abs(x) < TANH_TINY) {
            return x;                      // x³/3 is under half an ulp; keeps -0, which the fma would make +0
        }
        if (Math.abs(x) < TANH_SMALL) {
            return Math.fma(q * z, x, x);
        }
        float e = exp(Math.abs(x) * 2f);
        float large = 1f - 2f / (e + 1f);  // NaN stays NaN; e = inf gives 1
        return Float.intBitsToFloat(Float.floatToRawIntBits(large) | (Float.floatToRawIntBits(x) & 0x8000_0000));
    }

    public static double tanh(double x) {
        return Math.tanh(x);
    }

    /** 1/(1 + e^{-x}) as e/(1 + e) with e = e^{-|x|} for x &lt; 0, so tiny results keep their digits. */
    public static float sigmoid(float x) {
        float e = exp(-Math.abs(x));
        return (x >= 0f ? 1f : e) / (1f + e);
    }

    public static double sigmoid(double x) {
        // exp(-x) overflows to +inf for very negative x and 1/inf is the right limit 0: no NaN.
        return 1.0 / (1.0 + Math.exp(-x));
    }

    public static float log(float x) {
        if (!(x > 0f) || x == Float.POSITIVE_INFINITY) {
            return x == 0f ? Float.NEGATIVE_INFINITY : x > 0f ? x : Float.NaN;
        }
        boolean tiny = x < Float.MIN_NORMAL;
        int bits = Float.floatToRawIntBits(tiny ? x * TWO_23 : x);
        float m = Float.intBitsToFloat((bits & 0x007f_ffff) | 0x3f00_0000);   // in [0.5, 1)
        boolean low = m < SQRT_HALF;
        // (float) of a small int is exact, as PolyMathSimd's bit-built conversion is: the same value
        float e = (float) ((bits >>> 23) - 126) - (tiny ? 23f : 0f) - (low ? 1f : 0f);
        float f = (low ? m + m : m) - 1f;                                     // exact: in [-0.29, 0.41]
        float z = f * f;
        float p = LOG_P[0];
        for (int j = 1; j < LOG_P.length; j++) {
            p = Math.fma(p, f, LOG_P[j]);
        }
        float y = p * f * z;
        y = Math.fma(e, LN2_LO, y);
        y = Math.fma(z, -0.5f, y);
        return Math.fma(e, LN2_HI, f + y);
    }

    public static double log(double x) {
        return Math.log(x);
    }
}
