package dev.nabla.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector loops of {@link OptimF32}: each {@code *Vector} method runs the same-named update over
 * whole vectors and returns how far it got, and OptimF32's scalar loop does the rest. A class of their
 * own so that a JVM without the {@code jdk.incubator.vector} module never loads them (see
 * {@link KernelMode}). Small and branch-free on purpose (see OptimF32). The loops spell their updates
 * out instead of calling helpers that take or return vectors: once an underflow path has been taken, C2
 * inlines it into the loop first and can run out of its node budget (NodeCountInliningCutoff) before such
 * a helper, which it then calls with every vector boxed (RMSprop's loop, after {@link Kernels#warmUp},
 * allocated 190 bytes a vector and ran 6 times slower, on data without a subnormal).
 */
final class OptimSimdF32 {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private OptimSimdF32() {}

    /**
     * One chunk [from, to) of {@link OptimF32#sumSquares} (its length a multiple of SUM_LANES): each lane
     * of the accumulator is one of the SUM_LANES partial sums. A vector narrower than that takes the
     * chunk in SUM_LANES / L passes, each over its own slice of every SUM_LANES elements, so the partial
     * sums and their order are the same for any L; at L = SUM_LANES (AVX-512) it is one plain pass. A
     * wider vector (SVE beyond 512 bits) leaves it to the scalar twin.
     */
    static double sumSquaresVector(float[] g, int from, int to, float clip) {
        if (S.length() > OptimF32.SUM_LANES) {
            return OptimF32.sumSquaresLanes(g, from, to, clip);
        }
        double sum = 0;
        for (int first = from; first < from + OptimF32.SUM_LANES; first += S.length()) {
            FloatVector acc = FloatVector.zero(S);
            for (int i = first; i < to; i += OptimF32.SUM_LANES) {
                FloatVector c = FloatVector.fromArray(S, g, i).max(-clip).min(clip);
                acc = acc.add(c.mul(c));
            }
            for (int k = 0; k < S.length(); k++) {
                sum += acc.lane(k);
            }
        }
        return sum;
    }

    static int clipScaleDecayVector(float[] g, float[] theta, float clip, float scale, float wd, float[] out) {
        int upper = S.loopBound(g.length);
        for (int i = 0; i < upper; i += S.length()) {
            FloatVector c = FloatVector.fromArray(S, g, i).max(-clip).min(clip);
            c.mul(scale).add(FloatVector.fromArray(S, theta, i).mul(wd)).intoArray(out, i);
        }
        return upper;
    }

    static int scaleVector(float[] x, float factor) {
        int upper = S.loopBound(x.length);
        for (int i = 0; i < upper; i += S.length()) {
            FloatVector.fromArray(S, x, i).mul(factor).intoArray(x, i);
        }
        return upper;
    }

    static int adamVector(float[] theta, float[] g, float[] m, float[] v, float beta1, float oneMinusBeta1,
                                  float beta2, float oneMinusBeta2, float stepSize, float bc2Sqrt, float eps,
                                  int from, int to) {
        int upper = from + S.loopBound(to - from);
        float thetaMin = Underflow.thetaMin(stepSize, eps); // f32 only
        int mStuck = Underflow.stuck(beta1); // f32 only
        for (int i = from; i < upper; i += S.length()) {
            FloatVector m0 = FloatVector.fromArray(S, m, i), v0 = FloatVector.fromArray(S, v, i);
            // a vector with an underflowed moment, without the subnormal arithmetic (same bits) // f32 only
            if (SubnormalCost.PATHS && Underflow.anySubnormal(m0, v0) // f32 only
                    && Underflow.adam(theta, g, m, v, beta1, oneMinusBeta1, beta2, oneMinusBeta2, stepSize, bc2Sqrt, // f32 only
                    eps, thetaMin, mStuck, i)) { // f32 only
                continue; // f32 only
            } // f32 only
            FloatVector gv = FloatVector.fromArray(S, g, i);
            FloatVector mv = m0.mul(beta1).add(gv.mul(oneMinusBeta1));
            FloatVector vv = v0.mul(beta2).add(gv.mul(oneMinusBeta2).mul(gv));
            mv.intoArray(m, i);
            vv.intoArray(v, i);
            FloatVector denom = vv.sqrt().div(bc2Sqrt).add(eps);
            FloatVector.fromArray(S, theta, i).sub(mv.div(denom).mul(stepSize)).intoArray(theta, i);
        }
        return upper;
    }

