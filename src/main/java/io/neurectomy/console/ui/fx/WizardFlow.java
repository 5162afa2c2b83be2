package io.neurectomy.console.ui.fx;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ObservableBooleanValue;

/**
 * The pages of a wizard and the way through them: Back and Next, each page's validity (Next stays disabled while
 * the current page is invalid), and what happens on entering a page (the review page asks the core for its plan).
 * A wizard's typed model holds one of these; its view binds its buttons to {@link #canGoBack()} and
 * {@link #canGoNext()} and shows the page named by {@link #pageProperty()}.
 *
 * @param <P> the wizard's pages, an enum in the order they are shown
 */
public final class WizardFlow<P extends Enum<P>> {
    private final List<P> pages;
    private final ReadOnlyObjectWrapper<P> page;
    private final Map<P, ObservableBooleanValue> valid;
    private final Map<P, Consumer<P>> entering;
    private final BooleanBinding canGoBack;
    private final BooleanBinding canGoNext;

    public WizardFlow(Class<P> type) {
        this.pages = List.of(type.getEnumConstants());
        this.page = new ReadOnlyObjectWrapper<>(this, "page", pages.get(0));
        this.valid = new EnumMap<>(type);
        this.entering = new EnumMap<>(type);
        this.canGoBack = Bindings.createBooleanBinding(() -> index() > 0, page);
        this.canGoNext = new NextBinding();
    }

    /** {@code page} may be left forward only while {@code validity} is true. */
    public void setValid(P p, ObservableBooleanValue validity) {
        ObservableBooleanValue old = valid.put(p, validity);
        ((NextBinding) canGoNext).watch(old, validity);
    }

    /** Calls {@code action} each time {@code page} is entered (forward or back), with the page left. */
    public void onEntering(P p, Consumer<P> action) {
        entering.put(p, action);
    }

    public ReadOnlyObjectProperty<P> pageProperty() {
        return page.getReadOnlyProperty();
    }

    public P page() {
        return page.get();
    }

    public BooleanBinding canGoBack() {
        return canGoBack;
    }

    public BooleanBinding canGoNext() {
        return canGoNext;
    }

    /** Goes to the next page when the current one is valid; returns whether it moved. */
    public boolean next() {
        if (!canGoNext.get()) {
            return false;
        }
        go(pages.get(index() + 1));
        return true;
    }

    /** Goes to the previous page; returns whether it moved. */
    public boolean back() {
        if (!canGoBack.get()) {
            return false;
        }
        go(pages.get(index() - 1));
        return true;
    }

    /** Goes straight to {@code target} (a restart goes to the first page; a finished run to the last). */
    public void go(P target) {
        P left = page.get();
        page.set(target);
        Consumer<P> action = entering.get(target);
        if (action != null && left != target) {
            action.accept(left);
        }
    }

    /** The page's position, from 0. */
    public int index() {
        return pages.indexOf(page.get());
    }

    /** Whether the current page is the last. */
    public boolean last() {
        return index() == pages.size() - 1;
    }

    /** True while there is a next page and the current page is valid. */
    private final class NextBinding extends BooleanBinding {
        NextBinding() {
            bind(page);
        }

        void watch(ObservableBooleanValue old, ObservableBooleanValue validity) {
            if (old != null) {
                unbind(old);
            }
            bind(validity);
            invalidate();
        }

        @Override
        protected boolean computeValue() {
            if (index() >= pages.size() - 1) {
                return false;
            }
            ObservableBooleanValue v = valid.get(page.get());
            return v == null || v.get();
        }
    }
}
