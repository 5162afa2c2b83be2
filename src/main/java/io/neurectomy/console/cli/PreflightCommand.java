package io.neurectomy.console.cli;

import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.cluster.ConnectionException;
import io.neurectomy.console.core.health.HealthReport;
import io.neurectomy.console.core.health.Preflight;
import io.neurectomy.console.core.stack.RenderedStack;
import io.neurectomy.console.core.stack.StackException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code preflight ENV}: whether the cluster can take the bundled stack rendered for an environment, before a deploy.
 * Prints and exits as {@code health} does.
 */
@Command(name = "preflight", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Checks, before a deploy, that the cluster can take the stack rendered for ENV: Kubernetes"
                + " 1.24 or newer, at least three schedulable nodes (Ready, not cordoned, no taint the stack does not"
                + " tolerate), room for the environment's CPU and memory requests, the StorageClass of its volumes"
                + " and the IngressClass of its Ingresses, and nodes (and zones) enough to keep each component's"
                + " replicas apart as its anti-affinity asks. Changes nothing.",
                "Exit codes: 0 ready, 1 warnings only, 3 something blocks the deploy, 4 could not check, 2 usage."},
        footer = {"", "Examples:", "  monitoring-console preflight production --values prod-values.yaml",
                "  monitoring-console preflight staging --set storageClass=gp3 --output junit > preflight.xml"})
public final class PreflightCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ENV", description = "Environment of the bundled stack: staging or"
            + " production.")
    String environment;

    @Option(names = "--values", paramLabel = "FILE", description = "Your values file (name: value lines); secret"
            + " values it leaves out do not matter here.")
    Path values;

    @Option(names = "--set", paramLabel = "NAME=VALUE", description = "A value, over the values file (repeatable),"
            + " e.g. --set storageClass=gp3 or --set prometheusMemoryRequest=16Gi.")
    List<String> set = List.of();

    @Option(names = {"-v", "--verbose"}, description = "Print every finding with its evidence and the command that"
            + " shows the same by hand.")
    boolean verbose;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default), json, or junit (one test case per check).")
    String output;

    @Mixin
    ClusterOptions cluster;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        String format = HealthOutput.format(output);
        RenderedStack stack;
        try {
            stack = Preflight.render(environment, values, given());
        } catch (StackException e) {
            throw new UsageException(e.getMessage());
        }
        HealthReport report;
        try (ClusterSession session = cluster.connect()) {
            report = Preflight.check(session, stack, Duration.ofSeconds(10));
        } catch (ConnectionException e) {
            report = new HealthReport(Instant.now(), "", cluster.namespace(), List.of(), Duration.ZERO,
                    e.getMessage());
        }
        return HealthOutput.print(report, format, verbose, "Preflight of " + environment,
                spec.commandLine().getOut());
    }

    private Map<String, String> given() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : set) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("--set takes NAME=VALUE, not '" + pair + "'");
            }
            out.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
        }
        return out;
    }
}
