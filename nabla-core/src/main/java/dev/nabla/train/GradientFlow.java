package dev.nabla.train;

import dev.nabla.config.Check;
import dev.nabla.config.ConfigReader;
import dev.nabla.nn.Activation;
import dev.nabla.nn.ActivationLayer;
import dev.nabla.nn.Dense;
import dev.nabla.nn.HookHandle;
import dev.nabla.nn.Layer;
import dev.nabla.nn.Module;
import dev.nabla.nn.Parameter;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records how activations and gradients flow through a model while it trains: every {@code every} updates,
 * for each layer that holds no other layer, a {@link LayerFlow} (the output's values, the gradient of the
 * loss with respect to that output, each parameter's gradient, as counts, moments, norms and histograms;
 * dead ReLU units and saturated sigmoid/tanh outputs). The pictures of the lecture notes' vanishing
 * gradients (Glorot and Bengio, 2010) are drawn from these ({@link #records()}); {@link FlowCsv} writes
 * them beside the history.
 *
 * <p>It watches through hooks ({@link Layer#registerForwardHook}, {@link Tensor#registerHook}) and only
 * reads: a fit with it ends with the same weights, bit for bit, as one without. Registered from
 * {@link #onTrainBegin} to {@link #onTrainEnd}; between recorded steps a layer's forward pays a call that
 * returns at once. Records are not checkpointed: a resumed fit records from where it resumed.
 *
 * <pre>{@code
 * GradientFlow flow = new GradientFlow(GradientFlow.Config.DEFAULT.withEvery(50));
 * trainer.fit(x, y, FitOptions.defaults().callbacks(flow));
 * flow.records().get(0).layers().get(0).outputGradient().norm();
 * }</pre>
 */
public final class GradientFlow implements Callback {
    /** Record every {@code every} updates (the first step always), histograms of {@code bins} bins. */
    public record Config(int every, int bins) implements CallbackConfig {
        public static final Config DEFAULT = new Config(10, 32);

        public Config {
            Check.positive("GradientFlow", "every", every);
            Check.positive("GradientFlow", "bins", bins);
        }

        public Config withEvery(int n) { return new Config(n, bins); }
        public Config withBins(int n) { return new Config(every, n); }

        static Config read(ConfigReader c) {
            c.allowOnly("every", "bins");
            return c.build(() -> new Config(c.intValue("every", DEFAULT.every()), c.intValue("bins", DEFAULT.bins())));
        }

        @Override
        public GradientFlow create() {
            return new GradientFlow(this);
        }
    }

    private final Config config;
    private final List<FlowRecord> records = new ArrayList<>();
    private final List<Watched> watched = new ArrayList<>();
    private final List<HookHandle> handles = new ArrayList<>();
    private boolean armed;
    private long step;
    private int epoch;

    public GradientFlow(Config config) {
        this.config = java.util.Objects.requireNonNull(config, "config");
    }

    public Config config() {
        return config;
    }

    /** What was recorded, in step order. */
    public List<FlowRecord> records() {
        return List.copyOf(records);
    }

    @Override
    public void onTrainBegin(TrainingContext context) {
        records.clear();
        unhook();
        collect(context.model(), "");
    }

    @Override
    public void onTrainEnd(TrainingContext context) {
        unhook();
        armed = false;
    }

    @Override
    public void onEpochBegin(TrainingContext context, int e) {
        epoch = e;
    }

    @Override
    public void onBatchBegin(TrainingContext context, int batch) {
        step = context.optimizer().stepCount();
        armed = step % config.every() == 0;
        watched.forEach(Watched::clear); // a step that diverged left its half record
    }

    @Override
    public void onBatchEnd(TrainingContext context, int batch, Map<String, Double> logs) {
        if (!armed) {
            return;
        }
        armed = false;
        List<LayerFlow> layers = new ArrayList<>();
        for (Watched w : watched) {
            if (w.output != null) {
                layers.add(w.flow(config.bins()));
            }
        }
        records.add(new FlowRecord(step, epoch, logs.getOrDefault("loss", Double.NaN), layers));
    }

    /** Watches every layer that holds no other, in model order. */
    private void collect(Module m, String path) {
        if (m.children().isEmpty()) {
            if (m instanceof Layer layer) {
                Watched w = new Watched(path, layer);
                watched.add(w);
                handles.add(layer.registerForwardHook((l, in, out) -> {
                    if (armed) {
                        w.sawOutput(out, config.bins());
                    }
                }));
            }
            return;
        }
        m.children().forEach((name, child) -> collect(child, path.isEmpty() ? name : path + "." + name));
    }

    private void unhook() {
        handles.forEach(HookHandle::remove);
        handles.clear();
        watched.clear();
    }

    /** One layer being watched, and what the current recorded step has seen of it. */
    private static final class Watched {
        final String path;
        final Layer layer;
        final String activation;
        ValueSummary output;
        ValueSummary outputGradient;
        double dead = Double.NaN;
        double saturated = Double.NaN;

        Watched(String path, Layer layer) {
            this.path = path;
            this.layer = layer;
            Activation a = layer instanceof Dense d ? d.activation() : layer instanceof ActivationLayer al ? al.activation() : null;
            this.activation = a == null ? null : Activation.REGISTRY.nameOf(a);
        }

        void clear() {
            output = null;
            outputGradient = null;
            dead = Double.NaN;
            saturated = Double.NaN;
        }

        void sawOutput(Tensor out, int bins) {
            double[] v = out.toDoubleArray(); // a copy: the step's memory is handed on after the step
            output = ValueSummary.of(v, bins);
            dead = "relu".equals(activation) ? UnitHealth.deadFraction(v, out.dim(0)) : Double.NaN;
            saturated = "sigmoid".equals(activation) ? UnitHealth.outsideFraction(v, 0.01, 0.99)
                    : "tanh".equals(activation) ? UnitHealth.outsideFraction(v, -0.99, 0.99) : Double.NaN;
            outputGradient = null;
            if (out.requiresGrad()) {
                out.registerHook(g -> outputGradient = ValueSummary.of(g.toDoubleArray(), bins));
            }
        }

        LayerFlow flow(int bins) {
            Map<String, ValueSummary> grads = new LinkedHashMap<>();
            for (Map.Entry<String, Parameter> e : layer.namedParameters().entrySet()) {
                Tensor g = e.getValue().grad();
                if (g != null) {
                    grads.put(e.getKey(), ValueSummary.of(g.toDoubleArray(), bins));
                }
            }
            return new LayerFlow(path, label(layer), activation, output, outputGradient, grads, dead, saturated);
        }

        private static String label(Layer l) {
            return l.getClass().getSimpleName() + (l.name() == null ? "" : " '" + l.name() + "'");
        }
    }
}