    static int amsgradVector(float[] theta, float[] g, float[] m, float[] v, float[] vMax, float beta1,
                                     float oneMinusBeta1, float beta2, float oneMinusBeta2, float stepSize,
                                     float bc2Sqrt, float eps, int from, int to) {
        int upper = from + S.loopBound(to - from);
        for (int i = from; i < upper; i += S.length()) {
            FloatVector gv = FloatVector.fromArray(S, g, i);
            FloatVector mv = FloatVector.fromArray(S, m, i).mul(beta1).add(gv.mul(oneMinusBeta1));
            FloatVector vv = FloatVector.fromArray(S, v, i).mul(beta2).add(gv.mul(oneMinusBeta2).mul(gv));
            FloatVector mx = FloatVector.fromArray(S, vMax, i).max(vv);
            mv.intoArray(m, i);
            vv.intoArray(v, i);
            mx.intoArray(vMax, i);
            FloatVector denom = mx.sqrt().div(bc2Sqrt).add(eps);
            FloatVector.fromArray(S, theta, i).sub(mv.div(denom).mul(stepSize)).intoArray(theta, i);
        }
        return upper;
    }

    static int sgdVector(float[] theta, float[] g, float lr,
                                     int from, int to) {
        int upper = from + S.loopBound(to - from);
        for (int i = from; i < upper; i += S.length()) {
            FloatVector.fromArray(S, theta, i).sub(FloatVector.fromArray(S, g, i).mul(lr)).intoArray(theta, i);
        }
        return upper;
    }

    static int momentumVector(float[] theta, float[] g, float[] b, float lr, float mu, float oneMinusDampening,
                                     int from, int to) {
        int upper = from + S.loopBound(to - from);
        float thetaMin = Underflow.thetaMin(lr, 1); // f32 only
        int bStuck = Underflow.stuck(mu); // f32 only
        for (int i = from; i < upper; i += S.length()) {
            FloatVector b0 = FloatVector.fromArray(S, b, i);
            if (SubnormalCost.PATHS && Underflow.anySubnormal(b0, b0) // f32 only
                    && Underflow.momentum(theta, g, b, lr, mu, oneMinusDampening, thetaMin, bStuck, i)) { // f32 only
                continue; // f32 only
            } // f32 only
            FloatVector gv = FloatVector.fromArray(S, g, i);
            FloatVector bv = b0.mul(mu).add(gv.mul(oneMinusDampening));
            bv.intoArray(b, i);
            FloatVector.fromArray(S, theta, i).sub(bv.mul(lr)).intoArray(theta, i);
        }
        return upper;
    }

    static int nesterovVector(float[] theta, float[] g, float[] b, float lr, float mu, float oneMinusDampening,
                                     int from, int to) {
        int upper = from + S.loopBound(to - from);
        float thetaMin = Underflow.thetaMin(lr, 1); // f32 only
        int bStuck = Underflow.stuck(mu); // f32 only
        for (int i = from; i < upper; i += S.length()) {
            FloatVector b0 = FloatVector.fromArray(S, b, i);
            if (SubnormalCost.PATHS && Underflow.anySubnormal(b0, b0) // f32 only
                    && Underflow.nesterov(theta, g, b, lr, mu, oneMinusDampening, thetaMin, bStuck, i)) { // f32 only
                continue; // f32 only
            } // f32 only
            FloatVector gv = FloatVector.fromArray(S, g, i);
            FloatVector bv = b0.mul(mu).add(gv.mul(oneMinusDampening));
            bv.intoArray(b, i);
            FloatVector step = gv.add(bv.mul(mu));
            FloatVector.fromArray(S, theta, i).sub(step.mul(lr)).intoArray(theta, i);
        }
        return upper;
    }

