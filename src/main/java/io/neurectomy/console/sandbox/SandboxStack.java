package io.neurectomy.console.sandbox;

import io.neurectomy.console.core.stack.RenderedStack;
import io.neurectomy.console.core.stack.StackManifests;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The stack the sandbox is seeded with: the console's own bundled manifests, rendered for the {@value #ENVIRONMENT}
 * environment with values that suit a cluster on this machine.
 *
 * <p>Secrets get fresh random values on every start (nobody needs to know them: the sandbox has no Ingress
 * controller, and Grafana pods run in the API only). Notification receivers point at a closed local port, so
 * alerts that fire in the sandbox go nowhere.
 */
final class SandboxStack {
    /** The environment the sandbox runs, the one with the guide's replica counts. */
    static final String ENVIRONMENT = "production";

    private static final SecureRandom RANDOM = new SecureRandom();

    private SandboxStack() {
    }

    /** Renders the bundled stack for the sandbox. */
    static RenderedStack render() {
        return StackManifests.bundled().render(ENVIRONMENT, values());
    }

    /** The values the sandbox fills in; those with defaults keep them. */
    static Map<String, String> values() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("clusterName", "sandbox");
        values.put("domain", "sandbox.localhost");
        values.put("storageClass", "standard");
        // Port 9 (discard) on loopback: nothing listens, so a notification fails at once and quietly.
        values.put("slackWebhookUrl", "http://127.0.0.1:9/sandbox/slack");
        values.put("pagerdutyRoutingKey", randomToken(16));
        values.put("grafanaAdminPassword", randomToken(18));
        values.put("grafanaSecretKey", randomToken(24));
        values.put("ingressBasicAuthHtpasswd", "admin:" + ssha(randomToken(18)));
        return values;
    }

    private static String randomToken(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** An htpasswd {@code {SSHA}} hash: salted SHA-1, which nginx understands; enough for a throw-away sandbox. */
    private static String ssha(String password) {
        byte[] salt = new byte[8];
        RANDOM.nextBytes(salt);
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(password.getBytes(StandardCharsets.UTF_8));
            sha1.update(salt);
            byte[] digest = sha1.digest();
            byte[] both = new byte[digest.length + salt.length];
            System.arraycopy(digest, 0, both, 0, digest.length);
            System.arraycopy(salt, 0, both, digest.length, salt.length);
            return "{SSHA}" + Base64.getEncoder().encodeToString(both);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every Java runtime", e);
        }
    }
}
