package dev.nabla.cli;

import dev.nabla.io.SafeTensors;
import dev.nabla.nn.Layer;
import dev.nabla.spec.DataSplits;
import dev.nabla.spec.RunListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What {@code nabla train} shows while it trains: on a terminal, a progress bar redrawn in place during
 * each epoch, then erased for the epoch's one summary line (so each epoch is shown once, and a bar never
 * runs into the line after it). Also loads {@code --init} weights once the model is built, and carries the
 * Ctrl-C stop flag.
 *
 * <p>The bar is drawn here, on the training thread, not by a progress bar library: its drawing thread
 * could finish a bar after the summary line had started (the first draw and the closing newline raced),
 * and one thread writing everything cannot interleave.
 */
final class ProgressListener implements RunListener {
    /** Redraw at most this often: a small model's step is shorter than a terminal's redraw. */
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final int BAR_CELLS = 20;

    private final PrintWriter err;
    private final boolean quiet;
    private final boolean terminal;
    private final Path init;
    private final AtomicBoolean stop = new AtomicBoolean();
    private int epochs;
    private int epoch = -1;
    private long epochStart;
    private long samples;
    private double lossSum;
    private long lastDraw;
    private int drawn;

    ProgressListener(PrintWriter err, boolean quiet, Path init) {
        // A bar redraws itself with carriage returns: in a log file or a pipe that is noise, so only
        // the per-epoch summary lines go there.
        this(err, quiet, init, System.console() != null && System.console().isTerminal());
    }

    /** As the command makes it, with {@code terminal} given rather than detected (for tests). */
    ProgressListener(PrintWriter err, boolean quiet, Path init, boolean terminal) {
        this.err = err;
        this.quiet = quiet;
        this.init = init;
        this.terminal = terminal;
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
        epochStart = System.nanoTime();
        if (init != null) {
            try {
                // strict: every parameter named as the model names it, shapes checked, nothing half-loaded
                InputFiles.requireWeightsFile(init);
                model.loadStateDict(SafeTensors.read(init).tensors());
            } catch (IOException e) {
                throw new UncheckedIOException("--init", e); // said as "--init FILE: problem" (Main)
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--init " + init + ": " + e.getMessage(), e);
            }
        }
        if (!quiet) {
            err.printf(Locale.ROOT, "data: %,d training, %,d validation, %,d test samples; model: %,d parameters%s%n",
                    splits.train().size(), splits.validation() == null ? 0 : splits.validation().size(),
                    splits.test() == null ? 0 : splits.test().size(), model.parameterCount(),
                    init == null ? "" : " (initial weights from " + init + ")");
            err.flush();
        }
    }

    @Override
    public void onBatchEnd(int e, int batch, int batchesPerEpoch, Map<String, Double> logs) {
        if (e != epoch) {
            // counted from the first batch this run sees: after a resume mid-epoch, from there
            epoch = e;
            samples = 0;
            lossSum = 0;
            lastDraw = 0;
        }
        double size = logs.getOrDefault("size", 0.0);
        samples += (long) size;
        lossSum += logs.get("loss") * size;
        long now = System.nanoTime();
        if (!quiet && terminal && (drawn == 0 || batch + 1 == batchesPerEpoch || now - lastDraw >= REDRAW_NANOS)) {
            draw(batch + 1, batchesPerEpoch);
            lastDraw = now;
        }
    }

    /**
     * The bar shows the mean of the epoch's batch losses so far, weighted by batch size as the epoch's
     * loss is: at the last batch it is the loss the summary line gives, not a different number.
     */
    private void draw(int done, int total) {
        int cells = total == 0 ? BAR_CELLS : (int) ((long) BAR_CELLS * done / total);
        String line = String.format(Locale.ROOT, "epoch %d/%d [%s%s] %d/%d  mean loss %.4f  %,.0f samples/s",
                epoch + 1, epochs, "=".repeat(cells), " ".repeat(BAR_CELLS - cells), done, total,
                samples > 0 ? lossSum / samples : Double.NaN, speed());
        err.print("\r" + line + " ".repeat(Math.max(0, drawn - line.length())));
        err.flush();
        drawn = line.length();
    }

    /** Erases the bar, leaving the cursor at the start of its (now empty) line. */
    void clearBar() {
        if (drawn > 0) {
            err.print("\r" + " ".repeat(drawn) + "\r");
            err.flush();
            drawn = 0;
        }
    }

    @Override
    public void onEpochEnd(int e, Map<String, Double> logs) {
        clearBar();
        if (quiet) {
            return;
        }
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "epoch %d/%d", e + 1, epochs));
        logs.forEach((k, v) -> line.append(String.format(Locale.ROOT, "  %s %.4g", k, v)));
        line.append(String.format(Locale.ROOT, "  (%,.0f samples/s)", speed()));
        err.println(line);
        err.flush();
        epochStart = System.nanoTime(); // the next epoch's clock: its first batch's time counts too
    }

    private double speed() {
        double seconds = (System.nanoTime() - epochStart) / 1e9;
        return seconds > 0 ? samples / seconds : 0;
    }
}
