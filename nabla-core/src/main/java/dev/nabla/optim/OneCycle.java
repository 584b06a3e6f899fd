package dev.nabla.optim;

import dev.nabla.config.Check;

/**
 * The 1cycle policy (Smith and Topin, "Super-Convergence", 2019) as PyTorch's {@code OneCycleLR}, for
 * short training budgets: the rate climbs from {@code peak / divFactor} to the peak over the first
 * {@code pctStart} of the run, then anneals to {@code peak / (divFactor · finalDivFactor)}, while the
 * momentum moves the opposite way, from {@code maxMomentum} down to {@code baseMomentum} and back. The peak is
 * the optimizer's configured rate (PyTorch's {@code max_lr}); with {@code threePhase} the rate comes back down
 * to its start over a second {@code pctStart} before the final anneal. Phase boundaries, the cosine (or
 * linear) interpolation and the step counting are PyTorch's: {@code lr(t)} is its rate after t calls of
 * {@code scheduler.step()}. Past {@code totalSteps} the rate stays at its last value, where PyTorch raises.
 *
 * <p>With {@code cycleMomentum} the optimizer's momentum is replaced by the cycle, as PyTorch replaces
 * {@code momentum} or {@code betas[0]} in the parameter groups (Adam's bias correction then uses the current
 * β1, as PyTorch's does); an optimizer with no momentum to cycle (AdaGrad, or SGD and RMSprop configured with
 * momentum 0) is refused, where PyTorch would switch SGD's and RMSprop's momentum on.
 *
 * @param totalSteps updates in the cycle; 0 means the whole run ({@link #forRun})
 * @param pctStart the fraction of the cycle spent climbing, in [0, 1) (PyTorch: 0.3)
 * @param divFactor the peak over the starting rate (25)
 * @param finalDivFactor the starting rate over the final one (1e4)
 * @param annealStrategy how each phase moves between its ends: half a cosine, or a straight line (PyTorch's
 *        {@code anneal_strategy})
 * @param threePhase PyTorch's {@code three_phase}
 * @param cycleMomentum whether the momentum is cycled (PyTorch's default: true)
 * @param baseMomentum the momentum at the peak rate (0.85)
 * @param maxMomentum the momentum at the start and the end (0.95)
 */
public record OneCycle(long totalSteps, double pctStart, double divFactor, double finalDivFactor, Anneal annealStrategy,
                       boolean threePhase, boolean cycleMomentum, double baseMomentum, double maxMomentum)
        implements LrSchedule {
    /** PyTorch's defaults over the whole run. */
    public static final OneCycle DEFAULT = new OneCycle(0, 0.3, 25, 1e4, Anneal.COS, false, true, 0.85, 0.95);

    /** PyTorch's {@code anneal_strategy}: "cos" or "linear". */
    public enum Anneal { COS, LINEAR }

    public OneCycle {
        Check.notNull("OneCycle", "anneal_strategy", annealStrategy);
        Check.nonNegative("OneCycle", "total_steps", totalSteps);
        Check.that(pctStart >= 0 && pctStart < 1, "OneCycle", "pct_start", "in [0, 1)", pctStart);
        Check.that(divFactor >= 1 && Double.isFinite(divFactor), "OneCycle", "div_factor", "a finite number of at least 1",
                divFactor);
        Check.that(finalDivFactor >= 1 && Double.isFinite(finalDivFactor), "OneCycle", "final_div_factor",
                "a finite number of at least 1", finalDivFactor);
        Check.decayRate("OneCycle", "base_momentum", baseMomentum);
        Check.decayRate("OneCycle", "max_momentum", maxMomentum);
        Check.that(baseMomentum <= maxMomentum, "OneCycle", "base_momentum", "at most max_momentum (" + maxMomentum + ")",
                baseMomentum);
    }

    @Override
    public double lr(long step, double baseLr) {
        double start = baseLr / divFactor;
        return along(step, start, baseLr, start, start / finalDivFactor);
    }

    @Override
    public double momentum(long step, double configured) {
        return cycleMomentum ? along(step, maxMomentum, baseMomentum, maxMomentum, maxMomentum) : configured;
    }

    @Override
    public boolean cyclesMomentum() {
        return cycleMomentum;
    }

    @Override
    public LrSchedule forRun(long runSteps) {
        return totalSteps == 0 ? withTotalSteps(Math.max(runSteps, 1)) : this;
    }

    /** This cycle over {@code steps} updates. */
    public OneCycle withTotalSteps(long steps) {
        return new OneCycle(steps, pctStart, divFactor, finalDivFactor, annealStrategy, threePhase, cycleMomentum, baseMomentum,
                maxMomentum);
    }

    /**
     * The value at {@code step} of a cycle through start → peak (first phase), then (three phases) peak → back,
     * then → end: PyTorch's {@code get_lr} over its phase list, whose phase i ends at step {@code ends[i]}.
     */
    private double along(long step, double start, double peak, double back, double end) {
        if (totalSteps == 0) {
            throw new IllegalStateException("OneCycle: total_steps 0 stands for the whole run; give the count, "
                    + "or use forRun(updates) first");
        }
        double t = Math.min(step, totalSteps - 1);
        double[] ends = threePhase
                ? new double[] {pctStart * totalSteps - 1, 2 * pctStart * totalSteps - 2, totalSteps - 1}
                : new double[] {pctStart * totalSteps - 1, totalSteps - 1};
        double[] values = threePhase ? new double[] {start, peak, back, end} : new double[] {start, peak, end};
        double from = 0;
        for (int i = 0; i < ends.length; i++) {
            if (t <= ends[i] || i == ends.length - 1) {
                double span = ends[i] - from; // 0 for a climb that ends at step 0, where PyTorch divides by zero
                return anneal(values[i], values[i + 1], span == 0 ? 1 : (t - from) / span);
            }
            from = ends[i];
        }
        throw new AssertionError("unreachable");
    }

    private double anneal(double from, double to, double pct) {
        return annealStrategy == Anneal.COS ? to + (from - to) / 2 * (Math.cos(Math.PI * pct) + 1) : (to - from) * pct + from;
    }
}
