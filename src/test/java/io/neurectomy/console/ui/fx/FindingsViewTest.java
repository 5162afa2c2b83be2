package io.neurectomy.console.ui.fx;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FindingsViewTest {
    @Test
    void aConfigTextsLineAndColumnReadAsWords() {
        assertThat(FindingsView.place("2:3")).isEqualTo("line 2, column 3");
        assertThat(FindingsView.place("14:0")).isEqualTo("line 14");
    }

    @Test
    void aFileLocationStaysAsWritten() {
        assertThat(FindingsView.place("manifests/08-prometheus.yaml:12")).isEqualTo("manifests/08-prometheus.yaml:12");
        assertThat(FindingsView.place("")).isEmpty();
    }
}
