package dev.nabla.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector loops of {@link ElementwiseF32}, each the same-named method's: each returns the index it got
 * to, and the caller's scalar loop does the rest. A class of their own so that a JVM without the
 * {@code jdk.incubator.vector} module never loads them (see {@link KernelMode}); C2 inlines them into
 * their callers, so the compiled loops are those of one method.
 */
final class ElementwiseSimdF32 {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private ElementwiseSimdF32() {}

    /**
     * {@link ElementwiseF32#binary}'s vector loops (none for strides other than 0 and 1, nor for POW): a loop
     * of each op's own, the switch outside them. With the switch inside one shared loop, C2 compiled it well
     * for the first op it saw; once a second op had run through it, it stopped inlining the shared helper
     * and boxed every vector (mul 0.07 → 0.17 ns an element). The loops below call only Vector API methods,
     * which C2 inlines however large the compiled method has grown.
     */
    static int binary(BinaryOp op, float[] a, int ao, int sa, float[] b, int bo, int sb, float[] out, int oo, int n) {
        if (!(sa == 1 && sb == 1 || sa == 0 && sb == 1 || sa == 1 && sb == 0)) {
            return 0;
        }
        return switch (op) {
            case ADD -> add(a, ao, sa, b, bo, sb, out, oo, n);
            case SUB -> sub(a, ao, sa, b, bo, sb, out, oo, n);
            case MUL -> mul(a, ao, sa, b, bo, sb, out, oo, n);
            case DIV -> div(a, ao, sa, b, bo, sb, out, oo, n);
            case MAX -> max(a, ao, sa, b, bo, sb, out, oo, n);
            case MIN -> min(a, ao, sa, b, bo, sb, out, oo, n);
            case GT -> gt(a, ao, sa, b, bo, sb, out, oo, n);
            case GE -> ge(a, ao, sa, b, bo, sb, out, oo, n);
            case LT -> lt(a, ao, sa, b, bo, sb, out, oo, n);
            case LE -> le(a, ao, sa, b, bo, sb, out, oo, n);
            case EQ -> eq(a, ao, sa, b, bo, sb, out, oo, n);
            case NE -> ne(a, ao, sa, b, bo, sb, out, oo, n);
            case POW -> throw new AssertionError("POW runs through Math.pow, not the Vector API");
        };
    }

    private static int add(float[] a, int ao, int sa, float[] b, int bo, int sb, float[] out, int oo, int n) {
        int i = 0;
        for (int upper = S.loopBound(n); i < upper; i += S.length()) {
            FloatVector x = sa == 0 ? FloatVector.broadcast(S, a[ao]) : FloatVector.fromArray(S, a, ao + i);
            FloatVector y = sb == 0 ? FloatVector.broadcast(S, b[bo]) : FloatVector.fromArray(S, b, bo + i);
            x.add(y).intoArray(out, oo + i);
        }
        return i;
    }

    private static int sub(float[] a, int ao, int sa, float[] b, int bo, int sb, float[] out, int oo, int n) {
        int i = 0;
        for (int upper = S.loopBound(n); i < upper; i += S.length()) {
            FloatVector x = sa == 0 ? FloatVector.broadcast(S, a[ao]) : FloatVector.fromArray(S, a, ao + i);
            FloatVector y = sb == 0 ? FloatVector.broadcast(S, b[bo]) : FloatVector.fromArray(S, b, bo + i);
            x.sub(y).intoArray(out, oo + i);
        }
        return i;
    }

    private static int mul(float[] a, int ao, int sa, float[] b, int bo, int sb, float[] out, int oo, int n) {
        int i = 0;
        for (int upper = S.loopBound(n); i < upper; i += S.length()) {
            FloatVector x = sa == 0 ? FloatVector.broadcast(S, a[ao]) : FloatVector.fromArray(S, a, ao + i);
            FloatVector y = sb == 0 ? FloatVector.broadcast(S, b[bo]) : FloatVector.fromArray(S, b, bo + i);
            x.mul(y).intoArray(out, oo + i);
        }
        return i;
    }

