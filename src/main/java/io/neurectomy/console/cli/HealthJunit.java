package io.neurectomy.console.cli;

import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.Severity;
import io.neurectomy.console.core.health.HealthArea;
import io.neurectomy.console.core.health.HealthReport;
import io.neurectomy.console.core.health.ProbeResult;
import java.io.StringWriter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * A health report as a JUnit XML report, so that a CI pipeline shows each check as a test case: one test suite per
 * component, one test case per check. A check with a CRITICAL, ERROR or WARNING finding fails (its {@code type} is
 * the severity); one that could only say UNKNOWN is skipped with the reason; the rest pass.
 */
final class HealthJunit {
    private HealthJunit() {
    }

    static String xml(HealthReport report) {
        StringWriter text = new StringWriter();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(text);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuites");
            xml.writeAttribute("name", "monitoring-console health " + report.namespace());
            xml.writeAttribute("tests", String.valueOf(Math.max(1, report.results().size())));
            xml.writeAttribute("failures", String.valueOf(report.results().stream()
                    .filter(r -> !failing(report, r).isEmpty()).count() + (report.notChecked().isEmpty() ? 0 : 1)));
            xml.writeAttribute("time", seconds(report.took().toMillis()));
            xml.writeCharacters("\n");
            if (!report.notChecked().isEmpty()) {
                suite(xml, "health", report, List.of());
            }
            for (HealthArea area : HealthArea.values()) {
                List<ProbeResult> results = report.results(area);
                if (!results.isEmpty()) {
                    suite(xml, area.title(), report, results);
                }
            }
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write the JUnit report", e);
        }
        return text.toString();
    }

    private static void suite(XMLStreamWriter xml, String name, HealthReport report, List<ProbeResult> results)
            throws XMLStreamException {
        xml.writeCharacters("  ");
        xml.writeStartElement("testsuite");
        xml.writeAttribute("name", name);
        xml.writeAttribute("timestamp", report.checkedAt().toString());
        xml.writeAttribute("tests", String.valueOf(Math.max(1, results.size())));
        xml.writeAttribute("failures", String.valueOf(results.isEmpty() ? 1
                : results.stream().filter(r -> !failing(report, r).isEmpty()).count()));
        xml.writeAttribute("skipped", String.valueOf(results.stream()
                .filter(r -> r.severity() == Severity.UNKNOWN).count()));
        xml.writeAttribute("time", seconds(results.stream().mapToLong(r -> r.took().toMillis()).sum()));
        xml.writeCharacters("\n");
        if (results.isEmpty()) {
            xml.writeCharacters("    ");
            xml.writeStartElement("testcase");
            xml.writeAttribute("classname", "health");
            xml.writeAttribute("name", "cluster reachable");
            xml.writeStartElement("failure");
            xml.writeAttribute("type", "NOT_CHECKED");
            xml.writeAttribute("message", "Could not check: " + report.notChecked());
            xml.writeEndElement();
            xml.writeEndElement();
            xml.writeCharacters("\n");
        }
        for (ProbeResult r : results) {
            xml.writeCharacters("    ");
            xml.writeStartElement("testcase");
            xml.writeAttribute("classname", "health." + r.probe().area().name().toLowerCase(Locale.ROOT));
            xml.writeAttribute("name", r.probe().code() + ": " + r.probe().title());
            xml.writeAttribute("time", seconds(r.took().toMillis()));
            List<Finding> failing = failing(report, r);
            if (!failing.isEmpty()) {
                xml.writeStartElement("failure");
                xml.writeAttribute("type", r.severity().name());
                xml.writeAttribute("message", failing.get(0).subject() + ": " + failing.get(0).message());
                xml.writeCharacters(lines(failing));
                xml.writeEndElement();
            } else if (r.severity() == Severity.UNKNOWN) {
                xml.writeStartElement("skipped");
                xml.writeAttribute("message", lines(r.findings()));
                xml.writeEndElement();
            }
            xml.writeStartElement("system-out");
            xml.writeCharacters("by hand: " + r.probe().guide(report.namespace()) + "\n" + lines(r.findings()));
            xml.writeEndElement();
            xml.writeEndElement();
            xml.writeCharacters("\n");
        }
        xml.writeCharacters("  ");
        xml.writeEndElement();
        xml.writeCharacters("\n");
    }

    /** The findings that fail {@code r}'s test case: those that ask for action and no acknowledgement covers. */
    private static List<Finding> failing(HealthReport report, ProbeResult r) {
        return r.findings().stream().filter(f -> f.actionable() && report.acknowledgement(f).isEmpty()).toList();
    }

    private static String lines(List<Finding> findings) {
        return findings.stream().map(Finding::toString).collect(Collectors.joining("\n"));
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
    }
}
