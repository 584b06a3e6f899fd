package dev.nabla.playground;

import dev.nabla.autograd.NoGrad;
import dev.nabla.config.ConfigException;
import dev.nabla.data.Dataset;
import dev.nabla.io.Json;
import dev.nabla.loss.Loss;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Layer;
import dev.nabla.nn.Sequential;
import dev.nabla.optim.Optimizer;
import dev.nabla.spec.ExperimentSpec;
import dev.nabla.spec.PenaltySpec;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.Penalty;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One tab: its settings, data, network, optimizer and training position. Every method is synchronized:
 * the ticker thread trains while request threads change settings or read the state. Nothing here touches
 * the filesystem but through {@link #dir}, the session's own temporary folder.
 */
public final class Session {
    private final String id;
    private final Path dir;
    private Settings settings = Settings.defaults();
    private Dataset upload;
    private PlayData data;
    private ExperimentSpec spec;
    private Sequential model;
    private Loss loss;
    private Optimizer optimizer;
    private Penalty[] penalties;
    private Generator shuffle;
    private int[] order;
    private int cursor;
    private long epoch, steps;
    private boolean running;
    private double trainLoss = Double.NaN, testLoss = Double.NaN;
    private final List<double[]> history = new ArrayList<>();
    private long version, dataVersion;
    private volatile long lastSeen = System.nanoTime();

    Session(String id, Path dir) {
        this.id = id;
        this.dir = dir;
        configure(settings);
    }

    public String id() {
        return id;
    }

    Path dir() {
        return dir;
    }

    void touch() {
        lastSeen = System.nanoTime();
    }

    long idleNanos() {
        return System.nanoTime() - lastSeen;
    }

    public synchronized Settings settings() {
        return settings;
    }

    public synchronized PlayData data() {
        return data;
    }

    public synchronized Sequential model() {
        return model;
    }

    public synchronized long epoch() {
        return epoch;
    }

    /** Applies new settings: new data and a fresh network from the seed (TensorFlow Playground's reset). */
    public synchronized void configure(Settings s) {
        if (s.dataset().equals("csv") && upload == null) {
            throw new PlaygroundException("Data set 'csv': upload a CSV file first");
        }
        PlayData d = s.dataset().equals("csv") ? PlayData.table(upload, s) : PlayData.synthetic(s);
        ExperimentSpec parsed = parse(Recipe.spec(s, d, 0));
        Sequential m = (Sequential) parsed.model().create(Shape.of(d.features()), s.seed());
        if (m.parameterCount() > Limits.MAX_PARAMETERS) {
            throw new PlaygroundException("The network has " + m.parameterCount() + " weights and biases; the cap is "
                    + Limits.MAX_PARAMETERS + ": remove neurons or layers");
        }
        settings = s;
        data = d;
        spec = parsed;
        adopt(m);
        dataVersion++;
    }

    /** The spec through the library's own reader: every name checked against its registry. */
    private static ExperimentSpec parse(Map<String, Object> spec) {
        try {
            return ExperimentSpec.parse(Json.write(spec), Path.of("."), "playground");
        } catch (ConfigException e) {
            throw new PlaygroundException("The settings do not make a valid network: " + e.getMessage());
        }
    }

    /** Starts training {@code m} from step 0 with the spec's loss, optimizer, schedule and penalties. */
    private void adopt(Sequential m) {
        model = m;
        model.train();
        loss = spec.loss();
        optimizer = spec.optimizer().create(model.parameters());
        int batches = (data.train().length + settings.batchSize() - 1) / settings.batchSize();
        optimizer.setSchedule(spec.schedule().forRun((long) batches * Recipe.DEFAULT_EPOCHS));
        penalties = spec.penalties().stream().map(PenaltySpec::create).toArray(Penalty[]::new);
        shuffle = new Generator(settings.seed());
        order = null;
        cursor = 0;
        epoch = 0;
        steps = 0;
        history.clear();
        evaluate();
    }

    public synchronized void reset() {
        configure(settings);
    }

    public synchronized void setRunning(boolean on) {
        running = on;
        version++;
    }

    public synchronized boolean running() {
        return running;
    }

    /** One epoch (TensorFlow Playground's step button). */
    public synchronized void stepEpoch() {
        long target = epoch + 1;
        while (epoch < target) {
            update();
        }
        evaluate();
    }

    /**
     * What the ticker runs: up to {@code budget} updates while playing, stopping early at {@code deadline}
     * (System.nanoTime) so a frame still goes out on time when the server is busy; true when the state changed.
     */
    synchronized boolean tick(int budget, long deadline) {
        if (!running) {
            return false;
        }
        for (int i = 0; i < budget && (i == 0 || System.nanoTime() < deadline); i++) {
            update();
        }
        evaluate();
        return true;
    }

    /** One update on the next batch of the epoch's shuffled order. */
    private void update() {
        int[] train = data.train();
        if (order == null) {
            int[] perm = shuffle.permutation(train.length);
            order = new int[train.length];
            for (int i = 0; i < perm.length; i++) {
                order[i] = train[perm[i]];
            }
        }
        int end = Math.min(order.length, cursor + settings.batchSize());
        int[] batch = java.util.Arrays.copyOfRange(order, cursor, end);
        optimizer.zeroGrad();
        Tensor l = loss.compute(model.forward(data.inputs(batch)), data.targets(batch));
        for (Penalty p : penalties) {
            Tensor term = p.compute(model);
            l = term == null ? l : l.add(term);
        }
        l.backward();
        optimizer.step();
        steps++;
        cursor = end;
        if (cursor >= order.length) {
            order = null;
            cursor = 0;
            epoch++;
        }
    }

    /** Train and test loss of the current weights (no penalty, eval mode), and a point on the curve. */
    private void evaluate() {
        model.eval();
        try (NoGrad ignored = NoGrad.enter()) {
            trainLoss = loss.compute(model.forward(data.inputs(data.train())), data.targets(data.train())).item();
            testLoss = loss.compute(model.forward(data.inputs(data.test())), data.targets(data.test())).item();
        } finally {
            model.train();
        }
        if (!history.isEmpty() && history.getLast()[0] == epoch) {
            history.removeLast();
        }
        history.add(new double[] {epoch, trainLoss, testLoss});
        if (history.size() > 400) {
            thin();
        }
        version++;
    }

    /** Keeps every other point of the curve's older half: the curve's shape at bounded size. */
    private void thin() {
        List<double[]> kept = new ArrayList<>();
        for (int i = 0; i < history.size(); i++) {
            if (i >= history.size() / 2 || i % 2 == 0) {
                kept.add(history.get(i));
            }
        }
        history.clear();
        history.addAll(kept);
    }

    /** Sets weight (to, from) of Dense layer {@code layer} (0 = the first hidden layer's). */
    public synchronized void setWeight(int layer, int to, int from, double value) {
        List<Dense> dense = dense();
        if (layer < 0 || layer >= dense.size()) {
            throw new PlaygroundException("Weight: there is no layer " + layer + " (the network has " + dense.size() + ")");
        }
        Tensor w = dense.get(layer).weight().value();
        if (to < 0 || to >= w.dim(0) || from < 0 || from >= w.dim(1)) {
            throw new PlaygroundException("Weight: layer " + layer + " has no link from " + from + " to " + to);
        }
        if (!Double.isFinite(value) || Math.abs(value) > 100) {
            throw new PlaygroundException("Weight: must be a number from -100 to 100, got " + value);
        }
        try (NoGrad ignored = NoGrad.enter()) {
            w.set(value, to, from);
        }
        evaluate();
    }

    /** The network's Dense layers, first to output. */
    List<Dense> dense() {
        List<Dense> out = new ArrayList<>();
        for (Layer l : model.layers()) {
            if (l instanceof Dense d) {
                out.add(d);
            }
        }
        return out;
    }

    /** Keeps an uploaded table for the csv data set (the page then configures with it). */
    synchronized void setUpload(Dataset table) {
        upload = table;
    }

    /** Takes over an imported network, paused: the settings are the page's with its layers and features. */
    synchronized void adoptImported(Sequential m, Settings s) {
        PlayData d = s.dataset().equals("csv") ? PlayData.table(upload, s) : PlayData.synthetic(s);
        if (m.inputShape().dim(0) != d.features() || m.outputShape().dim(0) != Recipe.outputs(d)) {
            throw new PlaygroundException("The model takes " + m.inputShape().dim(0) + " features and gives "
                    + m.outputShape().dim(0) + " outputs; this data has " + d.features() + " features and needs "
                    + Recipe.outputs(d) + " outputs");
        }
        settings = s;
        data = d;
        spec = parse(Recipe.spec(s, d, 0));
        adopt(m);
        running = false; // the imported weights stay as they came until the user presses play
        dataVersion++;
    }

    /** The state the page draws; {@code withPoints} adds the data points (after the data changed). */
    synchronized Map<String, Object> frame(boolean withPoints) {
        return Frames.of(this, model, data, withPoints, epoch, steps, trainLoss, testLoss, history, running);
    }

    synchronized long version() {
        return version;
    }

    synchronized long dataVersion() {
        return dataVersion;
    }

    synchronized ExperimentSpec spec() {
        return spec;
    }
}
