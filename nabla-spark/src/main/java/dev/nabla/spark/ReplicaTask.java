package dev.nabla.spark;

import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.Checkpoint;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.BarrierTaskContext;

/**
 * The body of the barrier stage: one task trains one replica on its shard for the whole run.
 *
 * <p>Synchronous mode, per global batch: the batch's sample indices come from the same generator and in
 * the same order as {@code Trainer.fit}'s (a permutation of all indices per epoch when shuffling); the
 * task takes the ones it holds, computes its mean loss's gradient weighted by its share of the batch, the
 * AllReduce sums the shares (rank order) into the global batch's mean gradient, and every replica takes
 * the same optimizer step. The loss and sample count ride at the end of the vector, for the history.
 *
 * <p>Local SGD ({@code averageEvery} K): each replica steps on its own rows of each batch with its own
 * optimizer, and the parameters are averaged every K steps and at the end.
 */
final class ReplicaTask implements Serializable {
    private final String specText;
    private final SparkOptions options;
    private final int samples;
    private final int features;
    private final int targets;
    /** The fitted transforms as JSON (core's config), or null. */
    private final String transform;

    ReplicaTask(String specText, SparkOptions options, int samples, int features, int targets, String transform) {
        this.transform = transform;
        this.specText = specText;
        this.options = options;
        this.samples = samples;
        this.features = features;
        this.targets = targets;
    }

    Iterator<TaskResult> run(Iterator<Example> rows) {
        BarrierTaskContext ctx = BarrierTaskContext.get();
        int rank = ctx.partitionId();
        int p = options.partitions();
        String host = ctx.getTaskInfos()[rank].address().split(":")[0];
        try (PeerExchange exchange = new PeerExchange(rank, p, host, m -> Arrays.asList(ctx.allGather(m)))) {
            Run run = new Run(rank, p, Shard.of(rows, rank, p, features, targets, transform == null ? null : TransformFitter.read(transform)), exchange, ctx.stageAttemptNumber());
            return List.of(run.train()).iterator();
        } catch (IOException e) {
            throw new UncheckedIOException("spark: task " + rank + " of " + p + ": " + e.getMessage(), e);
        }
    }

    /** One attempt of one task: its replica, position and timings. */
    private final class Run {
        final int rank;
        final int p;
        final Shard shard;
        final PeerExchange exchange;
        final int attempt;
        final Replica replica;
        final int batch;
        final int stepsPerEpoch;
        final int epochs;
        final Generator order;
        final CheckpointStore store;
        final List<Double> history = new ArrayList<>();
        long[] epochStartRng;
        int epoch;
        int step; // within the epoch
        double lossSum;
        double count;
        long computeNanos;
        long stepsRun;
        long samplesSeen;
        long resumedFrom;

        Run(int rank, int p, Shard shard, PeerExchange exchange, int attempt) throws IOException {
            this.rank = rank;
            this.p = p;
            this.shard = shard;
            this.exchange = exchange;
            this.attempt = attempt;
            this.replica = new Replica(specText, features, options.dtype(), 0);
            this.batch = replica.spec.training().batchSize();
            this.stepsPerEpoch = (samples + batch - 1) / batch;
            this.epochs = replica.spec.training().epochs();
            replica.optimizer.setSchedule(replica.spec.schedule().forRun((long) stepsPerEpoch * epochs));
            this.order = new Generator(replica.spec.seed());
            this.epochStartRng = order.state();
            this.store = options.checkpointDir() == null ? null : new CheckpointStore(options.checkpointDir());
            resume();
        }

        private void resume() throws IOException {
            Checkpoint c = store == null ? null : store.latest();
            if (c == null) {
                return;
            }
            replica.model.loadStateDict(c.model());
            replica.optimizer.loadStateDict(c.optimizer());
            epoch = c.epoch();
            step = c.batch();
            epochStartRng = c.orderRng();
            order.setState(epochStartRng);
            history.addAll(c.history().getOrDefault("loss", List.of()));
            lossSum = c.running()[0];
            count = c.running()[1];
            resumedFrom = (long) epoch * stepsPerEpoch + step;
        }

