package io.neurectomy.console.ui.forwards;

import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;

/** Puts text on the clipboard; called on the FX thread. Tests record the text instead. */
@FunctionalInterface
public interface TextClipboard {

    void putText(String text);

    /** The system clipboard (JavaFX: FX thread only). */
    static TextClipboard system() {
        return text -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(text);
            Clipboard.getSystemClipboard().setContent(content);
        };
    }
}
