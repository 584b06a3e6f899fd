package dev.nabla.optim;

import dev.nabla.config.Check;
import dev.nabla.config.ConfigException;
import dev.nabla.config.ConfigReader;
import dev.nabla.config.CustomConfig;
import dev.nabla.kernel.OptimStep;
import dev.nabla.nn.Parameter;
import dev.nabla.tensor.OptimizerMath;
import dev.nabla.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 * <p>{@code weightDecay} adds {@code wd·θ} to the gradient (L2, PyTorch's Adam); with
 * {@code decoupledWeightDecay} it is taken out of the gradient and applied to the weights directly, which
 * is {@link AdamW} (and PyTorch's {@code Adam(decoupled_weight_decay=True)}).
 *
 * <p><b>Against the lecture (seed 004).</b> Its ζ is our v (with its α our β2), its m ours (β our β1),
 * and it puts ε inside the square root: {@code η·m̂ / √(ε + ζ̂)}. We follow the paper and PyTorch, with
 * ε outside: {@code η·m̂ / (√v̂ + ε)}.
 */
public class Adam extends Optimizer {

    /**
     * Adam's hyperparameters; {@link #DEFAULT} holds the paper's (and PyTorch's) defaults. In a config the
     * two betas are one entry, {@code "betas": [0.9, 0.999]}, as PyTorch spells them.
     */
    public record Config(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad,
                         boolean decoupledWeightDecay) implements OptimizerConfig, CustomConfig {
        public static final Config DEFAULT = new Config(1e-3, 0.9, 0.999, 1e-8, 0, false, false);

        public Config {
            Check.positive("Adam", "lr", lr);
            Check.decayRate("Adam", "beta1", beta1);
            Check.decayRate("Adam", "beta2", beta2);
            Check.positive("Adam", "eps", eps);
            Check.nonNegative("Adam", "weight_decay", weightDecay);
        }

        /** Weight decay in the gradient (L2), as PyTorch's Adam. */
        public Config(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad) {
            this(lr, beta1, beta2, eps, weightDecay, amsgrad, false);
        }

        public Config withLr(double v) { return new Config(v, beta1, beta2, eps, weightDecay, amsgrad, decoupledWeightDecay); }
        public Config withBetas(double b1, double b2) { return new Config(lr, b1, b2, eps, weightDecay, amsgrad, decoupledWeightDecay); }
        public Config withEps(double v) { return new Config(lr, beta1, beta2, v, weightDecay, amsgrad, decoupledWeightDecay); }
        public Config withWeightDecay(double v) { return new Config(lr, beta1, beta2, eps, v, amsgrad, decoupledWeightDecay); }
        public Config withAmsgrad(boolean v) { return new Config(lr, beta1, beta2, eps, weightDecay, v, decoupledWeightDecay); }
        /** AdamW's decay: {@code θ ← θ − η·wd·θ} before the update, none in the gradient. */
        public Config withDecoupledWeightDecay(boolean v) { return new Config(lr, beta1, beta2, eps, weightDecay, amsgrad, v); }

        @Override
        public boolean hasMomentum() {
            return true; // β1
        }

        /**
         * Reads a config whose missing keys take {@code d}'s values (Adam's or AdamW's defaults); the
         * decoupling is AdamW's name's to say, so only "adam" takes the key.
         */
        static Config read(ConfigReader c, Config d) {
            if (d.decoupledWeightDecay()) {
                c.allowOnly("lr", "betas", "eps", "weight_decay", "amsgrad");
            } else {
                c.allowOnly("lr", "betas", "eps", "weight_decay", "amsgrad", "decoupled_weight_decay");
            }
            double[] betas = c.has("betas") ? c.doubles("betas") : new double[] {d.beta1(), d.beta2()};
            if (betas.length != 2) {
                throw c.error("betas", "must be an array of two numbers in [0, 1), got " + betas.length + " values");
            }
            try {
                return c.build(() -> new Config(Optimizers.lr(c, d.lr()), betas[0], betas[1], c.number("eps", d.eps()),
                        c.number("weight_decay", d.weightDecay()), c.bool("amsgrad", d.amsgrad()),
                        c.bool("decoupled_weight_decay", d.decoupledWeightDecay())));
            } catch (ConfigException e) {
                // a refused beta is reported at its place in the array
                String at = c.pathOf("beta1").equals(e.path()) ? "betas[0]" : c.pathOf("beta2").equals(e.path()) ? "betas[1]" : null;
                throw at == null ? e : new ConfigException(c.path() + "." + at, e.problem(), e);
            }
        }

        @Override
        public Map<String, Object> configEntries() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("lr", lr);
            m.put("betas", List.of(beta1, beta2));
            m.put("eps", eps);
            m.put("weight_decay", weightDecay);
            m.put("amsgrad", amsgrad);
            m.put("decoupled_weight_decay", decoupledWeightDecay);
            return m;
        }

        @Override
        public Adam create(List<Parameter> params) {
            return decoupledWeightDecay ? new AdamW(params, this) : new Adam(params, this);
        }
    }

    private final Config config;

    public Adam(List<Parameter> params, double lr) {
        this(params, Config.DEFAULT.withLr(lr));
    }

    public Adam(List<Parameter> params, Config config) {
        super(params, config.lr(), config.weightDecay(), config.decoupledWeightDecay());
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
     * a step size {@code η / (1 − β1^t)} and a divisor {@code √(1 − β2^t)} of √v, computed once in double.
     */
    @Override
    protected final void update(Tensor param, Tensor grad, State state, double lr) {
        long t = state.step();
        double beta1 = momentum(config.beta1()), beta2 = config.beta2(); // a cycled β1 corrects with itself, as PyTorch
        double biasCorrection1 = 1 - Math.pow(beta1, t);   // m̂ = m / (1 − β1^t)
        double biasCorrection2 = 1 - Math.pow(beta2, t);   // v̂ = v / (1 − β2^t)
        OptimStep.Adam step = new OptimStep.Adam(beta1, beta2, config.eps(), lr / biasCorrection1, Math.sqrt(biasCorrection2));
        OptimizerMath.adam(step, param, grad, state.buffer("exp_avg"), state.buffer("exp_avg_sq"),
                config.amsgrad() ? state.buffer("max_exp_avg_sq") : null);
    }

    @Override
    protected final boolean hasMomentum() {
        return config.hasMomentum();
    }

    @Override
    protected String describe() {
        return "betas=(" + config.beta1() + ", " + config.beta2() + "), eps=" + config.eps()
                + ", weightDecay=" + config.weightDecay() + ", amsgrad=" + config.amsgrad()
                + (config.decoupledWeightDecay() ? ", decoupled" : "");
    }
}
