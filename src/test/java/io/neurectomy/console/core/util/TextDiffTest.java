package io.neurectomy.console.core.util;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.core.util.TextDiff.Kind;
import io.neurectomy.console.core.util.TextDiff.Line;
import org.junit.jupiter.api.Test;

class TextDiffTest {

    @Test
    void equalTextsHaveNoChanges() {
        TextDiff diff = TextDiff.of("a\nb\n", "a\r\nb\r\n");
        assertThat(diff.unchanged()).isTrue();
        assertThat(diff.unified("a", "b", 3)).isEmpty();
        assertThat(diff.lines()).extracting(Line::kind).containsOnly(Kind.SAME);
    }

    @Test
    void linesCarryBothNumbersAndTheChangeKind() {
        TextDiff diff = TextDiff.of("one\ntwo\nthree\n", "one\nTWO\nthree\nfour\n");
        assertThat(diff.added()).isEqualTo(2);
        assertThat(diff.removed()).isEqualTo(1);
        assertThat(diff.lines()).containsExactly(
                new Line(Kind.SAME, 1, 1, "one"),
                new Line(Kind.REMOVED, 2, 0, "two"),
                new Line(Kind.ADDED, 0, 2, "TWO"),
                new Line(Kind.SAME, 3, 3, "three"),
                new Line(Kind.ADDED, 0, 4, "four"));
    }

    @Test
    void unifiedFormatNamesBothSidesAndHunks() {
        String unified = TextDiff.of("a\nb\nc\n", "a\nx\nc\n").unified("live", "edit", 1);
        assertThat(unified).startsWith("--- live\n+++ edit\n@@ -1,3 +1,3 @@\n")
                .contains("\n-b\n+x\n");
    }

    @Test
    void nullCountsAsEmpty() {
        TextDiff diff = TextDiff.of(null, "new\n");
        assertThat(diff.lines()).containsExactly(new Line(Kind.ADDED, 0, 1, "new"));
    }
}
