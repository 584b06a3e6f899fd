package dev.nabla.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link PolyMath}'s float32 functions: within their stated ulp bounds of the correctly rounded result
 * (against {@code Math} in double, whose error is far below a float ulp) over a sweep of bit patterns
 * that covers every binade, the special values, and the same bits in a vector lane, in the scalar tail,
 * in scalar mode and in every JIT tier.
 */
class PolyMathTest {
    /** The bounds docs/design.md states, in float32 ulps of the correctly rounded result. */
    static final double EXP_ULPS = 1.0;
    static final double LOG_ULPS = 1.0;
    static final double TANH_ULPS = 1.5;
    static final double SIGMOID_ULPS = 2.5;

    private final boolean vector = KernelMode.vector();

    @AfterEach
    void restore() {
        KernelMode.setVector(vector);
    }

    /** Every 2053rd positive and negative bit pattern below infinity: about 2 million inputs, all binades. */
    private static float[] sweep() {
        int step = 2053;
        int half = 0x7f80_0000 / step;
        float[] x = new float[2 * half];
        for (int i = 0; i < half; i++) {
            x[2 * i] = Float.intBitsToFloat(i * step + 1);
            x[2 * i + 1] = -x[2 * i];
        }
        return x;
    }

    /** |got - ref| in ulps of the float nearest ref; 0 for matching non-finite values, +inf for a mismatch. */
    static double ulps(float got, double ref) {
        float r = (float) ref;
        if (Float.isNaN(r) || Float.isNaN(got) || Float.isInfinite(r) || Float.isInfinite(got)) {
            return Float.compare(got, r) == 0 || (Float.isNaN(got) && Float.isNaN(r)) ? 0 : Double.POSITIVE_INFINITY;
        }
        return Math.abs(got - ref) / Math.ulp(r);
    }

    private static double worst(UnaryOp op, DoubleUnaryOperator ref, float lo, float hi) {
        float[] x = sweep();
        float[] y = new float[x.length];
        ElementwiseF32.unary(op, x, 0, y, 0, x.length);
        double worst = 0;
        for (int i = 0; i < x.length; i++) {
            if (x[i] >= lo && x[i] <= hi) {
                double e = ulps(y[i], ref.applyAsDouble(x[i]));
                assertTrue(e < Double.POSITIVE_INFINITY, op + "(" + x[i] + ") = " + y[i] + ", want " + ref.applyAsDouble(x[i]));
                worst = Math.max(worst, e);
            }
        }
        return worst;
    }

    @Test
    void withinTheStatedUlpBoundsOfMath() {
        double exp = worst(UnaryOp.EXP, Math::exp, -87.3f, 88.7f);
        double log = worst(UnaryOp.LOG, Math::log, 0f, Float.MAX_VALUE);
        double tanh = worst(UnaryOp.TANH, Math::tanh, -Float.MAX_VALUE, Float.MAX_VALUE);
        double sigmoid = worst(UnaryOp.SIGMOID, v -> 1 / (1 + Math.exp(-v)), -87.3f, Float.MAX_VALUE);
        String seen = "exp " + exp + ", log " + log + ", tanh " + tanh + ", sigmoid " + sigmoid + " ulp";
        assertTrue(exp <= EXP_ULPS && log <= LOG_ULPS && tanh <= TANH_ULPS && sigmoid <= SIGMOID_ULPS, seen);
    }

    /** Results below 2^-126 (exp and sigmoid of very negative x) are within a few subnormal steps. */
    @Test
    void subnormalResultsAreCloseInAbsoluteTerms() {
        for (float v = -103.9f; v < -87.3f; v += 0.01f) {
            double step = Float.MIN_VALUE;
            assertTrue(Math.abs(PolyMath.exp(v) - Math.exp(v)) <= 2 * step, "exp(" + v + ")");
            assertTrue(Math.abs(PolyMath.sigmoid(v) - 1 / (1 + Math.exp(-v))) <= 2 * step, "sigmoid(" + v + ")");
        }
    }

