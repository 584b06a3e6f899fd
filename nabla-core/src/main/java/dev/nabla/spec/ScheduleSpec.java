package dev.nabla.spec;

import dev.nabla.optim.LrSchedule;
import java.util.List;

/**
 * The {@code "schedule"} section: how the learning rate changes with each update. Steps count updates
 * (batches), as {@link LrSchedule} does. A cosine schedule without {@code total_steps} spans the whole
 * run, which only the run knows (epochs × batches per epoch), hence this family beside LrSchedule's.
 *
 * <pre>{@code {"name": "exponential", "beta": 0.999}   {"name": "step", "step_size": 1000, "gamma": 0.5}
 * {"name": "cosine", "min_lr": 1e-5}                  {"name": "constant"}}</pre>
 */
public sealed interface ScheduleSpec {
    /** The names the spec accepts. */
    List<String> NAMES = List.of("constant", "exponential", "step", "cosine");

    /** The schedule for a run of {@code runSteps} updates. */
    LrSchedule create(long runSteps);

    /** The base rate throughout. */
    record Constant() implements ScheduleSpec {
        public LrSchedule create(long runSteps) {
            return LrSchedule.constant();
        }
    }

    /** lr0 · beta^t. */
    record Exponential(double beta) implements ScheduleSpec {
        public Exponential {
            new LrSchedule.ExponentialDecay(beta); // the schedule's own check, at parse time
        }

        public LrSchedule create(long runSteps) {
            return new LrSchedule.ExponentialDecay(beta);
        }
    }

    /** lr0 · gamma^⌊t / stepSize⌋. */
    record Step(long stepSize, double gamma) implements ScheduleSpec {
        public Step {
            new LrSchedule.StepDecay(stepSize, gamma);
        }

        public LrSchedule create(long runSteps) {
            return new LrSchedule.StepDecay(stepSize, gamma);
        }
    }

    /** Half a cosine down to {@code minLr} over {@code totalSteps} updates; 0 means the whole run. */
    record Cosine(long totalSteps, double minLr) implements ScheduleSpec {
        public Cosine {
            if (totalSteps < 0) {
                throw new IllegalArgumentException("cosine schedule: total steps must be >= 0 (0: the whole run), got "
                        + totalSteps);
            }
            new LrSchedule.CosineDecay(Math.max(totalSteps, 1), minLr);
        }

        public LrSchedule create(long runSteps) {
            return new LrSchedule.CosineDecay(totalSteps == 0 ? Math.max(runSteps, 1) : totalSteps, minLr);
        }
    }
}
