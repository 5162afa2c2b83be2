package io.neurectomy.console.core.backup;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** What a backup holds and a restore can bring back; each is optional. */
public enum BackupComponent {
    /** Every non-Secret stack object as YAML: ConfigMaps, StatefulSets, Deployments, Services, PDBs, ... */
    CONFIGS("configs"),
    /** Secrets, only sealed under a passphrase. */
    SECRETS("secrets"),
    /** A snapshot of one Prometheus replica's TSDB. */
    TSDB("tsdb"),
    /** Active and pending Alertmanager silences. */
    SILENCES("silences");

    private final String id;

    BackupComponent(String id) {
        this.id = id;
    }

    /** The name used in manifests and on the command line. */
    public String id() {
        return id;
    }

    /** The component named {@code id} (case-insensitive). */
    public static BackupComponent of(String id) {
        for (BackupComponent c : values()) {
            if (c.id.equalsIgnoreCase(id.strip())) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown component '" + id + "': use "
                + EnumSet.allOf(BackupComponent.class).stream().map(BackupComponent::id)
                .collect(Collectors.joining(", ")));
    }

    /** Components named in {@code ids}, ignoring names this console does not know. */
    public static Set<BackupComponent> known(List<String> ids) {
        Set<BackupComponent> set = EnumSet.noneOf(BackupComponent.class);
        for (String id : ids) {
            for (BackupComponent c : values()) {
                if (c.id.equals(id.toLowerCase(Locale.ROOT))) {
                    set.add(c);
                }
            }
        }
        return set;
    }

    /** The ids of {@code components}, in declaration order. */
    public static List<String> ids(Set<BackupComponent> components) {
        return components.stream().sorted().map(BackupComponent::id).toList();
    }
}
