package io.neurectomy.console.cli;

import io.neurectomy.console.core.config.ReloadReport;
import io.neurectomy.console.core.config.ReplicaResult;
import io.neurectomy.console.core.ops.Progress;
import java.io.PrintWriter;

/** How reload transactions show their progress and outcome on a terminal (and in a cron mail). */
final class ReportPrinter {
    private ReportPrinter() {
    }

    static Progress progress(PrintWriter out) {
        return (done, total, message) -> {
            out.println("[" + done + "/" + total + "] " + message);
            out.flush();
        };
    }

    static void print(ReloadReport report, PrintWriter out, PrintWriter err) {
        for (ReplicaResult r : report.replicas()) {
            out.printf("  %-16s %-12s %s%n", r.pod(), r.outcome(), r.detail());
        }
        if (report.success()) {
            out.println(report.summary());
        } else {
            err.println("error: " + report.summary());
            if (report.serverError() != null && !report.serverError().isBlank()) {
                err.println("The server said:");
                report.serverError().lines().forEach(l -> err.println("  " + l));
            }
        }
        out.flush();
        err.flush();
    }
}
