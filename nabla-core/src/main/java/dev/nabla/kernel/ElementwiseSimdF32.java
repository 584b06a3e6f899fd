package dev.nabla.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
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

    /** {@link ElementwiseF32#binary}'s vector loops (none for strides other than 0 and 1, nor for POW). */
    static int binary(BinaryOp op, float[] a, int ao, int sa, float[] b, int bo, int sb, float[] out, int oo, int n) {
        int i = 0;
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
        return i;
    }

    /** {@link ElementwiseF32#unary}'s vector loop (not for the ops PolyMath computes). */
    static int unary(UnaryOp op, float[] x, int xo, float[] out, int oo, int n) {
        int i = 0;
        int upper = S.loopBound(n);
        for (; i < upper; i += S.length()) {
            apply(op, FloatVector.fromArray(S, x, xo + i)).intoArray(out, oo + i);
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
            FloatVector mask = ones(FloatVector.fromArray(S, y, yo + i).compare(VectorOperators.GT, 0f));
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

    private static FloatVector apply(BinaryOp op, FloatVector x, FloatVector y) {
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

    private static FloatVector apply(UnaryOp op, FloatVector x) {
        return switch (op) {
            case NEG -> x.neg();
            case ABS -> x.abs();
            case EXP, LOG, TANH, SIGMOID -> throw new AssertionError(op + " runs through PolyMath's own loops");
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
}
