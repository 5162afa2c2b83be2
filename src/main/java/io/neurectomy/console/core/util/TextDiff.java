package io.neurectomy.console.core.util;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.Patch;
import java.util.ArrayList;
import java.util.List;

/**
 * A line diff of two texts, as review pages and the editors show it: every line of both texts, marked same, added or
 * removed, with its line numbers on either side; or as a unified diff for the command line.
 */
public final class TextDiff {

    /** What happened to a line. */
    public enum Kind { SAME, ADDED, REMOVED }

    /**
     * One line of the diff. {@code oldLine} and {@code newLine} count from 1; 0 where the line does not exist on
     * that side.
     */
    public record Line(Kind kind, int oldLine, int newLine, String text) {
    }

    private final List<String> before;
    private final List<String> after;
    private final Patch<String> patch;

    private TextDiff(List<String> before, List<String> after) {
        this.before = before;
        this.after = after;
        this.patch = DiffUtils.diff(before, after);
    }

    /** The diff from {@code before} to {@code after}; a null text counts as empty. */
    public static TextDiff of(String before, String after) {
        return new TextDiff(lines(before), lines(after));
    }

    /** The text's lines, without line terminators ({@code \n} or {@code \r\n}). */
    public static List<String> lines(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>(List.of(text.split("\r?\n", -1)));
        if (text.endsWith("\n")) {
            out.remove(out.size() - 1);
        }
        return List.copyOf(out);
    }

    public boolean unchanged() {
        return patch.getDeltas().isEmpty();
    }

    /** Number of lines only in the new text. */
    public int added() {
        return patch.getDeltas().stream().mapToInt(d -> d.getTarget().size()).sum();
    }

    /** Number of lines only in the old text. */
    public int removed() {
        return patch.getDeltas().stream().mapToInt(d -> d.getSource().size()).sum();
    }

    /** Every line of both texts in order, changed ones marked. */
    public List<Line> lines() {
        List<Line> out = new ArrayList<>(Math.max(before.size(), after.size()) + 8);
        int oldIndex = 0;
        int newIndex = 0;
        for (AbstractDelta<String> delta : patch.getDeltas()) {
            int sourceStart = delta.getSource().getPosition();
            while (oldIndex < sourceStart) {
                out.add(new Line(Kind.SAME, oldIndex + 1, newIndex + 1, before.get(oldIndex)));
                oldIndex++;
                newIndex++;
            }
            for (String removed : delta.getSource().getLines()) {
                out.add(new Line(Kind.REMOVED, ++oldIndex, 0, removed));
            }
            for (String added : delta.getTarget().getLines()) {
                out.add(new Line(Kind.ADDED, 0, ++newIndex, added));
            }
        }
        while (oldIndex < before.size()) {
            out.add(new Line(Kind.SAME, oldIndex + 1, newIndex + 1, before.get(oldIndex)));
            oldIndex++;
            newIndex++;
        }
        return out;
    }

    /**
     * The diff in unified format ({@code ---}, {@code +++}, {@code @@} hunks) with {@code context} lines around each
     * change; empty when the texts are equal.
     */
    public String unified(String oldName, String newName, int context) {
        if (unchanged()) {
            return "";
        }
        return String.join("\n", UnifiedDiffUtils.generateUnifiedDiff(oldName, newName, before, patch, context))
                + "\n";
    }
}
