package io.neurectomy.console.testing;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Says on the build's console which tests did not run and why: one line as each is skipped (a disabled test, or
 * one that aborted because a real server or kubectl is missing), and one summary line when the run ends.
 *
 * <p>Registered through {@code META-INF/services/org.junit.platform.launcher.TestExecutionListener}. Surefire sends
 * what a test JVM prints on {@code System.out}/{@code System.err} to {@code target/surefire-reports/*-output.txt}
 * ({@code redirectTestOutputToFile}); what it writes to the process's own standard error it copies to Maven's, so
 * that is where these lines go.
 */
public final class SkippedTestsReport implements TestExecutionListener {
    /** Starts the summary line, so a script can find it. */
    public static final String SUMMARY_PREFIX = "Skipped tests: ";

    private final PrintStream console;
    /** Reason → the tests skipped for it, in the order they were met. */
    private final Map<String, List<String>> skipped = new LinkedHashMap<>();
    private TestPlan plan;

    /** Reports on the test JVM's own standard error, which surefire shows on the build's console. */
    public SkippedTestsReport() {
        this(new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
    }

    SkippedTestsReport(PrintStream console) {
        this.console = console;
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        plan = testPlan;
        skipped.clear();
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        record(id, reason == null || reason.isBlank() ? "disabled" : reason);
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
            String reason = result.getThrowable().map(t -> t.getMessage() == null ? t.toString() : t.getMessage())
                    .orElse("aborted");
            record(id, reason);
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        console.println(summary());
    }

    /** The one line that ends the run: how many tests were skipped, grouped by reason. */
    String summary() {
        int total = skipped.values().stream().mapToInt(List::size).sum();
        if (total == 0) {
            return SUMMARY_PREFIX + "none.";
        }
        StringBuilder line = new StringBuilder(SUMMARY_PREFIX).append(total).append(total == 1 ? " test" : " tests");
        String separator = ": ";
        for (Map.Entry<String, List<String>> e : skipped.entrySet()) {
            line.append(separator).append(e.getValue().size()).append(" because ").append(oneLine(e.getKey()))
                    .append(" (").append(String.join(", ", e.getValue())).append(')');
            separator = "; ";
        }
        return line.append('.').toString();
    }

    private void record(TestIdentifier id, String reason) {
        List<String> tests = new ArrayList<>();
        if (id.isTest()) {
            tests.add(name(id));
        } else if (plan != null) {
            plan.getDescendants(id).stream().filter(TestIdentifier::isTest).map(this::name).forEach(tests::add);
        }
        if (tests.isEmpty()) {
            return; // a container without tests, or one whose tests report for themselves
        }
        skipped.computeIfAbsent(reason, r -> new ArrayList<>()).addAll(tests);
        String what = id.isTest() ? tests.get(0) : name(id) + " (" + tests.size() + (tests.size() == 1 ? " test)"
                : " tests)");
        console.println("SKIPPED " + what + ": " + oneLine(reason));
    }

    private String name(TestIdentifier id) {
        TestSource source = id.getSource().orElse(null);
        if (source instanceof MethodSource m) {
            String simple = m.getClassName().substring(m.getClassName().lastIndexOf('.') + 1);
            String method = simple + "." + m.getMethodName();
            // A parameterized or repeated test: its invocations share the method, the display name tells them apart.
            return id.getDisplayName().startsWith(m.getMethodName() + "(") ? method : method + id.getDisplayName();
        }
        if (source instanceof ClassSource c) {
            return c.getClassName().substring(c.getClassName().lastIndexOf('.') + 1);
        }
        return id.getDisplayName();
    }

    private static String oneLine(String text) {
        return text.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
