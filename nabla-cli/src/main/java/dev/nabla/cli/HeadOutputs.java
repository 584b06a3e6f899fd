package dev.nabla.cli;

import dev.nabla.nn.DistributionHead;
import dev.nabla.nn.GaussianMixture;
import dev.nabla.spec.TrainedModel;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import dev.nabla.cli.plot.UncertaintyPlot;
import dev.nabla.data.Dataset;
import dev.nabla.spec.SourceSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code nabla predict} and {@code nabla eval} make of a model that ends in a distribution head
 * ({@code GaussianHead}, {@code MixtureDensityHead}): a CSV of the mean, standard deviation and central interval
 * of each output (and for a mixture its most likely mode and each component), and the metrics of a predicted
 * distribution: NLL, coverage of the 90% interval, calibration error.
 */
final class HeadOutputs {
    /** The interval eval's coverage is of. */
    static final double COVERAGE_LEVEL = 0.9;

    private HeadOutputs() {}

    /** The distribution the model's outputs stand for, in float64; null for a model without a head. */
    static GaussianMixture distribution(TrainedModel model, Tensor outputs) {
        DistributionHead head = DistributionHead.at(model.model());
        return head == null ? null : head.distribution(outputs.to(DType.FLOAT64));
    }

    /**
     * The CSV: per output j {@code mean_j, std_j, lower_L_j, upper_L_j} (L the level in percent); for K &gt; 1
     * then {@code mode_j} and {@code mode_weight} (the most likely mode and its branch's weight), and per
     * component c {@code weight_c}, {@code mean_c_j}, {@code std_c_j}.
     */
    static void write(PrintWriter out, GaussianMixture p, double level, java.util.List<String> files) {
        int n = p.size(), d = p.outputs(), k = p.components();
        String pct = new BigDecimal(Double.toString(level * 100)).stripTrailingZeros().toPlainString();
        GaussianMixture.Interval interval = p.interval(level);
        double[][] perOutput = {p.mean().toDoubleArray(), p.stddev().toDoubleArray(), interval.lower().toDoubleArray(),
            interval.upper().toDoubleArray()};
        String[] names = {"mean", "std", "lower_" + pct, "upper_" + pct};
        StringBuilder header = new StringBuilder(files == null ? "" : "file");
        for (String name : names) {
            for (int j = 0; j < d; j++) {
                header.append(header.isEmpty() ? "" : ",").append(name).append('_').append(j);
            }
        }
        double[] weights = k > 1 ? p.weights().toDoubleArray() : null;
        double[] means = k > 1 ? p.means().toDoubleArray() : null;
        double[] scales = k > 1 ? p.scales().toDoubleArray() : null;
        if (k > 1) {
            for (int j = 0; j < d; j++) {
                header.append(",mode_").append(j);
            }
            header.append(",mode_weight");
            for (int c = 0; c < k; c++) {
                header.append(",weight_").append(c);
                for (int j = 0; j < d; j++) {
                    header.append(",mean_").append(c).append('_').append(j);
                }
                for (int j = 0; j < d; j++) {
                    header.append(",std_").append(c).append('_').append(j);
                }
            }
        }
        out.println(header);
        for (int i = 0; i < n; i++) {
            StringBuilder row = new StringBuilder(files == null ? "" : PredictionsCsv.quoted(files.get(i)));
            for (double[] values : perOutput) {
                for (int j = 0; j < d; j++) {
                    row.append(row.isEmpty() ? "" : ",").append((float) values[i * d + j]);
                }
            }
            if (k > 1) {
                GaussianMixture.Mode top = p.modes(i).getFirst();
                for (int j = 0; j < d; j++) {
                    row.append(',').append((float) top.location()[j]);
                }
                row.append(',').append((float) top.weight());
                for (int c = 0; c < k; c++) {
                    row.append(',').append((float) weights[i * k + c]);
                    for (int j = 0; j < d; j++) {
                        row.append(',').append((float) means[(i * k + c) * d + j]);
                    }
                    for (int j = 0; j < d; j++) {
                        row.append(',').append((float) scales[(i * k + c) * d + j]);
                    }
                }
            }
            out.println(row);
        }
        out.flush();
    }

    /** NLL per sample (a true density, the 2π constant included), 90% coverage, calibration error, and the mean's errors. */
    static Map<String, Object> metrics(GaussianMixture p, Tensor targets) {
        Tensor y = targets.to(DType.FLOAT64).reshape(p.size(), p.outputs());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("nll", p.logProb(y).neg().mean().item());
        m.put("coverage_90", p.coverage(y, COVERAGE_LEVEL));
        m.put("calibration_error", p.calibrationError(y));
        Tensor diff = p.mean().sub(y);
        m.put("mse", diff.pow(2).mean().item());
        m.put("mae", diff.abs().mean().item());
        return m;
    }

    /**
     * A point model's Gaussian NLL on the data: its predictions as the mean and its mean squared error there as
     * one shared variance (the maximum-likelihood choice, which flatters it: the variance is fitted on the data
     * it is scored on).
     */
    static double pointModelNll(Tensor predictions, Tensor targets) {
        Tensor y = targets.to(DType.FLOAT64).reshape(predictions.shape().dims());
        Tensor mean = predictions.to(DType.FLOAT64);
        double variance = mean.sub(y).pow(2).mean().item();
        int n = y.dim(0), d = y.size() / Math.max(1, n);
        return GaussianMixture.normal(mean.reshape(n, d), Tensor.full(DType.FLOAT64, variance, n, d)).logProb(y.reshape(n, d))
                .neg().mean().item();
    }

    /** Whether {@link #plot} can draw the model on this data: a head over one output, and one feature. */
    static boolean plottable(TrainedModel model, Dataset data) {
        DistributionHead head = DistributionHead.at(model.model());
        Tensor x = data.features();
        return head != null && head.outputs() == 1 && x.rank() == 2 && x.dim(1) == 1;
    }

    /** The data and the predicted distribution along its one feature; {@code baseline} (or null) drawn as a line. */
    static void plot(TrainedModel model, Dataset data, TrainedModel baseline, Path file) throws IOException {
        if (!plottable(model, data)) {
            throw new IllegalArgumentException("--plot draws a model with a GaussianHead or MixtureDensityHead over one "
                    + "output on data with one feature; got features " + data.features().shape() + " and "
                    + (DistributionHead.at(model.model()) == null ? "no such head" : DistributionHead.at(model.model()).outputs()
                    + " outputs"));
        }
        String xName = data.featureNames().isEmpty() ? "x" : data.featureNames().getFirst();
        String yName = model.spec() != null && model.spec().data().source() instanceof SourceSpec.Csv csv
                && csv.labels() != null ? csv.labels().getFirst() : "target";
        String name = model.spec() != null ? model.spec().name() : "model";
        UncertaintyPlot.write(name, data.features().toDoubleArray(), data.targets().toDoubleArray(), xName, yName,
                raw -> distribution(model, model.predict(raw)), baseline == null ? null : baseline::predict,
                "point model (" + (baseline == null || baseline.spec() == null ? "baseline"
                        : dev.nabla.loss.Loss.REGISTRY.nameOf(baseline.spec().loss())) + ")", file);
    }
}
