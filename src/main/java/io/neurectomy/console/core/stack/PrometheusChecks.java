package io.neurectomy.console.core.stack;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.neurectomy.console.core.check.Severity;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Checks of Prometheus's configuration against the objects around it. */
final class PrometheusChecks {
    private static final Pattern ENV_REF = Pattern.compile("\\$[{(]?([A-Za-z_][A-Za-z0-9_]*)");
    private static final Pattern SIZE = Pattern.compile("([0-9]+)(B|KB|MB|GB|TB|PB|EB)");
    private static final List<String> SIZE_UNITS = List.of("B", "KB", "MB", "GB", "TB", "PB", "EB");

    private PrometheusChecks() {
    }

    static void alerting(RenderedStack stack, StackChecks.Findings findings) {
        Optional<StackObject> configMap = stack.find("ConfigMap", RenderedStack.PROMETHEUS_CONFIG);
        Optional<Workload> prometheus = Workload.named(stack, "StatefulSet", "prometheus");
        Optional<Workload> alertmanager = Workload.named(stack, "StatefulSet", "alertmanager");
        if (configMap.isEmpty() || stack.prometheusConfig().isEmpty() || prometheus.isEmpty()) {
            findings.add(Severity.ERROR, "ConfigMap/" + RenderedStack.PROMETHEUS_CONFIG, "",
                    "the stack has no Prometheus configuration (prometheus.yml) or no prometheus StatefulSet.");
            return;
        }
        StackObject object = configMap.get();
        ConfigDoc config = new ConfigDoc("prometheus.yml", stack.prometheusConfig().get());
        if (!config.ok()) {
            for (StackProblem p : config.problems) {
                findings.add(Severity.ERROR, object.ref(), p.toString(), "prometheus.yml does not parse ("
                        + p.message() + "); Prometheus would not start. Fix the YAML.");
            }
            return;
        }
        Map<String, Object> alerting = ConfigDoc.map(config.root.get("alerting"));
        List<?> alertmanagers = alerting == null ? List.of() : ConfigDoc.list(alerting.get("alertmanagers"));
        if (alertmanagers.isEmpty()) {
            findings.error(object, "prometheus.yml has no alerting.alertmanagers, so alerts reach nobody; point it "
                    + "at every Alertmanager pod (kubernetes_sd_configs on the headless Service).");
        }
        for (Object entry : alertmanagers) {
            Map<String, Object> am = ConfigDoc.map(entry);
            if (am != null) {
                checkAlertmanagerTargets(stack, object, config, am, alertmanager.orElse(null), findings);
            }
        }
        checkReplicaLabel(object, config, alerting, prometheus.get(), findings);
    }

    private static void checkAlertmanagerTargets(RenderedStack stack, StackObject object, ConfigDoc config,
            Map<String, Object> am, Workload alertmanager, StackChecks.Findings findings) {
        String at = config.at(am);
        for (Object sc : ConfigDoc.list(am.get("static_configs"))) {
            Map<String, Object> staticConfig = ConfigDoc.map(sc);
            for (Object t : staticConfig == null ? List.of() : ConfigDoc.list(staticConfig.get("targets"))) {
                String host = String.valueOf(t).split(":")[0];
                String first = host.split("\\.")[0];
                Optional<StackObject> svc = stack.find("Service", first);
                if (svc.isPresent() && !"None".equals(((Service) svc.get().resource()).getSpec().getClusterIP())) {
                    findings.add(Severity.ERROR, object.ref(), at, "alerts go to " + t + ", the "
                            + "load-balanced Service " + first + ": each alert reaches one Alertmanager only and "
                            + "deduplication breaks. Send to every pod (kubernetes_sd_configs on the headless Service"
                            + " or each pod's name).");
                }
            }
        }
        List<?> sds = ConfigDoc.list(am.get("kubernetes_sd_configs"));
        if (sds.isEmpty()) {
            return;
        }
        List<Map<String, Object>> relabels = new ArrayList<>();
        for (Object r : ConfigDoc.list(am.get("relabel_configs"))) {
            if (ConfigDoc.map(r) != null) {
                relabels.add(ConfigDoc.map(r));
            }
        }
        List<String> kept = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        for (Object s : sds) {
            Map<String, Object> sd = ConfigDoc.map(s);
            String role = sd == null ? null : ConfigDoc.string(sd.get("role"));
            Map<String, Object> namespaces = sd == null ? null : ConfigDoc.map(sd.get("namespaces"));
            List<?> names = namespaces == null ? List.of() : ConfigDoc.list(namespaces.get("names"));
            if (!names.isEmpty() && !names.contains(RenderedStack.NAMESPACE)) {
                continue;
            }
            for (Map<String, String> target : targets(stack, role)) {
                if (!survives(target, relabels)) {
                    continue;
                }
                String label = target.get("__describe__");
                kept.add(label);
                if (!target.containsKey("__alertmanager_web__")) {
                    wrong.add(label);
                }
            }
        }
        if (alertmanager == null) {
            return;
        }
        if (kept.isEmpty()) {
            findings.add(Severity.ERROR, object.ref(), at, "the kubernetes_sd_configs and relabel_configs "
                    + "of this alerting entry keep no target of the stack, so alerts reach no Alertmanager; keep the "
                    + "endpoints of the headless Service's web port (e.g. regex alertmanager-headless;web).");
        } else if (wrong.size() == kept.size()) {
            findings.add(Severity.ERROR, object.ref(), at, "this alerting entry sends alerts to " + wrong
                    + " and to no Alertmanager; keep the endpoints of the Alertmanager headless Service's web port "
                    + "(e.g. regex alertmanager-headless;web).");
        } else if (!wrong.isEmpty()) {
            findings.add(Severity.ERROR, object.ref(), at, "alerts would also be sent to " + wrong
                    + ", which are not Alertmanager's web port 9093; narrow the keep rule to the Alertmanager "
                    + "Service and its web port.");
        }
    }

