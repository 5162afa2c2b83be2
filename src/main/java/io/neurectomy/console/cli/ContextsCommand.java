package io.neurectomy.console.cli;

import picocli.CommandLine.Command;

/** Placeholder; replaced by the real command. */
@Command(name = "contexts")
public final class ContextsCommand implements Runnable {
    @Override
    public void run() {
    }
}
