package io.neurectomy.console.testing;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javafx.scene.Node;
import javafx.scene.image.Image;
import javafx.scene.image.PixelReader;
import javax.imageio.ImageIO;
import org.testfx.util.WaitForAsyncUtils;

/** The pictures under docs/images: a node's snapshot, taken on the FX thread, written as PNG. */
public final class Screenshots {
    private Screenshots() {
    }

    /** Writes a snapshot of {@code node} to {@code file}; converted by hand, as javafx-swing is not a dependency. */
    public static void save(Node node, Path file) throws Exception {
        Image image = WaitForAsyncUtils.waitForAsyncFx(30_000, () -> node.snapshot(null, null));
        int width = (int) image.getWidth();
        int height = (int) image.getHeight();
        BufferedImage png = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        PixelReader pixels = image.getPixelReader();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                png.setRGB(x, y, pixels.getArgb(x, y));
            }
        }
        ImageIO.write(png, "png", file.toFile());
    }
}
