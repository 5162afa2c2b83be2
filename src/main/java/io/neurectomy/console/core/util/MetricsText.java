package io.neurectomy.console.core.util;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/** Reads samples out of a Prometheus text exposition ({@code /metrics}). */
public final class MetricsText {
    private MetricsText() {
    }

    /**
     * One sample of a metric.
     *
     * @param labels its labels, in the order written (empty for an unlabelled sample)
     * @param value  its value
     */
    public record Sample(Map<String, String> labels, double value) {
        public Sample {
            labels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        }

        /** The value of label {@code name}, or empty. */
        public String label(String name) {
            return labels.getOrDefault(name, "");
        }
    }

    /** The value of {@code name} (a sample without labels, or the first labelled one), if present. */
    public static OptionalDouble value(String exposition, String name) {
        List<Sample> samples = samples(exposition, name);
        return samples.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(samples.get(0).value());
    }

    /** Every sample of {@code name}, in the order written; samples whose value does not parse are left out. */
    public static List<Sample> samples(String exposition, String name) {
        List<Sample> found = new ArrayList<>();
        for (String line : exposition.split("\n")) {
            if (line.isEmpty() || line.charAt(0) == '#' || !line.startsWith(name)) {
                continue;
            }
            int rest = name.length();
            Map<String, String> labels = Map.of();
            if (rest < line.length() && line.charAt(rest) == '{') {
                int close = line.indexOf('}', rest);
                if (close < 0) {
                    continue;
                }
                labels = labels(line.substring(rest + 1, close));
                rest = close + 1;
            }
            if (rest >= line.length() || line.charAt(rest) != ' ') {
                continue;
            }
            String[] parts = line.substring(rest).strip().split("\\s+");
            try {
                found.add(new Sample(labels, Double.parseDouble(parts[0])));
            } catch (NumberFormatException e) {
                // not a sample of this metric: a longer name's, or a malformed line
            }
        }
        return found;
    }

    /** The sum of every sample of {@code name}; empty when there is none. */
    public static OptionalDouble sum(String exposition, String name) {
        List<Sample> samples = samples(exposition, name);
        return samples.isEmpty() ? OptionalDouble.empty()
                : OptionalDouble.of(samples.stream().mapToDouble(Sample::value).sum());
    }

    /** {@code a="x",b="y"} as a map; escaped quotes and backslashes in values are read as the characters. */
    private static Map<String, String> labels(String text) {
        Map<String, String> labels = new LinkedHashMap<>();
        int i = 0;
        while (i < text.length()) {
            int eq = text.indexOf('=', i);
            if (eq < 0 || eq + 1 >= text.length() || text.charAt(eq + 1) != '"') {
                break;
            }
            String key = text.substring(i, eq).strip();
            StringBuilder value = new StringBuilder();
            int j = eq + 2;
            while (j < text.length() && text.charAt(j) != '"') {
                char c = text.charAt(j);
                if (c == '\\' && j + 1 < text.length()) {
                    char next = text.charAt(++j);
                    value.append(next == 'n' ? '\n' : next);
                } else {
                    value.append(c);
                }
                j++;
            }
            labels.put(key, value.toString());
            i = j + 1;
            while (i < text.length() && (text.charAt(i) == ',' || text.charAt(i) == ' ')) {
                i++;
            }
        }
        return labels;
    }
}
