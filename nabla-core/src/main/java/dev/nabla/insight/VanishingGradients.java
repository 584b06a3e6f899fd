package dev.nabla.insight;

import dev.nabla.config.Check;
import dev.nabla.data.Bundled;
import dev.nabla.data.Dataset;
import dev.nabla.loss.CrossEntropy;
import dev.nabla.nn.Activation;
import dev.nabla.nn.Dense;
import dev.nabla.nn.Init;
import dev.nabla.nn.Layer;
import dev.nabla.nn.Sequential;
import dev.nabla.optim.SGD;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.FitOptions;
import dev.nabla.train.FlowRecord;
import dev.nabla.train.GradientFlow;
import dev.nabla.train.LayerFlow;
import dev.nabla.train.Trainer;
import java.util.ArrayList;
import java.util.List;

/**
 * The lecture notes' vanishing gradients (Glorot and Bengio, 2010), measured: the same deep MLP on the
 * bundled digits, built three ways (sigmoid with N(0, 1) weights, ReLU with He's, sigmoid with Glorot's),
 * trained for a few plain SGD steps with a {@link GradientFlow} recording every layer. What
 * {@code nabla diagnose --demo vanishing} draws, one panel per layer.
 *
 * <p>Why the defaults are deep and narrow (12 hidden layers of 16 units): going back through a layer
 * multiplies the gradient by Wᵀ and by the activation's derivative. With N(0, 1) weights, Wᵀ scales a
 * vector by about √width, and the sigmoid's derivative is at most 1/4 (its root mean square over the
 * saturated pre-activations these weights give is about 0.15 at width 16): about 0.6 per layer at width 16,
 * so twelve layers lose two to three orders of magnitude. At width 128 the two nearly cancel and nothing
 * vanishes (the first layer's weight gradient is 0.2 to 0.4 of the output layer's), which
 * {@code --width 128} shows: the scalar chain of the notes is the narrow case. Glorot's
 * weights keep the product's scale (√width · 1/√width) but leave the sigmoid's 1/4 in every layer: they were
 * derived for tanh, whose derivative is 1 at 0. ReLU passes 1 where it is active and He's factor 2 makes up
 * for the half that is not.
 *
 * <pre>{@code
 * List<VanishingGradients.Run> runs = VanishingGradients.run(VanishingGradients.Options.DEFAULT);
 * runs.get(0).weightGradientNorms();   // first layer ... output layer
 * }</pre>
 */
public final class VanishingGradients {
    /** One way to build the network: an activation for the hidden layers and the weights' initialiser. */
    public record Setup(String name, Activation activation, Init init) {}

    /** The lecture's network, its failing initialisation and the two fixes. */
    public static final List<Setup> SETUPS = List.of(
            new Setup("sigmoid, N(0, 1)", Activation.sigmoid(), Init.normal(0, 1)),
            new Setup("relu, He", Activation.relu(), Init.heNormal()),
            new Setup("sigmoid, Glorot", Activation.sigmoid(), Init.glorotUniform()));

    /**
     * @param depth hidden layers
     * @param width units per hidden layer
     * @param steps SGD updates (batches of {@code batch} digits; the first record is at the initial weights)
     * @param every record every this many updates
     * @param lr the SGD learning rate
     */
    public record Options(int depth, int width, int steps, int every, int batch, double lr, long seed) {
        public static final Options DEFAULT = new Options(12, 16, 50, 10, 128, 0.1, 0);

        public Options {
            Check.positive("vanishing gradients", "depth", depth);
            Check.positive("vanishing gradients", "width", width);
            Check.positive("vanishing gradients", "steps", steps);
            Check.positive("vanishing gradients", "every", every);
            Check.positive("vanishing gradients", "batch", batch);
            Check.positive("vanishing gradients", "lr", lr);
        }

        public Options withShape(int d, int w) { return new Options(d, w, steps, every, batch, lr, seed); }
        public Options withSteps(int s) { return new Options(depth, width, s, every, batch, lr, seed); }
    }

    /** One setup's records: the first at the initial weights, then every {@code every} updates. */
    public record Run(Setup setup, List<FlowRecord> records) {
        public Run {
            records = List.copyOf(records);
        }

        /** The record at the initial weights. */
        public FlowRecord initial() {
            return records.get(0);
        }

        /** The L2 norm of each layer's weight gradient at the initial weights, first hidden layer to output layer. */
        public double[] weightGradientNorms() {
            return initial().layers().stream().mapToDouble(l -> l.weightGradient().norm()).toArray();
        }

        /** How many times smaller the first layer's weight gradient is than the output layer's. */
        public double firstToLastRatio() {
            double[] n = weightGradientNorms();
            return n[0] / n[n.length - 1];
        }
    }

    private VanishingGradients() {}

    /** Runs every setup of {@link #SETUPS}. */
    public static List<Run> run(Options o) {
        List<Run> runs = new ArrayList<>();
        for (Setup s : SETUPS) {
            runs.add(run(s, o));
        }
        return runs;
    }

    /** Builds, trains and records one setup; the same seed gives the same records. */
    public static Run run(Setup setup, Options o) {
        Dataset digits = Bundled.digits();
        Tensor x = digits.features().div(16), y = digits.targets();
        Sequential model = model(setup, o, x.dim(1), digits.numClasses());
        GradientFlow flow = new GradientFlow(GradientFlow.Config.DEFAULT.withEvery(o.every()));
        int batches = (x.dim(0) + o.batch() - 1) / o.batch();
        int epochs = (o.steps() + batches - 1) / batches;
        StopAfter stop = new StopAfter(o.steps());
        new Trainer(model, CrossEntropy.of(), new SGD(model.parameters(), o.lr()))
                .fit(x, y, FitOptions.defaults().epochs(epochs).batchSize(o.batch()).seed(o.seed()).callbacks(flow, stop));
        return new Run(setup, flow.records());
    }

    /** {@code depth} hidden layers of {@code width} units and the output layer, all with the setup's weights. */
    static Sequential model(Setup s, Options o, int features, int classes) {
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < o.depth(); i++) {
            layers.add(new Dense(o.width(), s.activation()).kernelInit(s.init()).named("hidden" + (i + 1)));
        }
        layers.add(new Dense(classes).kernelInit(s.init()).named("output"));
        return Sequential.of(layers.toArray(Layer[]::new)).build(o.seed(), features);
    }

    /** The gradient norm of each layer's weight, in model order, for a record. */
    public static double[] weightGradientNorms(FlowRecord r) {
        return r.layers().stream().map(LayerFlow::weightGradient).mapToDouble(g -> g == null ? Double.NaN : g.norm()).toArray();
    }
}
