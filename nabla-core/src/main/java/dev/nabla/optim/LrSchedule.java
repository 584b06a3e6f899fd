package dev.nabla.optim;

import dev.nabla.config.Check;
import dev.nabla.config.Registry;

/**
 * The learning rate as a function of the number of updates done so far and the base rate, for an
 * {@link Optimizer} to apply before each update ({@link Optimizer#setSchedule}).
 *
 * <p>{@code lr(t, lr0)} is the rate of the update that follows {@code t} completed updates, so the
 * first update uses {@code lr(0, lr0)}. Each built-in equals its PyTorch scheduler stepped once after
 * every {@code optimizer.step()}: {@link ExponentialDecay} is {@code ExponentialLR}, {@link StepDecay} is
 * {@code StepLR}, {@link CosineDecay} is {@code CosineAnnealingLR} for its first {@code totalSteps}
 * updates (after which ours stays at {@code minLr}, PyTorch's climbs back), and {@link OneCycle} is
 * {@code OneCycleLR}, its momentum cycle included ({@link #momentum}).
 *
 * <pre>{@code
 * optimizer.setSchedule(new LrSchedule.ExponentialDecay(0.99));   // lr_t = lr0 * 0.99^t
 * }</pre>
 *
 * <p>Open: a schedule of one's own is any {@code (t, lr0) -> lr}; registered in {@link #REGISTRY}, a spec
 * can name it.
 */
@FunctionalInterface
public interface LrSchedule {
    /** The schedules a spec can name ({@code {"name": "step", "step_size": 1000, "gamma": 0.5}}). */
    Registry<LrSchedule> REGISTRY = Schedules.builtIns();

    /** The learning rate after {@code step} updates, starting from {@code baseLr}. */
    double lr(long step, double baseLr);

    /**
     * This schedule for a run of {@code runSteps} updates: a schedule whose length is "the whole run"
     * ({@link CosineDecay} or {@link OneCycle} with 0 total steps) takes that length; the others are returned
     * as they are.
     */
    default LrSchedule forRun(long runSteps) {
        return this;
    }

    /**
     * The momentum of the update after {@code step} updates (SGD's and RMSprop's μ, Adam's β1), for an
     * optimizer configured with {@code configured}: most schedules leave it as it is; {@link OneCycle} cycles it.
     */
    default double momentum(long step, double configured) {
        return configured;
    }

    /** Whether {@link #momentum} changes the momentum, so that the optimizer must have one to change. */
    default boolean cyclesMomentum() {
        return false;
    }

    /** What to do when a schedule that cycles the momentum meets an optimizer that has none. */
    String NO_MOMENTUM_ADVICE = "set the schedule's cycle_momentum to false, or use an optimizer with a momentum "
            + "(SGD or RMSprop with momentum above 0, Adam, AdamW)";

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
            Check.decayFactor("ExponentialDecay", "beta", beta);
        }

        @Override
        public double lr(long step, double baseLr) {
            return baseLr * Math.pow(beta, step);
        }
    }

    /** Multiplies the rate by {@code gamma} every {@code stepSize} updates: lr_t = lr0 · γ^⌊t / stepSize⌋. */
    record StepDecay(long stepSize, double gamma) implements LrSchedule {
        public StepDecay {
            Check.positive("StepDecay", "step_size", stepSize);
            Check.decayFactor("StepDecay", "gamma", gamma);
        }

        @Override
        public double lr(long step, double baseLr) {
            return baseLr * Math.pow(gamma, step / stepSize);
        }
    }

    /**
     * Half a cosine from lr0 down to {@code minLr} over {@code totalSteps} updates, then {@code minLr}:
     * lr_t = minLr + (lr0 − minLr) · (1 + cos(π · min(t, T) / T)) / 2. A {@code totalSteps} of 0 means the
     * whole run, which only the run knows: {@link #forRun} fills it in (an experiment does).
     */
    record CosineDecay(long totalSteps, double minLr) implements LrSchedule {
        public CosineDecay {
            Check.nonNegative("CosineDecay", "total_steps", totalSteps);
            Check.nonNegative("CosineDecay", "min_lr", minLr);
        }

        @Override
        public double lr(long step, double baseLr) {
            if (totalSteps == 0) {
                throw new IllegalStateException("CosineDecay: total_steps 0 stands for the whole run; give the count, "
                        + "or use forRun(updates) first");
            }
            double progress = (double) Math.min(step, totalSteps) / totalSteps;
            return minLr + (baseLr - minLr) * (1 + Math.cos(Math.PI * progress)) / 2;
        }

        @Override
        public LrSchedule forRun(long runSteps) {
            return totalSteps == 0 ? new CosineDecay(Math.max(runSteps, 1), minLr) : this;
        }
    }
}
