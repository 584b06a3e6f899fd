package dev.nabla.kernel;

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
 * and a vector value merged through a branch is boxed (an allocation per iteration). They live in
 * {@link OptimSimdF32} (see {@link ElementwiseF32} for why).
 */
public final class OptimF32 {
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
            total += KernelMode.vector() ? OptimSimdF32.sumSquaresVector(g, from, to, clip)
                    : sumSquaresLanes(g, from, to, clip);
        }
        for (int i = upper; i < g.length; i++) {
            float c = Math.min(Math.max(g[i], -clip), clip);
            total += c * c;
        }
        return total;
    }

    /** The scalar twin of {@link OptimSimdF32#sumSquaresVector}: the same partial sums, added in the same order. */
    static double sumSquaresLanes(float[] g, int from, int to, float clip) {
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
        int i = KernelMode.vector() ? OptimSimdF32.clipScaleDecayVector(g, theta, clip, scale, wd, out) : 0;
        for (; i < g.length; i++) {
            out[i] = Math.min(Math.max(g[i], -clip), clip) * scale + wd * theta[i];
        }
    }

    /** x ← x·factor: decoupled weight decay, {@code param.mul_(1 − lr·wd)}. */
    public static void scale(float[] x, float factor) {
        int i = KernelMode.vector() ? OptimSimdF32.scaleVector(x, factor) : 0;
        for (; i < x.length; i++) {
            x[i] = x[i] * factor;
        }
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
                    ? OptimSimdF32.adamVector(theta, g, m, v, beta1, oneMinusBeta1, beta2, oneMinusBeta2, stepSize, bc2Sqrt, eps, from, to)
                    : OptimSimdF32.amsgradVector(theta, g, m, v, vMax, beta1, oneMinusBeta1, beta2, oneMinusBeta2, stepSize, bc2Sqrt, eps,
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

    // ---------------------------------------------------------------- SGD

    /** θ ← θ − lr·g: SGD without momentum, {@code param.add_(grad, alpha=−lr)}. */
    public static void sgd(float[] theta, float[] g, float lr) {
        sgd(theta, g, lr, 0, theta.length);
    }

    /** {@link #sgd(float[], float[], float)} over elements [from, to). */
    public static void sgd(float[] theta, float[] g, float lr, int from, int to) {
        int i = KernelMode.vector() ? OptimSimdF32.sgdVector(theta, g, lr, from, to) : from;
        for (; i < to; i++) {
            theta[i] = theta[i] - lr * g[i];
        }
    }

    /**
     * {@code _single_tensor_sgd} with momentum: b ← b·μ + (1 − dampening)·g, then θ ← θ − lr·b, or with
     * Nesterov θ ← θ − lr·(g + μ·b). PyTorch's first step copies g into b instead; from b = 0 a caller
     * gets exactly that by passing dampening 0 on that step.
     */
    public static void sgdMomentum(OptimStep.Momentum s, float[] theta, float[] g, float[] b) {
        sgdMomentum(s, theta, g, b, 0, theta.length);
    }

    /** {@link #sgdMomentum(OptimStep.Momentum, float[], float[], float[])} over elements [from, to). */
    public static void sgdMomentum(OptimStep.Momentum s, float[] theta, float[] g, float[] b, int from, int to) {
        float lr = (float) s.lr(), mu = (float) s.mu(), oneMinusDampening = (float) (1 - s.dampening());
        boolean nesterov = s.nesterov();
        int i = from;
        if (KernelMode.vector()) {
            i = nesterov ? OptimSimdF32.nesterovVector(theta, g, b, lr, mu, oneMinusDampening, from, to)
                    : OptimSimdF32.momentumVector(theta, g, b, lr, mu, oneMinusDampening, from, to);
        }
        for (; i < to; i++) {
            float gi = g[i];
            b[i] = b[i] * mu + oneMinusDampening * gi;
            float step = nesterov ? gi + mu * b[i] : b[i];
            theta[i] = theta[i] - lr * step;
        }
    }

    // ---------------------------------------------------------------- RMSprop

    /**
     * {@code _single_tensor_rmsprop}: s ← s·α + (1−α)·g·g; centered (gAvg not null) ḡ ← ḡ·α + (1−α)·g and
     * d = √(s − ḡ·ḡ) + ε, else d = √s + ε; with momentum (b not null) b ← b·μ + g/d and θ ← θ − lr·b,
     * else θ ← θ − lr·(g/d) (see {@link OptimStep.Rmsprop}).
     */
    public static void rmsprop(OptimStep.Rmsprop step, float[] theta, float[] g, float[] s, float[] gAvg, float[] b) {
        rmsprop(step, theta, g, s, gAvg, b, 0, theta.length);
    }

    /** {@link #rmsprop(OptimStep.Rmsprop, float[], float[], float[], float[], float[])} over elements [from, to). */
    public static void rmsprop(OptimStep.Rmsprop step, float[] theta, float[] g, float[] s, float[] gAvg, float[] b, int from,
                               int to) {
        float lr = (float) step.lr(), alpha = (float) step.alpha(), oneMinusAlpha = (float) (1 - step.alpha());
        float eps = (float) step.eps(), mu = (float) step.momentum();
        int i = from;
        if (KernelMode.vector()) {
            i = gAvg == null
                    ? (b == null ? OptimSimdF32.rmspropVector(theta, g, s, lr, alpha, oneMinusAlpha, eps, from, to)
                            : OptimSimdF32.rmspropMomentumVector(theta, g, s, b, lr, alpha, oneMinusAlpha, eps, mu, from, to))
                    : (b == null ? OptimSimdF32.centeredVector(theta, g, s, gAvg, lr, alpha, oneMinusAlpha, eps, from, to)
                            : OptimSimdF32.centeredMomentumVector(theta, g, s, gAvg, b, lr, alpha, oneMinusAlpha, eps, mu, from,
                                    to));
        }
        for (; i < to; i++) {
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

    // ---------------------------------------------------------------- AdaGrad

    /** {@code _single_tensor_adagrad}: sum ← sum + g·g; θ ← θ − clr·(g / (√sum + ε)). */
    public static void adagrad(OptimStep.Adagrad s, float[] theta, float[] g, float[] sum) {
        adagrad(s, theta, g, sum, 0, theta.length);
    }

    /** {@link #adagrad(OptimStep.Adagrad, float[], float[], float[])} over elements [from, to). */
    public static void adagrad(OptimStep.Adagrad s, float[] theta, float[] g, float[] sum, int from, int to) {
        float clr = (float) s.clr(), eps = (float) s.eps();
        int i = KernelMode.vector() ? OptimSimdF32.adagradVector(theta, g, sum, clr, eps, from, to) : from;
        for (; i < to; i++) {
            float gi = g[i];
            sum[i] = sum[i] + gi * gi;
            theta[i] = theta[i] - clr * (gi / ((float) Math.sqrt(sum[i]) + eps));
        }
    }

}