    private static int div(float[] a, int ao, int sa, float[] b, int bo, int sb, float[] out, int oo, int n) {
        int i = 0;
        for (int upper = S.loopBound(n); i < upper; i += S.length()) {
            FloatVector x = sa == 0 ? FloatVector.broadcast(S, a[ao]) : FloatVector.fromArray(S, a, ao + i);
            FloatVector y = sb == 0 ? FloatVector.broadcast(S, b[bo]) : FloatVector.fromArray(S, b, bo + i);
            x.div(y).intoArray(out, oo + i);
        }
        return i;
    }

    private static int max(float[] a, int ao, int sa, float[] b, int bo, int sb, float[] out, int oo, int n) {
        int i = 0;
        for (int upper = S.loopBound(n); i < upper; i += S.length()) {
            FloatVector x = sa == 0 ? FloatVector.broadcast(S, a[ao]) : FloatVector.fromArray(S, a, ao + i);
            FloatVector y = sb == 0 ? FloatVector.broadcast(S, b[bo]) : FloatVector.fromArray(S, b, bo + i);
            x.max(y).intoArray(out, oo + i);
        }
        return i;
    }

    private static int min(float[] a, int ao, int sa, float[] b, int bo, int sb, float[] out, int oo, int n) {
        int i = 0;
        for (int upper = S.loopBound(n); i < upper; i += S.length()) {
            FloatVector x = sa == 0 ? FloatVector.broadcast(S, a[ao]) : FloatVector.fromArray(S, a, ao + i);
            FloatVector y = sb == 0 ? FloatVector.broadcast(S, b[bo]) : FloatVector.fromArray(S, b, bo + i);
            x.min(y).intoArray(out, oo + i);
        }
        return i;
    }

    private static int gt(float[] a, int ao, int sa, float[] b, int bo, int sb, float[] out, int oo, int n) {
        int i = 0;
        for (int upper = S.loopBound(n); i < upper; i += S.length()) {
            FloatVector x = sa == 0 ? FloatVector.broadcast(S, a[ao]) : FloatVector.fromArray(S, a, ao + i);
            FloatVector y = sb == 0 ? FloatVector.broadcast(S, b[bo]) : FloatVector.fromArray(S, b, bo + i);
            FloatVector.zero(S).blend(1f, x.compare(VectorOperators.GT, y)).intoArray(out, oo + i);
        }
        return i;
    }

    private static int ge(float[] a, int ao, int sa, float[] b, int bo, int sb, float[] out, int oo, int n) {
        int i = 0;
        for (int upper = S.loopBound(n); i < upper; i += S.length()) {
            FloatVector x = sa == 0 ? FloatVector.broadcast(S, a[ao]) : FloatVector.fromArray(S, a, ao + i);
            FloatVector y = sb == 0 ? FloatVector.broadcast(S, b[bo]) : FloatVector.fromArray(S, b, bo + i);
            FloatVector.zero(S).blend(1f, x.compare(VectorOperators.GE, y)).intoArray(out, oo + i);
        }
        return i;
    }

    private static int lt(float[] a, int ao, int sa, float[] b, int bo, int sb, float[] out, int oo, int n) {
        int i = 0;
        for (int upper = S.loopBound(n); i < upper; i += S.length()) {
            FloatVector x = sa == 0 ? FloatVector.broadcast(S, a[ao]) : FloatVector.fromArray(S, a, ao + i);
            FloatVector y = sb == 0 ? FloatVector.broadcast(S, b[bo]) : FloatVector.fromArray(S, b, bo + i);
            FloatVector.zero(S).blend(1f, x.compare(VectorOperators.LT, y)).intoArray(out, oo + i);
        }
        return i;
    }

