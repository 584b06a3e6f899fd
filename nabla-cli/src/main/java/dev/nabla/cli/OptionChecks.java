package dev.nabla.cli;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Option values checked where the user gave them: a refusal names the option and is a usage error (exit 2).
 * The library refuses the same values again, in its own Java terms ({@code fit: epochs must be > 0}), which
 * say nothing about which option to change.
 */
final class OptionChecks {
    private OptionChecks() {}

    /** The options of {@code nabla train}. */
    static void train(CommandLine cl, Integer epochs, int checkpointEvery, double checkpointMinutes, int keep, Double rollback) {
        if (epochs != null && epochs < 1) {
            throw new ParameterException(cl, "--epochs must be at least 1, got " + epochs);
        }
        if (checkpointEvery < 0) {
            throw new ParameterException(cl, "--checkpoint-every must be 0 (only at the end) or a number of epochs, got "
                    + checkpointEvery);
        }
        if (!(checkpointMinutes >= 0) || Double.isInfinite(checkpointMinutes)) {
            throw new ParameterException(cl, "--checkpoint-minutes must be 0 (off) or a number of minutes, got "
                    + checkpointMinutes);
        }
        if (keep < 1) {
            throw new ParameterException(cl, "--keep must be at least 1 checkpoint, got " + keep);
        }
        if (rollback != null && !(rollback >= 0 && rollback < 1)) {
            throw new ParameterException(cl, "--rollback must be a factor from 0 up to but not including 1 (the learning "
                    + "rate is multiplied by it; 0 stops instead), got " + rollback);
        }
    }

    /**
     * A field separator: one character other than a double quote or a line break, or {@code \t} or
     * {@code tab} for a tab (hard to type as an argument); null stays null (the model's own).
     */
    static Character delimiter(CommandLine cl, String given) {
        if (given == null) {
            return null;
        }
        String d = given.equals("\\t") || given.equalsIgnoreCase("tab") ? "\t" : given;
        if (d.length() != 1 || d.equals("\"") || d.equals("\n") || d.equals("\r")) {
            throw new ParameterException(cl, "--delimiter must be one character other than a double quote or a line "
                    + "break (\\t or tab for a tab), got \"" + given + "\"");
        }
        return d.charAt(0);
    }

    /**
     * {@code --tta}: null keeps the model's own (its spec's {@code "tta"}), {@code none} turns it off, else
     * views by name, comma-separated ({@code hflip}), for a model that takes images and gives class scores.
     */
    static dev.nabla.train.TestTimeAugmentation tta(CommandLine cl, String given, dev.nabla.spec.TrainedModel model) {
        if (given == null) {
            return model.testTime();
        }
        if (given.equals("none")) {
            return dev.nabla.train.TestTimeAugmentation.NONE;
        }
        dev.nabla.train.TestTimeAugmentation tta;
        try {
            tta = dev.nabla.train.TestTimeAugmentation.named(java.util.List.of(given.split(",", -1)));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cl, "--tta must be none or views by name, comma-separated: " + e.getMessage());
        }
        String why = tta.refusal(model.model().inputShape(), model.model().outputShape(),
                model.spec() == null ? null : model.spec().loss());
        if (why != null) {
            throw new ParameterException(cl, "--tta " + given + ": this model cannot take it: " + why);
        }
        return tta;
    }
}