    @Test
    void specialValues() {
        float inf = Float.POSITIVE_INFINITY;
        assertEquals(1f, PolyMath.exp(0f));
        assertEquals(1f, PolyMath.exp(-0f));
        assertEquals(inf, PolyMath.exp(inf));
        assertEquals(0f, PolyMath.exp(-inf));
        assertEquals(inf, PolyMath.exp(88.73f));
        assertEquals(0f, PolyMath.exp(-150f));
        assertTrue(Float.isNaN(PolyMath.exp(Float.NaN)));
        assertEquals(0f, PolyMath.log(1f));
        assertEquals(-inf, PolyMath.log(0f));
        assertEquals(-inf, PolyMath.log(-0f));
        assertEquals(inf, PolyMath.log(inf));
        assertTrue(Float.isNaN(PolyMath.log(-1f)) && Float.isNaN(PolyMath.log(-inf)) && Float.isNaN(PolyMath.log(Float.NaN)));
        assertEquals((float) Math.log(Float.MIN_VALUE), PolyMath.log(Float.MIN_VALUE), Math.ulp((float) Math.log(Float.MIN_VALUE)));
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(PolyMath.tanh(-0f)), "tanh keeps -0");
        assertEquals(0f, PolyMath.tanh(0f));
        assertEquals(1f, PolyMath.tanh(inf));
        assertEquals(-1f, PolyMath.tanh(-inf));
        assertEquals(Float.MIN_VALUE, PolyMath.tanh(Float.MIN_VALUE), "a subnormal is its own tanh");
        assertTrue(Float.isNaN(PolyMath.tanh(Float.NaN)));
        assertEquals(0.5f, PolyMath.sigmoid(0f));
        assertEquals(0.5f, PolyMath.sigmoid(-0f));
        assertEquals(1f, PolyMath.sigmoid(inf));
        assertEquals(0f, PolyMath.sigmoid(-inf));
        assertEquals(1f, PolyMath.sigmoid(Float.MAX_VALUE));
        assertTrue(PolyMath.sigmoid(-100f) > 0f, "sigmoid(-100) is a subnormal, not 0");
        assertTrue(Float.isNaN(PolyMath.sigmoid(Float.NaN)));
    }

    /** An element's bits do not depend on whether it falls in a vector lane or the scalar tail, nor on the mode. */
    @Test
    void lanesTailAndScalarModeGiveTheScalarFunctionsBits() {
        float[] x = {0f, -0f, 1e-40f, -1e-40f, 0.3f, -0.62f, 0.63f, -5f, 20f, -87.5f, -100f, 88.7f, 89f, Float.NaN,
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MAX_VALUE, 3.4e-38f, 0.7071f, 1.5f, -2.25f, 7f, 1e30f};
        float[] in = new float[x.length * 3];
        for (int i = 0; i < in.length; i++) {
            in[i] = x[i % x.length];
        }
        for (UnaryOp op : new UnaryOp[] {UnaryOp.EXP, UnaryOp.LOG, UnaryOp.TANH, UnaryOp.SIGMOID}) {
            for (boolean mode : new boolean[] {true, false}) {
                KernelMode.setVector(mode && KernelMode.available());
                for (int shift = 0; shift < x.length; shift++) {
                    float[] out = new float[in.length - shift];
                    ElementwiseF32.unary(op, in, shift, out, 0, out.length);
                    for (int i = 0; i < out.length; i++) {
                        assertEquals(Float.floatToRawIntBits(ElementwiseF32.apply(op, in[shift + i])),
                                Float.floatToRawIntBits(out[i]), op + " of " + in[shift + i] + " at " + i + ", vector " + mode);
                    }
                }
            }
        }
    }

    /** The first calls run interpreted, later ones compiled by C1 and then C2: the bits stay the same. */
    @Test
    void sameBitsInEveryJitTier() {
        float[] x = new float[67];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i - 33) * 0.37f;
        }
        for (UnaryOp op : new UnaryOp[] {UnaryOp.EXP, UnaryOp.LOG, UnaryOp.TANH, UnaryOp.SIGMOID}) {
            float[] first = new float[x.length];
            ElementwiseF32.unary(op, x, 0, first, 0, x.length);
            float[] again = new float[x.length];
            for (int call = 0; call < 20_000; call++) {
                ElementwiseF32.unary(op, x, 0, again, 0, x.length);
                if (call % 1000 == 999) {
                    for (int i = 0; i < x.length; i++) {
                        assertEquals(Float.floatToRawIntBits(first[i]), Float.floatToRawIntBits(again[i]), op + " call " + call);
                    }
                }
            }
        }
    }
}
