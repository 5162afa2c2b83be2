package io.neurectomy.console.ui.deploy;

import io.neurectomy.console.core.stack.ValueSpec;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** One non-secret value on the values page: the catalog's entry and what the user typed (empty: the default). */
public final class ValueRow {
    private final ValueSpec spec;
    private final StringProperty value = new SimpleStringProperty(this, "value", "");

    public ValueRow(ValueSpec spec) {
        this.spec = spec;
    }

    public ValueSpec spec() {
        return spec;
    }

    public String name() {
        return spec.name();
    }

    /** What the user typed; empty keeps the environment's value or the default. */
    public StringProperty valueProperty() {
        return value;
    }
}
