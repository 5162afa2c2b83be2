package io.neurectomy.console.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that reads something and prints what it found, for people or, with {@code --output json}, as one JSON
 * document on stdout (for scripts and cron): {@code list}, {@code verify}, {@code contexts}, {@code config validate}.
 */
abstract class PrintingCommand implements Callable<Integer> {
    @Mixin
    OutputOptions output;

    @Spec
    CommandSpec spec;

    /** Prints {@code json} as the one document in JSON mode, or {@code text}'s lines; returns {@code code}. */
    int print(Object json, Consumer<PrintWriter> text, int code) {
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            Json.print(out, json);
        } else {
            text.accept(out);
            out.flush();
        }
        return code;
    }
}
