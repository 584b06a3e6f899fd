package dev.nabla.train;

import java.nio.file.Path;

/**
 * A fit asked to resume that will not: there is nothing to resume from, or what there is belongs to
 * another run. Thrown before the first update, with the model as it was. {@link #problem()} says what was
 * found in plain words, so that a command line can put its own options around it.
 */
public final class ResumeRefusedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** Why the fit did not resume. */
    public enum Reason {
        /** The folder is missing or empty, or none of its checkpoints reads back intact. */
        NOTHING_TO_RESUME,
        /** The newest usable checkpoint's run differs from this fit's in more than its epochs. */
        OTHER_RUN,
        /** The checkpoint is past the end of this fit (it has trained more epochs than asked for). */
        PAST_THE_END
    }

    private final Reason reason;
    private final transient Path dir;
    private final String problem;

    public ResumeRefusedException(Reason reason, Path dir, String problem) {
        super("resume from " + dir + ": " + problem);
        this.reason = reason;
        this.dir = dir;
        this.problem = problem;
    }

    public Reason reason() {
        return reason;
    }

    /** The checkpoint folder resumed from. */
    public Path dir() {
        return dir;
    }

    /** What was found, e.g. "nothing to resume: the folder does not exist". */
    public String problem() {
        return problem;
    }
}