        TaskResult train() throws IOException {
            boolean shuffle = replica.spec.training().shuffle();
            while (epoch < epochs) {
                order.setState(epochStartRng); // a resumed epoch redraws the same order
                int[] perm = shuffle ? order.permutation(samples) : null;
                for (; step < stepsPerEpoch; step++) {
                    long global = (long) epoch * stepsPerEpoch + step;
                    if (options.averageEvery() == 0) {
                        syncStep(perm, global);
                    } else {
                        localStep(perm, global);
                    }
                    stepsRun++;
                    if (store != null && rank == 0 && (global + 1) % options.checkpointEvery() == 0) {
                        saveAfterStep();
                    }
                }
                history.add(lossSum / count);
                lossSum = 0;
                count = 0;
                epoch++;
                step = 0;
                epochStartRng = order.state();
            }
            if (options.averageEvery() > 0) {
                average();
            }
            if (store != null && rank == 0) {
                write(epoch, 0, epochStartRng, history, new double[] {0, 0});
            }
            return new TaskResult(rank, rank == 0 ? replica.parameters() : null, rank == 0 ? history : List.of(),
                    stepsRun, samplesSeen, computeNanos, exchange.nanos(), exchange.bytesSent(), resumedFrom, attempt);
        }

        /** The samples of global batch {@code step} that this task holds, in batch order; returns the count. */
        private int mine(int[] perm, int[] out) {
            int m = 0;
            int end = Math.min(samples, (step + 1) * batch);
            for (int k = step * batch; k < end; k++) {
                int s = perm == null ? k : perm[k];
                if (shard.holds(s)) {
                    out[m++] = s;
                }
            }
            return m;
        }

        private void syncStep(int[] perm, long globalStep) throws IOException {
            long t0 = System.nanoTime();
            int[] idx = new int[batch];
            int m = mine(perm, idx);
            int global = Math.min(samples, (step + 1) * batch) - step * batch;
            double sum = backward(idx, m, replica.share(m, global), rank == 0);
            int n = replica.size();
            double[] flat = new double[n + 2];
            replica.gradients(flat);
            flat[n] = sum;
            flat[n + 1] = m;
            computeNanos += System.nanoTime() - t0;
            if (options.hook() != null) { // mid-step: the gradient is computed, the peers wait in the exchange
                options.hook().midStep(rank, globalStep, attempt);
            }
            exchange.allReduce(flat);
            long t1 = System.nanoTime();
            replica.setGradients(flat);
            replica.optimizer.step();
            lossSum += flat[n];
            count += flat[n + 1];
            samplesSeen += m;
            computeNanos += System.nanoTime() - t1;
        }

        private void localStep(int[] perm, long global) throws IOException {
            long t0 = System.nanoTime();
            int[] idx = new int[batch];
            int m = mine(perm, idx);
            if (m > 0) {
                lossSum += backward(idx, m, 1, true);
                count += m;
                replica.optimizer.step();
                samplesSeen += m;
            }
            computeNanos += System.nanoTime() - t0;
            if (options.hook() != null) {
                options.hook().midStep(rank, global, attempt);
            }
            if ((global + 1) % options.averageEvery() == 0) {
                average();
            }
        }

        private double backward(int[] idx, int m, double share, boolean penalties) {
            Tensor x = m == 0 ? null : shard.features(idx, m, options.dtype());
            Tensor y = m == 0 ? null : shard.targets(idx, m, options.dtype(), replica.classification);
            return replica.backward(x, y, share, penalties, m);
        }

        /** Local SGD: every replica takes the mean of all replicas' parameters. */
        private void average() throws IOException {
            double[] w = replica.parameters();
            exchange.allReduce(w);
            for (int i = 0; i < w.length; i++) {
                w[i] /= p;
            }
            replica.setParameters(w);
        }

        /** Saves the position after the step just taken (core's checkpoint, task 0 only). */
        private void saveAfterStep() throws IOException {
            if (step + 1 < stepsPerEpoch) {
                write(epoch, step + 1, epochStartRng, history, new double[] {lossSum, count});
                return;
            }
            List<Double> closed = new ArrayList<>(history); // the epoch ends here: close it as train() is about to
            closed.add(lossSum / count);
            write(epoch + 1, 0, order.state(), closed, new double[] {0, 0});
        }

        private void write(int e, int b, long[] rng, List<Double> hist, double[] running) throws IOException {
            Map<String, List<Double>> h = new LinkedHashMap<>();
            h.put("loss", List.copyOf(hist));
            Checkpoint c = new Checkpoint(e, b, rng, Map.of(), replica.model.stateDict(), replica.optimizer.stateDict(),
                    List.of(), h, hist.size(), running);
            store.save(c, (long) e * stepsPerEpoch + b);
        }
    }
}
