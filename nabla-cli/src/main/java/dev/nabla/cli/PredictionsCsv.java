package dev.nabla.cli;

import dev.nabla.spec.TrainedModel;
import dev.nabla.tensor.Tensor;
import java.io.PrintWriter;
import java.util.List;

/**
 * The CSV that {@code nabla eval --predictions} and {@code nabla predict} both write, so the two can be
 * compared line by line. A classifier gets {@code class,index} then one {@code score_<class>} column per
 * output; a regressor {@code output_0, output_1, ...}; a model with a distribution head its mean, standard
 * deviation and interval per output ({@link HeadOutputs}); images' predictions start with a {@code file}
 * column. Values are written exactly (shortest repr that
 * reads back to the same float).
 */
final class PredictionsCsv {
    private PredictionsCsv() {}

    static void write(PrintWriter out, TrainedModel model, Tensor outputs) {
        write(out, model, outputs, HeadOutputs.COVERAGE_LEVEL, null);
    }

    /**
     * As above; a model that ends in a distribution head gets {@link HeadOutputs}' columns, intervals at
     * {@code level}; with {@code files} (one per row, images' paths), a first column {@code file}.
     */
    static void write(PrintWriter out, TrainedModel model, Tensor outputs, double level, List<String> files) {
        dev.nabla.nn.GaussianMixture p = HeadOutputs.distribution(model, outputs);
        if (p != null) {
            HeadOutputs.write(out, p, level, files);
            return;
        }
        int n = outputs.dim(0);
        int cols = outputs.size() / Math.max(1, n);
        float[] v = outputs.to(dev.nabla.tensor.DType.FLOAT32).toFloatArray();
        boolean classifier = model.isClassifier();
        int[] classes = classifier ? model.classesOf(outputs) : null;
        List<String> names = model.classNames();
        StringBuilder header = new StringBuilder(files == null ? "" : "file");
        if (classifier) {
            header.append(files == null ? "" : ",").append("class,index");
        }
        for (int j = 0; j < cols; j++) {
            if (header.length() > 0) {
                header.append(',');
            }
            header.append(classifier ? "score_" + (cols == 1 ? "1" : label(names, j)) : "output_" + j);
        }
        out.println(header);
        for (int i = 0; i < n; i++) {
            StringBuilder row = new StringBuilder(files == null ? "" : quoted(files.get(i)));
            if (classifier) {
                row.append(files == null ? "" : ",").append(quoted(label(names, classes[i]))).append(',').append(classes[i]);
            }
            for (int j = 0; j < cols; j++) {
                if (row.length() > 0) {
                    row.append(',');
                }
                row.append(v[i * cols + j]);
            }
            out.println(row);
        }
        out.flush();
    }

    private static String label(List<String> names, int index) {
        return index < names.size() ? names.get(index) : String.valueOf(index);
    }

    /** RFC 4180: quote a field holding a comma, quote or line break, doubling inner quotes. */
    static String quoted(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
