package io.neurectomy.console.core.ops;

import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.Severity;
import io.neurectomy.console.core.stack.StackComponent;
import io.neurectomy.console.core.util.BoundedYaml;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the console knows about upgrading a component in place, bundled as {@code upgrades.yaml}: the image tags known
 * to work with the stack, and the flags and config fields a version removed or renamed (Prometheus 2 → 3 above
 * all). {@link #check} compares them with what the running workload passes and its config holds.
 */
public final class UpgradeCatalog {
    private static final String RESOURCE = "upgrades.yaml";
    private static final Pattern NUMBERS = Pattern.compile("^v?(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?");

    /** What the check looks for. */
    public enum Kind { FLAG, FEATURE, CONFIG }

    /**
     * One removed or renamed flag or field.
     *
     * @param component   whose
     * @param since       the first version without it ({@code v3.0.0})
     * @param kind        a flag, a value of {@code --enable-feature}, or a config key
     * @param name        {@code --storage.tsdb.retention}, {@code agent}, {@code api_version}
     * @param value       for a config key: only this value counts; else empty
     * @param severity    {@link Severity#ERROR} when the new version would not start or load its config
     * @param replacement what to use instead, or empty
     * @param note        what changed, for people
     */
    public record Change(StackComponent component, String since, Kind kind, String name, String value,
                         Severity severity, String replacement, String note) {
    }

    private static volatile UpgradeCatalog bundled;

    private final Map<StackComponent, List<String>> versions;
    private final List<Change> changes;

    private UpgradeCatalog(Map<StackComponent, List<String>> versions, List<Change> changes) {
        this.versions = Map.copyOf(versions);
        this.changes = List.copyOf(changes);
    }

    /** The catalog bundled with the console. */
    public static UpgradeCatalog bundled() {
        UpgradeCatalog c = bundled;
        if (c == null) {
            try (InputStream in = UpgradeCatalog.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new ConsoleException("The console's jar has no " + RESOURCE + ": reinstall the console.");
                }
                c = parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new ConsoleException("Could not read " + RESOURCE + " from the console's jar: "
                        + e.getMessage(), e);
            }
            bundled = c;
        }
        return c;
    }

    static UpgradeCatalog parse(String yaml) {
        Map<?, ?> root = (Map<?, ?>) BoundedYaml.load(yaml);
        Map<StackComponent, List<String>> versions = new java.util.EnumMap<>(StackComponent.class);
        Map<?, ?> listed = (Map<?, ?>) root.get("versions");
        for (StackComponent component : StackComponent.values()) {
            Object tags = listed.get(component.id());
            versions.put(component, tags instanceof Collection<?> c ? c.stream().map(String::valueOf).toList()
                    : List.of());
        }
        List<Change> changes = new ArrayList<>();
        for (Object o : (Collection<?>) root.get("changes")) {
            Map<?, ?> m = (Map<?, ?>) o;
            changes.add(new Change(StackComponent.named(text(m, "component")).orElseThrow(),
                    text(m, "since"), Kind.valueOf(text(m, "kind").toUpperCase(Locale.ROOT)), text(m, "name"),
                    text(m, "value"), "error".equals(text(m, "severity")) ? Severity.ERROR : Severity.WARNING,
                    text(m, "replacement"), text(m, "note")));
        }
        return new UpgradeCatalog(versions, changes);
    }

    private static String text(Map<?, ?> m, String key) {
        Object v = m.get(key);
        return v == null ? "" : String.valueOf(v);
    }

    /** The tags known to work with the stack, oldest first. */
    public List<String> versions(StackComponent component) {
        return versions.getOrDefault(component, List.of());
    }

    /** Whether {@code tag} is one of the known versions. */
    public boolean known(StackComponent component, String tag) {
        return versions(component).contains(tag);
    }

    /** The removed or renamed flags and fields of {@code component} that an upgrade from → to crosses. */
    public List<Change> crossed(StackComponent component, String from, String to) {
        return changes.stream().filter(c -> c.component() == component)
                .filter(c -> compare(from, c.since()) < 0 && compare(to, c.since()) >= 0).toList();
    }

    /**
     * The findings of an upgrade of {@code component} from tag {@code from} to {@code to}: each removed or renamed
     * flag found in {@code args}, value of {@code --enable-feature}, or key of {@code config} (the parsed config
     * file, or null when there is none to read).
     */
    public List<Finding> check(StackComponent component, String from, String to, List<String> args, Object config,
                               String configName) {
        List<Finding> findings = new ArrayList<>();
        String workload = component.workloadKind().kind() + "/" + component.workload();
        for (Change c : crossed(component, from, to)) {
            String found = switch (c.kind()) {
                case FLAG -> args.stream().filter(a -> a.equals(c.name()) || a.startsWith(c.name() + "="))
                        .findFirst().orElse(null);
                case FEATURE -> args.stream().filter(a -> a.startsWith("--enable-feature="))
                        .filter(a -> List.of(a.substring("--enable-feature=".length()).split(","))
                                .contains(c.name())).findFirst().orElse(null);
                case CONFIG -> config != null && hasKey(config, c.name(), c.value())
                        ? c.name() + (c.value().isEmpty() ? "" : ": " + c.value()) : null;
            };
            if (found == null) {
                continue;
            }
            String what = switch (c.kind()) {
                case FLAG -> "flag " + c.name();
                case FEATURE -> "--enable-feature=" + c.name();
                case CONFIG -> "'" + found + "' in " + configName;
            };
            findings.add(Finding.of(c.severity(), "upgrade-" + c.kind().name().toLowerCase(Locale.ROOT),
                            c.kind() == Kind.CONFIG ? configName : workload,
                            component.title() + " " + c.since() + ": " + what + " " + c.note())
                    .withFix(c.replacement().isEmpty() ? "Remove it before the upgrade."
                            : "Use " + c.replacement() + " instead.")
                    .withEvidence(found));
        }
        return findings;
    }

    private static boolean hasKey(Object node, String key, String value) {
        if (node instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (key.equals(String.valueOf(e.getKey()))
                        && (value.isEmpty() || value.equals(String.valueOf(e.getValue())))) {
                    return true;
                }
                if (hasKey(e.getValue(), key, value)) {
                    return true;
                }
            }
        } else if (node instanceof Collection<?> c) {
            return c.stream().anyMatch(o -> hasKey(o, key, value));
        }
        return false;
    }

    /**
     * Orders two version tags by their numbers ({@code v2.53.0} before {@code v3.0.1}; {@code 10.4.2} before
     * {@code 11.0}); a tag without numbers sorts first. What follows the numbers is ignored.
     */
    public static int compare(String a, String b) {
        int[] x = numbers(a);
        int[] y = numbers(b);
        for (int i = 0; i < 3; i++) {
            if (x[i] != y[i]) {
                return Integer.compare(x[i], y[i]);
            }
        }
        return 0;
    }

    private static int[] numbers(String tag) {
        Matcher m = NUMBERS.matcher(Objects.requireNonNullElse(tag, ""));
        int[] out = {-1, 0, 0};
        if (m.find()) {
            for (int i = 0; i < 3; i++) {
                out[i] = m.group(i + 1) == null ? 0 : Integer.parseInt(m.group(i + 1));
            }
        }
        return out;
    }
}
