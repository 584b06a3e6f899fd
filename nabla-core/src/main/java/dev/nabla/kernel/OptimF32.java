package dev.nabla.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The optimizers' loops over {@code float[]}: one pass over a parameter tensor and its state buffers per
 * update, in the array's own precision.
 *
 * <p>Each update does the operations of PyTorch 1.13's {@code _single_tensor_*} function in its order,
 * rounding after each as PyTorch rounds after each tensor op. The callers compute the scalars (1 − β,
 * bias corrections, step sizes) in double and round them once to the array's precision, as PyTorch
 * hands its Python floats to the kernels.
 *
 * <p>A kernel is a SIMD method that returns how far it got plus a scalar loop for the rest (all of it in
 * scalar mode). Both do the same operations in the same order and neither uses fma, so the two modes give
 * the same bits. The SIMD methods are small and branch-free: C2 compiles large Vector API methods badly,
 * and a vector value merged through a branch is boxed (an allocation per iteration).
 */
public final class OptimF32 {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /**
     * Elements per partial sum of {@link #sumSquares}: short enough that a lane's sum in this precision
     * stays accurate, a multiple of every lane count.
     */
    private static final int CHUNK = 4096;
    /**
     * The partial sums of {@link #sumSquares} in a chunk: as many as a 512-bit vector has lanes, fixed
     * rather than this machine's vector length, so that the scalar twin (which has no vector to ask in a
     * JVM without the Vector API) adds in the same order as the SIMD path, on any machine.
     */
    static final int SUM_LANES = 64 / Float.BYTES;

    private OptimF32() {}

    // ---------------------------------------------------------------- shared by every optimizer

    /**
     * Σ clamp(g, −clip, clip)², the global norm's share of one gradient. Fixed order in both modes: the
     * squares are added into {@link #SUM_LANES} partial sums per chunk of {@link #CHUNK} (element i into
     * sum i mod SUM_LANES), each chunk's partial sums into the double total in order, then the tail. Not
     * reduceLanes(ADD): its order changes when C2 compiles the loop.
     */
    public static double sumSquares(float[] g, float clip) {
        int upper = g.length - g.length % SUM_LANES;
        double total = 0;
        for (int from = 0; from < upper; from += CHUNK) {
            int to = Math.min(from + CHUNK, upper);
            total += KernelMode.vector() ? sumSquaresVector(g, from, to, clip) : sumSquaresLanes(g, from, to, clip);
        }
        for (int i = upper; i < g.length; i++) {
            float c = Math.min(Math.max(g[i], -clip), clip);
            total += c * c;
        }
        return total;
    }

    /**
     * One chunk [from, to) of {@link #sumSquares} (its length a multiple of SUM_LANES): each lane of the
     * accumulator is one of the SUM_LANES partial sums. A vector narrower than that takes the chunk in
     * SUM_LANES / L passes, each over its own slice of every SUM_LANES elements, so the partial sums and
     * their order are the same for any L; at L = SUM_LANES (AVX-512) it is one plain pass. A wider vector
     * (SVE beyond 512 bits) leaves it to the scalar twin.
     */
    private static double sumSquaresVector(float[] g, int from, int to, float clip) {
        if (S.length() > SUM_LANES) {
            return sumSquaresLanes(g, from, to, clip);
        }
        double sum = 0;
        for (int first = from; first < from + SUM_LANES; first += S.length()) {
            FloatVector acc = FloatVector.zero(S);
            for (int i = first; i < to; i += SUM_LANES) {
                FloatVector c = FloatVector.fromArray(S, g, i).max(-clip).min(clip);
                acc = acc.add(c.mul(c));
            }
            for (int k = 0; k < S.length(); k++) {
                sum += acc.lane(k);
            }
        }
        return sum;
    }

    /** The scalar twin of {@link #sumSquaresVector}: the same partial sums, added in the same order. */
    private static double sumSquaresLanes(float[] g, int from, int to, float clip) {
        float[] lanes = new float[SUM_LANES];
        for (int i = from; i < to; i++) {
            float c = Math.min(Math.max(g[i], -clip), clip);
            lanes[(i - from) % lanes.length] += c * c;
        }
        double sum = 0;
        for (float lane : lanes) {
            sum += lane;
        }
        return sum;
    }

