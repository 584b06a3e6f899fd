package dev.nabla.optim;

import dev.nabla.kernel.OptimF32;
import dev.nabla.kernel.OptimF64;
import dev.nabla.kernel.Parallel;
import dev.nabla.nn.Parameter;
import dev.nabla.tensor.Tensor;
import java.util.List;

/**
 * Adam (Kingma and Ba, 2015), with the AMSGrad variant (Reddi et al., 2018), exactly as PyTorch's
 * {@code torch.optim.Adam}:
 *
 * <pre>
 *   m ← β1·m + (1 − β1)·g              m̂ = m / (1 − β1^t)
 *   v ← β2·v + (1 − β2)·g²             v̂ = v / (1 − β2^t)     (amsgrad: v_max ← max(v_max, v), v̂ from v_max)
 *   θ ← θ − η · m̂ / (√v̂ + ε)
 * </pre>
 *
 * <p>{@code weightDecay} adds {@code wd·θ} to the gradient (L2, PyTorch's Adam); for decoupled decay use
 * {@link AdamW}, which shares this update.
 *
 * <p><b>Against the lecture (seed 004).</b> Its ζ is our v (with its α our β2), its m ours (β our β1),
 * and it puts ε inside the square root: {@code η·m̂ / √(ε + ζ̂)}. We follow the paper and PyTorch, with
 * ε outside: {@code η·m̂ / (√v̂ + ε)}.
 */
public class Adam extends Optimizer {

    /** Adam's hyperparameters; {@link #DEFAULT} holds the paper's (and PyTorch's) defaults. */
    public record Config(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad) {
        public static final Config DEFAULT = new Config(1e-3, 0.9, 0.999, 1e-8, 0, false);

        public Config {
            Checks.positive("Adam", "learning rate", lr);
            Checks.decayRate("Adam", "beta1", beta1);
            Checks.decayRate("Adam", "beta2", beta2);
            Checks.positive("Adam", "eps", eps);
            Checks.nonNegative("Adam", "weight decay", weightDecay);
        }

        public Config withLr(double v) { return new Config(v, beta1, beta2, eps, weightDecay, amsgrad); }
        public Config withBetas(double b1, double b2) { return new Config(lr, b1, b2, eps, weightDecay, amsgrad); }
        public Config withEps(double v) { return new Config(lr, beta1, beta2, v, weightDecay, amsgrad); }
        public Config withWeightDecay(double v) { return new Config(lr, beta1, beta2, eps, v, amsgrad); }
        public Config withAmsgrad(boolean v) { return new Config(lr, beta1, beta2, eps, weightDecay, v); }
    }

    /**
     * Element visits an update costs, for {@link Parallel#forRange}: the loop is bound by memory (seven
     * arrays' worth of traffic per element), so a large parameter is worth both cores' bandwidth.
     */
    private static final long WORK_PER_ELEMENT = 8;

    private final Config config;

    public Adam(List<Parameter> params, double lr) {
        this(params, Config.DEFAULT.withLr(lr));
    }

    public Adam(List<Parameter> params, Config config) {
        this(params, config, false);
    }

    /** For {@link AdamW}: the same update with the weight decay decoupled. */
    Adam(List<Parameter> params, Config config, boolean decoupledWeightDecay) {
        super(params, config.lr(), config.weightDecay(), decoupledWeightDecay);
        this.config = config;
    }

    public Config config() {
        return config;
    }

    @Override
    protected final void createState(Tensor param, State state) {
        state.add("exp_avg", Tensor.zerosLike(param));
        state.add("exp_avg_sq", Tensor.zerosLike(param));
        if (config.amsgrad()) {
            state.add("max_exp_avg_sq", Tensor.zerosLike(param));
        }
    }

    /**
     * {@code _single_tensor_adam}'s order, in the parameter's precision: the bias corrections fold into
     * a step size {@code lr / (1 − β1^t)} and a divisor {@code √(1 − β2^t)} of √v, computed once in double.
     */
    @Override
    protected final void update(Tensor param, Tensor grad, State state, double lr) {
        Tensor m = state.buffer("exp_avg"), v = state.buffer("exp_avg_sq");
        Tensor vMax = config.amsgrad() ? state.buffer("max_exp_avg_sq") : null;
        double beta1 = config.beta1(), beta2 = config.beta2(), eps = config.eps();
        long t = state.step();
        double stepSize = lr / (1 - Math.pow(beta1, t)), bc2Sqrt = Math.sqrt(1 - Math.pow(beta2, t));
        float[] pf = isFloat32(param) ? param.f32() : null;
        Parallel.forRange(param.size(), WORK_PER_ELEMENT, (from, to) -> {
            if (pf != null) {
                OptimF32.adam(pf, grad.f32(), m.f32(), v.f32(), vMax == null ? null : vMax.f32(), (float) beta1,
                        (float) (1 - beta1), (float) beta2, (float) (1 - beta2), (float) stepSize, (float) bc2Sqrt,
                        (float) eps, from, to);
            } else {
                OptimF64.adam(param.f64(), grad.f64(), m.f64(), v.f64(), vMax == null ? null : vMax.f64(), beta1,
                        1 - beta1, beta2, 1 - beta2, stepSize, bc2Sqrt, eps, from, to);
            }
        });
    }

    @Override
    protected String describe() {
        return "betas=(" + config.beta1() + ", " + config.beta2() + "), eps=" + config.eps()
                + ", weightDecay=" + config.weightDecay() + ", amsgrad=" + config.amsgrad();
    }
}
