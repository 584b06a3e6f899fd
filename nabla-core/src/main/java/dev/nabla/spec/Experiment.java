package dev.nabla.spec;

import dev.nabla.loss.CrossEntropy;
import dev.nabla.loss.GaussianNLL;
import dev.nabla.loss.Huber;
import dev.nabla.loss.Loss;
import dev.nabla.loss.MAE;
import dev.nabla.loss.MSE;
import dev.nabla.loss.NLL;
import dev.nabla.loss.SmoothL1;
import dev.nabla.nn.Layer;
import dev.nabla.optim.Optimizer;
import dev.nabla.train.Callback;
import dev.nabla.train.FitOptions;
import dev.nabla.train.History;
import dev.nabla.train.Metric;
import dev.nabla.train.Penalty;
import dev.nabla.train.RunIdentity;
import dev.nabla.train.TestTimeAugmentation;
import dev.nabla.train.Trainer;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An experiment spec ready to run: read the data, split it, fit the transforms on the training part,
 * build the model from the seed, train, and evaluate on the test part. The same spec and seed give the
 * same weights, bit for bit.
 *
 * <pre>{@code
 * Experiment e = Experiment.load(Path.of("examples/digits.json"));
 * ExperimentResult r = e.run(RunListener.NONE);
 * r.testMetrics().get("accuracy");
 * r.save(e.spec().output().dir().resolve("model.safetensors"));
 * }</pre>
 */
public final class Experiment {
    private final ExperimentSpec spec;
    private final dev.nabla.tensor.Device device;
    private volatile boolean stopRequested;

    public Experiment(ExperimentSpec spec) {
        this(spec, dev.nabla.tensor.Device.CPU);
    }

    private Experiment(ExperimentSpec spec, dev.nabla.tensor.Device device) {
        this.spec = java.util.Objects.requireNonNull(spec, "spec");
        this.device = java.util.Objects.requireNonNull(device, "device");
    }

    /**
     * This experiment trained on {@code device} ({@code cuda:0}, say): the model and the data move there
     * before the first step, and the trained model comes back to the CPU, where it is saved and plotted.
     * The device's backend is opened here, so a missing one fails before any data is read.
     */
    public Experiment on(dev.nabla.tensor.Device device) {
        dev.nabla.tensor.Backend.forDevice(device);
        return new Experiment(spec, device);
    }

    /**
     * Reads and checks a spec file; relative data paths resolve against its directory, and it is named
     * after the file (without {@code .json}) unless it has a {@code "name"}.
     *
     * @throws SpecException for a mistake in the spec, with the file and its JSON path; also for a file that
     *     is not UTF-8 or is over {@link ExperimentSpec#MAX_TEXT_CHARS} bytes long
     * @throws java.nio.file.FileSystemException for a missing file or a directory
     */
    public static Experiment load(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            // said here: reading a directory fails with only "Is a directory", without its name
            throw new java.nio.file.FileSystemException(file.toString(), null, "is a directory; expected a spec file (JSON)");
        }
        long size = Files.size(file);
        // the cap applies to the bytes, before anything is read (specs are ASCII in practice)
        if (size > ExperimentSpec.MAX_TEXT_CHARS) {
            throw new SpecException("$", "is " + size + " bytes long, over the limit of " + ExperimentSpec.MAX_TEXT_CHARS
                    + " for a spec (is it a data file? a spec names its data files in \"data\")").in(file);
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (CharacterCodingException e) {
            throw new SpecException("$", "is not UTF-8 text (" + e.getMessage() + "); save the spec as UTF-8").in(file);
        }
        String fileName = file.getFileName().toString();
        String stem = fileName.endsWith(".json") ? fileName.substring(0, fileName.length() - 5) : fileName;
        try {
            return new Experiment(ExperimentSpec.parse(text, file.toAbsolutePath().getParent(), stem));
        } catch (SpecException e) {
            throw e.in(file);
        }
    }

    /** Parses spec text; relative data paths resolve against {@code baseDir}; unnamed, it is "experiment". */
    public static Experiment parse(String json, Path baseDir) {
        return new Experiment(ExperimentSpec.parse(json, baseDir, "experiment"));
    }

    public ExperimentSpec spec() {
        return spec;
    }

    /**
     * Asks a run to stop after its current batch; it then evaluates and returns what it has (safe from any
     * thread, e.g. a Ctrl-C hook). The request stays: a later run stops after its first batch.
     */
    public void requestStop() {
        stopRequested = true;
    }

    /**
     * The data splits a run of this spec trains and tests on, raw (before transforms): the same seed gives
     * the same samples in each part, which is how {@code nabla eval} finds a saved model's test part.
     */
    public DataSplits loadData() throws IOException {
        return PreparedData.prepare(spec.data(), spec.loss(), spec.seed()).splits();
    }

    /** Runs the experiment, reporting progress to {@code listener}. */
    public ExperimentResult run(RunListener listener) throws IOException {
        return run(listener, java.util.function.UnaryOperator.identity());
    }

