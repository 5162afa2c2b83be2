package io.neurectomy.console.ui.config;

import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.config.ConfigKind;
import io.neurectomy.console.core.config.SecretMask;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * One file being edited: a key of a ConfigMap or Secret. For a Secret the text shown hides the values that look
 * secret behind placeholders until the user reveals them; {@link #content()} is always the real text, which is
 * what is validated, diffed and written.
 */
public final class ConfigDocument {
    private final String key;
    private final ConfigKind kind;
    private final boolean secret;
    private final StringProperty text = new SimpleStringProperty("");
    private final StringProperty saved = new SimpleStringProperty("");
    private final ReadOnlyBooleanWrapper revealed = new ReadOnlyBooleanWrapper(false);
    private final ObservableList<Finding> findings = FXCollections.observableArrayList();
    private final BooleanBinding dirty;
    private SecretMask.Masked mask = new SecretMask.Masked("", java.util.Map.of());

    ConfigDocument(String key, ConfigKind kind, boolean secret, String live) {
        this.key = key;
        this.kind = kind;
        this.secret = secret;
        dirty = Bindings.createBooleanBinding(() -> !content().equals(saved.get()), text, saved, revealed);
        load(live, live);
    }

    /** Shows {@code content} as the edit, with {@code live} as what the cluster has. */
    void load(String live, String content) {
        saved.set(live);
        setContent(content);
    }

    /** Replaces the edit with {@code content} (masked again when hidden). */
    void setContent(String content) {
        if (secret && !revealed.get()) {
            mask = SecretMask.mask(content);
            text.set(mask.text());
        } else {
            text.set(content);
        }
    }

    /** The real text of the edit. */
    public String content() {
        String shown = text.get();
        return secret && !revealed.get() ? mask.unmask(shown) : shown;
    }

    /** Shows or hides the secret values; the edit is kept either way. */
    public void setRevealed(boolean reveal) {
        if (!secret || reveal == revealed.get()) {
            return;
        }
        String content = content();
        revealed.set(reveal);
        setContent(content);
    }

    void markSaved(String live) {
        saved.set(live);
    }

    public String key() {
        return key;
    }

    public ConfigKind kind() {
        return kind;
    }

    public boolean secret() {
        return secret;
    }

    /** The text shown in the editor. */
    public StringProperty textProperty() {
        return text;
    }

    /** What the cluster has for this key (as last read or written). */
    public String saved() {
        return saved.get();
    }

    public ReadOnlyBooleanProperty revealedProperty() {
        return revealed.getReadOnlyProperty();
    }

    public BooleanBinding dirtyProperty() {
        return dirty;
    }

    public boolean dirty() {
        return dirty.get();
    }

    /** What the last validation found: errors and warnings, each located at its line and column. */
    public ObservableList<Finding> findings() {
        return findings;
    }
}
