package io.neurectomy.console.core.config;

import java.util.OptionalDouble;

/** Reads single unlabelled samples out of a Prometheus text exposition ({@code /metrics}). */
final class MetricsText {
    private MetricsText() {
    }

    /** The value of {@code name} (a sample without labels, or the first labelled one), if present. */
    static OptionalDouble value(String exposition, String name) {
        for (String line : exposition.split("\n")) {
            if (line.isEmpty() || line.charAt(0) == '#' || !line.startsWith(name)) {
                continue;
            }
            int rest = name.length();
            if (rest < line.length() && line.charAt(rest) == '{') {
                int close = line.indexOf('}', rest);
                if (close < 0) {
                    continue;
                }
                rest = close + 1;
            }
            if (rest >= line.length() || line.charAt(rest) != ' ') {
                continue;
            }
            String[] parts = line.substring(rest).strip().split("\\s+");
            try {
                return OptionalDouble.of(Double.parseDouble(parts[0]));
            } catch (NumberFormatException e) {
                return OptionalDouble.empty();
            }
        }
        return OptionalDouble.empty();
    }
}
