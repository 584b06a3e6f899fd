package dev.nabla.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector; // f32 only
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector loop of {@link PoolF32}'s 2×2 stride-2 max pooling, in a class of its own so that a JVM
 * without the {@code jdk.incubator.vector} module never loads it (see {@link KernelMode}). The four values
 * of each window are compared in the scalar loop's order and with its strict {@code >}: the same maxima
 * and the same positions.
 */
final class PoolSimdF32 {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final VectorShuffle<Float> EVEN = VectorShuffle.fromOp(S, i -> 2 * i);
    private static final VectorShuffle<Float> ODD = VectorShuffle.fromOp(S, i -> 2 * i + 1);
    /** 0, 2, 4, ..: the windows' first columns apart, as the positions' lanes (a float lane's width). */
    private static final IntVector EVENS = IntVector.zero(IntVector.SPECIES_PREFERRED).addIndex(2); // f32 only

    private PoolSimdF32() {}

    /**
     * One row of output windows: {@code top} is the window row's first input (an index into x), {@code pos}
     * its position in the plane, {@code at} a scratch of two vectors' length. Two vectors of the top input
     * row hold the left and right values of a vector of windows, which a two-source shuffle separates (the
     * even and the odd lanes); likewise the bottom row. A row narrower than a vector (14 windows for
     * 28×28) is one vector: the loads run on into the next row. In float32 the maxima and positions are
     * stored as whole vectors where they end before {@code limit} (the end of the caller's rows in out, which
     * it stores in order, so the lanes past this row are overwritten by the rows after it); else, and always in
     * float64 (whose vectors hold half as many positions as an int vector), lane by lane from the scratch.
     * Whole stores: 0.51 (28×28, 32 channels) and 0.72 (14×14, 64) of the pooling's time per 128 images on one core.
     * Returns how many windows it did; it stops before a vector holding a NaN (or +∞ with −∞) and where
     * the loads would pass the array's end, leaving the rest to the scalar loop.
     */
    static int max2x2Row(float[] x, int top, int w, int ow, float[] out, int o, int[] arg, int pos, float[] at,
                         int limit) {
        int lanes = S.length(), ox = 0;
        FloatVector zero = FloatVector.zero(S), one = FloatVector.broadcast(S, 1f);
        FloatVector below = FloatVector.broadcast(S, w), belowRight = FloatVector.broadcast(S, w + 1);
        for (; ox < ow; ox += lanes) {
            int t = top + 2 * ox, u = t + w;
            if (u + 2 * lanes > x.length) {
                break;
            }
            VectorMask<Float> valid = S.indexInRange(ox, ow);
            FloatVector t0 = FloatVector.fromArray(S, x, t), t1 = FloatVector.fromArray(S, x, t + lanes);
            FloatVector u0 = FloatVector.fromArray(S, x, u), u1 = FloatVector.fromArray(S, x, u + lanes);
            FloatVector a = t0.rearrange(EVEN, t1), b = t0.rearrange(ODD, t1);
            FloatVector c = u0.rearrange(EVEN, u1), d = u0.rearrange(ODD, u1);
            FloatVector sum = a.add(b).add(c).add(d);
            if (sum.compare(VectorOperators.NE, sum, valid).anyTrue()) {
                break;
            }
            VectorMask<Float> m = b.compare(VectorOperators.GT, a);
            FloatVector best = a.blend(b, m), code = zero.blend(one, m);
            m = c.compare(VectorOperators.GT, best);
            best = best.blend(c, m);
            code = code.blend(below, m);
            m = d.compare(VectorOperators.GT, best);
            if (IntVector.SPECIES_PREFERRED.length() == lanes && o + ox + lanes <= limit) { // f32 only
                // whole vectors where the lanes past the row land on later rows of this call, stored after it
                best.blend(d, m).intoArray(out, o + ox); // f32 only
                ((IntVector) code.blend(belowRight, m).convert(VectorOperators.F2I, 0)).add(EVENS) // f32 only
                        .add(pos + 2 * ox).intoArray(arg, o + ox); // f32 only
                continue; // f32 only
            } // f32 only
            // Through the scratch, not a masked store: a 7- or 14-wide row made every store a masked one, and
            // masked stores cost more than the whole row's arithmetic.
            best.blend(d, m).intoArray(at, lanes);
            code.blend(belowRight, m).intoArray(at, 0);
            for (int i = 0, p = pos + 2 * ox, end = Math.min(lanes, ow - ox); i < end; i++, p += 2) {
                out[o + ox + i] = at[lanes + i];
                arg[o + ox + i] = p + (int) at[i];
            }
        }
        return Math.min(ox, ow);
    }

    /** A scratch for {@link #max2x2Row}: a vector of offsets, then one of maxima. */
    static float[] scratch() {
        return new float[2 * S.length()];
    }
}
