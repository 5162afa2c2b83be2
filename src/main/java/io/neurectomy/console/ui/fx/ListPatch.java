package io.neurectomy.console.ui.fx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import javafx.collections.ObservableList;

/**
 * Brings an observable list to a new content with as few changes as it can: rows whose key disappeared are
 * removed, new keys inserted, and a row whose key stays is replaced only when its value changed. A list view on
 * the list therefore keeps its scroll position and selection, and re-renders only the rows that changed.
 */
public final class ListPatch {
    private ListPatch() {
    }

    /**
     * Replaces only the rows that differ, position by position, and adds or removes rows at the end: for rows that
     * have no unique key, or whose order stays put (a table keeps its selection and scroll position).
     */
    public static <T> void byPosition(ObservableList<T> target, List<T> next) {
        for (int i = 0; i < next.size(); i++) {
            if (i < target.size()) {
                if (!target.get(i).equals(next.get(i))) {
                    target.set(i, next.get(i));
                }
            } else {
                target.addAll(next.subList(i, next.size()));
                break;
            }
        }
        if (target.size() > next.size()) {
            target.remove(next.size(), target.size());
        }
    }

    /**
     * @param target the list shown
     * @param next   what it should hold; keys unique
     * @param key    identity of a row across versions
     * @return how many rows were replaced, inserted or removed (0: nothing happened)
     */
    public static <T, K> int apply(ObservableList<T> target, List<T> next, Function<T, K> key) {
        if (target.isEmpty() || next.isEmpty()) {
            if (target.size() == next.size()) {
                return 0;
            }
            int changed = Math.max(target.size(), next.size());
            target.setAll(next);
            return changed;
        }
        int changes = 0;
        Set<K> wanted = new HashSet<>(next.size() * 2);
        for (T row : next) {
            wanted.add(key.apply(row));
        }
        // Remove whole runs of vanished rows at once: one change per run, not per row.
        for (int i = target.size() - 1; i >= 0; i--) {
            if (!wanted.contains(key.apply(target.get(i)))) {
                int end = i + 1;
                while (i > 0 && !wanted.contains(key.apply(target.get(i - 1)))) {
                    i--;
                }
                target.remove(i, end);
                changes += end - i;
            }
        }
        Map<K, Integer> present = new HashMap<>(target.size() * 2);
        for (T row : target) {
            present.put(key.apply(row), 0);
        }
        int i = 0;
        while (i < next.size()) {
            T want = next.get(i);
            K wantKey = key.apply(want);
            if (i < target.size() && Objects.equals(key.apply(target.get(i)), wantKey)) {
                T have = target.get(i);
                if (have != want && !have.equals(want)) {
                    target.set(i, want);
                    changes++;
                }
                i++;
                continue;
            }
            if (present.containsKey(wantKey)) {
                // Moved (its order key changed): take it out where it was, put it here.
                int from = indexOf(target, wantKey, key, i + 1);
                target.remove(from);
                target.add(i, want);
                changes++;
                i++;
                continue;
            }
            // A run of new rows goes in with one change.
            List<T> run = new ArrayList<>();
            int j = i;
            while (j < next.size() && !present.containsKey(key.apply(next.get(j)))) {
                run.add(next.get(j));
                j++;
            }
            target.addAll(i, run);
            changes += run.size();
            i = j;
        }
        if (target.size() > next.size()) {
            changes += target.size() - next.size();
            target.remove(next.size(), target.size());
        }
        return changes;
    }

    private static <T, K> int indexOf(List<T> list, K wanted, Function<T, K> key, int from) {
        for (int i = from; i < list.size(); i++) {
            if (Objects.equals(key.apply(list.get(i)), wanted)) {
                return i;
            }
        }
        throw new IllegalStateException("key " + wanted + " vanished while patching");
    }
}
