/**
 * The {@code nabla} command: one picocli subcommand per class, {@link dev.nabla.cli.Main} at the top.
 *
 * <p>Every command writes through its {@code CommandLine}'s out and err writers, so tests run it in-process:
 * <pre>{@code
 * StringWriter out = new StringWriter();
 * CommandLine cmd = Main.commandLine();
 * cmd.setOut(new PrintWriter(out));
 * int exit = cmd.execute("gradcheck", "--op", "matmul");   // 0 ok, 1 a check failed, 2 usage error
 * }</pre>
 */
package dev.nabla.cli;
