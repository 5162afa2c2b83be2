package io.neurectomy.console.ui.config;

import io.neurectomy.console.core.config.ConfigObject;
import io.neurectomy.console.core.config.ThreeWayMerge;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * An edit that met someone else's change (a 409 on the write): the texts the edit started from ({@code base}), the
 * version now in the cluster, the edit ({@code mine}), and the merge of each file.
 */
public record EditConflict(Map<String, String> base, ConfigObject theirs, Map<String, String> mine,
                           Map<String, ThreeWayMerge.Result> merges) {
    /** The conflict of the edit {@code mine}, started from {@code base}, with {@code theirs}: each file merged. */
    static EditConflict of(ConfigObject base, ConfigObject theirs, Map<String, String> mine) {
        Map<String, ThreeWayMerge.Result> merges = new LinkedHashMap<>();
        new TreeSet<>(mine.keySet()).forEach(key -> merges.put(key, ThreeWayMerge.merge(base.text(key),
                theirs.text(key), mine.get(key))));
        return new EditConflict(base.data(), theirs, mine, merges);
    }

    public boolean clean() {
        return merges.values().stream().allMatch(ThreeWayMerge.Result::clean);
    }
}