    /**
     * out ← clamp(g, −clip, clip)·scale + wd·θ: clip_grad_value_, then clip_grad_norm_'s factor, then L2
     * weight decay ({@code grad.add(param, alpha=wd)}). NaN stays NaN.
     */
    public static void clipScaleDecay(float[] g, float[] theta, float clip, float scale, float wd, float[] out) {
        int i = KernelMode.vector() ? clipScaleDecayVector(g, theta, clip, scale, wd, out) : 0;
        for (; i < g.length; i++) {
            out[i] = Math.min(Math.max(g[i], -clip), clip) * scale + wd * theta[i];
        }
    }

    private static int clipScaleDecayVector(float[] g, float[] theta, float clip, float scale, float wd, float[] out) {
        int upper = S.loopBound(g.length);
        for (int i = 0; i < upper; i += S.length()) {
            FloatVector c = FloatVector.fromArray(S, g, i).max(-clip).min(clip);
            c.mul(scale).add(FloatVector.fromArray(S, theta, i).mul(wd)).intoArray(out, i);
        }
        return upper;
    }

    /** x ← x·factor: decoupled weight decay, {@code param.mul_(1 − lr·wd)}. */
    public static void scale(float[] x, float factor) {
        int i = KernelMode.vector() ? scaleVector(x, factor) : 0;
        for (; i < x.length; i++) {
            x[i] = x[i] * factor;
        }
    }

    private static int scaleVector(float[] x, float factor) {
        int upper = S.loopBound(x.length);
        for (int i = 0; i < upper; i += S.length()) {
            FloatVector.fromArray(S, x, i).mul(factor).intoArray(x, i);
        }
        return upper;
    }

    // ---------------------------------------------------------------- Adam and AdamW

    /**
     * {@code _single_tensor_adam} over elements [from, to): m ← m·β1 + (1−β1)·g; v ← v·β2 + (1−β2)·g·g; with
     * amsgrad (vMax not null) vMax ← max(vMax, v); θ ← θ − stepSize·(m / (√v / bc2Sqrt + ε)), √vMax with
     * amsgrad (see {@link OptimStep.Adam}).
     */
    public static void adam(OptimStep.Adam s, float[] theta, float[] g, float[] m, float[] v, float[] vMax, int from, int to) {
        float beta1 = (float) s.beta1(), oneMinusBeta1 = (float) (1 - s.beta1());
        float beta2 = (float) s.beta2(), oneMinusBeta2 = (float) (1 - s.beta2());
        float stepSize = (float) s.stepSize(), bc2Sqrt = (float) s.bc2Sqrt(), eps = (float) s.eps();
        int i = from;
        if (KernelMode.vector()) {
            i = vMax == null
                    ? adamVector(theta, g, m, v, beta1, oneMinusBeta1, beta2, oneMinusBeta2, stepSize, bc2Sqrt, eps, from, to)
                    : amsgradVector(theta, g, m, v, vMax, beta1, oneMinusBeta1, beta2, oneMinusBeta2, stepSize, bc2Sqrt, eps,
                            from, to);
        }
        for (; i < to; i++) {
            float gi = g[i];
            m[i] = m[i] * beta1 + oneMinusBeta1 * gi;
            v[i] = v[i] * beta2 + oneMinusBeta2 * gi * gi;
            float second = v[i];
            if (vMax != null) {
                vMax[i] = Math.max(vMax[i], v[i]);
                second = vMax[i];
            }
            float denom = (float) Math.sqrt(second) / bc2Sqrt + eps;
            theta[i] = theta[i] - stepSize * (m[i] / denom);
        }
    }

