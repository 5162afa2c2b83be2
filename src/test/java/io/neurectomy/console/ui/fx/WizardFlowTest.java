package io.neurectomy.console.ui.fx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.SimpleBooleanProperty;
import org.junit.jupiter.api.Test;

class WizardFlowTest {
    enum Page { VALUES, REVIEW, APPLY }

    @Test
    void nextWaitsForTheCurrentPageToBeValidAndEnteringAPageRunsItsAction() {
        WizardFlow<Page> flow = new WizardFlow<>(Page.class);
        SimpleBooleanProperty valuesValid = new SimpleBooleanProperty(false);
        List<Page> entered = new ArrayList<>();
        flow.setValid(Page.VALUES, valuesValid);
        flow.onEntering(Page.REVIEW, entered::add);

        assertThat(flow.next()).isFalse();
        assertThat(flow.page()).isEqualTo(Page.VALUES);

        valuesValid.set(true);
        assertThat(flow.canGoNext().get()).isTrue();
        assertThat(flow.next()).isTrue();
        assertThat(flow.page()).isEqualTo(Page.REVIEW);
        assertThat(entered).containsExactly(Page.VALUES);

        assertThat(flow.back()).isTrue();
        assertThat(flow.canGoBack().get()).isFalse();
        flow.go(Page.APPLY);
        assertThat(flow.canGoNext().get()).isFalse();
        assertThat(flow.last()).isTrue();
    }
}
