package dev.nabla.cli;

import dev.nabla.cli.plot.ConfusionMatrixPlot;
import dev.nabla.cli.plot.DecisionBoundaryPlot;
import dev.nabla.cli.plot.LearningCurvePlot;
import dev.nabla.data.Dataset;
import dev.nabla.insight.FitDiagnosis;
import dev.nabla.io.AtomicFiles;
import dev.nabla.spec.Experiment;
import dev.nabla.spec.ExperimentResult;
import dev.nabla.spec.ExperimentSpec;
import dev.nabla.spec.SpecException;
import dev.nabla.spec.TrainedModel;
import dev.nabla.spec.TrainingSpec;
import dev.nabla.tensor.Tensor;
import dev.nabla.train.FlowCsv;
import dev.nabla.train.GradientFlow;
import dev.nabla.train.ResumeRefusedException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code nabla train SPEC}: trains what an experiment spec describes, showing progress, then writes the
 * model, the history (CSV), learning curves, and for classifiers a confusion matrix on the test part and,
 * for 2-D data, the decision boundary. Ctrl-C or SIGTERM stops after the current batch and still saves
 * ({@link StopSignals}).
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train the network an experiment spec (JSON) describes, and save it with its plots.")
public final class TrainCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SPEC", description = "The experiment spec, e.g. examples/digits.json.")
    private Path specFile;

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write the model and plots (default: the spec's output.dir,"
            + " else runs/<name>; a default that holds a run is left alone for the next free <dir>-2, -3, ...).")
    private Path outDir;

    @Option(names = "--init", paramLabel = "FILE", description = "Start from the weights in this safetensors file (every parameter, named as in the model file, shapes checked).")
    private Path init;

    @Option(names = "--no-shuffle", description = "Keep the data order (no shuffling between epochs).")
    private boolean noShuffle;

    @Option(names = "--epochs", paramLabel = "N", description = "Override the spec's number of epochs.")
    private Integer epochs;

    @Option(names = "--seed", paramLabel = "N", description = "Override the spec's seed.")
    private Long seed;

    @Option(names = {"-q", "--quiet"}, description = "No progress bars or tables; errors only.")
    private boolean quiet;

    @Option(names = "--json", description = "Print the result as JSON on standard output (implies --quiet).")
    private boolean json;

    @Option(names = "--no-plots", description = "Skip the PNG plots.")
    private boolean noPlots;

    @Option(names = "--resume", arity = "0..1", paramLabel = "DIR", fallbackValue = "",
            description = "Continue from the newest intact checkpoint in DIR (default: OUT/checkpoints).")
    private Path resume;

    @Option(names = "--checkpoint-every", paramLabel = "EPOCHS", defaultValue = "1",
            description = "Write a checkpoint every N epochs (0: only at the end and on Ctrl-C/SIGTERM). Default: ${DEFAULT-VALUE}.")
    private int checkpointEpochs;

    @Option(names = "--checkpoint-minutes", paramLabel = "MINUTES", defaultValue = "10",
            description = "Also write one every M minutes, mid-epoch if need be (0: off). Default: ${DEFAULT-VALUE}.")
    private double checkpointMinutes;

    @Option(names = "--keep", paramLabel = "K", defaultValue = "3", description = "Checkpoints to keep. Default: ${DEFAULT-VALUE}.")
    private int keep;

    @Option(names = "--rollback", paramLabel = "FACTOR",
            description = "On a NaN/Inf loss or gradient, or a loss over 1000x its first epoch's, go back to the last good state (an epoch's start, or where it resumed) and multiply the learning rate by FACTOR (e.g. 0.1) instead of stopping, up to 3 times.")
    private Double rollback;

    @Option(names = "--overwrite", description = "Replace the run that --out holds: its model, history, plots and checkpoints are"
            + " deleted first. Without it, a new run into an --out that holds one is refused.")
    private boolean overwrite;

    @Option(names = "--force", description = "With --resume: continue a checkpoint even of another run (other spec, seed or data),"
            + " with this run's settings; what is kept and what changes is said.")
    private boolean force;

    @Option(names = "--fresh-if-none", description = "With --resume: when there is nothing to resume, start a new run (and say so)"
            + " instead of failing.")
    private boolean freshIfNone;

    @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "cpu",
            description = "Where to train: cpu, or cuda (cuda:N) with the nabla-cuda module and an NVIDIA GPU. Default: ${DEFAULT-VALUE}.")
    private String device;

    @picocli.CommandLine.Mixin
    private SparkTrainOptions spark = new SparkTrainOptions();

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        OptionChecks.train(spec.commandLine(), epochs, checkpointEpochs, checkpointMinutes, keep, rollback);
        checkOptions();
        if (spark.on()) {
            return trainOnSpark();
        }
        Experiment experiment = new Experiment(overrides(Experiment.load(specFile).spec())).on(DeviceOption.open(spec.commandLine(), device));
        ProgressListener listener = new ProgressListener(spec.commandLine().getErr(), quiet || json, init);
        StopSignals signals = StopSignals.install(listener::requestStop);
        if (!noPlots) {
            // The plots need AWT, which cannot start once a Ctrl-C has begun the JVM's shutdown (it adds a
            // shutdown hook of its own): start it now, so a stopped run can still draw its curves.
            dev.nabla.cli.plot.Png.initGraphics();
        }
        try (RunFolder folder = openFolder(experiment.spec().output().dir())) {
            Path out = folder.dir();
            dev.nabla.kernel.Kernels.warmUp(); // every GEMM path compiled before the first timed epoch
            List<GradientFlow> flows = new ArrayList<>();
            ExperimentResult result = experiment.run(listener, o -> {
                // a spec's gradient_flow callback is written beside the history: find it among the fit's callbacks
                o.callbacks().stream().filter(GradientFlow.class::isInstance).map(GradientFlow.class::cast).forEach(flows::add);
                return withCheckpoints(o, out);
            });
            listener.clearBar(); // a run stopped mid-epoch leaves its bar
            FitDiagnosis fit = FitDiagnosis.of(result.history());
            Map<String, Path> files = save(result, out, flows, fit);
            report(result, files, signals.name(), fit);
            return result.stopped() ? signals.exitCode() : 0;
        } catch (ResumeRefusedException e) {
            return Main.report(new IllegalStateException(refused(e), e), spec.commandLine());
        } catch (Exception e) {
            // Reported here, not by picocli after this method: once the shutdown is let go (close, below)
            // during a Ctrl-C, the JVM halts, and a message printed later would be lost.
            listener.clearBar();
            // a spec's mistake found while running (a split the data cannot give) names its file as a parse error does
            return Main.report(e instanceof SpecException s && s.file() == null ? s.in(specFile) : e, spec.commandLine());
        } finally {
            signals.close();
        }
    }

    /** --spark: the Spark module does the run; the options of a local run do not apply there. */
    private int trainOnSpark() {
        String other = resume != null ? "--resume" : init != null ? "--init" : epochs != null ? "--epochs"
                : seed != null ? "--seed" : noShuffle ? "--no-shuffle" : rollback != null ? "--rollback"
                : !"cpu".equals(device) ? "--device" : null;
        if (other != null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), other + " does not apply with --spark: "
                    + "edit the spec instead (checkpoints and resuming are --spark-checkpoints)");
        }
        try {
            return SparkTrain.run(specFile, spark, outDir, quiet || json, spec.commandLine().getErr());
        } catch (NoClassDefFoundError e) {
            return Main.report(new IllegalStateException("--spark needs Apache Spark's jars on the class path (" + e.getMessage()
                    + " is missing): run with spark-submit, or add SPARK_HOME/jars/* to the class path"), spec.commandLine());
        } catch (Exception e) {
            return Main.report(e, spec.commandLine());
        }
    }

    private void checkOptions() {
        String problem = resume != null && overwrite ? "--resume continues the run in --out and --overwrite replaces it: give one"
                : force && resume == null ? "--force applies to --resume (to replace a run, give --overwrite)"
                : freshIfNone && resume == null ? "--fresh-if-none applies to --resume" : null;
        if (problem != null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), problem);
        }
    }

    /**
     * The output folder, held for this run ({@link RunFolder}); what it has to say goes to stderr, even with
     * --quiet, since it says where the files are. A resume from an output folder that does not exist is
     * refused here, before the folder would be made for nothing.
     */
    private RunFolder openFolder(Path defaultOut) throws IOException {
        Path base = outDir != null ? outDir : defaultOut;
        RunFolder.Intent intent = resume != null ? RunFolder.Intent.RESUME
                : overwrite ? RunFolder.Intent.OVERWRITE : RunFolder.Intent.NEW;
        if (resume != null && resume.toString().isEmpty() && !freshIfNone) {
            Path folder = outDir != null ? base : RunFolder.newest(base);
            if (!Files.isDirectory(folder)) {
                Path checkpoints = folder.resolve("checkpoints");
                throw new ResumeRefusedException(ResumeRefusedException.Reason.NOTHING_TO_RESUME, checkpoints,
                        "nothing to resume: the folder does not exist");
            }
        }
        PrintWriter notes = spec.commandLine().getErr();
        return RunFolder.open(base, outDir != null, intent, note -> {
            notes.println("nabla: " + note);
            notes.flush();
        });
    }

    /** The library's refusal, with the options that act on it. */
    private static String refused(ResumeRefusedException e) {
        String hint = switch (e.reason()) {
            case NOTHING_TO_RESUME -> "train without --resume to start a new run, or add --fresh-if-none";
            case OTHER_RUN -> "resume with the spec, seed and data it was trained with, add --force to continue it with these,"
                    + " or give another --out";
            case PAST_THE_END -> "give at least as many --epochs, or --epochs without --resume for a new run";
        };
        return "--resume " + e.dir() + ": " + e.problem() + "; " + hint;
    }

    private dev.nabla.train.FitOptions withCheckpoints(dev.nabla.train.FitOptions o, Path out) {
        Path dir = resume != null && !resume.toString().isEmpty() ? resume : out.resolve("checkpoints");
        java.time.Duration every = java.time.Duration.ofMillis((long) (checkpointMinutes * 60_000));
        o = o.checkpoints(new dev.nabla.train.CheckpointOptions(dir, checkpointEpochs, 0, every, keep)
                .forceResume(force).freshStartIfNone(freshIfNone)).resume(resume != null);
        return rollback == null ? o : o.rollbackOnDivergence(rollback);
    }

    private ExperimentSpec overrides(ExperimentSpec s) {
        TrainingSpec t = s.training();
        if (noShuffle || epochs != null) {
            s = s.withTraining(new TrainingSpec(epochs != null ? epochs : t.epochs(), t.batchSize(), t.shuffle() && !noShuffle));
        }
        return seed != null ? s.withSeed(seed) : s;
    }

    private Map<String, Path> save(ExperimentResult r, Path out, List<GradientFlow> flows, FitDiagnosis fit) throws IOException {
        Files.createDirectories(out);
        Map<String, Path> files = new LinkedHashMap<>();
        files.put("model", out.resolve("model.safetensors"));
        r.save(files.get("model"));
        files.put("history", out.resolve("history.csv"));
        AtomicFiles.write(files.get("history"), o -> o.write(r.history().toCsv().getBytes(StandardCharsets.UTF_8)));
        if (!flows.isEmpty()) {
            files.put("gradient_flow", out.resolve("gradient_flow.csv"));
            String csv = FlowCsv.write(flows.get(0).records());
            AtomicFiles.write(files.get("gradient_flow"), o -> o.write(csv.getBytes(StandardCharsets.UTF_8)));
        }
        if (noPlots || r.history().epochs() == 0) {
            return files;
        }
        files.put("learning_curves", out.resolve("learning_curves.png"));
        LearningCurvePlot.write(r.history(), fit, files.get("learning_curves"));
        TrainedModel trained = r.trained();
        Dataset test = r.splits().test();
        if (trained.isClassifier() && test != null && test.isClassification()) {
            int[] predicted = trained.predictClasses(test.features());
            int classes = Math.max(test.numClasses(), java.util.Arrays.stream(predicted).max().orElse(0) + 1);
            files.put("confusion_matrix", out.resolve("confusion_matrix.png"));
            ConfusionMatrixPlot.write(ConfusionMatrixPlot.count(test.targets().toIntArray(), predicted, classes),
                    r.classNames(), files.get("confusion_matrix"));
        }
        Dataset train = r.splits().train();
        Tensor x = train.features();
        if (trained.isClassifier() && train.isClassification() && x.rank() == 2 && x.dim(1) == 2) {
            files.put("decision_boundary", out.resolve("decision_boundary.png"));
            DecisionBoundaryPlot.write(train, raw -> Tensor.of(trained.predictClasses(raw)), files.get("decision_boundary"));
        }
        if (HeadOutputs.plottable(trained, train)) {
            files.put("uncertainty", out.resolve("uncertainty.png"));
            HeadOutputs.plot(trained, train, null, files.get("uncertainty"));
        }
        return files;
    }

    private void report(ExperimentResult r, Map<String, Path> files, String stoppedBy, FitDiagnosis fit) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", r.spec().name());
            m.put("seed", r.seed());
            m.put("stopped", r.stopped());
            m.put("epochs", r.history().epochs());
            if (rollback != null) {
                m.put("rollbacks", r.history().rollbacks());
            }
            Map<String, Object> history = new LinkedHashMap<>();
            r.history().keys().forEach(k -> history.put(k, r.history().get(k)));
            m.put("history", history);
            m.put("test", r.testMetrics());
            m.put("fit", Map.of("verdict", fit.verdict(), "best_epoch", fit.bestEpoch(), "message", fit.message()));
            Map<String, String> paths = new LinkedHashMap<>();
            files.forEach((k, p) -> paths.put(k, p.toString()));
            m.put("files", paths);
            out.println(Json.write(m));
            out.flush();
            return;
        }
        if (quiet) {
            return;
        }
        // each epoch's line has been shown as it ended (and history.csv holds them all): no table again
        if (!r.testMetrics().isEmpty()) {
            StringBuilder t = new StringBuilder("test:");
            r.testMetrics().forEach((k, v) -> t.append(String.format(Locale.ROOT, "  %s %.4f", k, v)));
            out.println(t);
        }
        out.println("fit:   " + fit.message());
        if (!fit.symptoms().isEmpty()) {
            out.println("       symptoms: " + fit.symptoms() + (fit.remedies().isEmpty() ? "" : "; remedies: " + fit.remedies()));
        }
        if (rollback != null) {
            int n = r.history().rollbacks();
            out.println("rolled back " + n + (n == 1 ? " time" : " times") + " on divergence (--rollback " + rollback + ")");
        }
        if (r.stopped()) {
            out.println("stopped early (" + stoppedBy + ") after " + r.history().epochs() + " epoch(s); saved what was trained");
        }
        files.forEach((k, p) -> out.printf("%-18s %s%n", k, p));
        out.flush();
    }
}
