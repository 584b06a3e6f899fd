package dev.nabla.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import scala.Tuple2;

/**
 * Turns a data frame into indexed {@link Example}s: the columns are checked on the driver (every named
 * column must exist), the values in the tasks (a missing or non-numeric value fails naming the column,
 * the sample's index, its file and partition). Sample indices follow Spark's read order, the order a
 * single machine reads the same files in.
 */
final class RowReader implements Serializable {
    private static final String FILE = "__nabla_file";
    private final List<String> features;
    private final String label;
    private final boolean classes;

    private RowReader(List<String> features, String label, boolean classes) {
        this.features = features;
        this.label = label;
        this.classes = classes;
    }

    /** The feature columns: those named, or every column but the label; each checked to exist. */
    static List<String> featureColumns(Dataset<Row> data, SparkOptions options) {
        List<String> all = Arrays.asList(data.columns());
        if (!all.contains(options.label())) {
            throw new SparkTrainingException("spark: the data has no label column '" + options.label() + "' (its columns: "
                    + String.join(", ", all) + ")");
        }
        if (options.features() == null) {
            List<String> f = new ArrayList<>(all);
            f.remove(options.label());
            return f;
        }
        for (String f : options.features()) {
            if (!all.contains(f)) {
                throw new SparkTrainingException("spark: the data has no feature column '" + f + "' (its columns: "
                        + String.join(", ", all) + ")");
            }
        }
        return options.features();
    }

    static RowReader of(List<String> features, String label, boolean classes) {
        return new RowReader(List.copyOf(features), label, classes);
    }

    JavaPairRDD<Long, Example> read(Dataset<Row> data) {
        List<Column> cols = new ArrayList<>();
        features.forEach(f -> cols.add(functions.col(f)));
        cols.add(functions.col(label));
        cols.add(functions.input_file_name().as(FILE));
        return data.select(cols.toArray(Column[]::new)).javaRDD().zipWithIndex()
                .mapToPair(t -> new Tuple2<>(t._2(), example(t._1(), t._2())));
    }

    private Example example(Row row, long index) {
        double[] x = new double[features.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = number(row, i, features.get(i), index);
        }
        double y = number(row, x.length, label, index);
        if (classes && (y < 0 || y != Math.rint(y) || y > Integer.MAX_VALUE)) {
            throw new SparkTrainingException(where(row, index) + ": the label column '" + label + "' holds " + y
                    + "; a classifier's labels are class indices 0, 1, 2, ...");
        }
        return new Example(index, x, new double[] {y});
    }

    private double number(Row row, int i, String column, long index) {
        Object v = row.get(i);
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v == null) {
            throw new SparkTrainingException(where(row, index) + ": no value in column '" + column + "' (a file or "
                    + "partition of the data lacks the column, or the row is short)");
        }
        try {
            return Double.parseDouble(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new SparkTrainingException(where(row, index) + ": column '" + column + "' holds '" + v
                    + "', not a number");
        }
    }

    private static String where(Row row, long index) {
        String file = row.getString(row.length() - 1);
        org.apache.spark.TaskContext tc = org.apache.spark.TaskContext.get();
        return "spark: sample " + index + " (0-based, in read order)" + (file == null || file.isEmpty() ? "" : " of file " + file)
                + (tc == null ? "" : ", Spark partition " + tc.partitionId());
    }
}
