package io.neurectomy.console.ui.fx;

import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The window's {@link DialogService} before and after the window exists: view models are made with this one, and
 * the main window plugs the real dialogs in once it has a stage. Until then confirmations are refused and messages
 * only logged, so nothing destructive can run unasked.
 */
public final class DialogHost implements DialogService {
    private static final Logger LOG = LoggerFactory.getLogger(DialogHost.class);

    private volatile DialogService target;

    /** Shows dialogs through {@code dialogs} from now on. */
    public void use(DialogService dialogs) {
        target = Objects.requireNonNull(dialogs, "dialogs");
    }

    @Override
    public boolean confirm(String title, String message, String confirm) {
        DialogService t = target;
        return t != null && t.confirm(title, message, confirm);
    }

    @Override
    public boolean confirmWithEnter(String title, String message, String confirm) {
        DialogService t = target;
        return t != null && t.confirmWithEnter(title, message, confirm);
    }

    @Override
    public boolean confirmTyped(String title, String message, String name, String confirm) {
        DialogService t = target;
        return t != null && t.confirmTyped(title, message, name, confirm);
    }

    @Override
    public void error(String title, String message, Throwable details) {
        DialogService t = target;
        if (t == null) {
            LOG.warn("{}: {}", title, message);
        } else {
            t.error(title, message, details);
        }
    }

    @Override
    public void notify(Level level, String title, String text) {
        DialogService t = target;
        if (t == null) {
            LOG.info("{}: {}", title, text);
        } else {
            t.notify(level, title, text);
        }
    }
}