    /** The targets kubernetes discovery would find among the stack's objects, with their meta labels. */
    private static List<Map<String, String>> targets(RenderedStack stack, String role) {
        List<Map<String, String>> targets = new ArrayList<>();
        List<Workload> workloads = Workload.of(stack);
        if ("endpoints".equals(role) || "endpointslice".equals(role)) {
            String prefix = "endpoints".equals(role) ? "__meta_kubernetes_endpoint_"
                    : "__meta_kubernetes_endpointslice_";
            for (StackObject o : stack.objectsOf(Service.class)) {
                Service svc = (Service) o.resource();
                for (Workload w : workloads) {
                    if (!Selectors.matchesMap(svc.getSpec().getSelector(), w.podLabels())) {
                        continue;
                    }
                    for (ServicePort sp : svc.getSpec().getPorts()) {
                        Map<String, String> labels = podMeta(w);
                        labels.put("__meta_kubernetes_service_name", o.name());
                        labels.put(prefix + "port_name", sp.getName() == null ? "" : sp.getName());
                        labels.put(prefix + "port_protocol", sp.getProtocol() == null ? "TCP" : sp.getProtocol());
                        String target = sp.getTargetPort() == null ? null : sp.getTargetPort().getStrVal();
                        Integer number = target != null ? null : sp.getTargetPort() != null
                                && sp.getTargetPort().getIntVal() != null ? sp.getTargetPort().getIntVal()
                                : sp.getPort();
                        Optional<ContainerPort> cp = w.port(target, number, labels.get(prefix + "port_protocol"));
                        cp.ifPresent(p -> labels.putAll(portMeta(p)));
                        mark(labels, w, cp.orElse(null), "Service " + o.name() + " port "
                                + (sp.getName() == null ? sp.getPort() : sp.getName()));
                        targets.add(labels);
                    }
                }
            }
        } else if ("pod".equals(role)) {
            for (Workload w : workloads) {
                for (Container c : w.containers()) {
                    for (ContainerPort p : c.getPorts() == null ? List.<ContainerPort>of() : c.getPorts()) {
                        Map<String, String> labels = podMeta(w);
                        labels.putAll(portMeta(p));
                        mark(labels, w, p, w.ref() + " port " + (p.getName() == null ? p.getContainerPort()
                                : p.getName()));
                        targets.add(labels);
                    }
                }
            }
        }
        return targets;
    }

    private static Map<String, String> podMeta(Workload w) {
        Map<String, String> labels = new HashMap<>();
        labels.put("__meta_kubernetes_namespace", RenderedStack.NAMESPACE);
        w.podLabels().forEach((k, v) -> {
            String name = k.replaceAll("[^a-zA-Z0-9_]", "_");
            labels.put("__meta_kubernetes_pod_label_" + name, v);
            labels.put("__meta_kubernetes_pod_labelpresent_" + name, "true");
        });
        return labels;
    }