    private static int le(float[] a, int ao, int sa, float[] b, int bo, int sb, float[] out, int oo, int n) {
        int i = 0;
        for (int upper = S.loopBound(n); i < upper; i += S.length()) {
            FloatVector x = sa == 0 ? FloatVector.broadcast(S, a[ao]) : FloatVector.fromArray(S, a, ao + i);
            FloatVector y = sb == 0 ? FloatVector.broadcast(S, b[bo]) : FloatVector.fromArray(S, b, bo + i);
            FloatVector.zero(S).blend(1f, x.compare(VectorOperators.LE, y)).intoArray(out, oo + i);
        }
        return i;
    }

    private static int eq(float[] a, int ao, int sa, float[] b, int bo, int sb, float[] out, int oo, int n) {
        int i = 0;
        for (int upper = S.loopBound(n); i < upper; i += S.length()) {
            FloatVector x = sa == 0 ? FloatVector.broadcast(S, a[ao]) : FloatVector.fromArray(S, a, ao + i);
            FloatVector y = sb == 0 ? FloatVector.broadcast(S, b[bo]) : FloatVector.fromArray(S, b, bo + i);
            FloatVector.zero(S).blend(1f, x.compare(VectorOperators.EQ, y)).intoArray(out, oo + i);
        }
        return i;
    }

    private static int ne(float[] a, int ao, int sa, float[] b, int bo, int sb, float[] out, int oo, int n) {
        int i = 0;
        for (int upper = S.loopBound(n); i < upper; i += S.length()) {
            FloatVector x = sa == 0 ? FloatVector.broadcast(S, a[ao]) : FloatVector.fromArray(S, a, ao + i);
            FloatVector y = sb == 0 ? FloatVector.broadcast(S, b[bo]) : FloatVector.fromArray(S, b, bo + i);
            FloatVector.zero(S).blend(1f, x.compare(VectorOperators.NE, y)).intoArray(out, oo + i);
        }
        return i;
    }

    /**
     * {@link ElementwiseF32#unary}'s vector loops (not for the ops PolyMath computes), a loop of each op's own
     * as {@link #binary}'s. SIGN and STEP add NaN where x is NaN, so NaN inputs stay visible.
     */
    static int unary(UnaryOp op, float[] x, int xo, float[] out, int oo, int n) {
        return switch (op) {
            case NEG -> neg(x, xo, out, oo, n);
            case ABS -> abs(x, xo, out, oo, n);
            case SQRT -> sqrt(x, xo, out, oo, n);
            case SIGN -> sign(x, xo, out, oo, n);
            case STEP -> step(x, xo, out, oo, n);
            case SQUARE -> square(x, xo, out, oo, n);
            case RECIPROCAL -> reciprocal(x, xo, out, oo, n);
            // max(x, 0), not (x > 0 ? x : 0): the latter would turn NaN into 0 and hide a diverged run.
            case RELU -> relu(x, xo, out, oo, n);
            case EXP, LOG, TANH, SIGMOID -> throw new AssertionError(op + " runs through PolyMath's own loops");
        };
    }

    private static int neg(float[] x, int xo, float[] out, int oo, int n) {
        int i = 0;
        for (int upper = S.loopBound(n); i < upper; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            v.neg().intoArray(out, oo + i);
        }
        return i;
    }

    private static int abs(float[] x, int xo, float[] out, int oo, int n) {
        int i = 0;
        for (int upper = S.loopBound(n); i < upper; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            v.abs().intoArray(out, oo + i);
        }
        return i;
    }

    private static int sqrt(float[] x, int xo, float[] out, int oo, int n) {
        int i = 0;
        for (int upper = S.loopBound(n); i < upper; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            v.sqrt().intoArray(out, oo + i);
        }
        return i;
    }

    private static int sign(float[] x, int xo, float[] out, int oo, int n) {
        int i = 0;
        FloatVector zero = FloatVector.zero(S);
        for (int upper = S.loopBound(n); i < upper; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            zero.blend(1f, v.compare(VectorOperators.GT, 0f)).sub(zero.blend(1f, v.compare(VectorOperators.LT, 0f)))
                    .add(zero.blend(Float.NaN, v.compare(VectorOperators.NE, v))).intoArray(out, oo + i);
        }
        return i;
    }

