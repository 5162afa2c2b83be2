package io.neurectomy.console.ui.connect;

import java.nio.file.Path;

/**
 * Starts the embedded sandbox cluster for the "Sandbox cluster" button and returns the kubeconfig file that
 * reaches it; the caller of the application owns its lifetime (it stops with the window). Runs off the FX thread.
 */
@FunctionalInterface
public interface SandboxStarter {
    Path start();
}