    private static Map<String, String> portMeta(ContainerPort p) {
        Map<String, String> labels = new HashMap<>();
        labels.put("__meta_kubernetes_pod_container_port_name", p.getName() == null ? "" : p.getName());
        labels.put("__meta_kubernetes_pod_container_port_number", String.valueOf(p.getContainerPort()));
        labels.put("__meta_kubernetes_pod_container_port_protocol", p.getProtocol() == null ? "TCP" : p.getProtocol());
        return labels;
    }

    private static void mark(Map<String, String> labels, Workload w, ContainerPort port, String description) {
        labels.put("__describe__", description);
        if (w.object().kind().equals("StatefulSet") && "alertmanager".equals(w.object().name()) && port != null
                && port.getContainerPort() == 9093 && !"UDP".equals(port.getProtocol())) {
            labels.put("__alertmanager_web__", "true");
        }
    }

    /** Applies the keep and drop relabellings (other actions do not decide whether a target stays). */
    private static boolean survives(Map<String, String> labels, List<Map<String, Object>> relabels) {
        for (Map<String, Object> r : relabels) {
            String action = r.get("action") == null ? "replace" : String.valueOf(r.get("action"));
            if (!action.equals("keep") && !action.equals("drop")) {
                continue;
            }
            List<String> values = new ArrayList<>();
            for (Object source : ConfigDoc.list(r.get("source_labels"))) {
                values.add(labels.getOrDefault(String.valueOf(source), ""));
            }
            String separator = r.get("separator") == null ? ";" : String.valueOf(r.get("separator"));
            String regex = r.get("regex") == null ? "(.*)" : String.valueOf(r.get("regex"));
            boolean match;
            try {
                match = Pattern.compile(regex).matcher(String.join(separator, values)).matches();
            } catch (PatternSyntaxException e) {
                return false;
            }
            if (action.equals("keep") != match) {
                return false;
            }
        }
        return true;
    }

    /**
     * External labels that differ per replica (an environment reference) need the expand-external-labels feature,
     * the variable in the container's environment, and must be dropped from alerts so that Alertmanager
     * deduplicates the replicas' alerts.
     */
    private static void checkReplicaLabel(StackObject object, ConfigDoc config, Map<String, Object> alerting,
            Workload prometheus, StackChecks.Findings findings) {
        Map<String, Object> global = ConfigDoc.map(config.root.get("global"));
        Map<String, Object> external = global == null ? null : ConfigDoc.map(global.get("external_labels"));
        Set<String> perReplica = new LinkedHashSet<>();
        Container container = prometheus.containers().isEmpty() ? new Container() : prometheus.containers().get(0);
        List<String> args = container.getArgs() == null ? List.of() : container.getArgs();
        boolean expands = args.stream().anyMatch(a -> a.startsWith("--enable-feature=")
                && List.of(a.substring("--enable-feature=".length()).split(",")).contains("expand-external-labels"));
        Set<String> env = new LinkedHashSet<>();
        for (EnvVar e : container.getEnv() == null ? List.<EnvVar>of() : container.getEnv()) {
            env.add(e.getName());
        }
        if (external != null) {
            for (Map.Entry<String, Object> e : external.entrySet()) {
                String value = String.valueOf(e.getValue());
                Matcher m = ENV_REF.matcher(value);
                if (!m.find()) {
                    continue;
                }
                perReplica.add(e.getKey());
                if (value.contains("$(")) {
                    findings.error(object, "external label " + e.getKey() + ": " + value + " uses the Kubernetes "
                            + "$(VAR) form, which Prometheus never expands; write ${" + m.group(1) + "} with "
                            + "--enable-feature=expand-external-labels.");
                } else if (!expands) {
                    findings.error(object, "external label " + e.getKey() + " refers to $" + m.group(1) + " but the "
                            + "prometheus container lacks --enable-feature=expand-external-labels, so the label is "
                            + "the literal text on both replicas; add the flag.");
                } else if (!env.contains(m.group(1))) {
                    findings.error(object, "external label " + e.getKey() + " refers to $" + m.group(1) + ", which the "
                            + "prometheus container's env does not define; the label is empty. Add it (e.g. from "
                            + "the downward API, fieldPath metadata.name).");
                }
            }
        }
        if (perReplica.isEmpty() && prometheus.replicas() > 1) {
            findings.warning(object, "no external label tells the " + prometheus.replicas() + " Prometheus replicas "
                    + "apart; add one from the pod name (e.g. prometheus_replica: ${POD_NAME}) so that their data can "
                    + "be deduplicated later (Thanos, federation).");
        }
        List<Map<String, Object>> alertRelabels = new ArrayList<>();
        for (Object r : alerting == null ? List.of() : ConfigDoc.list(alerting.get("alert_relabel_configs"))) {
            if (ConfigDoc.map(r) != null) {
                alertRelabels.add(ConfigDoc.map(r));
            }
        }
        for (String label : perReplica) {
            boolean dropped = alertRelabels.stream().anyMatch(r -> {
                String action = String.valueOf(r.get("action"));
                String regex = r.get("regex") == null ? "(.*)" : String.valueOf(r.get("regex"));
                try {
                    boolean match = Pattern.compile(regex).matcher(label).matches();
                    return action.equals("labeldrop") ? match : action.equals("labelkeep") && !match;
                } catch (PatternSyntaxException e) {
                    return false;
                }
            });
            if (!dropped) {
                findings.error(object, "alerts keep the per-replica label " + label + ", so the replicas' copies of "
                        + "an alert differ and Alertmanager notifies twice; add alert_relabel_configs: "
                        + "[{action: labeldrop, regex: " + label + "}].");
            }
        }
    }

