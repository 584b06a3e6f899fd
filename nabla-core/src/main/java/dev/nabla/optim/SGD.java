package dev.nabla.optim;

import dev.nabla.config.Check;
import dev.nabla.config.ConfigReader;
import dev.nabla.kernel.OptimStep;
import dev.nabla.nn.Parameter;
import dev.nabla.tensor.OptimizerMath;
import dev.nabla.tensor.Tensor;
import java.util.List;

/**
 * Stochastic gradient descent, with optional momentum and Nesterov momentum, exactly as PyTorch's
 * {@code torch.optim.SGD} with {@code dampening=0}:
 *
 * <pre>
 *   plain:     θ ← θ − η·g
 *   momentum:  v ← μ·v + g;            θ ← θ − η·v
 *   nesterov:  v ← μ·v + g;  g' = g + μ·v;  θ ← θ − η·g'
 * </pre>
 *
 * <p><b>Against the lecture (seed 003).</b> Its momentum {@code m_t = γ·m_{t−1} + η·∇L; θ ← θ − m_t} is
 * the same rule with {@code m = η·v} (γ = μ) while η is constant; with a schedule the two differ: PyTorch
 * (and we) scale the whole velocity by the current η, the lecture only the newest gradient. The
 * lecture's Nesterov takes the gradient at the look-ahead point {@code θ − γ·m}; PyTorch's form is the
 * same method with the look-ahead point stored as the parameters ({@code φ = θ − γ·m}): substituting
 * gives {@code φ ← φ − η·(g + μ·v)} with g taken at φ, so no second gradient evaluation is needed
 * (again with {@code m = η·v} while η is constant).
 */
public final class SGD extends Optimizer {

    /** SGD's hyperparameters, validated here; {@link #DEFAULT} is the one place the defaults live. */
    public record Config(double lr, double momentum, boolean nesterov, double weightDecay) implements OptimizerConfig {
        /** lr 0.01 (Keras'; PyTorch has none), no momentum, no weight decay. */
        public static final Config DEFAULT = new Config(0.01, 0, false, 0);

        public Config {
            Check.positive("SGD", "lr", lr);
            Check.nonNegative("SGD", "momentum", momentum);
            Check.nonNegative("SGD", "weight_decay", weightDecay);
            Check.that(!nesterov || momentum > 0, "SGD", "nesterov", "false without momentum (momentum is " + momentum + ")", nesterov);
        }

        static Config read(ConfigReader c) {
            Config d = DEFAULT;
            c.allowOnly("lr", "momentum", "nesterov", "weight_decay");
            return c.build(() -> new Config(Optimizers.lr(c, d.lr()), c.number("momentum", d.momentum()),
                    c.bool("nesterov", d.nesterov()), c.number("weight_decay", d.weightDecay())));
        }

        @Override
        public SGD create(List<Parameter> params) {
            return new SGD(params, this);
        }

        public Config withLr(double v) { return new Config(v, momentum, nesterov, weightDecay); }
        public Config withMomentum(double v) { return new Config(lr, v, nesterov, weightDecay); }
        /** Nesterov momentum μ (sets both). */
        public Config withNesterov(double mu) { return new Config(lr, mu, true, weightDecay); }
        public Config withWeightDecay(double v) { return new Config(lr, momentum, nesterov, v); }

        @Override
        public boolean hasMomentum() {
            return momentum > 0;
        }
    }

    private final Config config;

    /** Plain SGD at learning rate {@code lr}. */
    public SGD(List<Parameter> params, double lr) {
        this(params, Config.DEFAULT.withLr(lr));
    }

    public SGD(List<Parameter> params, Config config) {
        super(params, config.lr(), config.weightDecay(), false);
        this.config = config;
    }

    public Config config() {
        return config;
    }

    @Override
    protected void createState(Tensor param, State state) {
        if (config.momentum() > 0) {
            state.add("momentum_buffer", Tensor.zerosLike(param));
        }
    }

    /**
     * {@code _single_tensor_sgd}'s order. Dampening is 0, so the momentum buffer takes the whole gradient
     * ({@code 1 − dampening = 1}); from its zero start that also equals PyTorch's copy on the first step.
     */
    @Override
    protected void update(Tensor param, Tensor grad, State state, double lr) {
        double mu = config.momentum() == 0 ? 0 : momentum(config.momentum());
        if (mu == 0) { // a cycle's μ of 0 leaves the buffer as it is, as PyTorch's `if momentum != 0`
            OptimizerMath.sgd(lr, param, grad); // θ ← θ − η·g
            return;
        }
        // v ← μ·v + g;  θ ← θ − η·v   (Nesterov: θ ← θ − η·(g + μ·v))
        OptimizerMath.momentum(new OptimStep.Momentum(lr, mu, 0, config.nesterov()), param, grad,
                state.buffer("momentum_buffer"));
    }

    @Override
    protected final boolean hasMomentum() {
        return config.hasMomentum();
    }

    @Override
    protected String describe() {
        return "momentum=" + config.momentum() + ", nesterov=" + config.nesterov() + ", weightDecay=" + config.weightDecay();
    }
}
