package dev.nabla.spark;

import java.io.Serializable;

/**
 * One training sample as the tasks hold it: its index in the data (the order Spark reads it in, which is
 * also the single-machine order), its features and its target values (one class index or numbers).
 */
record Example(long index, double[] x, double[] y) implements Serializable {
}
