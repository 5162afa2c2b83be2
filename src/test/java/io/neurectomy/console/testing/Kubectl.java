package io.neurectomy.console.testing;

import io.neurectomy.console.sandbox.SandboxCluster;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code kubectl} (found as {@link RealServers} finds it) run against a sandbox's kubeconfig: the outside
 * check that the sandbox speaks Kubernetes. Output is read while kubectl runs, so a long answer never blocks it; a run
 * that outlasts two minutes (a hang, not a latency claim) is killed and fails the test.
 */
public final class Kubectl {
    private static final long HANG_SECONDS = 120;

    /** What one run printed, and its exit code. */
    public record Result(int code, String out, String err) {
    }

    private final Path binary;
    private final Path kubeconfig;

    private Kubectl(Path binary, Path kubeconfig) {
        this.binary = binary;
        this.kubeconfig = kubeconfig;
    }

    /** kubectl against {@code sandbox}; skips (or, when real servers are required, fails) without kubectl. */
    public static Kubectl against(SandboxCluster sandbox) {
        return new Kubectl(RealServers.require(RealServers.KUBECTL), sandbox.kubeconfig());
    }

    /** Runs {@code kubectl --kubeconfig … --request-timeout=30s ARGS…} to its end. */
    public Result run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--kubeconfig", kubeconfig.toString(),
                "--request-timeout=30s"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        try {
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            if (!process.waitFor(HANG_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish in "
                        + HANG_SECONDS + " s");
            }
            return new Result(process.exitValue(), out.join(), err.join());
        } finally {
            process.destroyForcibly();
        }
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
