package io.neurectomy.console.testing;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.input.MouseButton;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** Reading and waiting on the FX thread for TestFX tests, with a deadline instead of sleeps. */
public final class FxWait {
    private static final long TIMEOUT_SECONDS = 120;
    /** How long one read waits for the FX thread; a hang is what the overall deadline catches. */
    private static final long FX_ANSWER_MILLIS = 30_000;
    /** How long one click of {@link #clickUntil} waits for its outcome before the node is clicked again. */
    private static final long ATTEMPT_SECONDS = 20;

    private FxWait() {
    }

    /** The text of the labelled node with the given CSS id, read on the FX thread. */
    public static String text(FxRobot robot, String id) {
        Labeled node = robot.lookup(id).query();
        return WaitForAsyncUtils.waitForAsyncFx(FX_ANSWER_MILLIS, node::getText);
    }

    /**
     * Waits until the condition, evaluated on the FX thread, holds. An FX thread too busy to answer one evaluation
     * (a loaded machine) is asked again; only the overall deadline fails the wait.
     */
    public static void until(BooleanSupplier condition) throws Exception {
        until(java.time.Duration.ofSeconds(TIMEOUT_SECONDS), condition);
    }

    /** {@link #until(BooleanSupplier)} with a deadline of its own (work that takes longer: a drill, a rollout). */
    public static void until(java.time.Duration deadline, BooleanSupplier condition) throws Exception {
        WaitForAsyncUtils.waitFor(deadline.toSeconds(), TimeUnit.SECONDS, () -> {
            try {
                return WaitForAsyncUtils.waitForAsyncFx(FX_ANSWER_MILLIS, condition::getAsBoolean);
            } catch (RuntimeException e) {
                if (causedByTimeout(e)) {
                    return false;
                }
                throw e;
            }
        });
    }

    private static boolean causedByTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
        }
        return false;
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

    /**
     * Clicks what {@code find} finds until {@code done} holds, for a node in a live list whose rows move while the
     * pointer travels to them (a refresh re-lays the list out): the pointer goes to the node's centre, the click
     * happens only if the node is still found there, and if {@code done} does not follow within a while, the node is
     * found and clicked again. The overall deadline fails the wait.
     */
    public static void clickUntil(FxRobot robot, Supplier<Optional<? extends Node>> find, BooleanSupplier done)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (true) {
            Point2D[] centre = new Point2D[1];
            until(() -> {
                centre[0] = find.get().map(FxWait::centre).orElse(null);
                return centre[0] != null;
            });
            robot.moveTo(centre[0]);
            if (Boolean.TRUE.equals(WaitForAsyncUtils.waitForAsyncFx(FX_ANSWER_MILLIS, () -> find.get()
                    .map(FxWait::centre).filter(c -> c.distance(centre[0]) < 1).isPresent()))) {
                robot.clickOn(MouseButton.PRIMARY);
                try {
                    WaitForAsyncUtils.waitFor(ATTEMPT_SECONDS, TimeUnit.SECONDS, () -> Boolean.TRUE.equals(
                            WaitForAsyncUtils.waitForAsyncFx(FX_ANSWER_MILLIS, done::getAsBoolean)));
                    return;
                } catch (java.util.concurrent.TimeoutException e) {
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                }
            } else if (System.nanoTime() > deadline) {
                throw new java.util.concurrent.TimeoutException("the node kept moving away from the pointer");
            }
        }
    }

    /** Whether {@code node} and every parent are visible, in a window that is showing (read it on the FX thread). */
    public static boolean shown(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return node.getScene() != null && node.getScene().getWindow() != null
                && node.getScene().getWindow().isShowing();
    }

    /** Clicks the centre of {@code node}, measured on the FX thread. */
    public static void click(FxRobot robot, Node node) {
        robot.clickOn(WaitForAsyncUtils.waitForAsyncFx(FX_ANSWER_MILLIS, () -> centre(node)));
    }

    private static Point2D centre(Node node) {
        Bounds bounds = node.localToScreen(node.getBoundsInLocal());
        return bounds == null ? null : new Point2D(bounds.getCenterX(), bounds.getCenterY());
    }
}
