package dev.nabla.optim;

/**
 * The learning rate as a function of the number of updates done so far and the base rate, for an
 * {@link Optimizer} to apply before each update ({@link Optimizer#setSchedule}).
 *
 * <p>{@code lr(t, lr0)} is the rate of the update that follows {@code t} completed updates, so the
 * first update uses {@code lr(0, lr0)}. Each built-in equals its PyTorch scheduler stepped once after
 * every {@code optimizer.step()}: {@link ExponentialDecay} is {@code ExponentialLR}, {@link StepDecay} is
 * {@code StepLR}, and {@link CosineDecay} is {@code CosineAnnealingLR} for its first {@code totalSteps}
 * updates (after which ours stays at {@code minLr}, PyTorch's climbs back).
 *
 * <pre>{@code
 * optimizer.setSchedule(new LrSchedule.ExponentialDecay(0.99));   // lr_t = lr0 * 0.99^t
 * }</pre>
 */
public sealed interface LrSchedule {

    /** The learning rate after {@code step} updates, starting from {@code baseLr}. */
    double lr(long step, double baseLr);

    /** The base rate at every step: what an optimizer does without a schedule. */
    static LrSchedule constant() {
        return new Constant();
    }

    /** lr_t = lr0. */
    record Constant() implements LrSchedule {
        @Override
        public double lr(long step, double baseLr) {
            return baseLr;
        }
    }

    /**
     * Multiplies the rate by {@code beta} after each update (seed 003: "multiply η_t by β &lt; 1 after
     * each update"): lr_t = lr0 · β^t, with 0 &lt; β &le; 1.
     */
    record ExponentialDecay(double beta) implements LrSchedule {
        public ExponentialDecay {
            Checks.decayFactor("ExponentialDecay", "beta", beta);
        }

        @Override
        public double lr(long step, double baseLr) {
            return baseLr * Math.pow(beta, step);
        }
    }

    /** Multiplies the rate by {@code gamma} every {@code stepSize} updates: lr_t = lr0 · γ^⌊t / stepSize⌋. */
    record StepDecay(long stepSize, double gamma) implements LrSchedule {
        public StepDecay {
            Checks.positive("StepDecay", "step size", stepSize);
            Checks.decayFactor("StepDecay", "gamma", gamma);
        }

        @Override
        public double lr(long step, double baseLr) {
            return baseLr * Math.pow(gamma, step / stepSize);
        }
    }

    /**
     * Half a cosine from lr0 down to {@code minLr} over {@code totalSteps} updates, then {@code minLr}:
     * lr_t = minLr + (lr0 − minLr) · (1 + cos(π · min(t, T) / T)) / 2.
     */
    record CosineDecay(long totalSteps, double minLr) implements LrSchedule {
        public CosineDecay {
            Checks.positive("CosineDecay", "total steps", totalSteps);
            Checks.nonNegative("CosineDecay", "minimum learning rate", minLr);
        }

        @Override
        public double lr(long step, double baseLr) {
            double progress = (double) Math.min(step, totalSteps) / totalSteps;
            return minLr + (baseLr - minLr) * (1 + Math.cos(Math.PI * progress)) / 2;
        }
    }
}
