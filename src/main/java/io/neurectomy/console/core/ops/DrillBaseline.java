package io.neurectomy.console.core.ops;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.cluster.ClusterSession;
import io.neurectomy.console.core.endpoints.AlertmanagerApi;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What must survive a recovery drill, read before the fault and again after the recovery: a SHA-256 digest of each
 * ConfigMap and Secret of the namespace (a Secret's values never leave {@link #read}), and the ids of the
 * Alertmanagers' active silences (absent, with the reason, when no Alertmanager answered).
 *
 * @param configMaps     digest by ConfigMap name
 * @param secrets        digest by Secret name
 * @param silences       the active silences' ids, when they could be read
 * @param silencesUnread why they could not be, or ""
 */
public record DrillBaseline(Map<String, String> configMaps, Map<String, String> secrets,
                            Optional<Set<String>> silences, String silencesUnread) {
    /** A one-line account of the record. */
    public String describe() {
        return configMaps.size() + " ConfigMaps, " + secrets.size() + " Secrets, " + silences
                .map(s -> s.size() + " active silences").orElse("silences not read (" + silencesUnread + ")");
    }

    /**
     * What {@code after} lacks or has changed against this record (empty: nothing was lost); a line per kind of
     * thing compared goes to {@code compared}.
     */
    public List<String> lostSince(DrillBaseline after, List<String> compared) {
        List<String> lost = new ArrayList<>();
        compare("ConfigMap", configMaps, after.configMaps, lost, compared);
        compare("Secret", secrets, after.secrets, lost, compared);
        if (silences.isPresent() && after.silences.isPresent()) {
            Set<String> gone = new TreeSet<>(silences.get());
            gone.removeAll(after.silences.get());
            compared.add("silences: " + silences.get().size() + " active before, " + (silences.get().size()
                    - gone.size()) + " of them active after");
            gone.forEach(id -> lost.add("silence " + id + " is no longer active"));
        } else {
            compared.add("silences: not compared (" + (silences.isEmpty() ? silencesUnread
                    : after.silencesUnread) + ")");
        }
        return lost;
    }

    private static void compare(String kind, Map<String, String> before, Map<String, String> after,
                                List<String> lost, List<String> compared) {
        int same = 0;
        for (Map.Entry<String, String> e : before.entrySet()) {
            String now = after.get(e.getKey());
            if (now == null) {
                lost.add(kind + " " + e.getKey() + " is gone");
            } else if (!now.equals(e.getValue())) {
                lost.add(kind + " " + e.getKey() + " changed");
            } else {
                same++;
            }
        }
        compared.add(kind + "s: " + same + " of " + before.size() + " identical");
    }

    /** Reads the record of {@code session}'s namespace now. */
    public static DrillBaseline read(ClusterSession session) {
        Map<String, String> configMaps = new TreeMap<>();
        Map<String, String> secrets = new TreeMap<>();
        try {
            for (ConfigMap c : session.client().configMaps().inNamespace(session.namespace()).list().getItems()) {
                configMaps.put(c.getMetadata().getName(), digest(c.getData(), c.getBinaryData()));
            }
            for (Secret s : session.client().secrets().inNamespace(session.namespace()).list().getItems()) {
                secrets.put(s.getMetadata().getName(), digest(s.getData(), s.getStringData()));
            }
        } catch (KubernetesClientException e) {
            throw new ConsoleException("Could not read the ConfigMaps and Secrets of " + session.namespace() + ": "
                    + e.getMessage(), e);
        }
        try {
            Set<String> active = new AlertmanagerApi(session, Duration.ofSeconds(10)).silences().stream()
                    .filter(s -> "active".equals(s.state())).map(AlertmanagerApi.Silence::id)
                    .collect(Collectors.toCollection(TreeSet::new));
            return new DrillBaseline(configMaps, secrets, Optional.of(active), "");
        } catch (RuntimeException e) {
            return new DrillBaseline(configMaps, secrets, Optional.empty(), e.getMessage());
        }
    }

    /** SHA-256 over the entries of both maps, in key order; a Secret's values never leave this method. */
    private static String digest(Map<String, String> first, Map<String, String> second) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Map<String, String> m : Arrays.asList(first, second)) {
                if (m != null) {
                    for (Map.Entry<String, String> e : new TreeMap<>(m).entrySet()) {
                        sha.update(e.getKey().getBytes(StandardCharsets.UTF_8));
                        sha.update((byte) 0);
                        sha.update(String.valueOf(e.getValue()).getBytes(StandardCharsets.UTF_8));
                        sha.update((byte) 0);
                    }
                }
                sha.update((byte) 1);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
