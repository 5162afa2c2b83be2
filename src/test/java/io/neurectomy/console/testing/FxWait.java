package io.neurectomy.console.testing;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** Reading and waiting on the FX thread for TestFX tests, with a deadline instead of sleeps. */
public final class FxWait {
    private static final long TIMEOUT_SECONDS = 60;

    private FxWait() {
    }

    /** The text of the labelled node with the given CSS id, read on the FX thread. */
    public static String text(FxRobot robot, String id) {
        Labeled node = robot.lookup(id).query();
        return WaitForAsyncUtils.waitForAsyncFx(5_000, node::getText);
    }

    /** Waits until the condition, evaluated on the FX thread, holds. */
    public static void until(BooleanSupplier condition) throws Exception {
        WaitForAsyncUtils.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS,
                () -> WaitForAsyncUtils.waitForAsyncFx(5_000, condition::getAsBoolean));
    }

    /**
     * Clicks the centre of the first shown node that {@code query} finds. The node is found and measured on the FX
     * thread: TestFX's own {@code clickOn(query)} measures on the caller's thread, which races the FX thread while
     * the node or its neighbours change (a progress list, a status text).
     */
    public static void click(FxRobot robot, String query) throws Exception {
        Point2D[] centre = new Point2D[1];
        until(() -> {
            centre[0] = robot.lookup(query).match((Node n) -> n.isVisible() && n.getScene() != null
                    && n.getScene().getWindow() != null).tryQuery().map(FxWait::centre).orElse(null);
            return centre[0] != null;
        });
        robot.clickOn(centre[0]);
    }

    /** Clicks the centre of {@code node}, measured on the FX thread. */
    public static void click(FxRobot robot, Node node) {
        robot.clickOn(WaitForAsyncUtils.waitForAsyncFx(5_000, () -> centre(node)));
    }

    private static Point2D centre(Node node) {
        Bounds bounds = node.localToScreen(node.getBoundsInLocal());
        return bounds == null ? null : new Point2D(bounds.getCenterX(), bounds.getCenterY());
    }
}
