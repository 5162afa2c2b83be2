package io.neurectomy.console.core.health;

import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.FixAction;
import io.neurectomy.console.core.check.Severity;
import io.neurectomy.console.core.cluster.PodInfo;
import io.neurectomy.console.core.endpoints.AlertmanagerApi;
import io.neurectomy.console.core.endpoints.AlertmanagerApi.Alert;
import io.neurectomy.console.core.endpoints.TestAlert;
import io.neurectomy.console.core.stack.StackComponent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The alerts firing in Alertmanager now (active: neither silenced nor inhibited), one INFO finding per alert name
 * with a "Silence…" action. They are about what the stack monitors, not about the stack: they never change the
 * verdict. Not counted: the bundled rules' always-firing {@value #HEARTBEAT} (the heartbeat that proves alerting
 * works) and the console's own test alerts ({@value TestAlert#ALERT_NAME}), which resolve by themselves.
 *
 * <p>Every ready replica is asked: alerts are not gossiped, so an alert a sender posted to one replica is held by
 * that one only. An alert that any replica holds as silenced or inhibited is muted.
 */
final class FiringAlertProbes {
    static final String CODE = "alerts-firing";
    /** The always-firing alert of the bundled rules. */
    static final String HEARTBEAT = "Watchdog";
    /** How many instances of one alert name the evidence shows. */
    private static final int SHOWN = 3;
    private static final StackComponent ALERTMANAGER = StackComponent.ALERTMANAGER;

    private FiringAlertProbes() {
    }

    static HealthProbe firing() {
        return new HealthProbe(CODE, HealthArea.ALERTMANAGER, "Alerts firing now (informative)",
                "amtool alert query --alertmanager.url=http://localhost:9093; curl"
                        + " 'localhost:9093/api/v2/alerts?silenced=false&inhibited=false'", FiringAlertProbes::firing);
    }

    /** One alert (one label set) as the replicas hold it. */
    private static final class Held {
        final Alert alert;
        final Set<String> replicas = new LinkedHashSet<>();
        final Set<String> receivers = new LinkedHashSet<>();
        boolean active;
        boolean muted;

        Held(Alert alert) {
            this.alert = alert;
        }

        void add(String replica, Alert a) {
            replicas.add(replica);
            receivers.addAll(a.receivers());
            active |= "active".equals(a.state());
            muted |= "suppressed".equals(a.state()) || !a.silencedBy().isEmpty() || !a.inhibitedBy().isEmpty();
        }

        boolean firing() {
            return active && !muted;
        }
    }

    private static List<Finding> firing(HealthContext c) {
        List<PodInfo> pods = c.pods(ALERTMANAGER);
        List<PodInfo> replicas = pods.stream().filter(p -> p.ready() && c.unreachable(p).isEmpty()).toList();
        if (replicas.isEmpty()) {
            String why = pods.isEmpty() ? "there is no Alertmanager pod in " + c.namespace()
                    : "no Alertmanager replica is ready (" + pods.stream().map(p -> p.name() + " " + p.status())
                    .collect(Collectors.joining(", ")) + "); its readiness check says why";
            return List.of(Finding.of(Severity.UNKNOWN, CODE, ALERTMANAGER.workload(),
                    "could not read the firing alerts: " + why));
        }
        AlertmanagerApi api = c.alertmanager();
        Map<Map<String, String>, Held> held = new LinkedHashMap<>();
        List<Finding> unknown = new ArrayList<>();
        List<String> asked = new ArrayList<>();
        for (PodInfo pod : replicas) {
            try {
                for (Alert a : api.alerts(pod.name(), List.of())) {
                    held.computeIfAbsent(a.labels(), k -> new Held(a)).add(pod.name(), a);
                }
                asked.add(pod.name());
            } catch (ConsoleException e) {
                unknown.add(Finding.of(Severity.UNKNOWN, CODE, pod.name(),
                        "could not read the alerts it holds: " + e.getMessage()));
            }
        }
        if (asked.isEmpty()) {
            return unknown;
        }
        Map<String, List<Held>> byName = new TreeMap<>();
        long heartbeat = 0;
        long tests = 0;
        for (Held h : held.values()) {
            if (!h.firing()) {
                continue;
            }
            if (HEARTBEAT.equals(h.alert.name())) {
                heartbeat++;
            } else if (TestAlert.ALERT_NAME.equals(h.alert.name())) {
                tests++;
            } else {
                byName.computeIfAbsent(h.alert.name(), n -> new ArrayList<>()).add(h);
            }
        }
        List<Finding> findings = new ArrayList<>();
        byName.forEach((name, list) -> findings.add(finding(c.namespace(), name, list)));
        if (findings.isEmpty()) {
            long muted = held.values().stream().filter(h -> h.muted).count();
            findings.add(Finding.of(Severity.OK, CODE, ALERTMANAGER.workload(), "no alert firing"
                            + (heartbeat > 0 ? " (the " + HEARTBEAT + " heartbeat fires, as it should)" : ""))
                    .withEvidence("asked: " + String.join(", ", asked)
                            + "\nheld: " + held.size() + " alert" + (held.size() == 1 ? "" : "s") + ", " + muted
                            + " silenced or inhibited"
                            + "\nnot counted: " + HEARTBEAT + " (the always-firing heartbeat): "
                            + (heartbeat > 0 ? "firing" : "not firing") + "; " + TestAlert.ALERT_NAME
                            + " (the console's test alerts): " + tests + " firing"));
        }
        findings.addAll(unknown);
        return findings;
    }

