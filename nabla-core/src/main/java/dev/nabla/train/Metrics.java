package dev.nabla.train;

import dev.nabla.config.Registry;

/** The built-in metrics under their names (their keys in the logs), the one list of them ({@link Metric#REGISTRY}). */
final class Metrics {
    private Metrics() {}

    static Registry<Metric> builtIns() {
        Registry<Metric> r = new Registry<>(Metric.class, "metric", "name");
        r.register("accuracy", Metric.Accuracy.class, c -> c.allowOnly().build(Metric::accuracy));
        r.register("binary_accuracy", Metric.BinaryAccuracy.class, c -> c.allowOnly("threshold").build(() ->
                new Metric.BinaryAccuracy(c.number("threshold", Metric.binaryAccuracy().threshold()))));
        r.register("mae", Metric.MeanAbsoluteError.class, c -> c.allowOnly().build(Metric::mae));
        r.register("mse", Metric.MeanSquaredError.class, c -> c.allowOnly().build(Metric::mse));
        return r;
    }
}
