package dev.nabla.optim;

import dev.nabla.config.Registry;

/**
 * The built-in learning-rate schedules under their spec names, the one list of them
 * ({@link LrSchedule#REGISTRY}). Steps count updates (batches).
 */
final class Schedules {
    private Schedules() {}

    static Registry<LrSchedule> builtIns() {
        Registry<LrSchedule> r = new Registry<>(LrSchedule.class, "schedule", "name");
        r.register("constant", LrSchedule.Constant.class, c -> c.allowOnly().build(LrSchedule::constant));
        r.register("exponential", LrSchedule.ExponentialDecay.class, c -> c.allowOnly("beta")
                .build(() -> new LrSchedule.ExponentialDecay(c.number("beta"))));
        r.register("step", LrSchedule.StepDecay.class, c -> c.allowOnly("step_size", "gamma")
                .build(() -> new LrSchedule.StepDecay(c.integer("step_size"), c.number("gamma"))));
        r.register("cosine", LrSchedule.CosineDecay.class, c -> c.allowOnly("total_steps", "min_lr")
                .build(() -> new LrSchedule.CosineDecay(c.integer("total_steps", 0), c.number("min_lr", 0))));
        r.register("one_cycle", OneCycle.class, c -> {
            c.allowOnly("total_steps", "pct_start", "div_factor", "final_div_factor", "anneal_strategy", "three_phase",
                    "cycle_momentum", "base_momentum", "max_momentum");
            OneCycle d = OneCycle.DEFAULT;
            return c.build(() -> new OneCycle(c.integer("total_steps", d.totalSteps()), c.number("pct_start", d.pctStart()),
                    c.number("div_factor", d.divFactor()), c.number("final_div_factor", d.finalDivFactor()),
                    c.enumValue("anneal_strategy", OneCycle.Anneal.class, d.annealStrategy()),
                    c.bool("three_phase", d.threePhase()), c.bool("cycle_momentum", d.cycleMomentum()),
                    c.number("base_momentum", d.baseMomentum()), c.number("max_momentum", d.maxMomentum())));
        });
        return r;
    }
}
