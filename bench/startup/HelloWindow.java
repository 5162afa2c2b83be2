import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

/**
 * The baseline of bench/startup.sh: a bare JavaFX window, started like the console (a main class that is not the
 * Application, JavaFX from the same jars or runtime). After the first pulse of its shown window it appends
 * "window-shown EPOCH_MILLIS Hello" to the file named by MONITORING_CONSOLE_REPORT_SHOWN, as the console does.
 */
public final class HelloWindow {
    private HelloWindow() {
    }

    public static void main(String[] args) {
        Application.launch(App.class, args);
    }

    /** The window: one label, the console's default size. */
    public static final class App extends Application {
        @Override
        public void start(Stage stage) {
            stage.setTitle("Hello");
            Scene scene = new Scene(new StackPane(new Label("Hello, world")), 1180, 760);
            stage.setScene(scene);
            // Like the console: reported after the first pulse of the shown window (its first frame laid out).
            Runnable[] listener = new Runnable[1];
            listener[0] = () -> {
                scene.removePostLayoutPulseListener(listener[0]);
                Platform.runLater(() -> {
                    try {
                        Files.writeString(Path.of(System.getenv("MONITORING_CONSOLE_REPORT_SHOWN")),
                                "window-shown " + System.currentTimeMillis() + " Hello\n",
                                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            };
            scene.addPostLayoutPulseListener(listener[0]);
            stage.show();
        }
    }
}
