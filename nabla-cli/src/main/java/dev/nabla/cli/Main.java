package dev.nabla.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code nabla}: the top-level command. It does nothing by itself but dispatch to a subcommand, so
 * a bare {@code nabla} is a usage error (exit 2) that lists them. Exit codes follow picocli:
 * 0 success, 1 the command ran and found a problem, 2 bad arguments.
 */
@Command(name = "nabla",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Neural networks for the JVM: tensors, reverse-mode autodiff, training.",
        subcommands = {TrainCommand.class, EvalCommand.class, PredictCommand.class, InfoCommand.class,
            GradCheckCommand.class, BenchCommand.class, ShapesCommand.class, DiagnoseCommand.class, PathsCommand.class,
            LrFindCommand.class, UniversalCommand.class, ExportCommand.class, ImportCommand.class,
            ImportWeightsCommand.class, PlaygroundCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * A fresh command line with every subcommand: what {@code main} runs, and what tests drive. The
     * library's warnings go to stderr as {@code nabla: ...} from here on.
     */
    public static CommandLine commandLine() {
        StderrLog.install();
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(Main::handle);
        return cl;
    }

    /**
     * Exit codes scripts can rely on: 1 for a problem with the user's files or data (said in one line,
     * no stack trace), 70 for an internal error (with the stack trace, so it can be reported).
     */
    private static int handle(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        return report(e, cmd);
    }

    /** Prints an exception the way the exit codes promise (one line, or the trace for a bug) and flushes. */
    static int report(Exception e, CommandLine cmd) {
        PrintWriter err = cmd.getErr();
        try {
            return print(e, err, cmd);
        } finally {
            err.flush();
        }
    }

    private static int print(Exception e, PrintWriter err, CommandLine cmd) {
        if (e instanceof java.io.IOException || e instanceof IllegalArgumentException
                || e instanceof IllegalStateException || e instanceof ArithmeticException
                || e instanceof java.io.UncheckedIOException) {
            err.println("nabla " + cmd.getCommandName() + ": " + message(e));
            return EXIT_FAILURE;
        }
        err.println("nabla " + cmd.getCommandName() + ": internal error, please report it:");
        e.printStackTrace(err);
        return EXIT_INTERNAL;
    }

    /**
     * A problem in the user's terms. The library's messages are; the JDK's file errors are not ("Is a
     * directory", or a bare path for a missing file), and an unchecked wrapper would prefix its cause's
     * class name. A wrapper's own message (an option, say) is kept in front of its cause's.
     */
    static String message(Throwable e) {
        if (e instanceof java.io.UncheckedIOException u && u.getCause() != null) {
            String own = u.getMessage();
            return own == null || own.equals(u.getCause().toString()) ? message(u.getCause()) : own + " " + message(u.getCause());
        }
        if (e instanceof java.nio.file.NoSuchFileException f) {
            return f.getFile() + ": no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException f) {
            return f.getFile() + ": permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            String reason = f.getReason(); // the JDK's are capitalised ("Is a directory"), a message's middle is not
            return f.getFile() + ": " + Character.toLowerCase(reason.charAt(0)) + reason.substring(1);
        }
        return e.getMessage();
    }

    /** The command ran and found a problem (bad file, bad data, failed check). */
    public static final int EXIT_FAILURE = 1;
    /** Bad arguments. */
    public static final int EXIT_USAGE = 2;
    /** Stopped by Ctrl-C (after saving what it could). */
    public static final int EXIT_INTERRUPTED = 130;
    /** Stopped by SIGTERM (after saving what it could): 128 + 15, as the shell reports a process it ended. */
    public static final int EXIT_TERMINATED = 143;
    /** A bug in nabla. */
    public static final int EXIT_INTERNAL = 70;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(),
                "Missing command: choose one of " + String.join(", ", spec.subcommands().keySet()));
    }
}