    static int rmspropVector(float[] theta, float[] g, float[] s, float lr, float alpha, float oneMinusAlpha,
                                     float eps,
                                     int from, int to) {
        int upper = from + S.loopBound(to - from);
        int sStuck = Underflow.stuck(alpha); // f32 only
        for (int i = from; i < upper; i += S.length()) {
            if (SubnormalCost.PATHS // f32 only
                    && Underflow.anySubnormal(FloatVector.fromArray(S, s, i), FloatVector.fromArray(S, s, i)) // f32 only
                    && Underflow.rmsprop(theta, g, s, lr, alpha, oneMinusAlpha, eps, sStuck, i)) { // f32 only
                continue; // f32 only
            } // f32 only
            FloatVector gv = FloatVector.fromArray(S, g, i);
            FloatVector sv = FloatVector.fromArray(S, s, i).mul(alpha).add(gv.mul(oneMinusAlpha).mul(gv));
            sv.intoArray(s, i);
            FloatVector.fromArray(S, theta, i).sub(gv.div(sv.sqrt().add(eps)).mul(lr)).intoArray(theta, i);
        }
        return upper;
    }

    static int rmspropMomentumVector(float[] theta, float[] g, float[] s, float[] b, float lr, float alpha,
                                             float oneMinusAlpha, float eps, float mu,
                                     int from, int to) {
        int upper = from + S.loopBound(to - from);
        for (int i = from; i < upper; i += S.length()) {
            FloatVector gv = FloatVector.fromArray(S, g, i);
            FloatVector sv = FloatVector.fromArray(S, s, i).mul(alpha).add(gv.mul(oneMinusAlpha).mul(gv));
            sv.intoArray(s, i);
            FloatVector bv = FloatVector.fromArray(S, b, i).mul(mu).add(gv.div(sv.sqrt().add(eps)));
            bv.intoArray(b, i);
            FloatVector.fromArray(S, theta, i).sub(bv.mul(lr)).intoArray(theta, i);
        }
        return upper;
    }

    static int centeredVector(float[] theta, float[] g, float[] s, float[] gAvg, float lr, float alpha,
                                      float oneMinusAlpha, float eps,
                                     int from, int to) {
        int upper = from + S.loopBound(to - from);
        for (int i = from; i < upper; i += S.length()) {
            FloatVector gv = FloatVector.fromArray(S, g, i);
            FloatVector sv = FloatVector.fromArray(S, s, i).mul(alpha).add(gv.mul(oneMinusAlpha).mul(gv));
            sv.intoArray(s, i);
            FloatVector av = FloatVector.fromArray(S, gAvg, i).mul(alpha).add(gv.mul(oneMinusAlpha));
            av.intoArray(gAvg, i);
            FloatVector d = sv.sub(av.mul(av)).sqrt().add(eps);
            FloatVector.fromArray(S, theta, i).sub(gv.div(d).mul(lr)).intoArray(theta, i);
        }
        return upper;
    }

    static int centeredMomentumVector(float[] theta, float[] g, float[] s, float[] gAvg, float[] b, float lr,
                                              float alpha, float oneMinusAlpha, float eps, float mu,
                                     int from, int to) {
        int upper = from + S.loopBound(to - from);
        for (int i = from; i < upper; i += S.length()) {
            FloatVector gv = FloatVector.fromArray(S, g, i);
            FloatVector sv = FloatVector.fromArray(S, s, i).mul(alpha).add(gv.mul(oneMinusAlpha).mul(gv));
            sv.intoArray(s, i);
            FloatVector av = FloatVector.fromArray(S, gAvg, i).mul(alpha).add(gv.mul(oneMinusAlpha));
            av.intoArray(gAvg, i);
            FloatVector d = sv.sub(av.mul(av)).sqrt().add(eps);
            FloatVector bv = FloatVector.fromArray(S, b, i).mul(mu).add(gv.div(d));
            bv.intoArray(b, i);
            FloatVector.fromArray(S, theta, i).sub(bv.mul(lr)).intoArray(theta, i);
        }
        return upper;
    }

    static int adagradVector(float[] theta, float[] g, float[] sum, float clr, float eps,
                                     int from, int to) {
        int upper = from + S.loopBound(to - from);
        for (int i = from; i < upper; i += S.length()) {
            FloatVector gv = FloatVector.fromArray(S, g, i);
            FloatVector sv = FloatVector.fromArray(S, sum, i).add(gv.mul(gv));
            sv.intoArray(sum, i);
            FloatVector.fromArray(S, theta, i).sub(gv.div(sv.sqrt().add(eps)).mul(clr)).intoArray(theta, i);
        }
        return upper;
    }
}