    private static int adamVector(float[] theta, float[] g, float[] m, float[] v, float beta1, float oneMinusBeta1,
                                  float beta2, float oneMinusBeta2, float stepSize, float bc2Sqrt, float eps,
                                  int from, int to) {
        int upper = from + S.loopBound(to - from);
        float thetaMin = Underflow.thetaMin(stepSize, eps); // f32 only
        for (int i = from; i < upper; i += S.length()) {
            // a vector with an underflowed moment, without the subnormal arithmetic (same bits) // f32 only
            if (Underflow.adam(theta, g, m, v, beta1, oneMinusBeta1, beta2, oneMinusBeta2, stepSize, bc2Sqrt, // f32 only
                    eps, thetaMin, i)) { // f32 only
                continue; // f32 only
            } // f32 only
            FloatVector gv = FloatVector.fromArray(S, g, i);
            FloatVector mv = FloatVector.fromArray(S, m, i).mul(beta1).add(gv.mul(oneMinusBeta1));
            FloatVector vv = FloatVector.fromArray(S, v, i).mul(beta2).add(gv.mul(oneMinusBeta2).mul(gv));
            mv.intoArray(m, i);
            vv.intoArray(v, i);
            FloatVector denom = vv.sqrt().div(bc2Sqrt).add(eps);
            FloatVector.fromArray(S, theta, i).sub(mv.div(denom).mul(stepSize)).intoArray(theta, i);
        }
        return upper;
    }

