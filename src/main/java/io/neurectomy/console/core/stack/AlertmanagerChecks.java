package io.neurectomy.console.core.stack;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Service;
import io.neurectomy.console.core.check.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Checks of Alertmanager's configuration and clustering. */
final class AlertmanagerChecks {
    private AlertmanagerChecks() {
    }

    static void routes(RenderedStack stack, StackChecks.Findings findings) {
        Optional<StackObject> secret = stack.find("Secret", RenderedStack.ALERTMANAGER_CONFIG);
        Optional<String> text = stack.alertmanagerConfig();
        if (secret.isEmpty() || text.isEmpty()) {
            findings.add(Severity.ERROR, "Secret/" + RenderedStack.ALERTMANAGER_CONFIG, "", "the stack has "
                    + "no alertmanager.yml, so Alertmanager cannot start; restore the Secret.");
            return;
        }
        String object = secret.get().ref();
        ConfigDoc config = new ConfigDoc("alertmanager.yml", text.get());
        if (!config.ok()) {
            for (StackProblem p : config.problems) {
                findings.add(Severity.ERROR, object, p.toString(), "alertmanager.yml does not parse ("
                        + p.message() + "); Alertmanager would refuse it. Fix the YAML.");
            }
            return;
        }
        Map<String, Object> receivers = new LinkedHashMap<>();
        for (Object r : ConfigDoc.list(config.root.get("receivers"))) {
            Map<String, Object> receiver = ConfigDoc.map(r);
            String name = receiver == null ? null : ConfigDoc.string(receiver.get("name"));
            if (name == null) {
                findings.add(Severity.ERROR, object, config.at(r), "a receiver has no name.");
            } else if (receivers.put(name, receiver) != null) {
                findings.add(Severity.ERROR, object, config.at(receiver), "receiver " + name + " is defined "
                        + "twice; Alertmanager refuses the file. Keep one.");
            }
        }
        Map<String, Object> route = ConfigDoc.map(config.root.get("route"));
        if (route == null) {
            findings.add(Severity.ERROR, object, "alertmanager.yml", "there is no route; Alertmanager "
                    + "refuses the file. Add a route with a default receiver.");
            return;
        }
        if (route.get("receiver") == null) {
            findings.add(Severity.ERROR, object, config.at(route), "the top-level route has no receiver; "
                    + "alerts no sub-route matches would have nowhere to go. Name a default receiver.");
        }
        if (route.get("group_by") == null) {
            findings.add(Severity.WARNING, object, config.at(route), "the top-level route has no group_by, "
                    + "so all alerts end up in one notification; group by alertname and cluster at least.");
        }
        Set<String> used = new LinkedHashSet<>();
        walk(route, "route", object, config, receivers.keySet(), used, findings);
        for (String name : receivers.keySet()) {
            if (!used.contains(name)) {
                findings.add(Severity.WARNING, object, config.at(receivers.get(name)), "receiver " + name
                        + " is defined but no route uses it; route to it or remove it.");
            }
        }
        if (ConfigDoc.list(config.root.get("inhibit_rules")).isEmpty()) {
            findings.add(Severity.INFO, object, "alertmanager.yml", "there are no inhibit rules: a "
                    + "critical alert and its warning both notify. Inhibit warning by critical on alertname and "
                    + "cluster.");
        }
    }

    private static void walk(Map<String, Object> route, String path, String object, ConfigDoc config,
            Set<String> defined, Set<String> used, StackChecks.Findings findings) {
        String receiver = ConfigDoc.string(route.get("receiver"));
        if (receiver != null) {
            used.add(receiver);
            if (!defined.contains(receiver)) {
                findings.add(Severity.ERROR, object, config.at(route), path + " sends to receiver '"
                        + receiver + "', which is not defined; Alertmanager refuses the configuration (undefined "
                        + "receiver). Define it under receivers or fix the name. Defined: " + defined + ".");
            }
        }
        List<?> children = ConfigDoc.list(route.get("routes"));
        for (int i = 0; i < children.size(); i++) {
            Map<String, Object> child = ConfigDoc.map(children.get(i));
            if (child != null) {
                walk(child, path + ".routes[" + i + "]", object, config, defined, used, findings);
            }
        }
    }

