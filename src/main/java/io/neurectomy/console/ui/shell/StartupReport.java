package io.neurectomy.console.ui.shell;

/**
 * Reports the moment the window is first shown, for measuring the start time ({@code bench/startup.sh}): with the
 * environment variable {@value #ENV} set to {@code 1} (or the system property {@value #PROPERTY} to {@code true}),
 * at the end of the first pulse of the shown window (its first frame laid out and handed to the renderer) one line
 * goes to standard output: {@code window-shown <epoch milliseconds> <title>}. Without them nothing is printed.
 */
public final class StartupReport {
    /** The environment variable that asks for the report. */
    public static final String ENV = "MONITORING_CONSOLE_REPORT_SHOWN";
    /** The system property that asks for the report. */
    public static final String PROPERTY = "console.reportShown";

    private static boolean reported;

    private StartupReport() {
    }

    /** Called after the first pulse of a shown window; reports the first one when asked to. */
    static synchronized void windowShown(String title) {
        if (reported || !(Boolean.getBoolean(PROPERTY) || "1".equals(System.getenv(ENV)))) {
            return;
        }
        reported = true;
        System.out.println("window-shown " + System.currentTimeMillis() + " " + title);
        System.out.flush();
    }
}
