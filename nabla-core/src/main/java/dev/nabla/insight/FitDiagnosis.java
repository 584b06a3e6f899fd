package dev.nabla.insight;

import dev.nabla.train.History;
import java.util.List;
import java.util.Locale;

/**
 * What a run's learning curves say, in the terms of the lecture notes' table: underfitting, a good fit
 * ("just right") or overfitting, with the table's symptoms and possible remedies, and the epoch with the
 * lowest validation loss, where early stopping would have stopped ({@code nabla train} prints it and marks
 * it on {@code learning_curves.png}).
 *
 * <p>The rules, on the per-epoch {@code loss} and {@code val_loss}:
 * <ul>
 *   <li>overfitting: the validation loss turned up, ending over {@link #TURN_UP} above its lowest while the
 *       training loss went on falling (by then the training error is much lower than the validation error,
 *       the table's symptom); a gap over {@link #GAP} times while the validation loss still falls is a good
 *       fit with a warning, since stopping earlier would not have helped yet;
 *   <li>underfitting: the training loss is still over {@link #HIGH} of its first epoch's and the validation
 *       loss close to it (within {@link #CLOSE});
 *   <li>a good fit otherwise; {@code unknown} without a validation loss (the gap is the symptom).
 * </ul>
 *
 * @param verdict underfitting, good_fit, overfitting or unknown
 * @param bestEpoch the epoch (from 1) with the lowest validation loss, 0 without one
 * @param turnedUpAt the first epoch after {@code bestEpoch} when the verdict is overfitting, else 0
 * @param message one paragraph: the verdict and the numbers behind it
 * @param symptoms the notes' symptoms of the verdict
 * @param remedies the notes' possible remedies of the verdict (empty for a good fit)
 */
public record FitDiagnosis(String verdict, int bestEpoch, int turnedUpAt, String message, String symptoms, String remedies) {
    /** The validation loss ends this fraction above its lowest: it turned up. */
    public static final double TURN_UP = 0.10;
    /** Validation over this many times the training loss: a gap worth a warning. */
    public static final double GAP = 3;
    /** Training loss over this fraction of its first epoch's: still high. */
    public static final double HIGH = 0.5;
    /** Validation within this fraction of training: the two are close. */
    public static final double CLOSE = 0.25;

    /** Diagnoses {@code h}. */
    public static FitDiagnosis of(History h) {
        if (h.epochs() == 0 || !h.keys().contains("loss")) {
            return new FitDiagnosis("unknown", 0, 0, "no epochs to judge", "", "");
        }
        List<Double> train = h.get("loss");
        double first = train.get(0), last = train.get(train.size() - 1);
        if (!h.keys().contains("val_loss")) {
            return new FitDiagnosis("unknown", 0, 0, String.format(Locale.ROOT, "training loss %.4g -> %.4g; with no validation "
                    + "loss the fit cannot be judged: add a validation split (data.validation_split)", first, last), "", "");
        }
        List<Double> val = h.get("val_loss");
        int best = 0;
        for (int e = 1; e < val.size(); e++) {
            if (val.get(e) < val.get(best)) {
                best = e;
            }
        }
        double vBest = val.get(best), vLast = val.get(val.size() - 1);
        boolean turned = best < val.size() - 1 && vLast > (1 + TURN_UP) * vBest && last < train.get(best);
        String numbers = String.format(Locale.ROOT, "training loss %.4g -> %.4g, validation loss lowest %.4g at epoch %d, "
                + "last %.4g", first, last, vBest, best + 1, vLast);
        if (turned) {
            return new FitDiagnosis("overfitting", best + 1, best + 2, String.format(Locale.ROOT, "overfitting: the validation "
                    + "loss turned up after epoch %d (%.0f%% above its lowest by the end) while the training loss kept falling; ",
                    best + 1, 100 * (vLast / vBest - 1)) + numbers
                    + String.format(Locale.ROOT, "; early stopping would have stopped at epoch %d", best + 1),
                    "very low training error; training error much lower than validation error",
                    "perform regularization (penalties, dropout); get more data; stop early (an early_stopping callback on val_loss)");
        }
        if (last > HIGH * first && Math.abs(vLast - last) <= CLOSE * last) {
            return new FitDiagnosis("underfitting", best + 1, 0, String.format(Locale.ROOT, "underfitting: the training loss is "
                    + "still %.0f%% of its first epoch's and the validation loss close to it; ", 100 * last / first) + numbers,
                    "high training error; training error close to validation error",
                    "complexify the model (more units or layers); add more features; train longer");
        }
        // a wide gap while the validation loss still falls is the notes' symptom on its way, not yet the turn
        String watch = vLast > GAP * last ? String.format(Locale.ROOT, "; the validation loss is %.1f times the training "
                + "loss: more epochs may overfit (watch for it turning up)", vLast / last) : "";
        return new FitDiagnosis("good_fit", best + 1, 0, "good fit: " + numbers + watch,
                "training error slightly lower than validation error", "");
    }
}
