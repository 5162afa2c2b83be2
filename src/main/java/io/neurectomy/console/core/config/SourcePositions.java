package io.neurectomy.console.core.config;

import java.util.Arrays;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Maps a character offset in a YAML scalar's value back to a line and column of the text, through plain, quoted,
 * literal ({@code |}) and folded ({@code >}) styles: the value's non-blank characters are matched one by one against
 * the source, skipping indentation, line folding and quoting escapes.
 */
final class SourcePositions {
    private final String text;
    private final int[] lineStarts;

    SourcePositions(String text) {
        this.text = text;
        int[] starts = new int[16];
        int count = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                if (count == starts.length) {
                    starts = Arrays.copyOf(starts, count * 2);
                }
                starts[count++] = i + 1;
            }
        }
        this.lineStarts = Arrays.copyOf(starts, count);
    }

    /** {line, column} (from 1) of the value's character at {@code offset}; the scalar's start when unsure. */
    int[] locate(Node node, String value, int offset) {
        int[] fallback = {node.getStartMark().getLine() + 1, node.getStartMark().getColumn() + 1};
        if (!(node instanceof ScalarNode scalar) || offset < 0 || offset > value.length()) {
            return fallback;
        }
        DumperOptions.ScalarStyle style = scalar.getScalarStyle();
        int p = indexOf(node.getStartMark().getLine(), node.getStartMark().getColumn());
        if (p < 0) {
            return fallback;
        }
        boolean doubleQuoted = style == DumperOptions.ScalarStyle.DOUBLE_QUOTED;
        boolean singleQuoted = style == DumperOptions.ScalarStyle.SINGLE_QUOTED;
        if (doubleQuoted || singleQuoted) {
            p++;
        } else if (style == DumperOptions.ScalarStyle.LITERAL || style == DumperOptions.ScalarStyle.FOLDED) {
            while (p < text.length() && text.charAt(p) != '\n') {
                p++;
            }
        }
        int target = offset;
        while (target < value.length() && Character.isWhitespace(value.charAt(target))) {
            target++;
        }
        if (target >= value.length()) {
            // The end of the expression: just after its last character.
            int last = value.length() - 1;
            while (last >= 0 && Character.isWhitespace(value.charAt(last))) {
                last--;
            }
            if (last < 0) {
                return fallback;
            }
            int[] at = locate(node, value, last);
            return at[0] == fallback[0] && at[1] == fallback[1] ? fallback : new int[] {at[0], at[1] + 1};
        }
        for (int i = 0; i <= target; i++) {
            char c = value.charAt(i);
            if (Character.isWhitespace(c)) {
                continue;
            }
            while (p < text.length() && Character.isWhitespace(text.charAt(p))) {
                p++;
            }
            if (p >= text.length()) {
                return fallback;
            }
            if (doubleQuoted && text.charAt(p) == '\\' && c != '\\') {
                p++;
            } else if (doubleQuoted && c == '\\' && text.startsWith("\\\\", p)) {
                p++;
            } else if (singleQuoted && c == '\'' && text.startsWith("''", p)) {
                p++;
            }
            if (p >= text.length() || text.charAt(p) != c) {
                return fallback;
            }
            if (i == target) {
                return position(p);
            }
            p++;
        }
        return fallback;
    }

    private int indexOf(int line, int column) {
        if (line < 0 || line >= lineStarts.length) {
            return -1;
        }
        int p = lineStarts[line] + column;
        return p <= text.length() ? p : -1;
    }

    private int[] position(int index) {
        int line = Arrays.binarySearch(lineStarts, index);
        if (line < 0) {
            line = -line - 2;
        }
        return new int[] {line + 1, index - lineStarts[line] + 1};
    }
}
