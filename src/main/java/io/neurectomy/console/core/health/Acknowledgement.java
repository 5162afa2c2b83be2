package io.neurectomy.console.core.health;

import io.neurectomy.console.core.check.Finding;
import java.time.Instant;
import java.util.Objects;

/**
 * A finding the team accepts for a while (a single-zone cluster, a known slow target): on its kube context, the
 * finding's code and subject, why, who, and until when. While it applies the finding is shown as acknowledged and
 * does not count toward the verdict; once it expires it stops applying and is shown as expired.
 *
 * @param context      the kubeconfig context it applies on
 * @param code         the finding's code ({@code workload-replicas})
 * @param subject      the finding's subject ({@code alertmanager}); empty for a finding without one
 * @param reason       why the team accepts it (required)
 * @param author       who acknowledged it
 * @param acknowledged when
 * @param expires      when it stops applying
 */
public record Acknowledgement(String context, String code, String subject, String reason, String author,
        Instant acknowledged, Instant expires) {
    public Acknowledgement {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(code, "code");
        subject = subject == null ? "" : subject;
        Objects.requireNonNull(reason, "reason");
        if (reason.isBlank()) {
            throw new IllegalArgumentException("an acknowledgement needs a reason");
        }
        author = author == null ? "" : author;
        Objects.requireNonNull(acknowledged, "acknowledged");
        Objects.requireNonNull(expires, "expires");
        if (code.isBlank()) {
            throw new IllegalArgumentException("an acknowledgement needs the finding's code");
        }
    }

    /** Whether it has stopped applying at {@code now}. */
    public boolean expiredAt(Instant now) {
        return !now.isBefore(expires);
    }

    /** Whether it is about {@code finding} (same code and subject; the context is the caller's). */
    public boolean covers(Finding finding) {
        return code.equals(finding.code()) && subject.equals(finding.subject());
    }

    /** Whether it is the acknowledgement of {@code otherCode} on {@code otherSubject} in {@code otherContext}. */
    public boolean sameKey(String otherContext, String otherCode, String otherSubject) {
        return context.equals(otherContext) && code.equals(otherCode)
                && subject.equals(otherSubject == null ? "" : otherSubject);
    }
}
