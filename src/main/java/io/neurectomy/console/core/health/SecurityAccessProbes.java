package io.neurectomy.console.core.health;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.check.Severity;
import io.neurectomy.console.core.cluster.ApiMessages;
import io.neurectomy.console.core.stack.StackComponent;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The access checks: what Prometheus's service account may do (SubjectAccessReviews, as {@code kubectl auth can-i}
 * asks), and the Ingresses' TLS certificates (the Secret's certificate only: subject, names and dates; never the key
 * or any other data of the Secret).
 */
final class SecurityAccessProbes {
    /** Days of validity below which a certificate is a warning; below {@link #CRITICAL_DAYS} critical. */
    static final int WARNING_DAYS = 30;
    static final int CRITICAL_DAYS = 7;

    /** A request to ask about: verb, resource, namespace ("" for cluster-wide). */
    record Access(String verb, String resource, boolean namespaced) {
        String describe(String ns) {
            return verb + " " + resource + (namespaced ? " in " + ns : " cluster-wide");
        }
    }

    /** What service discovery needs (manifests/01-rbac.yaml). */
    static final List<Access> NEEDED = List.of(new Access("list", "pods", false), new Access("list", "nodes", false),
            new Access("list", "endpoints", false), new Access("list", "services", false));
    /** What it must not be able to do. */
    static final List<Access> FORBIDDEN = List.of(new Access("get", "secrets", true),
            new Access("list", "secrets", false), new Access("create", "pods", true),
            new Access("delete", "pods", true));

    private static final ResourceDefinitionContext CERTIFICATES = new ResourceDefinitionContext.Builder()
            .withGroup("cert-manager.io").withVersion("v1").withKind("Certificate").withPlural("certificates")
            .withNamespaced(true).build();

    private SecurityAccessProbes() {
    }

    static HealthProbe rbac() {
        return new HealthProbe("security-rbac", HealthArea.SECURITY,
                "Prometheus's service account may read what discovery needs, and nothing more",
                "kubectl auth can-i list pods --as=system:serviceaccount:NS:prometheus",
                SecurityAccessProbes::rbac);
    }

    static HealthProbe tls() {
        return new HealthProbe("security-tls", HealthArea.SECURITY,
                "Each Ingress's certificate exists, names its hosts and is not about to expire",
                "kubectl get ingress -n NS -o yaml; kubectl get certificate -n NS", SecurityAccessProbes::tls);
    }

    // ---- RBAC -----------------------------------------------------------------------------------------------------

