package io.neurectomy.console.core.config;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import io.neurectomy.console.core.util.TextDiff;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Line-based three-way merge of an edit ("mine") with a concurrent change ("theirs") to the same base, as after a
 * 409 on save. Changes to different lines are combined; where both sides changed the same or adjacent lines
 * differently, the merged text carries a conflict block ({@code <<<<<<< theirs} … {@code =======} …
 * {@code >>>>>>> mine}) and the conflict is listed, so that the user decides and nothing is silently dropped.
 */
public final class ThreeWayMerge {
    /** A region both sides changed differently, by line of the merged text (from 1). */
    public record Conflict(int mergedLine, List<String> theirs, List<String> mine) {
    }

    /** The merged text, and the conflicts in it (none: the merge is clean and can be saved as is). */
    public record Result(String merged, List<Conflict> conflicts) {
        public boolean clean() {
            return conflicts.isEmpty();
        }
    }

    private record Change(int start, int end, List<String> lines, boolean theirs) {
    }

    private ThreeWayMerge() {
    }

    /** Merges {@code theirs} and {@code mine}, both derived from {@code base}. */
    public static Result merge(String base, String theirs, String mine) {
        List<String> baseLines = TextDiff.lines(base);
        List<Change> changes = new ArrayList<>();
        changes.addAll(changes(baseLines, TextDiff.lines(theirs), true));
        changes.addAll(changes(baseLines, TextDiff.lines(mine), false));
        changes.sort(Comparator.comparingInt(Change::start).thenComparingInt(Change::end));

        List<String> out = new ArrayList<>();
        List<Conflict> conflicts = new ArrayList<>();
        int position = 0;
        int i = 0;
        while (i < changes.size()) {
            // A cluster: changes that overlap, from either side. Changes that only touch (one ends where the next
            // starts) are independent, except two insertions at the same place, whose order nobody knows.
            List<Change> cluster = new ArrayList<>();
            cluster.add(changes.get(i));
            int lo = changes.get(i).start;
            int hi = changes.get(i).end;
            i++;
            while (i < changes.size() && joins(cluster, changes.get(i), hi)) {
                Change next = changes.get(i);
                cluster.add(next);
                hi = Math.max(hi, next.end);
                i++;
            }
            out.addAll(baseLines.subList(position, lo));
            List<String> theirsText = apply(baseLines, lo, hi, cluster, true);
            List<String> mineText = apply(baseLines, lo, hi, cluster, false);
            boolean theirsChanged = cluster.stream().anyMatch(Change::theirs);
            boolean mineChanged = cluster.stream().anyMatch(c -> !c.theirs());
            if (!mineChanged || theirsText.equals(mineText)) {
                out.addAll(theirsText);
            } else if (!theirsChanged) {
                out.addAll(mineText);
            } else {
                out.add("<<<<<<< theirs");
                conflicts.add(new Conflict(out.size(), List.copyOf(theirsText), List.copyOf(mineText)));
                out.addAll(theirsText);
                out.add("=======");
                out.addAll(mineText);
                out.add(">>>>>>> mine");
            }
            position = hi;
        }
        out.addAll(baseLines.subList(position, baseLines.size()));
        String merged = out.isEmpty() ? "" : String.join("\n", out) + "\n";
        return new Result(merged, List.copyOf(conflicts));
    }

    private static List<Change> changes(List<String> base, List<String> side, boolean theirs) {
        List<Change> out = new ArrayList<>();
        for (AbstractDelta<String> delta : DiffUtils.diff(base, side).getDeltas()) {
            int start = delta.getSource().getPosition();
            out.add(new Change(start, start + delta.getSource().size(), delta.getTarget().getLines(), theirs));
        }
        return out;
    }

    private static boolean joins(List<Change> cluster, Change next, int hi) {
        if (next.start < hi) {
            return true;
        }
        boolean insertion = next.start == next.end;
        return insertion && next.start == hi && cluster.stream().anyMatch(c -> c.start == hi && c.end == hi);
    }

    /** Base lines {@code [lo, hi)} with one side's changes of the cluster applied. */
    private static List<String> apply(List<String> base, int lo, int hi, List<Change> cluster, boolean theirs) {
        List<String> out = new ArrayList<>();
        int position = lo;
        for (Change c : cluster) {
            if (c.theirs != theirs) {
                continue;
            }
            out.addAll(base.subList(position, c.start));
            out.addAll(c.lines);
            position = c.end;
        }
        out.addAll(base.subList(position, hi));
        return out;
    }
}
