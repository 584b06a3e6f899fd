package dev.nabla.cli;

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
        subcommands = {GradCheckCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** A fresh command line with every subcommand: what {@code main} runs, and what tests drive. */
    public static CommandLine commandLine() {
        return new CommandLine(new Main());
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(),
                "Missing command: choose one of " + String.join(", ", spec.subcommands().keySet()));
    }
}