    private static List<Finding> rbac(HealthContext c) {
        String code = "security-rbac";
        String ns = c.namespace();
        String account = serviceAccount(c);
        String user = "system:serviceaccount:" + ns + ":" + account;
        String subject = "ServiceAccount/" + account;
        List<Finding> findings = new ArrayList<>();
        List<String> evidence = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<String> excess = new ArrayList<>();
        for (Access access : concat(NEEDED, FORBIDDEN)) {
            SubjectAccessReview answer;
            try {
                answer = c.client().authorization().v1().subjectAccessReview().create(new SubjectAccessReviewBuilder()
                        .withNewSpec().withUser(user).addToGroups("system:serviceaccounts",
                                "system:serviceaccounts:" + ns, "system:authenticated")
                        .withNewResourceAttributes().withVerb(access.verb()).withResource(access.resource())
                        .withNamespace(access.namespaced() ? ns : "").endResourceAttributes().endSpec().build());
            } catch (KubernetesClientException e) {
                return List.of(Finding.of(Severity.UNKNOWN, code, subject, "could not ask the API server what "
                        + user + " may do: " + ApiMessages.status(e))
                        .withFix("The check needs permission to create subjectaccessreviews"
                                + " (authorization.k8s.io)."));
            }
            boolean allowed = answer.getStatus() != null && Boolean.TRUE.equals(answer.getStatus().getAllowed());
            String reason = answer.getStatus() == null || answer.getStatus().getReason() == null ? ""
                    : answer.getStatus().getReason();
            evidence.add("can-i " + access.describe(ns) + ": " + (allowed ? "yes" : "no")
                    + (reason.isEmpty() ? "" : " (" + reason + ")"));
            if (NEEDED.contains(access) && !allowed) {
                missing.add(access.describe(ns));
            } else if (FORBIDDEN.contains(access) && allowed) {
                excess.add(access.describe(ns) + (reason.isEmpty() ? "" : " (" + reason + ")"));
            }
        }
        String data = String.join("\n", evidence);
        if (!missing.isEmpty()) {
            findings.add(Finding.of(Severity.ERROR, code, subject, user + " may not " + String.join(", ", missing)
                            + ": service discovery finds nothing there")
                    .withEvidence(data)
                    .withFix("Restore the ClusterRole and ClusterRoleBinding monitoring-prometheus of"
                            + " manifests/01-rbac.yaml."));
        }
        for (String extra : excess) {
            findings.add(Finding.of(Severity.WARNING, code, subject, user + " may " + extra
                            + ", which it does not need")
                    .withEvidence(data)
                    .withFix("Remove the binding that grants it: Prometheus needs only get, list and watch on nodes,"
                            + " pods, services, endpoints and endpointslices."));
        }
        if (findings.isEmpty()) {
            findings.add(Finding.of(Severity.OK, code, subject, user + " may list pods, nodes, endpoints and"
                    + " services, and may not read secrets or create or delete pods").withEvidence(data));
        }
        return findings;
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** The service account Prometheus's pods run as (its StatefulSet's template), else the stack's name for it. */
    private static String serviceAccount(HealthContext c) {
        try {
            StatefulSet sts = c.client().apps().statefulSets().inNamespace(c.namespace())
                    .withName(c.workloadName(StackComponent.PROMETHEUS)).get();
            String name = sts == null ? null : sts.getSpec().getTemplate().getSpec().getServiceAccountName();
            return name == null || name.isEmpty() ? StackComponent.PROMETHEUS.workload() : name;
        } catch (KubernetesClientException e) {
            return StackComponent.PROMETHEUS.workload();
        }
    }

    // ---- TLS ------------------------------------------------------------------------------------------------------

    private static List<Finding> tls(HealthContext c) {
        String code = "security-tls";
        String ns = c.namespace();
        List<Ingress> ingresses;
        try {
            ingresses = c.client().network().v1().ingresses().inNamespace(ns).list().getItems();
        } catch (KubernetesClientException e) {
            return List.of(Finding.of(Severity.UNKNOWN, code, "Namespace/" + ns, "could not read the Ingresses: "
                    + ApiMessages.status(e)));
        }
        List<Finding> findings = new ArrayList<>();
        if (ingresses.isEmpty()) {
            findings.add(Finding.of(Severity.INFO, code, "Namespace/" + ns, "no Ingress: the stack is reached"
                    + " through port-forwards only, so there is no certificate to check"));
        }
        Instant now = Instant.now();
        for (Ingress ingress : ingresses) {
            String subject = "Ingress/" + ingress.getMetadata().getName();
            List<IngressTLS> tls = ingress.getSpec().getTls() == null ? List.of() : ingress.getSpec().getTls();
            if (tls.isEmpty()) {
                findings.add(Finding.of(Severity.WARNING, code, subject, "serves plain HTTP: no TLS section")
                        .withFix("Add spec.tls with a Secret issued for its host (cert-manager, or your CA)."));
                continue;
            }
            Set<String> ruleHosts = new LinkedHashSet<>();
            for (IngressRule rule : ingress.getSpec().getRules() == null ? List.<IngressRule>of()
                    : ingress.getSpec().getRules()) {
                if (rule.getHost() != null) {
                    ruleHosts.add(rule.getHost());
                }
            }
            for (IngressTLS entry : tls) {
                findings.add(certificate(c, code, subject, entry, ruleHosts, now));
            }
        }
        findings.addAll(certManager(c, code, now));
        return findings;
    }

