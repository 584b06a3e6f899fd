package dev.nabla.train;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Whether a fit may resume from the checkpoint found, and what it says about it (logger
 * {@code dev.nabla.train}): the same run continues with an INFO line; more epochs than the run had are
 * allowed and named; any other difference in the settings ({@link RunIdentity}) makes it another run,
 * which is refused with each difference named, or with {@code force} continued with a WARNING that says
 * what is kept from the checkpoint and what changes. A checkpoint past the fit's last epoch is refused
 * either way: resuming it would return a model trained longer than asked, labelled as asked.
 */
final class ResumeCheck {
    private static final System.Logger LOG = System.getLogger("dev.nabla.train");

    private ResumeCheck() {}

    /** The run the fit continues as (the checkpoint's id and start, the fit's settings), or a refusal. */
    static RunIdentity check(CheckpointDir.Found found, RunIdentity mine, Path dir, boolean force, int epochs) {
        Checkpoint c = found.checkpoint();
        String where = found.file().getFileName() + " (epoch " + c.epoch() + ", batch " + c.batch() + ")";
        if (c.epoch() > epochs) {
            throw new ResumeRefusedException(ResumeRefusedException.Reason.PAST_THE_END, dir, "its newest checkpoint, "
                    + where + ", has trained " + c.epoch() + " epochs, past the " + epochs + " of this run");
        }
        RunIdentity theirs = found.run();
        if (theirs == null) {
            LOG.log(System.Logger.Level.WARNING, "resuming from " + where + ", which does not record its run (an older"
                    + " Nabla wrote it): that it belongs to this run is not checked");
            return mine;
        }
        List<String> changes = SettingsDiff.changes(theirs.settings(), mine.settings(), Set.of(RunIdentity.EPOCHS));
        if (!changes.isEmpty() && !force) {
            throw new ResumeRefusedException(ResumeRefusedException.Reason.OTHER_RUN, dir, "its newest checkpoint, " + where
                    + ", is of another run, " + theirs.describe() + ": " + String.join("; ", changes));
        }
        String epochsBefore = theirs.settings().get(RunIdentity.EPOCHS);
        String epochsNow = mine.settings().get(RunIdentity.EPOCHS);
        String resuming = "resuming " + theirs.describe() + " from " + where;
        if (epochsBefore != null && !epochsBefore.equals(epochsNow)) {
            resuming += "; " + SettingsDiff.change(RunIdentity.EPOCHS, epochsBefore, epochsNow);
        }
        if (changes.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, resuming);
        } else {
            LOG.log(System.Logger.Level.WARNING, resuming + ", forced: the weights, the optimizer's state, the position"
                    + " and the history are the checkpoint's; these settings are this run's: " + String.join("; ", changes));
        }
        return mine.continuing(theirs);
    }
}