    private static int step(float[] x, int xo, float[] out, int oo, int n) {
        int i = 0;
        FloatVector zero = FloatVector.zero(S);
        for (int upper = S.loopBound(n); i < upper; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            zero.blend(1f, v.compare(VectorOperators.GT, 0f))
                    .add(zero.blend(Float.NaN, v.compare(VectorOperators.NE, v))).intoArray(out, oo + i);
        }
        return i;
    }

    private static int square(float[] x, int xo, float[] out, int oo, int n) {
        int i = 0;
        for (int upper = S.loopBound(n); i < upper; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            v.mul(v).intoArray(out, oo + i);
        }
        return i;
    }

    private static int reciprocal(float[] x, int xo, float[] out, int oo, int n) {
        int i = 0;
        for (int upper = S.loopBound(n); i < upper; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            FloatVector.broadcast(S, 1f).div(v).intoArray(out, oo + i);
        }
        return i;
    }

    static int relu(float[] x, int xo, float[] out, int oo, int n) {
        int i = 0;
        for (int upper = S.loopBound(n); i < upper; i += S.length()) {
            FloatVector.fromArray(S, x, xo + i).max(0f).intoArray(out, oo + i);
        }
        return i;
    }

    static int clamp(float[] x, int xo, float lo, float hi, float[] out, int oo, int n) {
        int i = 0;
        int upper = S.loopBound(n);
        for (; i < upper; i += S.length()) {
            FloatVector.fromArray(S, x, xo + i).max(lo).min(hi).intoArray(out, oo + i);
        }
        return i;
    }

    static int axpy(float alpha, float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        int upper = S.loopBound(n);
        FloatVector va = FloatVector.broadcast(S, alpha);
        for (; i < upper; i += S.length()) {
            FloatVector.fromArray(S, x, xo + i).fma(va, FloatVector.fromArray(S, y, yo + i)).intoArray(y, yo + i);
        }
        return i;
    }

    static int leakyRelu(float slope, float[] x, int xo, float[] out, int oo, int n) {
        int i = 0;
        int upper = S.loopBound(n);
        for (; i < upper; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            v.mul(slope).blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(out, oo + i);
        }
        return i;
    }

    static int reluBackward(float[] g, int go, float[] y, int yo, float[] out, int oo, int n) {
        int i = 0;
        int upper = S.loopBound(n);
        for (; i < upper; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, y, yo + i);
            FloatVector mask = FloatVector.zero(S).blend(1f, v.compare(VectorOperators.GT, 0f));
            FloatVector.fromArray(S, g, go + i).mul(mask).intoArray(out, oo + i);
        }
        return i;
    }

    static int leakyReluBackward(float slope, float[] g, int go, float[] y, int yo, float[] out, int oo, int n) {
        int i = 0;
        int upper = S.loopBound(n);
        for (; i < upper; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, y, yo + i);
            FloatVector d = FloatVector.zero(S).blend(slope, v.compare(VectorOperators.LT, 0f))
                    .blend(1f, v.compare(VectorOperators.GT, 0f));
            FloatVector.fromArray(S, g, go + i).mul(d).intoArray(out, oo + i);
        }
        return i;
    }

    static int tanhBackward(float[] g, int go, float[] y, int yo, float[] out, int oo, int n) {
        int i = 0;
        int upper = S.loopBound(n);
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (; i < upper; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, y, yo + i);
            FloatVector.fromArray(S, g, go + i).mul(one.sub(v.mul(v))).intoArray(out, oo + i);
        }
        return i;
    }

    static int sigmoidBackward(float[] g, int go, float[] y, int yo, float[] out, int oo, int n) {
        int i = 0;
        int upper = S.loopBound(n);
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (; i < upper; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, y, yo + i);
            FloatVector.fromArray(S, g, go + i).mul(v.mul(one.sub(v))).intoArray(out, oo + i);
        }
        return i;
    }
}
