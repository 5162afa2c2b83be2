package io.neurectomy.console.bench;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.neurectomy.console.core.logs.LogLine;
import io.neurectomy.console.core.logs.LogListener;
import io.neurectomy.console.core.logs.LogRequest;
import io.neurectomy.console.core.logs.LogStreamState;
import io.neurectomy.console.core.logs.PodLogs;
import io.neurectomy.console.sandbox.PodRuntime;
import io.neurectomy.console.sandbox.SandboxCluster;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reading a long pod log: the console's {@link PodLogs} (tail through the sandbox's log endpoint, every line
 * masked, given its level and numbered, delivered in batches) against fabric8's plain {@code getLogInputStream}
 * (the same request, bytes only) and {@code kubectl logs --tail} (when kubectl is on PATH) on the same pod.
 * Run with {@code bench/logs.sh [lines (200000)] [runs (3)]}.
 *
 * <p>The log is generated in Prometheus's logfmt, one line in a hundred carrying a {@code password=} value for the
 * mask to find; the sandbox serves it as the log of pod {@code bench-0} in relay mode (no process).
 */
public final class LogsBench {
    private LogsBench() {
    }

    public static void main(String[] args) throws Exception {
        int lines = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path dir = Files.createTempDirectory("logs-bench-");
        Path log = dir.resolve("log");
        long bytes = generate(log, lines);
        System.out.printf(Locale.ROOT, "log: %d lines, %.1f MB; %d cpus, Java %s, load %s%n", lines, bytes / 1e6,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), load());
        PodRuntime runtime = new PodRuntime("monitoring", "bench-0", dir, Map.of(), log, null);
        try (SandboxCluster sandbox = SandboxCluster.start(true, (ns, pod) -> Optional.of(runtime));
                KubernetesClient client = sandbox.adminClient()) {
            client.pods().inNamespace("monitoring").resource(new PodBuilder().withNewMetadata().withName("bench-0")
                    .endMetadata().withNewSpec().addNewContainer().withName("prometheus").withImage("bench")
                    .endContainer().endSpec().build()).create();
            PodLogs logs = new PodLogs(client, "monitoring");
            Optional<Path> kubectl = which("kubectl");
            // Warm-up: JIT, connections.
            console(logs, lines);
            plain(client, lines);
            for (int run = 1; run <= runs; run++) {
                double consoleSeconds = console(logs, lines);
                double plainSeconds = plain(client, lines);
                String kubectlText = "";
                if (kubectl.isPresent()) {
                    double k = kubectl(kubectl.get(), sandbox.kubeconfig(), lines);
                    kubectlText = String.format(Locale.ROOT, "   kubectl logs %6.2f s %9.0f lines/s", k, lines / k);
                }
                System.out.printf(Locale.ROOT, "run %d: console %6.2f s %9.0f lines/s   fabric8 bytes %6.2f s %9.0f"
                        + " lines/s%s%n", run, consoleSeconds, lines / consoleSeconds, plainSeconds,
                        lines / plainSeconds, kubectlText);
            }
        } finally {
            Files.deleteIfExists(log);
            Files.deleteIfExists(dir);
        }
    }

    private static long generate(Path log, int lines) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            for (int i = 0; i < lines; i++) {
                String level = i % 50 == 0 ? "warn" : i % 997 == 0 ? "error" : "info";
                w.write("ts=2026-11-26T12:00:00." + String.format(Locale.ROOT, "%03d", i % 1000) + "Z caller=scrape.go:"
                        + (1200 + i % 300) + " level=" + level + " component=\"scrape manager\" scrape_pool=node"
                        + " target=http://10.42.0." + (i % 250) + ":9100/metrics msg=\"Append failed\" err=\"out of"
                        + " order sample\"" + (i % 100 == 0 ? " password=hunter" + i : "") + "\n");
            }
        }
        return Files.size(log);
    }

    /** The console's whole path: seconds until the tail has ENDED, after checking every line arrived. */
    private static double console(PodLogs logs, int lines) throws InterruptedException {
        AtomicLong received = new AtomicLong();
        AtomicReference<String> failed = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        long start = System.nanoTime();
        try (var subscription = logs.open(new LogRequest("bench-0", null, lines, false, false, false),
                new LogListener() {
                    @Override
                    public void lines(List<LogLine> batch) {
                        received.addAndGet(batch.size());
                    }

                    @Override
                    public void state(LogStreamState state, String message) {
                        if (state == LogStreamState.FAILED) {
                            failed.set(message);
                        }
                        if (state == LogStreamState.ENDED || state == LogStreamState.FAILED) {
                            done.countDown();
                        }
                    }
                })) {
            if (!done.await(5, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the console's log stream did not end");
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (failed.get() != null || received.get() != lines) {
            throw new IllegalStateException("console: " + received.get() + " of " + lines + " lines, " + failed.get());
        }
        return seconds;
    }

    /** fabric8's log request alone: the bytes, counted as lines. */
    private static double plain(KubernetesClient client, int lines) throws IOException {
        long start = System.nanoTime();
        long newlines = 0;
        try (InputStream in = client.pods().inNamespace("monitoring").withName("bench-0").tailingLines(lines)
                .getLogInputStream()) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        newlines++;
                    }
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (newlines != lines) {
            throw new IllegalStateException("fabric8: " + newlines + " of " + lines + " lines");
        }
        return seconds;
    }

    private static double kubectl(Path kubectl, Path kubeconfig, int lines) throws IOException,
            InterruptedException {
        long start = System.nanoTime();
        Process p = new ProcessBuilder(kubectl.toString(), "--kubeconfig", kubeconfig.toString(), "logs", "-n",
                "monitoring", "bench-0", "--tail=" + lines).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (InputStream in = p.getInputStream()) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("kubectl logs failed");
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static Optional<Path> which(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "?";
        }
    }
}
