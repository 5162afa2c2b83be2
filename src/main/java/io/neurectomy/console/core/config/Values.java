package io.neurectomy.console.core.config;

import io.neurectomy.console.core.config.promql.Re2;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Checks of single values shared by the three kinds of file: durations, label names, regexes, URLs, types. */
final class Values {
    /** Prometheus's duration syntax (model.ParseDuration): units from largest to smallest, each at most once. */
    static final Pattern DURATION = Pattern.compile("(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?"
            + "(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?");
    private static final Pattern DURATION_PART = Pattern.compile("([0-9]+)(ms|y|w|d|h|m|s)");
    private static final Map<String, Long> UNIT_MILLIS = Map.of("y", 365L * 86_400_000, "w", 7L * 86_400_000, "d",
            86_400_000L, "h", 3_600_000L, "m", 60_000L, "s", 1000L, "ms", 1L);
    static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern SIZE = Pattern.compile("0|[0-9]+(B|KB|MB|GB|TB|PB|EB|KiB|MiB|GiB|TiB|PiB|EiB)");

    /** Checks one YAML value; {@code path} names it in messages (e.g. {@code global.scrape_interval}). */
    @FunctionalInterface
    interface Check {
        void check(Node node, Findings findings, String path);
    }

    /** Checks the text of a scalar value. */
    @FunctionalInterface
    interface ScalarCheck {
        void check(Node node, String text, Findings findings, String path);
    }

    private Values() {
    }

    /**
     * A check of a scalar: an absent (null) value passes, anything but a scalar is an error saying it must be
     * {@code what}, and a scalar's text goes to {@code text}.
     */
    static Check scalar(String what, ScalarCheck text) {
        return (node, findings, path) -> {
            if (YamlTree.isNull(node)) {
                return;
            }
            String v = YamlTree.scalar(node);
            if (v == null) {
                findings.error(node, path + " must be " + what + ", not " + YamlTree.describe(node));
                return;
            }
            text.check(node, v, findings, path);
        };
    }

    /** Whether {@code text} is a Prometheus duration (non-empty). */
    static boolean isDuration(String text) {
        return text != null && !text.isEmpty() && DURATION.matcher(text).matches();
    }

    /** The duration in milliseconds, or -1 when it is not one ({@link Long#MAX_VALUE} when it overflows). */
    static long millis(String text) {
        if (!isDuration(text)) {
            return -1;
        }
        long total = 0;
        java.util.regex.Matcher m = DURATION_PART.matcher(text);
        try {
            while (m.find()) {
                total = Math.addExact(total, Math.multiplyExact(Long.parseLong(m.group(1)),
                        UNIT_MILLIS.get(m.group(2))));
            }
        } catch (ArithmeticException | NumberFormatException e) {
            return Long.MAX_VALUE;
        }
        return total;
    }

    /**
     * Whether a duration is longer than Prometheus's durations can hold (Go's time.Duration, nanoseconds in an int64:
     * about 292 years); model.ParseDuration refuses it with "duration out of range".
     */
    static boolean outOfRange(String text) {
        return millis(text) > Long.MAX_VALUE / 1_000_000;
    }

    /**
     * Whether a mapping sets {@code key} as Go's loaders see it: present, not null, and not an empty string (a
     * missing or empty value leaves the Go field at its zero value).
     */
    static boolean set(Node mapping, String key) {
        Node v = YamlTree.get(mapping, key);
        return !YamlTree.isNull(v) && !(v instanceof ScalarNode s && s.getValue().isEmpty());
    }

    static String durationHint(String value) {
        String v = value.strip().toLowerCase(java.util.Locale.ROOT).replace(" ", "");
        String fixed = v.replaceAll("seconds?|secs?", "s").replaceAll("minutes?|mins?", "m")
                .replaceAll("hours?|hrs?", "h").replaceAll("days?", "d");
        if (!fixed.equals(value) && isDuration(fixed)) {
            return "; write " + fixed;
        }
        if (v.matches("[0-9]+")) {
            return "; add a unit, e.g. " + v + "s";
        }
        return "; write e.g. 30s, 5m or 1h30m (units y, w, d, h, m, s, ms, largest first)";
    }

    static final Check STRING = (node, findings, path) -> {
        if (!YamlTree.isNull(node) && !(node instanceof ScalarNode)) {
            findings.error(node, path + " must be a string, not " + YamlTree.describe(node));
        }
    };

    /** A secret: checked like a string, never quoted in a message. */
    static final Check SECRET = STRING;

    static final Check ANY = (node, findings, path) -> {
    };

    static final Check DURATION_VALUE = scalar("a duration like 30s", (node, v, findings, path) -> {
        if (!isDuration(v)) {
            findings.error(node, path + ": '" + v + "' is not a valid duration" + durationHint(v));
        } else if (outOfRange(v)) {
            findings.error(node, path + ": '" + v + "' is out of range (durations hold at most about 292 years); "
                    + "write a shorter one");
        }
    });

