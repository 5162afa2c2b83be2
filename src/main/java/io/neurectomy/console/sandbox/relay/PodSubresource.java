package io.neurectomy.console.sandbox.relay;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request for one of the pod subresources a kubelet serves ({@code portforward}, {@code exec}, {@code log}), parsed
 * from the request path with its (repeatable) query parameters.
 */
record PodSubresource(String namespace, String pod, String kind, Map<String, List<String>> query) {
    private static final Pattern PATH = Pattern.compile(
            "^/api/v1/namespaces/([^/?]+)/pods/([^/?]+)/(portforward|exec|log)(?:\\?(.*))?$");

    static Optional<PodSubresource> parse(String path) {
        Matcher m = PATH.matcher(path);
        if (!m.matches()) {
            return Optional.empty();
        }
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (m.group(4) != null) {
            for (String pair : m.group(4).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                query.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
            }
        }
        return Optional.of(new PodSubresource(decode(m.group(1)), decode(m.group(2)), m.group(3), query));
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** All values of a parameter, in order (exec's {@code command} repeats). */
    List<String> all(String name) {
        return query.getOrDefault(name, List.of());
    }

    /** The first value of a parameter. */
    Optional<String> first(String name) {
        return all(name).stream().findFirst();
    }

    /** A boolean flag such as {@code stdin=true} or {@code follow=1}. */
    boolean flag(String name) {
        return first(name).map(v -> v.equals("true") || v.equals("1") || v.isEmpty()).orElse(false);
    }

    /** A non-negative number parameter such as {@code tailLines}; empty when absent or malformed. */
    Optional<Long> number(String name) {
        try {
            return first(name).map(Long::parseLong).filter(n -> n >= 0);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