    private static int amsgradVector(float[] theta, float[] g, float[] m, float[] v, float[] vMax, float beta1,
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

    // ---------------------------------------------------------------- SGD

    /** θ ← θ − lr·g: SGD without momentum, {@code param.add_(grad, alpha=−lr)}. */
    public static void sgd(float[] theta, float[] g, float lr) {
        int i = KernelMode.vector() ? sgdVector(theta, g, lr) : 0;
        for (; i < theta.length; i++) {
            theta[i] = theta[i] - lr * g[i];
        }
    }

    private static int sgdVector(float[] theta, float[] g, float lr) {
        int upper = S.loopBound(theta.length);
        for (int i = 0; i < upper; i += S.length()) {
            FloatVector.fromArray(S, theta, i).sub(FloatVector.fromArray(S, g, i).mul(lr)).intoArray(theta, i);
        }
        return upper;
    }

    /**
     * {@code _single_tensor_sgd} with momentum: b ← b·μ + (1 − dampening)·g, then θ ← θ − lr·b, or with
     * Nesterov θ ← θ − lr·(g + μ·b). PyTorch's first step copies g into b instead; from b = 0 a caller
     * gets exactly that by passing dampening 0 on that step.
     */
    public static void sgdMomentum(OptimStep.Momentum s, float[] theta, float[] g, float[] b) {
        float lr = (float) s.lr(), mu = (float) s.mu(), oneMinusDampening = (float) (1 - s.dampening());
        boolean nesterov = s.nesterov();
        int i = 0;
        if (KernelMode.vector()) {
            i = nesterov ? nesterovVector(theta, g, b, lr, mu, oneMinusDampening)
                    : momentumVector(theta, g, b, lr, mu, oneMinusDampening);
        }
        for (; i < theta.length; i++) {
            float gi = g[i];
            b[i] = b[i] * mu + oneMinusDampening * gi;
            float step = nesterov ? gi + mu * b[i] : b[i];
            theta[i] = theta[i] - lr * step;
        }
    }

    private static int momentumVector(float[] theta, float[] g, float[] b, float lr, float mu, float oneMinusDampening) {
        int upper = S.loopBound(theta.length);
        float thetaMin = Underflow.thetaMin(lr, 1); // f32 only
        for (int i = 0; i < upper; i += S.length()) {
            if (Underflow.momentum(theta, g, b, lr, mu, oneMinusDampening, thetaMin, i)) { // f32 only
                continue; // f32 only
            } // f32 only
            FloatVector gv = FloatVector.fromArray(S, g, i);
            FloatVector bv = FloatVector.fromArray(S, b, i).mul(mu).add(gv.mul(oneMinusDampening));
            bv.intoArray(b, i);
            FloatVector.fromArray(S, theta, i).sub(bv.mul(lr)).intoArray(theta, i);
        }
        return upper;
    }

    private static int nesterovVector(float[] theta, float[] g, float[] b, float lr, float mu, float oneMinusDampening) {
        int upper = S.loopBound(theta.length);
        float thetaMin = Underflow.thetaMin(lr, 1); // f32 only
        for (int i = 0; i < upper; i += S.length()) {
            if (Underflow.nesterov(theta, g, b, lr, mu, oneMinusDampening, thetaMin, i)) { // f32 only
                continue; // f32 only
            } // f32 only
            FloatVector gv = FloatVector.fromArray(S, g, i);
            FloatVector bv = FloatVector.fromArray(S, b, i).mul(mu).add(gv.mul(oneMinusDampening));
            bv.intoArray(b, i);
            FloatVector step = gv.add(bv.mul(mu));
            FloatVector.fromArray(S, theta, i).sub(step.mul(lr)).intoArray(theta, i);
        }
        return upper;
    }

    // ---------------------------------------------------------------- RMSprop

    /**
     * {@code _single_tensor_rmsprop}: s ← s·α + (1−α)·g·g; centered (gAvg not null) ḡ ← ḡ·α + (1−α)·g and
     * d = √(s − ḡ·ḡ) + ε, else d = √s + ε; with momentum (b not null) b ← b·μ + g/d and θ ← θ − lr·b,
     * else θ ← θ − lr·(g/d) (see {@link OptimStep.Rmsprop}).
     */
    public static void rmsprop(OptimStep.Rmsprop step, float[] theta, float[] g, float[] s, float[] gAvg, float[] b) {
        float lr = (float) step.lr(), alpha = (float) step.alpha(), oneMinusAlpha = (float) (1 - step.alpha());
        float eps = (float) step.eps(), mu = (float) step.momentum();
        int i = 0;
        if (KernelMode.vector()) {
            i = gAvg == null
                    ? (b == null ? rmspropVector(theta, g, s, lr, alpha, oneMinusAlpha, eps)
                            : rmspropMomentumVector(theta, g, s, b, lr, alpha, oneMinusAlpha, eps, mu))
                    : (b == null ? centeredVector(theta, g, s, gAvg, lr, alpha, oneMinusAlpha, eps)
                            : centeredMomentumVector(theta, g, s, gAvg, b, lr, alpha, oneMinusAlpha, eps, mu));
        }
        for (; i < theta.length; i++) {
            float gi = g[i];
            s[i] = s[i] * alpha + oneMinusAlpha * gi * gi;
            float variance = s[i];
            if (gAvg != null) {
                gAvg[i] = gAvg[i] * alpha + oneMinusAlpha * gi;
                variance = variance - gAvg[i] * gAvg[i];
            }
            float d = (float) Math.sqrt(variance) + eps;
            if (b != null) {
                b[i] = b[i] * mu + gi / d;
                theta[i] = theta[i] - lr * b[i];
            } else {
                theta[i] = theta[i] - lr * (gi / d);
            }
        }
    }

    private static int rmspropVector(float[] theta, float[] g, float[] s, float lr, float alpha, float oneMinusAlpha,
                                     float eps) {
        int upper = S.loopBound(theta.length);
        for (int i = 0; i < upper; i += S.length()) {
            FloatVector gv = FloatVector.fromArray(S, g, i);
            FloatVector d = squareAvg(s, i, gv, alpha, oneMinusAlpha).sqrt().add(eps);
            FloatVector.fromArray(S, theta, i).sub(gv.div(d).mul(lr)).intoArray(theta, i);
        }
        return upper;
    }

    private static int rmspropMomentumVector(float[] theta, float[] g, float[] s, float[] b, float lr, float alpha,
                                             float oneMinusAlpha, float eps, float mu) {
        int upper = S.loopBound(theta.length);
        for (int i = 0; i < upper; i += S.length()) {
            FloatVector gv = FloatVector.fromArray(S, g, i);
            FloatVector d = squareAvg(s, i, gv, alpha, oneMinusAlpha).sqrt().add(eps);
            FloatVector bv = FloatVector.fromArray(S, b, i).mul(mu).add(gv.div(d));
            bv.intoArray(b, i);
            FloatVector.fromArray(S, theta, i).sub(bv.mul(lr)).intoArray(theta, i);
        }
        return upper;
    }

    private static int centeredVector(float[] theta, float[] g, float[] s, float[] gAvg, float lr, float alpha,
                                      float oneMinusAlpha, float eps) {
        int upper = S.loopBound(theta.length);
        for (int i = 0; i < upper; i += S.length()) {
            FloatVector gv = FloatVector.fromArray(S, g, i);
            FloatVector d = centeredVariance(s, gAvg, i, gv, alpha, oneMinusAlpha).sqrt().add(eps);
            FloatVector.fromArray(S, theta, i).sub(gv.div(d).mul(lr)).intoArray(theta, i);
        }
        return upper;
    }

    private static int centeredMomentumVector(float[] theta, float[] g, float[] s, float[] gAvg, float[] b, float lr,
                                              float alpha, float oneMinusAlpha, float eps, float mu) {
        int upper = S.loopBound(theta.length);
        for (int i = 0; i < upper; i += S.length()) {
            FloatVector gv = FloatVector.fromArray(S, g, i);
            FloatVector d = centeredVariance(s, gAvg, i, gv, alpha, oneMinusAlpha).sqrt().add(eps);
            FloatVector bv = FloatVector.fromArray(S, b, i).mul(mu).add(gv.div(d));
            bv.intoArray(b, i);
            FloatVector.fromArray(S, theta, i).sub(bv.mul(lr)).intoArray(theta, i);
        }
        return upper;
    }

    /** s ← s·α + (1−α)·g·g at i; returns the new s. */
    private static FloatVector squareAvg(float[] s, int i, FloatVector gv, float alpha, float oneMinusAlpha) {
        FloatVector sv = FloatVector.fromArray(S, s, i).mul(alpha).add(gv.mul(oneMinusAlpha).mul(gv));
        sv.intoArray(s, i);
        return sv;
    }

    /** s and ḡ ← ḡ·α + (1−α)·g at i; returns s − ḡ·ḡ. */
    private static FloatVector centeredVariance(float[] s, float[] gAvg, int i, FloatVector gv, float alpha,
                                                float oneMinusAlpha) {
        FloatVector sv = squareAvg(s, i, gv, alpha, oneMinusAlpha);
        FloatVector av = FloatVector.fromArray(S, gAvg, i).mul(alpha).add(gv.mul(oneMinusAlpha));
        av.intoArray(gAvg, i);
        return sv.sub(av.mul(av));
    }

    // ---------------------------------------------------------------- AdaGrad

    /** {@code _single_tensor_adagrad}: sum ← sum + g·g; θ ← θ − clr·(g / (√sum + ε)). */
    public static void adagrad(OptimStep.Adagrad s, float[] theta, float[] g, float[] sum) {
        float clr = (float) s.clr(), eps = (float) s.eps();
        int i = KernelMode.vector() ? adagradVector(theta, g, sum, clr, eps) : 0;
        for (; i < theta.length; i++) {
            float gi = g[i];
            sum[i] = sum[i] + gi * gi;
            theta[i] = theta[i] - clr * (gi / ((float) Math.sqrt(sum[i]) + eps));
        }
    }

    private static int adagradVector(float[] theta, float[] g, float[] sum, float clr, float eps) {
        int upper = S.loopBound(theta.length);
        for (int i = 0; i < upper; i += S.length()) {
            FloatVector gv = FloatVector.fromArray(S, g, i);
            FloatVector sv = FloatVector.fromArray(S, sum, i).add(gv.mul(gv));
            sv.intoArray(sum, i);
            FloatVector.fromArray(S, theta, i).sub(gv.div(sv.sqrt().add(eps)).mul(clr)).intoArray(theta, i);
        }
        return upper;
    }
}
