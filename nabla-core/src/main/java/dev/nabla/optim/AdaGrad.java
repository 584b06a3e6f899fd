package dev.nabla.optim;

import dev.nabla.kernel.OptimF32;
import dev.nabla.kernel.OptimF64;
import dev.nabla.nn.Parameter;
import dev.nabla.tensor.Tensor;
import java.util.List;

/**
 * AdaGrad (Duchi et al., 2011), exactly as PyTorch's {@code torch.optim.Adagrad}:
 *
 * <pre>
 *   η_t = η / (1 + (t − 1)·lrDecay)
 *   G  ← G + g²                       (G starts at initialAccumulatorValue)
 *   θ  ← θ − η_t · g / (√G + ε)
 * </pre>
 *
 * <p><b>Against the lecture (seed 004).</b> It writes {@code η / √(ε·I + diag(∇l·∇lᵀ))·∇l}, with ε inside
 * the square root and the diagonal of one gradient's outer product; the running sum of squares is the
 * algorithm the paper and every library implement, and we follow PyTorch in putting ε outside the
 * root (so its default is 1e-10, not a square).
 */
public final class AdaGrad extends Optimizer {

    /** AdaGrad's hyperparameters; {@link #DEFAULT} holds PyTorch's defaults. */
    public record Config(double lr, double lrDecay, double weightDecay, double initialAccumulatorValue, double eps) {
        public static final Config DEFAULT = new Config(0.01, 0, 0, 0, 1e-10);

        public Config {
            Checks.positive("AdaGrad", "learning rate", lr);
            Checks.nonNegative("AdaGrad", "lr decay", lrDecay);
            Checks.nonNegative("AdaGrad", "weight decay", weightDecay);
            Checks.nonNegative("AdaGrad", "initial accumulator value", initialAccumulatorValue);
            Checks.positive("AdaGrad", "eps", eps);
        }

        public Config withLr(double v) { return new Config(v, lrDecay, weightDecay, initialAccumulatorValue, eps); }
        public Config withLrDecay(double v) { return new Config(lr, v, weightDecay, initialAccumulatorValue, eps); }
        public Config withWeightDecay(double v) { return new Config(lr, lrDecay, v, initialAccumulatorValue, eps); }
        public Config withInitialAccumulatorValue(double v) { return new Config(lr, lrDecay, weightDecay, v, eps); }
        public Config withEps(double v) { return new Config(lr, lrDecay, weightDecay, initialAccumulatorValue, v); }
    }

    private final Config config;

    public AdaGrad(List<Parameter> params, double lr) {
        this(params, Config.DEFAULT.withLr(lr));
    }

    public AdaGrad(List<Parameter> params, Config config) {
        super(params, config.lr(), config.weightDecay(), false);
        this.config = config;
    }

    public Config config() {
        return config;
    }

    @Override
    protected void createState(Tensor param, State state) {
        state.add("sum", Tensor.zerosLike(param).fill(config.initialAccumulatorValue()));
    }

    /** {@code _single_tensor_adagrad}'s order, in the parameter's precision; η_t is computed in double. */
    @Override
    protected void update(Tensor param, Tensor grad, State state, double lr) {
        Tensor sum = state.buffer("sum");
        double clr = lr / (1 + (state.step() - 1) * config.lrDecay());
        if (isFloat32(param)) {
            OptimF32.adagrad(param.f32(), grad.f32(), sum.f32(), (float) clr, (float) config.eps());
        } else {
            OptimF64.adagrad(param.f64(), grad.f64(), sum.f64(), clr, config.eps());
        }
    }

    @Override
    protected String describe() {
        return "lrDecay=" + config.lrDecay() + ", weightDecay=" + config.weightDecay()
                + ", initialAccumulatorValue=" + config.initialAccumulatorValue() + ", eps=" + config.eps();
    }
}
