package dev.nabla.optim;

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

    @Override
    protected final void update(Tensor param, Tensor grad, State state, double lr) {
        Elements theta = Elements.of(param), g = Elements.of(grad);
        Elements m = Elements.of(state.buffer("exp_avg")), v = Elements.of(state.buffer("exp_avg_sq"));
        Elements vMax = config.amsgrad() ? Elements.of(state.buffer("max_exp_avg_sq")) : v;
        double beta1 = config.beta1(), beta2 = config.beta2(), eps = config.eps();
        long t = state.step();
        double bias1 = 1 - Math.pow(beta1, t), sqrtBias2 = Math.sqrt(1 - Math.pow(beta2, t));
        for (int i = 0; i < theta.size(); i++) {
            double gi = g.get(i);
            m.set(i, beta1 * m.get(i) + (1 - beta1) * gi);
            v.set(i, beta2 * v.get(i) + (1 - beta2) * gi * gi);
            if (vMax != v) {
                vMax.set(i, Math.max(vMax.get(i), v.get(i)));
            }
            double mHat = m.get(i) / bias1;
            double sqrtVHat = Math.sqrt(vMax.get(i)) / sqrtBias2;
            theta.set(i, theta.get(i) - lr * mHat / (sqrtVHat + eps));
        }
    }

    @Override
    protected String describe() {
        return "betas=(" + config.beta1() + ", " + config.beta2() + "), eps=" + config.eps()
                + ", weightDecay=" + config.weightDecay() + ", amsgrad=" + config.amsgrad();
    }
}