    static void peers(RenderedStack stack, StackChecks.Findings findings) {
        Optional<Workload> found = Workload.named(stack, "StatefulSet", "alertmanager");
        if (found.isEmpty() || found.get().containers().isEmpty()) {
            return;
        }
        Workload w = found.get();
        Container container = w.containers().get(0);
        String governing = w.serviceName();
        String name = w.object().name();
        List<String> args = container.getArgs() == null ? List.of() : container.getArgs();
        List<String> peers = new ArrayList<>();
        String listen = "0.0.0.0:9094";
        for (String arg : args) {
            if (arg.startsWith("--cluster.peer=")) {
                peers.add(arg.substring("--cluster.peer=".length()));
            } else if (arg.startsWith("--cluster.listen-address=")) {
                listen = arg.substring("--cluster.listen-address=".length());
            }
        }
        if (listen.isEmpty()) {
            findings.error(w.object(), "--cluster.listen-address is empty, which turns clustering off: the replicas "
                    + "neither share silences nor deduplicate. Use 0.0.0.0:9094.");
            return;
        }
        if (w.replicas() < 2) {
            findings.warning(w.object(), "runs " + w.replicas() + " replica; Alertmanager is only highly available "
                    + "with several clustered replicas.");
        }
        Set<Integer> listed = new LinkedHashSet<>();
        for (String peer : peers) {
            String host = peer.contains(":") ? peer.substring(0, peer.lastIndexOf(':')) : peer;
            String port = peer.contains(":") ? peer.substring(peer.lastIndexOf(':') + 1) : "";
            String[] parts = host.split("\\.");
            String suffix = host.substring(parts[0].length());
            boolean nameOk = parts[0].matches(java.util.regex.Pattern.quote(name) + "-[0-9]+")
                    && (suffix.equals("." + governing) || suffix.equals("." + governing + "." + RenderedStack.NAMESPACE)
                    || suffix.startsWith("." + governing + "." + RenderedStack.NAMESPACE + ".svc"));
            if (!nameOk || !port.equals("9094")) {
                findings.error(w.object(), "--cluster.peer=" + peer + " is not a replica of this StatefulSet through "
                        + "its governing Service " + governing + " on port 9094; use " + name + "-N." + governing
                        + "." + RenderedStack.NAMESPACE + ".svc:9094.");
                continue;
            }
            int ordinal = Integer.parseInt(parts[0].substring(name.length() + 1));
            listed.add(ordinal);
            if (ordinal >= w.replicas()) {
                findings.error(w.object(), "--cluster.peer=" + peer + " names replica " + ordinal + ", but only "
                        + w.replicas() + " replicas run; remove it or raise the replica count.");
            }
        }
        for (int i = 0; i < w.replicas(); i++) {
            if (!listed.contains(i)) {
                findings.error(w.object(), "replica " + name + "-" + i + " is missing from the --cluster.peer flags, "
                        + "so a restarted cluster may split; add --cluster.peer=" + name + "-" + i + "." + governing
                        + "." + RenderedStack.NAMESPACE + ".svc:9094 (one flag per replica).");
            }
        }
        for (String protocol : List.of("TCP", "UDP")) {
            if (w.port(null, 9094, protocol).isEmpty()) {
                findings.error(w.object(), "the container does not declare port 9094/" + protocol + "; gossip needs "
                        + "both TCP and UDP. Add it.");
            }
        }
        Optional<StackObject> svc = governing == null ? Optional.empty() : stack.find("Service", governing);
        if (svc.isPresent() && !Boolean.TRUE.equals(((Service) svc.get().resource()).getSpec()
                .getPublishNotReadyAddresses())) {
            findings.warning(svc.get(), "does not publish not-ready addresses, so starting Alertmanagers cannot "
                    + "resolve each other and the cluster forms late; set publishNotReadyAddresses: true.");
        }
    }
}