    /**
     * Runs the experiment with the fit options adjusted by {@code adjust}: how a caller adds what is not
     * part of the experiment itself, e.g. checkpoints, resuming, and rollback on divergence.
     */
    public ExperimentResult run(RunListener listener, java.util.function.UnaryOperator<FitOptions> adjust) throws IOException {
        long seed = spec.seed();
        PreparedData data = PreparedData.prepare(spec.data(), spec.loss(), seed).shapedFor(spec.model().input());
        Layer model = spec.model().create(data.sampleShape(), seed);
        checkClassCount(model, data);
        checkTargetsAreNumbers(data);
        HeadFit.check(model, spec.loss(), data.trainY());
        model.to(device);  // before the optimizer, whose state is made where the parameters are
        TrainingSpec training = spec.training();
        int batches = (data.trainX().dim(0) + training.batchSize() - 1) / training.batchSize();
        Optimizer optimizer = spec.optimizer().create(model.parameters());
        optimizer.setSchedule(spec.schedule().forRun((long) batches * training.epochs()));
        Metric[] metrics = spec.metrics().stream().map(Metric::named).toArray(Metric[]::new);
        Penalty[] penalties = spec.penalties().stream().map(PenaltySpec::create).toArray(Penalty[]::new);
        ListenerCallback bridge = new ListenerCallback(listener, () -> stopRequested, batches);
        List<Callback> callbacks = new ArrayList<>();
        spec.callbacks().forEach(c -> callbacks.add(c.create()));
        callbacks.add(bridge);
        FitOptions options = training.fitOptions(seed).metrics(metrics).penalties(penalties)
                .callbacks(callbacks.toArray(Callback[]::new));
        if (data.valX() != null) {
            options = options.validationData(data.valX().to(device), data.valY().to(device));
        }
        if (!spec.data().augment().isEmpty()) {
            checkImages(data);
            options = options.augment(spec.data().augment().toArray(dev.nabla.data.Augmentation[]::new));
        }
        TestTimeAugmentation tta = spec.data().tta();
        if (!tta.isNone()) {
            // said before the first epoch rather than at its validation
            String why = tta.refusal(data.sampleShape(), model.outputShape(), spec.loss());
            if (why != null) {
                throw new SpecException("$.data.tta", why + "; leave tta out");
            }
            options = options.testTime(tta);
        }
        options = adjust.apply(options);
        if (options.checkpoints() != null && options.checkpoints().run() == null) {
            // the checkpoints say which run they are of: this spec, seed and data (see RunSettings)
            options = options.checkpoints(options.checkpoints().run(RunIdentity.start(RunSettings.of(spec, data))));
        }
        listener.onTrainBegin(model, data.splits(), training.epochs(), batches);
        Trainer trainer = new Trainer(model, spec.loss(), optimizer);
        History history = trainer.fit(data.trainX().to(device), data.trainY().to(device), options);
        Map<String, Double> test = data.testX() == null ? Map.of()
                : trainer.evaluate(data.testX().to(device), data.testY().to(device), training.batchSize(), List.of(metrics),
                        List.of(penalties), tta);
        model.eval();
        model.to(dev.nabla.tensor.Device.CPU);
        return new ExperimentResult(spec, model, history, data.transforms(), data.splits(), test, data.classNames(), seed,
                bridge.stopped());
    }

    /** Augmentations move pixels: the samples must be images, [C, H, W] or [H, W]. */
    private static void checkImages(PreparedData data) {
        int rank = data.sampleShape().rank();
        if (rank != 2 && rank != 3) {
            throw new SpecException("$.data.augment", "moves pixels of images [channels, height, width] or [height, width], "
                    + "but each sample is " + data.sampleShape() + "; leave augment out for data that is not images");
        }
    }

    /**
     * The regression losses take numbers; class labels would fail at the first batch, in the loss's Java
     * terms (convert the tensor). Said here, the message names the spec's setting that fixes it: a CSV's
     * whole-number labels are classes under {@code "label_kind": "auto"}.
     */
    private void checkTargetsAreNumbers(PreparedData data) {
        boolean regression = spec.loss() instanceof MSE || spec.loss() instanceof MAE || spec.loss() instanceof Huber
                || spec.loss() instanceof SmoothL1 || spec.loss() instanceof GaussianNLL
                || spec.loss() instanceof dev.nabla.loss.MixtureNLL;
        if (!regression || !data.splits().train().isClassification()) {
            return;
        }
        String loss = Loss.REGISTRY.nameOf(spec.loss());
        if (spec.data().source() instanceof SourceSpec.Csv) {
            throw new SpecException("$.data.label_kind", "the loss " + loss + " takes numbers, but the labels were read "
                    + "as classes (whole numbers are classes when label_kind is auto): set \"label_kind\": \"numeric\"");
        }
        throw new SpecException("$.loss", loss + " takes numbers, but the data has class labels ("
                + data.splits().train().numClasses() + " classes): use a classification loss such as cross_entropy");
    }

    /**
     * A classifier needs one output per class. The loss would say so at the first batch about a label; said
     * here, the message points at the spec's model and gives the number to write.
     */
    private void checkClassCount(Layer model, PreparedData data) {
        boolean scoresPerClass = spec.loss() instanceof CrossEntropy || spec.loss() instanceof NLL;
        if (!scoresPerClass || !data.splits().train().isClassification() || model.outputShape().rank() != 1) {
            return;
        }
        int outputs = model.outputShape().dim(0);
        int classes = data.splits().train().numClasses();
        if (data.splits().test() != null) {
            classes = Math.max(classes, data.splits().test().numClasses());
        }
        if (outputs < classes) {
            throw new SpecException("$.model", "gives " + outputs + " scores per sample but the data has " + classes
                    + " classes: the last layer needs " + classes + " units");
        }
    }
}
