package io.neurectomy.console.bench;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs one fuzz test ({@code package.Class#method}) in this JVM, for {@code bench/fuzz.sh}: with {@code JAZZER_FUZZ=1}
 * Jazzer fuzzes it, and libFuzzer's own output (status lines, final statistics, findings) goes straight to standard
 * error, where the script reads it. Exits 0 when the test passed, 1 when it failed (a finding), 2 when nothing ran.
 */
public final class FuzzMain {
    private FuzzMain() {
    }

    public static void main(String[] args) throws ClassNotFoundException {
        if (args.length != 1 || !args[0].contains("#")) {
            System.err.println("usage: FuzzMain package.Class#method");
            System.exit(2);
        }
        Class<?> testClass = Class.forName(args[0].substring(0, args[0].indexOf('#')));
        String name = args[0].substring(args[0].indexOf('#') + 1);
        Method method = Arrays.stream(testClass.getDeclaredMethods()).filter(m -> m.getName().equals(name))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no method " + args[0]));
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectMethod(testClass, method))
                // libFuzzer's arguments after argv[0]: final statistics when the run ends, however it ends.
                .configurationParameter("jazzer.internal.arg.0", "fuzz")
                .configurationParameter("jazzer.internal.arg.1", "-print_final_stats=1")
                .build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        launcher.execute(request, summary);
        TestExecutionSummary s = summary.getSummary();
        s.printFailuresTo(new PrintWriter(System.out, true, StandardCharsets.UTF_8), 30);
        System.out.println("fuzz test " + args[0] + ": " + s.getTestsSucceededCount() + " passed, "
                + s.getTestsFailedCount() + " failed");
        System.exit(s.getTestsStartedCount() == 0 ? 2 : s.getTestsFailedCount() > 0 ? 1 : 0);
    }
}
