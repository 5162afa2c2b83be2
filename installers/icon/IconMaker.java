import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * The application icon: the one source drawing, and the files each operating system wants made from it.
 *
 * <p>Run as a single-file program ({@code java installers/icon/IconMaker.java OUTDIR}); it writes
 * {@code OUTDIR/png/monitoring-console-SIZE.png} for the Linux hicolor sizes, {@code monitoring-console.png}
 * (256 px, jpackage's Linux icon), {@code monitoring-console.ico} (Windows: 16 to 256 px) and
 * {@code monitoring-console.icns} (macOS: 16 to 1024 px). ICO and ICNS are written here directly: both are
 * a small header and a table of PNG images. Everything is drawn as vectors at each size, so no size is a
 * scaled copy of another.
 */
public final class IconMaker {
    private static final int[] LINUX_SIZES = {16, 24, 32, 48, 64, 128, 256, 512};
    private static final int[] ICO_SIZES = {16, 24, 32, 48, 64, 128, 256};

    private IconMaker() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: java IconMaker.java OUTDIR");
            System.exit(2);
        }
        System.setProperty("java.awt.headless", "true");
        Path out = Path.of(args[0]);
        Files.createDirectories(out.resolve("png"));
        for (int size : LINUX_SIZES) {
            Files.write(out.resolve("png").resolve("monitoring-console-" + size + ".png"), png(size));
        }
        Files.write(out.resolve("monitoring-console.png"), png(256));
        writeIco(out.resolve("monitoring-console.ico"));
        writeIcns(out.resolve("monitoring-console.icns"));
    }

    /** The drawing: a dark tile, a grid, a metric's line rising to an alert. */
    static BufferedImage draw(int size) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.scale(size / 64.0, size / 64.0);
        // Tile
        g.setPaint(new GradientPaint(0, 0, new Color(0x1F3A5F), 0, 64, new Color(0x0D1B2A)));
        g.fill(new RoundRectangle2D.Double(2, 2, 60, 60, 14, 14));
        // Grid lines (left out at the smallest sizes, where they would only blur)
        if (size >= 32) {
            g.setColor(new Color(255, 255, 255, 40));
            g.setStroke(new BasicStroke(1f));
            for (int y = 18; y <= 50; y += 8) {
                g.drawLine(10, y, 54, y);
            }
        }
        // The metric's line
        Path2D line = new Path2D.Double();
        line.moveTo(10, 44);
        line.lineTo(20, 38);
        line.lineTo(28, 42);
        line.lineTo(37, 28);
        line.lineTo(45, 32);
        line.lineTo(52, 16);
        g.setColor(new Color(0x4FD1C5));
        g.setStroke(new BasicStroke(size >= 32 ? 4f : 5.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(line);
        // The alert at its peak
        g.setColor(new Color(0xF6AD55));
        g.fill(new Ellipse2D.Double(46, 10, 12, 12));
        g.setColor(new Color(0x0D1B2A));
        g.setStroke(new BasicStroke(1.5f));
        g.draw(new Ellipse2D.Double(46, 10, 12, 12));
        g.dispose();
        return image;
    }

    static byte[] png(int size) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(draw(size), "png", bytes);
        return bytes.toByteArray();
    }

    /** ICONDIR, one ICONDIRENTRY per size, then the PNG images (PNG entries are valid since Windows Vista). */
    private static void writeIco(Path file) throws IOException {
        byte[][] images = new byte[ICO_SIZES.length][];
        for (int i = 0; i < ICO_SIZES.length; i++) {
            images[i] = png(ICO_SIZES[i]);
        }
        int offset = 6 + 16 * ICO_SIZES.length;
        ByteBuffer header = ByteBuffer.allocate(offset).order(ByteOrder.LITTLE_ENDIAN);
        header.putShort((short) 0).putShort((short) 1).putShort((short) ICO_SIZES.length);
        for (int i = 0; i < ICO_SIZES.length; i++) {
            int size = ICO_SIZES[i];
            header.put((byte) (size >= 256 ? 0 : size)).put((byte) (size >= 256 ? 0 : size));
            header.put((byte) 0).put((byte) 0);
            header.putShort((short) 1).putShort((short) 32);
            header.putInt(images[i].length).putInt(offset);
            offset += images[i].length;
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(header.array());
            for (byte[] image : images) {
                out.write(image);
            }
        }
    }

    /** 'icns', total length, then per image a four-letter type, its length and PNG data (all big-endian). */
    private static void writeIcns(Path file) throws IOException {
        Map<String, Integer> types = new LinkedHashMap<>();
        types.put("icp4", 16);
        types.put("icp5", 32);
        types.put("ic11", 32);
        types.put("ic12", 64);
        types.put("ic07", 128);
        types.put("ic08", 256);
        types.put("ic13", 256);
        types.put("ic09", 512);
        types.put("ic14", 512);
        types.put("ic10", 1024);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Map.Entry<String, Integer> type : types.entrySet()) {
            byte[] image = png(type.getValue());
            body.write(type.getKey().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            body.write(ByteBuffer.allocate(4).putInt(8 + image.length).array());
            body.write(image);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write("icns".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.write(ByteBuffer.allocate(4).putInt(8 + body.size()).array());
            body.writeTo(out);
        }
    }
}
