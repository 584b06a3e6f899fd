package dev.nabla.spark;

import dev.nabla.data.FittedTransform;
import dev.nabla.data.MinMax;
import dev.nabla.data.Standardize;
import dev.nabla.data.Transform;
import dev.nabla.io.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Fits the spec's transforms on the whole data frame with Spark's aggregates, one distributed pass per
 * step (a step is fitted on the data as the steps before it leave it, as core's pipeline does), into
 * core's own fitted records, so applying and saving them is core's code. Standardize (population mean
 * and standard deviation, 0 for a constant feature) and min-max are distributed; other transforms are
 * refused by name.
 */
final class TransformFitter {
    private TransformFitter() {
    }

    /** The fitted chain as JSON (what the tasks receive), or null for no transforms. */
    static String fit(List<Transform> steps, Dataset<Row> data, List<String> features) {
        if (steps.isEmpty()) {
            return null;
        }
        List<Column> cols = new ArrayList<>();
        features.forEach(f -> cols.add(functions.col(f).cast("double").as(f)));
        Dataset<Row> x = data.select(cols.toArray(Column[]::new));
        List<FittedTransform> fitted = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            FittedTransform f = fitOne(steps.get(i), x, features, i);
            fitted.add(f);
            x = applied(f, x, features);
        }
        FittedTransform chain = FittedTransform.chain(fitted);
        return Json.write(chain.config());
    }

    @SuppressWarnings("unchecked")
    static FittedTransform read(String json) {
        try {
            return FittedTransform.fromConfig((Map<String, ?>) Json.parse(json));
        } catch (Json.JsonException e) {
            throw new IllegalStateException("spark: fitted transforms did not survive JSON: " + e.getMessage(), e);
        }
    }

    private static FittedTransform fitOne(Transform step, Dataset<Row> x, List<String> features, int index) {
        int f = features.size();
        List<Column> aggs = new ArrayList<>();
        for (String c : features) {
            aggs.add(functions.min(c));
            aggs.add(functions.max(c));
            aggs.add(functions.avg(c));
            aggs.add(functions.stddev_pop(c));
        }
        Row r = x.agg(aggs.getFirst(), aggs.subList(1, aggs.size()).toArray(Column[]::new)).first();
        double[] min = new double[f], max = new double[f], mean = new double[f], std = new double[f];
        for (int j = 0; j < f; j++) {
            min[j] = r.getDouble(4 * j);
            max[j] = r.getDouble(4 * j + 1);
            boolean constant = min[j] == max[j];
            mean[j] = constant ? min[j] : r.getDouble(4 * j + 2); // as core: a constant feature comes out 0
            std[j] = constant ? 0 : r.getDouble(4 * j + 3);
        }
        int[] shape = {f};
        return switch (step) {
            case Standardize s -> new Standardize.Fitted(shape, mean, std);
            case MinMax m -> new MinMax.Fitted(m.low(), m.high(), shape, min, max);
            default -> throw new SparkTrainingException("spark: data.transforms[" + index + "] (" + step + ") is not "
                    + "fitted on Spark yet; the distributed ones are standardize and minmax");
        };
    }

    /** The data as the fitted step leaves it, for the next step's fit. */
    private static Dataset<Row> applied(FittedTransform f, Dataset<Row> x, List<String> features) {
        List<Column> cols = new ArrayList<>();
        for (int j = 0; j < features.size(); j++) {
            Column c = functions.col(features.get(j));
            Column out = switch (f) {
                case Standardize.Fitted s -> c.minus(s.mean()[j]).divide(s.std()[j] == 0 ? 1 : s.std()[j]);
                case MinMax.Fitted m -> m.max()[j] == m.min()[j] ? functions.lit(m.low())
                        : c.minus(m.min()[j]).multiply((m.high() - m.low()) / (m.max()[j] - m.min()[j])).plus(m.low());
                default -> throw new IllegalStateException("unreachable: " + f);
            };
            cols.add(out.as(features.get(j)));
        }
        return x.select(cols.toArray(Column[]::new));
    }
}