    private static Finding finding(String namespace, String name, List<Held> list) {
        list.sort(Comparator.comparing((Held h) -> h.alert.startsAt(), Comparator.nullsLast(
                Comparator.naturalOrder())));
        Set<String> severities = new TreeSet<>();
        Set<String> receivers = new LinkedHashSet<>();
        for (Held h : list) {
            severities.add(h.alert.labels().getOrDefault("severity", "none"));
            receivers.addAll(h.receivers);
        }
        String message = list.size() + " firing, severity " + String.join(", ", severities) + "; receivers "
                + (receivers.isEmpty() ? "none" : String.join(", ", receivers));
        StringBuilder evidence = new StringBuilder();
        for (Held h : list.subList(0, Math.min(SHOWN, list.size()))) {
            evidence.append(h.alert.labels().entrySet().stream().filter(e -> !e.getKey().equals("alertname"))
                            .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ", "{", "}")))
                    .append(" since ").append(h.alert.startsAt()).append(" on ")
                    .append(String.join(", ", h.replicas)).append('\n');
        }
        if (list.size() > SHOWN) {
            evidence.append("… and ").append(list.size() - SHOWN).append(" more\n");
        }
        List<String> matchers = matchers(name, list);
        String summary = list.get(0).alert.summary();
        return Finding.of(Severity.INFO, CODE, "alert/" + name, message)
                .withDetail((summary.isEmpty() ? "" : summary + " ")
                        + "A firing alert is about what the stack monitors: it does not change the verdict.")
                .withEvidence(evidence.toString().strip())
                .withFix("Deal with what it reports, or silence it meanwhile: " + silenceCommand(namespace, matchers))
                .withAction(new FixAction(FixAction.SILENCE_ALERT, String.join("\n", matchers), "Silence…"));
    }

    /**
     * What singles these alerts out: their name, and every label that all of them carry with one value (for one
     * alert, all of its labels).
     */
    private static List<String> matchers(String name, List<Held> list) {
        Map<String, String> shared = new TreeMap<>(list.get(0).alert.labels());
        shared.remove("alertname");
        for (Held h : list) {
            shared.entrySet().removeIf(e -> !Objects.equals(h.alert.labels().get(e.getKey()), e.getValue()));
        }
        List<String> matchers = new ArrayList<>();
        matchers.add(AlertmanagerApi.matcher("alertname", name));
        shared.forEach((label, value) -> matchers.add(AlertmanagerApi.matcher(label, value)));
        return matchers;
    }

    /** The command line that creates the same silence: {@code monitoring-console silence add 'alertname="X"' …}. */
    static String silenceCommand(String namespace, List<String> matchers) {
        return "monitoring-console silence add " + matchers.stream().map(FiringAlertProbes::shellQuote)
                .collect(Collectors.joining(" ")) + " --duration 2h --comment 'WHY' -n " + shellQuote(namespace);
    }

    private static String shellQuote(String text) {
        return text.matches("[A-Za-z0-9._/-]+") ? text : "'" + text.replace("'", "'\\''") + "'";
    }
}
