package io.neurectomy.console.testing;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.scene.control.Labeled;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** Reading and waiting on the FX thread for TestFX tests, with a deadline instead of sleeps. */
public final class FxWait {
    private static final long TIMEOUT_SECONDS = 20;

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
}
