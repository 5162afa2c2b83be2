package io.neurectomy.console.core.health;

import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.Severity;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/**
 * What one probe found in one run.
 *
 * @param probe    the probe
 * @param findings what it found, most urgent first; never empty (a probe that found nothing to say reports OK)
 * @param took     how long it ran
 */
public record ProbeResult(HealthProbe probe, List<Finding> findings, Duration took) {
    public ProbeResult {
        findings = findings.stream().sorted(Finding.URGENCY).toList();
    }

    /** The most urgent severity among the findings. */
    public Severity severity() {
        return findings.stream().map(Finding::severity).min(Comparator.naturalOrder()).orElse(Severity.OK);
    }
}
