package io.neurectomy.console.core.endpoints;

import io.neurectomy.console.core.settings.ConsoleSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Favorite port-forwards per kubeconfig context, kept in the {@link ConsoleSettings}, and started again when the
 * console connects to that context if the user opted in ({@link #restoreAtStart()}).
 *
 * <p>A favorite keeps its target, ports, bind address and health path. A bind address other than loopback is kept,
 * but its confirmation is not: {@link #restore} leaves such favorites for the user to confirm again. Changes are made
 * in memory; call {@link ConsoleSettings#save()} (on a background thread) to keep them. Thread-safe.
 */
public final class ForwardFavorites {
    private static final Logger LOG = LoggerFactory.getLogger(ForwardFavorites.class);
    private static final String SEPARATOR = "|";

    private final ConsoleSettings settings;

    public ForwardFavorites(ConsoleSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** What {@link #restore} did. */
    public record Restored(List<Forward> started, List<ForwardSpec> needConfirmation, List<String> problems) {
        public Restored {
            started = List.copyOf(started);
            needConfirmation = List.copyOf(needConfirmation);
            problems = List.copyOf(problems);
        }
    }

    /** The favorites of {@code context}, in the order they were added; unreadable entries are skipped. */
    public List<ForwardSpec> list(String context) {
        List<ForwardSpec> specs = new ArrayList<>();
        for (String line : settings.forwardFavorites(context)) {
            try {
                specs.add(decode(line));
            } catch (ForwardException | IllegalArgumentException e) {
                LOG.warn("Ignoring an unreadable favorite port-forward of context {}: {}", context, e.getMessage());
            }
        }
        return specs;
    }

    /** Adds a favorite (once: an equal one is not added again, whatever its confirmation). */
    public synchronized void add(String context, ForwardSpec spec) {
        List<ForwardSpec> specs = new ArrayList<>(list(context));
        ForwardSpec kept = unconfirmed(spec);
        if (!specs.contains(kept)) {
            specs.add(kept);
            store(context, specs);
        }
    }

    /** Removes a favorite; nothing happens when it is not one. */
    public synchronized void remove(String context, ForwardSpec spec) {
        List<ForwardSpec> specs = new ArrayList<>(list(context));
        if (specs.remove(unconfirmed(spec))) {
            store(context, specs);
        }
    }

    /** Whether {@code spec} is a favorite of {@code context}. */
    public boolean contains(String context, ForwardSpec spec) {
        return list(context).contains(unconfirmed(spec));
    }

    /** Whether favorites start again when the console connects to their context. */
    public boolean restoreAtStart() {
        return settings.restoreForwardFavorites();
    }

    public void setRestoreAtStart(boolean restore) {
        settings.setRestoreForwardFavorites(restore);
    }

    /**
     * Starts the favorites of the manager's context, when the user opted in: loopback ones at once; those on other
     * addresses are returned for the user to confirm. Nothing happens when the user did not opt in.
     */
    public Restored restore(PortForwardManager manager) {
        if (!restoreAtStart()) {
            return new Restored(List.of(), List.of(), List.of());
        }
        List<Forward> started = new ArrayList<>();
        List<ForwardSpec> confirm = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (ForwardSpec spec : list(manager.context())) {
            if (spec.needsConfirmation()) {
                confirm.add(spec);
                continue;
            }
            try {
                started.add(manager.start(spec));
            } catch (ForwardException e) {
                problems.add(spec.title() + ": " + e.getMessage());
            }
        }
        LOG.info("Restored {} favorite port-forward(s) of context {}{}", started.size(), manager.context(),
                confirm.isEmpty() ? "" : "; " + confirm.size() + " wait for confirmation");
        return new Restored(started, confirm, problems);
    }

    private void store(String context, List<ForwardSpec> specs) {
        settings.setForwardFavorites(context, specs.stream().map(ForwardFavorites::encode).toList());
    }

    private static ForwardSpec unconfirmed(ForwardSpec spec) {
        return new ForwardSpec(spec.target(), spec.remotePort(), spec.localPort(), spec.bindAddress(), false,
                spec.health());
    }

    /** {@code namespace|svc/name|remotePort|localPort|bindAddress|healthPath} (health path empty: stream check). */
    static String encode(ForwardSpec spec) {
        return String.join(SEPARATOR, spec.target().namespace(), spec.target().kubectlRef(),
                String.valueOf(spec.remotePort()), String.valueOf(spec.localPort()), spec.bindAddress(),
                spec.health().httpPath());
    }

    /** The spec of an {@link #encode}d favorite, not confirmed for a non-loopback address. */
    static ForwardSpec decode(String line) {
        String[] f = line.split("\\|", -1);
        if (f.length != 6) {
            throw new ForwardException("expected 6 fields separated by '|', found " + f.length + ": " + line);
        }
        ForwardTarget target = ForwardTarget.parse(f[1], f[0]);
        int remote = ForwardSpec.parsePort(f[2], "remote port of a favorite");
        int local = "0".equals(f[3]) ? 0 : ForwardSpec.parsePort(f[3], "local port of a favorite");
        HealthCheck health = f[5].isEmpty() ? HealthCheck.tcp() : HealthCheck.http(f[5]);
        return new ForwardSpec(target, remote, local, f[4], false, health);
    }
}