    /**
     * A check of a scalar's YAML type: an absent (null) value passes; anything but a scalar that {@code typed}
     * accepts is an error saying it must be {@code what} (and quoting the scalar it got).
     */
    static Check typed(String what, Predicate<ScalarNode> typed) {
        return (node, findings, path) -> {
            if (!YamlTree.isNull(node) && !(node instanceof ScalarNode s && typed.test(s))) {
                String v = YamlTree.scalar(node);
                findings.error(node, path + " must be " + what + (v != null ? ", not '" + v + "'" : ""));
            }
        };
    }

    static final Check BOOL = typed("true or false", s -> Tag.BOOL.equals(s.getTag()));

    static final Check UINT = typed("a whole number ≥ 0", s -> Tag.INT.equals(s.getTag())
            && !s.getValue().startsWith("-"));

    static final Check INT = typed("a whole number", s -> Tag.INT.equals(s.getTag()));

    static final Check FLOAT = typed("a number", s -> Tag.INT.equals(s.getTag()) || Tag.FLOAT.equals(s.getTag()));

    static final Check SIZE_VALUE = (node, findings, path) -> {
        if (YamlTree.isNull(node)) {
            return;
        }
        String v = YamlTree.scalar(node);
        if (v == null || !SIZE.matcher(v).matches()) {
            findings.error(node, path + ": '" + v + "' is not a size; write e.g. 0 (no limit), 512KB or 10MB");
        }
    };

    static final Check LABEL_NAME_VALUE = scalar("a label name", (node, v, findings, path) -> {
        if (!LABEL_NAME.matcher(v).matches()) {
            findings.error(node, path + ": '" + v + "' is not a valid label name; " + labelHint(v));
        }
    });

    static String labelHint(String name) {
        String fixed = name.replaceAll("[^a-zA-Z0-9_]", "_");
        if (!fixed.isEmpty() && Character.isDigit(fixed.charAt(0))) {
            fixed = "_" + fixed;
        }
        return "label names are letters, digits and _, not starting with a digit" + (fixed.isEmpty() ? ""
                : " (e.g. '" + fixed + "')");
    }

    static final Check REGEX = scalar("a regular expression (a string)", (node, v, findings, path) ->
            Re2.problem(v).ifPresent(p -> findings.error(node, path + ": invalid regular expression: " + p)));

    /**
     * A URL Prometheus loads without checking its scheme (remote write, proxies, OAuth2): one that does not parse is an
     * error, one without http(s) or a host a warning (it would fail at run time). Never quoted (may hold a key).
     */
    static final Check URL = scalar("a URL", (node, v, findings, path) -> urlProblem(v).ifPresent(p -> {
        if (p.startsWith("is not a valid URL")) {
            findings.error(node, path + " " + p);
        } else {
            findings.warning(node, path + " " + p + "; requests to it will fail");
        }
    }));

    /** A URL that must be http(s) with a host to load at all (HTTP discovery, Alertmanager's receivers). */
    static final Check STRICT_URL = scalar("a URL", (node, v, findings, path) ->
            urlProblem(v).ifPresent(p -> findings.error(node, path + " " + p)));

    /** What is wrong with a URL, without repeating it (it may carry credentials or a token). */
    static Optional<String> urlProblem(String v) {
        URI uri;
        try {
            uri = new URI(v.strip());
        } catch (URISyntaxException e) {
            return Optional.of("is not a valid URL (" + e.getReason() + " at character " + (e.getIndex() + 1)
                    + "); check for spaces or stray characters");
        }
        if (uri.getScheme() == null || !(uri.getScheme().equalsIgnoreCase("http")
                || uri.getScheme().equalsIgnoreCase("https"))) {
            return Optional.of("must be an http:// or https:// URL" + (uri.getScheme() == null ? "; add the scheme"
                    : ", not " + uri.getScheme() + ":"));
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return Optional.of("has no host; write e.g. http://host:port/path");
        }
        return Optional.empty();
    }

    static Check listOf(Check item) {
        return (node, findings, path) -> {
            if (YamlTree.isNull(node)) {
                return;
            }
            if (!(node instanceof SequenceNode s)) {
                findings.error(node, path + " must be a list (items starting with '- '), not "
                        + YamlTree.describe(node));
                return;
            }
            for (int i = 0; i < s.getValue().size(); i++) {
                item.check(s.getValue().get(i), findings, path + "[" + i + "]");
            }
        };
    }

    static Check mapOf(Check key, Check value) {
        return (node, findings, path) -> {
            if (YamlTree.isNull(node)) {
                return;
            }
            if (!(node instanceof MappingNode m)) {
                findings.error(node, path + " must be a mapping, not " + YamlTree.describe(node));
                return;
            }
            for (NodeTuple t : m.getValue()) {
                key.check(t.getKeyNode(), findings, path + " key");
                value.check(t.getValueNode(), findings, path + "." + YamlTree.scalar(t.getKeyNode()));
            }
        };
    }

    /** A mapping of label names to string values (external_labels, static labels, rule labels). */
    static final Check LABELS = mapOf(LABEL_NAME_VALUE, STRING);

    static final Check STRINGS = listOf(STRING);
}
