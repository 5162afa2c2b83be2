package io.neurectomy.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Ctrl+C as a user presses it: SIGINT to a separate JVM running an operation through the runner. */
class OperationRunnerCtrlCTest {

    @Test
    void sigintCancelsBetweenStepsPrintsWhatWasNotDoneAndExitsWith130() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                SlowOperationMain.class.getName()).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
                if (line.startsWith("[1/3] Wait for Ctrl+C …")) {
                    interrupt(p);
                }
            }
        }

        assertThat(p.waitFor()).isEqualTo(OperationRunner.CANCELLED);
        assertThat(lines).contains("[1/3] Wait for Ctrl+C: done (interrupted by the user)",
                "Cancelled: 1 of 3 steps done, 2 not run.", "Not done: Second; Third.");
        assertThat(lines).doesNotContain("SECOND RAN", "THIRD RAN");
    }

    private static void interrupt(Process p) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
    }
}
