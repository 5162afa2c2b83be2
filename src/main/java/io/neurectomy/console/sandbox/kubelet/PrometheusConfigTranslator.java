package io.neurectomy.console.sandbox.kubelet;

import io.neurectomy.console.core.util.BoundedYaml;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Turns a pod's mounted {@code prometheus.yml} into the copy Debian's Prometheus actually loads in the sandbox.
 *
 * <p>Debian builds Prometheus without Kubernetes discovery, so every {@code kubernetes_sd_configs} entry (in scrape
 * configs and in {@code alerting.alertmanagers}) becomes an {@code http_sd_configs} entry served by
 * {@link KubernetesSdServer} with the same targets and labels. Absolute file paths (rule files, {@code *_file}
 * fields, file discovery) are mapped into the pod's directory, and {@code localhost:<container port>} targets to
 * the pod's own local port. Text that does not parse is passed through unchanged so that Prometheus itself reports
 * the error, as it would in a cluster.
 */
final class PrometheusConfigTranslator {
    /** Kubernetes discovery watches; HTTP discovery polls, so poll often enough to feel like a watch. */
    static final String REFRESH_INTERVAL = "5s";
    private static final Pattern LOCAL_TARGET = Pattern.compile("(localhost|127\\.0\\.0\\.1):(\\d+)");

    private final BiFunction<String, List<String>, String> sdUrl;

    /** @param sdUrl the discovery URL for a role and its namespaces (empty: all) */
    PrometheusConfigTranslator(BiFunction<String, List<String>, String> sdUrl) {
        this.sdUrl = sdUrl;
    }

    /**
     * The translated configuration.
     *
     * @param yaml       the mounted file's text
     * @param root       the pod's directory
     * @param configDir  the directory of the config file inside the pod (relative paths are relative to it)
     * @param localPorts the pod's container ports mapped to local ports
     */
    String translate(String yaml, Path root, String configDir, Map<Integer, Integer> localPorts) {
        Object doc;
        try {
            LoaderOptions load = BoundedYaml.options();
            doc = BoundedYaml.load(yaml, new SafeConstructor(load), new GoLikeResolver(), load);
        } catch (YAMLException | ClassCastException e) {
            return yaml;
        }
        if (!(doc instanceof Map<?, ?> config)) {
            return yaml;
        }
        Map<String, Object> top = castMap(config);
        for (Object scrape : listOf(top.get("scrape_configs"))) {
            if (scrape instanceof Map<?, ?> job) {
                translateTargets(castMap(job), localPorts);
            }
        }
        if (top.get("alerting") instanceof Map<?, ?> alerting) {
            for (Object am : listOf(alerting.get("alertmanagers"))) {
                if (am instanceof Map<?, ?> amConfig) {
                    translateTargets(castMap(amConfig), localPorts);
                }
            }
        }
        mapPaths(top, root, configDir);
        return "# Sandbox translation of the mounted configuration: kubernetes_sd_configs are served through\n"
                + "# http_sd_configs and paths point into the pod's directory. The mounted file is unchanged.\n"
                + yaml().dump(top);
    }

    /** A scrape job's or an Alertmanager config's targets: Kubernetes discovery served by HTTP, ports mapped. */
    private void translateTargets(Map<String, Object> owner, Map<Integer, Integer> localPorts) {
        replaceKubernetesSd(owner);
        for (Object sc : listOf(owner.get("static_configs"))) {
            if (sc instanceof Map<?, ?> staticConfig) {
                mapLocalTargets(castMap(staticConfig), localPorts);
            }
        }
    }

    private void replaceKubernetesSd(Map<String, Object> owner) {
        Object kubernetes = owner.remove("kubernetes_sd_configs");
        if (kubernetes == null) {
            return;
        }
        List<Object> http = new ArrayList<>(listOf(owner.get("http_sd_configs")));
        for (Object entry : listOf(kubernetes)) {
            if (!(entry instanceof Map<?, ?> sd)) {
                continue;
            }
            String role = String.valueOf(sd.get("role"));
            List<String> namespaces = new ArrayList<>();
            if (sd.get("namespaces") instanceof Map<?, ?> ns) {
                for (Object name : listOf(ns.get("names"))) {
                    namespaces.add(String.valueOf(name));
                }
            }
            Map<String, Object> replacement = new LinkedHashMap<>();
            replacement.put("url", sdUrl.apply(role, namespaces));
            replacement.put("refresh_interval", REFRESH_INTERVAL);
            http.add(replacement);
        }
        owner.put("http_sd_configs", http);
    }

    private static void mapLocalTargets(Map<String, Object> staticConfig, Map<Integer, Integer> localPorts) {
        Object targets = staticConfig.get("targets");
        if (!(targets instanceof List<?> list)) {
            return;
        }
        List<Object> mapped = new ArrayList<>();
        for (Object t : list) {
            Matcher m = t instanceof String s ? LOCAL_TARGET.matcher(s) : null;
            if (m != null && m.matches() && localPorts.containsKey(Integer.parseInt(m.group(2)))) {
                mapped.add("127.0.0.1:" + localPorts.get(Integer.parseInt(m.group(2))));
            } else {
                mapped.add(t);
            }
        }
        staticConfig.put("targets", mapped);
    }

    /** Rewrites file paths wherever Prometheus reads a file: {@code rule_files}, {@code files}, {@code *_file}. */
    private static void mapPaths(Object node, Path root, String configDir) {
        if (node instanceof Map<?, ?> m) {
            Map<String, Object> map = castMap(m);
            for (Map.Entry<String, Object> e : map.entrySet()) {
                String key = String.valueOf(e.getKey());
                if ((key.equals("rule_files") || key.equals("files") || key.endsWith("_files"))
                        && e.getValue() instanceof List<?> list) {
                    List<Object> mapped = new ArrayList<>();
                    for (Object item : list) {
                        mapped.add(item instanceof String s ? mapPath(s, root, configDir) : item);
                    }
                    e.setValue(mapped);
                } else if (key.endsWith("_file") && e.getValue() instanceof String s && !s.isEmpty()) {
                    e.setValue(mapPath(s, root, configDir));
                } else {
                    mapPaths(e.getValue(), root, configDir);
                }
            }
        } else if (node instanceof List<?> list) {
            for (Object item : list) {
                mapPaths(item, root, configDir);
            }
        }
    }

    private static String mapPath(String path, Path root, String configDir) {
        String inPod = path.startsWith("/") ? path : configDir.replaceFirst("/*$", "/") + path;
        return root.toAbsolutePath() + inPod;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    private static List<?> listOf(Object value) {
        return value instanceof List<?> list ? list : List.of();
    }

    private static Yaml yaml() {
        DumperOptions dump = new DumperOptions();
        dump.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        dump.setSplitLines(false);
        dump.setWidth(Integer.MAX_VALUE);
        LoaderOptions load = new LoaderOptions();
        return new Yaml(new SafeConstructor(load), new Representer(dump), dump, load, new GoLikeResolver());
    }

    /**
     * Keeps scalars Go's YAML reader treats as text from turning into something else on the way through:
     * timestamps stay strings, and only true/false are booleans (so a label value {@code on} stays {@code on}).
     */
    private static final class GoLikeResolver extends Resolver {
        @Override
        public Tag resolve(NodeId kind, String value, boolean implicit) {
            Tag tag = super.resolve(kind, value, implicit);
            if (Tag.TIMESTAMP.equals(tag)) {
                return Tag.STR;
            }
            if (Tag.BOOL.equals(tag) && !value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                return Tag.STR;
            }
            return tag;
        }
    }
}