    static void retention(RenderedStack stack, StackChecks.Findings findings) {
        Optional<Workload> prometheus = Workload.named(stack, "StatefulSet", "prometheus");
        if (prometheus.isEmpty() || prometheus.get().containers().isEmpty()) {
            return;
        }
        Workload w = prometheus.get();
        Container container = w.containers().get(0);
        Map<String, String> flags = new HashMap<>();
        for (String arg : container.getArgs() == null ? List.<String>of() : container.getArgs()) {
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                flags.put(arg.substring(2, eq), arg.substring(eq + 1));
            }
        }
        String path = flags.getOrDefault("storage.tsdb.path", "data/");
        PersistentVolumeClaim claim = null;
        String mountedAt = null;
        for (VolumeMount m : container.getVolumeMounts() == null ? List.<VolumeMount>of()
                : container.getVolumeMounts()) {
            for (PersistentVolumeClaim c : w.claimTemplates()) {
                if (c.getMetadata().getName().equals(m.getName())) {
                    claim = c;
                    mountedAt = m.getMountPath();
                }
            }
        }
        if (claim == null || !normalize(path).equals(normalize(mountedAt))) {
            findings.error(w.object(), "--storage.tsdb.path=" + path + " is not " + (claim == null ? "a mounted "
                    + "volumeClaimTemplate" : "where the volume is mounted (" + mountedAt + ")") + ", so the TSDB "
                    + "would live on the container's filesystem and vanish with the pod; point it at the volume.");
            return;
        }
        Quantity request = claim.getSpec() == null || claim.getSpec().getResources() == null
                || claim.getSpec().getResources().getRequests() == null ? null
                : claim.getSpec().getResources().getRequests().get("storage");
        String size = flags.get("storage.tsdb.retention.size");
        if (size == null) {
            findings.warning(w.object(), "has no --storage.tsdb.retention.size: only time limits the TSDB, and a burst "
                    + "of series can fill the volume and stop Prometheus. Set it to about 80% of the volume.");
            return;
        }
        Matcher m = SIZE.matcher(size);
        if (request == null || !m.matches()) {
            findings.error(w.object(), "--storage.tsdb.retention.size=" + size + " is not a Prometheus size (e.g. "
                    + "160GB) or the volume has no size; fix them.");
            return;
        }
        BigDecimal limit = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(1024)
                .pow(SIZE_UNITS.indexOf(m.group(2))));
        BigDecimal volume = Quantity.getAmountInBytes(request);
        double ratio = limit.doubleValue() / volume.doubleValue();
        String share = Math.round(ratio * 100) + "%";
        if (ratio > 1) {
            findings.error(w.object(), "retention size " + size + " is " + share + " of the " + request + " volume: "
                    + "the disk fills before retention deletes anything and Prometheus stops. Keep it at most 85% ("
                    + "e.g. 80%).");
        } else if (ratio > 0.85) {
            findings.warning(w.object(), "retention size " + size + " is " + share + " of the " + request + " volume; "
                    + "compaction temporarily needs more room. Keep it at most 85% (e.g. 80%).");
        }
    }

    private static String normalize(String path) {
        return path == null ? "" : path.replaceAll("/+$", "");
    }
}
