package dev.nabla.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector loops of {@link PolyMath}: per lane the same operations in the same order as its scalar
 * code (fma, add, multiply, divide, bit moves; both of tanh's branches, then a blend), so a lane's bits are
 * the scalar function's. Integer work (the exponent) is done on the float vector's bits reinterpreted, never
 * through a float-to-int conversion, which C2 does not compile into vector code (docs/design.md, Kernels).
 * One loop per function, the switch outside it, so no vector crosses a call C2 might not inline.
 */
final class PolyMathSimd {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private PolyMathSimd() {}

    /**
     * How far the vector loop got; the caller's scalar loop does the rest. One method per function: in one
     * method holding all four loops C2 ran out of inlining budget and left exp a call, boxing its vectors
     * (tanh ran at 2.3 ns an element, the sigmoid, which calls the same exp, at 0.43).
     */
    static int unary(UnaryOp op, float[] x, int xo, float[] out, int oo, int n) {
        return switch (op) {
            case EXP -> expLoop(x, xo, out, oo, n);
            case TANH -> tanhLoop(x, xo, out, oo, n);
            case SIGMOID -> sigmoidLoop(x, xo, out, oo, n);
            case LOG -> logLoop(x, xo, out, oo, n);
            default -> throw new AssertionError(op + " is not one of PolyMath's functions");
        };
    }

    private static int expLoop(float[] x, int xo, float[] out, int oo, int n) {
        int i = 0;
        for (int upper = S.loopBound(n); i < upper; i += S.length()) {
            exp(FloatVector.fromArray(S, x, xo + i)).intoArray(out, oo + i);
        }
        return i;
    }

    private static int tanhLoop(float[] x, int xo, float[] out, int oo, int n) {
        int i = 0;
        for (int upper = S.loopBound(n); i < upper; i += S.length()) {
            tanh(FloatVector.fromArray(S, x, xo + i)).intoArray(out, oo + i);
        }
        return i;
    }

    private static int sigmoidLoop(float[] x, int xo, float[] out, int oo, int n) {
        int i = 0;
        for (int upper = S.loopBound(n); i < upper; i += S.length()) {
            sigmoid(FloatVector.fromArray(S, x, xo + i)).intoArray(out, oo + i);
        }
        return i;
    }

    private static int logLoop(float[] x, int xo, float[] out, int oo, int n) {
        int i = 0;
        for (int upper = S.loopBound(n); i < upper; i += S.length()) {
            log(FloatVector.fromArray(S, x, xo + i)).intoArray(out, oo + i);
        }
        return i;
    }

    private static FloatVector c(float v) {
        return FloatVector.broadcast(S, v);
    }

    /*
     * exp and tanh call no helper of this class (c, a pow2) but only the Vector API's own methods, which C2
     * always inlines: tanh's loop inlines both functions and reached C2's node cutoff before their last
     * helper calls, which it then left calls with boxed vectors: tanh ran at 1.1–2.8 ns an element against
     * the sigmoid's 0.47 (now 0.53; docs/design.md, Transcendentals).
     */

    static FloatVector exp(FloatVector x) {
        FloatVector cl = x.max(PolyMath.EXP_LO).min(PolyMath.EXP_HI);
        FloatVector t = cl.fma(FloatVector.broadcast(S, PolyMath.LOG2E), FloatVector.broadcast(S, PolyMath.ROUND));
        FloatVector n = t.sub(PolyMath.ROUND);
        FloatVector r = n.fma(FloatVector.broadcast(S, -PolyMath.LN2_LO),
                n.fma(FloatVector.broadcast(S, -PolyMath.LN2_HI), cl));
        float[] cs = PolyMath.EXP_P;
        FloatVector p = FloatVector.broadcast(S, cs[0]).fma(r, FloatVector.broadcast(S, cs[1]))
                .fma(r, FloatVector.broadcast(S, cs[2])).fma(r, FloatVector.broadcast(S, cs[3]))
                .fma(r, FloatVector.broadcast(S, cs[4])).fma(r, FloatVector.broadcast(S, cs[5]));
        FloatVector y = p.fma(r.mul(r), r).add(1f);
        IntVector k = ((IntVector) t.reinterpretAsInts()).sub(PolyMath.ROUND_BITS);
        IntVector k1 = k.lanewise(VectorOperators.ASHR, 1);
        // 2^k1 and 2^(k − k1), each built in the exponent field
        FloatVector s1 = (FloatVector) k1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector s2 = (FloatVector) k.sub(k1).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return y.mul(s1).mul(s2);
    }

    static FloatVector tanh(FloatVector x) {
        FloatVector z = x.mul(x);
        float[] cs = PolyMath.TANH_P;
        FloatVector q = FloatVector.broadcast(S, cs[0]).fma(z, FloatVector.broadcast(S, cs[1]))
                .fma(z, FloatVector.broadcast(S, cs[2])).fma(z, FloatVector.broadcast(S, cs[3]))
                .fma(z, FloatVector.broadcast(S, cs[4]));
        FloatVector small = q.mul(z).fma(x, x);
        FloatVector ax = x.abs();
        FloatVector e = exp(ax.mul(2f));
        FloatVector large = FloatVector.broadcast(S, 1f).sub(FloatVector.broadcast(S, 2f).div(e.add(1f)));
        IntVector sign = ((IntVector) x.reinterpretAsInts()).and(0x8000_0000);
        FloatVector signed = (FloatVector) ((IntVector) large.reinterpretAsInts()).or(sign).reinterpretAsFloats();
        return signed.blend(small, ax.compare(VectorOperators.LT, PolyMath.TANH_SMALL))
                .blend(x, ax.compare(VectorOperators.LT, PolyMath.TANH_TINY));
    }

    static FloatVector sigmoid(FloatVector x) {
        FloatVector e = exp(x.abs().neg());
        FloatVector num = e.blend(1f, x.compare(VectorOperators.GE, 0f));
        return num.div(e.add(1f));
    }

    static FloatVector log(FloatVector x) {
        VectorMask<Float> tiny = x.compare(VectorOperators.LT, Float.MIN_NORMAL);
        FloatVector xs = x.mul(c(1f).blend(PolyMath.TWO_23, tiny));
        IntVector bits = (IntVector) xs.reinterpretAsInts();
        FloatVector m = (FloatVector) bits.and(0x007f_ffff).or(0x3f00_0000).reinterpretAsFloats();
        VectorMask<Float> low = m.compare(VectorOperators.LT, PolyMath.SQRT_HALF);
        // the biased exponent as a float, exactly: 2^23 + E built in the bits, less 2^23
        FloatVector biased = ((FloatVector) bits.lanewise(VectorOperators.LSHR, 23).or(0x4b00_0000).reinterpretAsFloats())
                .sub(PolyMath.TWO_23);
        FloatVector e = biased.sub(126f).sub(c(0f).blend(23f, tiny)).sub(c(0f).blend(1f, low));
        FloatVector f = m.add(c(0f).blend(m, low)).sub(1f);
        FloatVector z = f.mul(f);
        float[] cs = PolyMath.LOG_P;
        FloatVector p = c(cs[0]);
        for (int j = 1; j < cs.length; j++) {
            p = p.fma(f, c(cs[j]));
        }
        FloatVector y = p.mul(f).mul(z);
        y = e.fma(c(PolyMath.LN2_LO), y);
        y = z.fma(c(-0.5f), y);
        FloatVector r = e.fma(c(PolyMath.LN2_HI), f.add(y));
        r = r.blend(Float.NEGATIVE_INFINITY, x.compare(VectorOperators.EQ, 0f));
        r = r.blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.EQ, Float.POSITIVE_INFINITY));
        r = r.blend(Float.NaN, x.compare(VectorOperators.LT, 0f));
        return r.blend(Float.NaN, x.compare(VectorOperators.NE, x));
    }
}
