package dev.nabla.cli;

import dev.nabla.io.SafeTensors;
import dev.nabla.nn.Layer;
import dev.nabla.spec.DataSplits;
import dev.nabla.spec.RunListener;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * What {@code nabla train} shows while it trains: a progress bar per epoch (loss and samples/s as it
 * goes), then one summary line per epoch. Also loads {@code --init} weights once the model is built, and
 * carries the Ctrl-C stop flag.
 */
final class ProgressListener implements RunListener {
    private final PrintStream err;
    private final boolean quiet;
    private final boolean terminal;
    private final Path init;
    private final AtomicBoolean stop = new AtomicBoolean();
    private int epochs;
    private ProgressBar bar;
    private long epochStart;
    private long samples;

    ProgressListener(PrintStream err, boolean quiet, Path init) {
        this.err = err;
        this.quiet = quiet;
        this.init = init;
        // A bar redraws itself with carriage returns: in a log file or a pipe that is noise, so only
        // the per-epoch summary lines go there.
        java.io.Console console = System.console();
        this.terminal = console != null && console.isTerminal();
    }

    /** Asks training to stop after the current batch. */
    void requestStop() {
        stop.set(true);
    }

    @Override
    public boolean stopRequested() {
        return stop.get();
    }

    @Override
    public void onTrainBegin(Layer model, DataSplits splits, int epochCount, int batchesPerEpoch) {
        this.epochs = epochCount;
        if (init != null) {
            try {
                // strict: every parameter named as in stateDict(), shapes checked, nothing half-loaded
                model.loadStateDict(SafeTensors.read(init).tensors());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--init " + init + ": " + e.getMessage(), e);
            }
        }
        if (!quiet) {
            err.printf(Locale.ROOT, "data: %,d training, %,d validation, %,d test samples; model: %,d parameters%s%n",
                    splits.train().size(), splits.validation() == null ? 0 : splits.validation().size(),
                    splits.test() == null ? 0 : splits.test().size(), model.parameterCount(),
                    init == null ? "" : " (initial weights from " + init + ")");
        }
    }

    @Override
    public void onBatchEnd(int epoch, int batch, int batchesPerEpoch, Map<String, Double> logs) {
        if (batch == 0) {
            epochStart = System.nanoTime();
            samples = 0;
            if (!quiet && terminal) {
                bar = new ProgressBarBuilder().setTaskName(String.format(Locale.ROOT, "epoch %d/%d", epoch + 1, epochs))
                        .setInitialMax(batchesPerEpoch).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200)
                        .setConsumer(new ConsoleProgressBarConsumer(err)).hideEta().build();
            }
        }
        samples += logs.getOrDefault("size", 0.0).longValue();
        if (bar != null) {
            bar.step();
            bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f, %,.0f samples/s", logs.get("loss"), speed()));
        }
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        if (bar != null) {
            bar.close();
            bar = null;
        }
        if (quiet) {
            return;
        }
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "epoch %d/%d", epoch + 1, epochs));
        logs.forEach((k, v) -> line.append(String.format(Locale.ROOT, "  %s %.4g", k, v)));
        line.append(String.format(Locale.ROOT, "  (%,.0f samples/s)", speed()));
        err.println(line);
    }

    private double speed() {
        double seconds = (System.nanoTime() - epochStart) / 1e9;
        return seconds > 0 ? samples / seconds : 0;
    }
}