    private static Finding certificate(HealthContext c, String code, String subject, IngressTLS entry,
                                       Set<String> ruleHosts, Instant now) {
        String secretName = entry.getSecretName();
        Secret secret;
        try {
            secret = c.client().secrets().inNamespace(c.namespace()).withName(secretName).get();
        } catch (KubernetesClientException e) {
            return Finding.of(Severity.UNKNOWN, code, subject, "could not read Secret " + secretName + ": "
                    + ApiMessages.status(e));
        }
        if (secret == null) {
            return Finding.of(Severity.WARNING, code, subject, "its TLS Secret " + secretName + " does not exist:"
                            + " the ingress controller serves its default certificate, which browsers refuse")
                    .withFix("Issue it with cert-manager, or kubectl create secret tls " + secretName + " -n "
                            + c.namespace() + " --cert=… --key=…");
        }
        String pem = secret.getData() == null ? null : secret.getData().get("tls.crt");
        X509Certificate certificate;
        try {
            if (pem == null) {
                throw new CertificateException("no tls.crt key");
            }
            Collection<? extends java.security.cert.Certificate> chain = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(Base64.getMimeDecoder().decode(pem)));
            if (chain.isEmpty()) {
                throw new CertificateException("no certificate in tls.crt");
            }
            certificate = (X509Certificate) chain.iterator().next();
        } catch (CertificateException | IllegalArgumentException e) {
            return Finding.of(Severity.ERROR, code, subject, "the certificate in Secret " + secretName
                            + " does not parse: " + e.getMessage())
                    .withFix("Replace the Secret with a PEM certificate (tls.crt) and its key (tls.key).");
        }
        List<String> names = dnsNames(certificate);
        long days = Duration.between(now, certificate.getNotAfter().toInstant()).toDays();
        String evidence = "Secret " + secretName + "\nsubject: " + certificate.getSubjectX500Principal().getName()
                + "\nissuer: " + certificate.getIssuerX500Principal().getName() + "\nDNS names: " + names
                + "\nnot before: " + certificate.getNotBefore().toInstant() + "\nnot after: "
                + certificate.getNotAfter().toInstant() + " (" + days + " days)";
        Set<String> hosts = new LinkedHashSet<>(entry.getHosts() == null ? List.of() : entry.getHosts());
        hosts.addAll(ruleHosts);
        List<String> uncovered = hosts.stream().filter(h -> names.stream().noneMatch(n -> covers(n, h))).toList();
        String fix = "Renew it (cert-manager renews before expiry when its Certificate is Ready; check the issuer),"
                + " or replace the Secret.";
        if (certificate.getNotAfter().toInstant().isBefore(now)) {
            return Finding.of(Severity.CRITICAL, code, subject, "the certificate of Secret " + secretName
                    + " expired on " + certificate.getNotAfter().toInstant()).withEvidence(evidence).withFix(fix);
        }
        if (!uncovered.isEmpty()) {
            return Finding.of(Severity.ERROR, code, subject, "the certificate of Secret " + secretName
                            + " does not name " + uncovered + " (it names " + names + "): browsers refuse it")
                    .withEvidence(evidence)
                    .withFix("Issue the certificate for the Ingress's hosts (dnsNames of the Certificate).");
        }
        if (days < CRITICAL_DAYS) {
            return Finding.of(Severity.CRITICAL, code, subject, "the certificate of Secret " + secretName
                    + " expires in " + days + " days").withEvidence(evidence).withFix(fix);
        }
        if (days < WARNING_DAYS) {
            return Finding.of(Severity.WARNING, code, subject, "the certificate of Secret " + secretName
                    + " expires in " + days + " days").withEvidence(evidence).withFix(fix);
        }
        if (certificate.getNotBefore().toInstant().isAfter(now)) {
            return Finding.of(Severity.WARNING, code, subject, "the certificate of Secret " + secretName
                    + " is not valid before " + certificate.getNotBefore().toInstant() + " (is a clock wrong?)")
                    .withEvidence(evidence);
        }
        return Finding.of(Severity.OK, code, subject, "certificate for " + hosts + " valid for " + days + " more days")
                .withEvidence(evidence);
    }

    private static List<String> dnsNames(X509Certificate certificate) {
        try {
            Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
            if (alternatives == null) {
                return List.of();
            }
            return alternatives.stream().filter(n -> Integer.valueOf(2).equals(n.get(0)))
                    .map(n -> String.valueOf(n.get(1))).toList();
        } catch (CertificateParsingException e) {
            return List.of();
        }
    }

    /** Whether the certificate name {@code name} (perhaps {@code *.domain}) covers {@code host}. */
    static boolean covers(String name, String host) {
        String n = name.toLowerCase(Locale.ROOT);
        String h = host.toLowerCase(Locale.ROOT);
        if (n.startsWith("*.")) {
            int dot = h.indexOf('.');
            return dot > 0 && h.substring(dot).equals(n.substring(1));
        }
        return n.equals(h);
    }

    /**
     * cert-manager's Certificates in the namespace, where its API exists (a cluster without cert-manager answers 404:
     * nothing to check): each should be Ready, and the certificate it issued ({@code status.notAfter}) not about to
     * expire, with the Ingress certificates' thresholds (a Ready Certificate close to expiry was not renewed).
     */
    private static List<Finding> certManager(HealthContext c, String code, Instant now) {
        List<GenericKubernetesResource> certificates;
        try {
            certificates = c.client().genericKubernetesResources(CERTIFICATES).inNamespace(c.namespace()).list()
                    .getItems();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return List.of();
            }
            return List.of(Finding.of(Severity.UNKNOWN, code, "Namespace/" + c.namespace(), "could not read"
                    + " cert-manager's Certificates: " + ApiMessages.status(e)));
        }
        List<Finding> findings = new ArrayList<>();
        for (GenericKubernetesResource certificate : certificates) {
            findings.add(certManagerCertificate(c, code, certificate, now));
        }
        return findings;
    }

    private static Finding certManagerCertificate(HealthContext c, String code, GenericKubernetesResource certificate,
                                                  Instant now) {
        String name = certificate.getMetadata().getName();
        String subject = "Certificate/" + name;
        Map<?, ?> spec = certificate.getAdditionalProperties().get("spec") instanceof Map<?, ?> m ? m : Map.of();
        Map<?, ?> status = certificate.getAdditionalProperties().get("status") instanceof Map<?, ?> m ? m : Map.of();
        List<?> conditions = status.get("conditions") instanceof List<?> l ? l : List.of();
        Map<?, ?> ready = conditions.stream().filter(x -> x instanceof Map<?, ?> m && "Ready".equals(m.get("type")))
                .map(x -> (Map<?, ?>) x).findFirst().orElse(Map.of());
        Instant notAfter = instant(status.get("notAfter"));
        long days = notAfter == null ? 0 : Duration.between(now, notAfter).toDays();
        String evidence = "spec.secretName: " + spec.get("secretName") + "\nspec.dnsNames: " + spec.get("dnsNames")
                + "\nstatus.notAfter: " + (notAfter == null ? "none" : notAfter + " (" + days + " days)")
                + "\nstatus.renewalTime: " + status.get("renewalTime") + "\nconditions:\n"
                + conditions.stream().map(String::valueOf).collect(Collectors.joining("\n"));
        String describe = "kubectl describe certificate " + name + " -n " + c.namespace()
                + ": the issuer's answer says what is wrong.";
        String expiry = notAfter == null ? "" : notAfter.isBefore(now) ? "its certificate expired on " + notAfter
                : "its certificate expires in " + days + " days";
        boolean isReady = "True".equals(ready.get("status"));
        Severity byExpiry = notAfter == null ? Severity.OK : notAfter.isBefore(now) || days < CRITICAL_DAYS
                ? Severity.CRITICAL : days < WARNING_DAYS ? Severity.WARNING : Severity.OK;
        if (!isReady) {
            Severity severity = byExpiry == Severity.CRITICAL ? Severity.CRITICAL : Severity.WARNING;
            return Finding.of(severity, code, subject, "not Ready"
                            + (ready.get("message") == null ? "" : ": " + ready.get("message"))
                            + (expiry.isEmpty() ? "" : "; " + expiry))
                    .withEvidence(evidence).withFix(describe);
        }
        if (byExpiry != Severity.OK) {
            return Finding.of(byExpiry, code, subject, "Ready, but " + expiry + ": cert-manager has not renewed it")
                    .withEvidence(evidence)
                    .withFix("cert-manager renews at status.renewalTime (a third of the lifetime before expiry by"
                            + " default); check its logs and the issuer, or renew now: cmctl renew " + name + " -n "
                            + c.namespace() + ". " + describe);
        }
        return Finding.of(Severity.OK, code, subject, notAfter == null ? "Ready"
                : "Ready, valid for " + days + " more days").withEvidence(evidence);
    }

    /** An RFC 3339 time as the API writes it; null when absent or unreadable. */
    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(String.valueOf(value));
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
