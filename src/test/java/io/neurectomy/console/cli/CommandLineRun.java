package io.neurectomy.console.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;
import picocli.CommandLine;

/** Runs the console's command line as a user would, collecting what it prints on stdout and stderr. */
final class CommandLineRun {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final SandboxCommand.Starter sandboxes;

    /** A command line whose {@code sandbox} command (and cluster-loss drill) has no sandbox to start. */
    CommandLineRun() {
        this(null);
    }

    /** A command line that starts sandboxes with {@code sandboxes}, as the Launcher's does. */
    CommandLineRun(SandboxCommand.Starter sandboxes) {
        this.sandboxes = sandboxes;
    }

    /** Runs {@code args} through the console's command line (no window); returns the exit code. */
    int run(String... args) {
        CommandLine cl = sandboxes == null ? ConsoleCommand.commandLine(options -> { })
                : ConsoleCommand.commandLine(options -> { }, sandboxes);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    /** Runs {@code args} with {@code --kubeconfig kubeconfig} appended. */
    int on(Path kubeconfig, String... args) {
        String[] all = Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--kubeconfig";
        all[args.length + 1] = kubeconfig.toString();
        return run(all);
    }

    /** Where an operation runner built by the test prints, so that its output lands with the command line's. */
    PrintWriter outWriter() {
        return new PrintWriter(out, true);
    }

    PrintWriter errWriter() {
        return new PrintWriter(err, true);
    }

    /** Forgets what was printed so far (before a second command of the same test). */
    void clearOut() {
        out.getBuffer().setLength(0);
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }
}
