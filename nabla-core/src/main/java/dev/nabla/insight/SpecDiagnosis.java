package dev.nabla.insight;

import dev.nabla.config.Check;
import dev.nabla.spec.Experiment;
import dev.nabla.spec.ExperimentResult;
import dev.nabla.spec.RunListener;
import dev.nabla.train.Callback;
import dev.nabla.train.FlowRecord;
import dev.nabla.train.GradientFlow;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Trains an experiment briefly with a {@link GradientFlow} watching, for {@code nabla diagnose SPEC}: the
 * spec's own model, data, optimizer and callbacks, stopped after {@code steps} updates (or at the spec's
 * last epoch, whichever comes first), recording every {@code every} updates.
 *
 * @param result the run as trained (its history, its model)
 * @param records what the recorder saw, in step order
 * @param updates the updates made
 */
public record SpecDiagnosis(ExperimentResult result, List<FlowRecord> records, long updates) {
    public SpecDiagnosis {
        records = List.copyOf(records);
    }

    /** Runs {@code experiment} for at most {@code steps} updates, recording every {@code every}. */
    public static SpecDiagnosis run(Experiment experiment, int steps, int every, RunListener listener) throws IOException {
        Check.positive("diagnose", "steps", steps);
        GradientFlow flow = new GradientFlow(GradientFlow.Config.DEFAULT.withEvery(every));
        StopAfter stop = new StopAfter(steps);
        ExperimentResult r = experiment.run(listener, o -> {
            List<Callback> all = new ArrayList<>(o.callbacks());
            all.add(flow);
            all.add(stop);
            return o.callbacks(all.toArray(Callback[]::new));
        });
        return new SpecDiagnosis(r, flow.records(), stop.seen());
    }
}
