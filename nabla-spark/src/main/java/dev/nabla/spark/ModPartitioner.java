package dev.nabla.spark;

import org.apache.spark.Partitioner;

/**
 * Sample {@code i} goes to task {@code i mod p}: every task holds an equal share (within one) of any run
 * of consecutive indices, and a task finds its row of sample {@code i} at {@code i / p} without a table.
 */
final class ModPartitioner extends Partitioner {
    private final int partitions;

    ModPartitioner(int partitions) {
        this.partitions = partitions;
    }

    @Override
    public int numPartitions() {
        return partitions;
    }

    @Override
    public int getPartition(Object key) {
        return (int) Math.floorMod((Long) key, (long) partitions);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModPartitioner m && m.partitions == partitions;
    }

    @Override
    public int hashCode() {
        return partitions;
    }
}
