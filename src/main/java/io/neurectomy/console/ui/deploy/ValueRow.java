package io.neurectomy.console.ui.deploy;

import io.neurectomy.console.core.stack.ValueSpec;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** One non-secret value on the values page: the catalog's entry and what the user typed (empty: the default). */
public final class ValueRow {
    private final ValueSpec spec;
    private final StringProperty value = new SimpleStringProperty(this, "value", "");
    private final BooleanBinding valid;

    public ValueRow(ValueSpec spec) {
        this.spec = spec;
        this.valid = Bindings.createBooleanBinding(() -> valid(value.get()), value);
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

    /** Whether {@code text} is acceptable here: empty (the default), or of the value's form. */
    public boolean valid(String text) {
        String v = text == null ? "" : text.strip();
        return v.isEmpty() || spec.type().valid(v);
    }

    /** Whether what is typed now is acceptable (the values page's Next needs every row valid). */
    public BooleanBinding validProperty() {
        return valid;
    }

    /** What the value must look like, for the inline decoration. */
    public String problem() {
        return spec.name() + " must be " + spec.type().form() + ".";
    }
}
