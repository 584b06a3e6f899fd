package dev.nabla.optim;

import dev.nabla.config.Check;
import dev.nabla.config.ConfigReader;
import dev.nabla.kernel.OptimStep;
import dev.nabla.nn.Parameter;
import dev.nabla.tensor.OptimizerMath;
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
    public record Config(double lr, double lrDecay, double weightDecay, double initialAccumulatorValue, double eps)
            implements OptimizerConfig {
        public static final Config DEFAULT = new Config(0.01, 0, 0, 0, 1e-10);

        public Config {
            Check.positive("AdaGrad", "lr", lr);
            Check.nonNegative("AdaGrad", "lr_decay", lrDecay);
            Check.nonNegative("AdaGrad", "weight_decay", weightDecay);
            Check.nonNegative("AdaGrad", "initial_accumulator_value", initialAccumulatorValue);
            Check.positive("AdaGrad", "eps", eps);
        }

        static Config read(ConfigReader c) {
            Config d = DEFAULT;
            c.allowOnly("lr", "lr_decay", "weight_decay", "initial_accumulator_value", "eps");
            return c.build(() -> new Config(Optimizers.lr(c, d.lr()), c.number("lr_decay", d.lrDecay()),
                    c.number("weight_decay", d.weightDecay()),
                    c.number("initial_accumulator_value", d.initialAccumulatorValue()), c.number("eps", d.eps())));
        }

        @Override
        public AdaGrad create(List<Parameter> params) {
            return new AdaGrad(params, this);
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
        double decayedLr = lr / (1 + (state.step() - 1) * config.lrDecay());   // η_t
        // G ← G + g²;  θ ← θ − η_t·g / (√G + ε)
        OptimizerMath.adagrad(new OptimStep.Adagrad(decayedLr, config.eps()), param, grad, state.buffer("sum"));
    }

    @Override
    protected String describe() {
        return "lrDecay=" + config.lrDecay() + ", weightDecay=" + config.weightDecay()
                + ", initialAccumulatorValue=" + config.initialAccumulatorValue() + ", eps=" + config.eps();
    }
}
