package dev.nabla.optim;

import dev.nabla.kernel.OptimF32;
import dev.nabla.kernel.OptimF64;
import dev.nabla.nn.Parameter;
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
    public record Config(double lr, double momentum, boolean nesterov, double weightDecay) {
        /** lr 0.01 (Keras'; PyTorch has none), no momentum, no weight decay. */
        public static final Config DEFAULT = new Config(0.01, 0, false, 0);

        public Config {
            Checks.positive("SGD", "learning rate", lr);
            Checks.nonNegative("SGD", "momentum", momentum);
            Checks.nonNegative("SGD", "weight decay", weightDecay);
            if (nesterov && !(momentum > 0)) {
                throw new IllegalArgumentException("SGD: nesterov requires momentum > 0, got momentum " + momentum);
            }
        }

        public Config withLr(double v) { return new Config(v, momentum, nesterov, weightDecay); }
        public Config withMomentum(double v) { return new Config(lr, v, nesterov, weightDecay); }
        /** Nesterov momentum μ (sets both). */
        public Config withNesterov(double mu) { return new Config(lr, mu, true, weightDecay); }
        public Config withWeightDecay(double v) { return new Config(lr, momentum, nesterov, v); }
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
        double mu = config.momentum();
        boolean f32 = isFloat32(param);
        if (mu == 0) {
            if (f32) {
                OptimF32.sgd(param.f32(), grad.f32(), (float) lr);
            } else {
                OptimF64.sgd(param.f64(), grad.f64(), lr);
            }
            return;
        }
        Tensor b = state.buffer("momentum_buffer");
        if (f32) {
            OptimF32.sgdMomentum(param.f32(), grad.f32(), b.f32(), (float) lr, (float) mu, 1f, config.nesterov());
        } else {
            OptimF64.sgdMomentum(param.f64(), grad.f64(), b.f64(), lr, mu, 1d, config.nesterov());
        }
    }

    @Override
    protected String describe() {
        return "momentum=" + config.momentum() + ", nesterov=" + config.nesterov() + ", weightDecay=" + config.weightDecay();
    }
}
