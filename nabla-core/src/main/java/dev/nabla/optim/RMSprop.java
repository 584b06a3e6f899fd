package dev.nabla.optim;

import dev.nabla.config.Check;
import dev.nabla.config.ConfigReader;
import dev.nabla.kernel.OptimStep;
import dev.nabla.nn.Parameter;
import dev.nabla.tensor.OptimizerMath;
import dev.nabla.tensor.Tensor;
import java.util.List;

/**
 * RMSprop (Hinton, lecture 6e), exactly as PyTorch's {@code torch.optim.RMSprop}:
 *
 * <pre>
 *   s ← α·s + (1 − α)·g²
 *   centered:  ḡ ← α·ḡ + (1 − α)·g;   d = √(s − ḡ²) + ε      (the variance instead of the raw second moment)
 *   else:      d = √s + ε
 *   momentum:  b ← μ·b + g / d;  θ ← θ − η·b
 *   else:      θ ← θ − η·g / d
 * </pre>
 *
 * <p><b>Against the lecture (seed 004).</b> It writes {@code η / √(ε·I + ζ)·∇l}, with ε inside the square
 * root; PyTorch puts ε outside ({@code √s + ε}) and we follow PyTorch, so the results match
 * {@code torch.optim.RMSprop} (with ε = 1e-8 the two differ only where s is below about 1e-8).
 * Keras also adds ε outside the root.
 */
public final class RMSprop extends Optimizer {

    /** RMSprop's hyperparameters; {@link #DEFAULT} holds PyTorch's defaults. */
    public record Config(double lr, double alpha, double eps, double weightDecay, double momentum, boolean centered)
            implements OptimizerConfig {
        public static final Config DEFAULT = new Config(0.01, 0.99, 1e-8, 0, 0, false);

        public Config {
            Check.positive("RMSprop", "lr", lr);
            Check.decayRate("RMSprop", "alpha", alpha);
            Check.positive("RMSprop", "eps", eps);
            Check.nonNegative("RMSprop", "weight_decay", weightDecay);
            Check.nonNegative("RMSprop", "momentum", momentum);
        }

        static Config read(ConfigReader c) {
            Config d = DEFAULT;
            c.allowOnly("lr", "alpha", "eps", "weight_decay", "momentum", "centered");
            return c.build(() -> new Config(Optimizers.lr(c, d.lr()), c.number("alpha", d.alpha()), c.number("eps", d.eps()),
                    c.number("weight_decay", d.weightDecay()), c.number("momentum", d.momentum()),
                    c.bool("centered", d.centered())));
        }

        @Override
        public RMSprop create(List<Parameter> params) {
            return new RMSprop(params, this);
        }

        public Config withLr(double v) { return new Config(v, alpha, eps, weightDecay, momentum, centered); }
        public Config withAlpha(double v) { return new Config(lr, v, eps, weightDecay, momentum, centered); }
        public Config withEps(double v) { return new Config(lr, alpha, v, weightDecay, momentum, centered); }
        public Config withWeightDecay(double v) { return new Config(lr, alpha, eps, v, momentum, centered); }
        public Config withMomentum(double v) { return new Config(lr, alpha, eps, weightDecay, v, centered); }
        public Config withCentered(boolean v) { return new Config(lr, alpha, eps, weightDecay, momentum, v); }

        @Override
        public boolean hasMomentum() {
            return momentum > 0;
        }
    }

    private final Config config;

    public RMSprop(List<Parameter> params, double lr) {
        this(params, Config.DEFAULT.withLr(lr));
    }

    public RMSprop(List<Parameter> params, Config config) {
        super(params, config.lr(), config.weightDecay(), false);
        this.config = config;
    }

    public Config config() {
        return config;
    }

    @Override
    protected void createState(Tensor param, State state) {
        state.add("square_avg", Tensor.zerosLike(param));
        if (config.momentum() > 0) {
            state.add("momentum_buffer", Tensor.zerosLike(param));
        }
        if (config.centered()) {
            state.add("grad_avg", Tensor.zerosLike(param));
        }
    }

    /** {@code _single_tensor_rmsprop}'s order, in the parameter's precision. */
    @Override
    protected void update(Tensor param, Tensor grad, State state, double lr) {
        // s ← α·s + (1 − α)·g²;  d = √s + ε (centered: √(s − ḡ²) + ε);  θ ← θ − η·g/d (momentum: through b)
        double mu = config.momentum() > 0 ? momentum(config.momentum()) : 0;
        OptimizerMath.rmsprop(new OptimStep.Rmsprop(lr, config.alpha(), config.eps(), mu), param, grad,
                state.buffer("square_avg"), config.centered() ? state.buffer("grad_avg") : null,
                mu > 0 ? state.buffer("momentum_buffer") : null); // a cycle's μ of 0: PyTorch's `if momentum > 0`
    }

    @Override
    protected final boolean hasMomentum() {
        return config.hasMomentum();
    }

    @Override
    protected String describe() {
        return "alpha=" + config.alpha() + ", eps=" + config.eps() + ", weightDecay=" + config.weightDecay()
                + ", momentum=" + config.momentum() + ", centered=" + config.centered();
    }
}
