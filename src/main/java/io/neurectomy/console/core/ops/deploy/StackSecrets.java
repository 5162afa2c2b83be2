package io.neurectomy.console.core.ops.deploy;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.neurectomy.console.core.stack.ValueType;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The secret values of a deploy (the wizard's secrets page, the secrets of a values file): Grafana's admin password
 * and secret key (generated or given), the Slack webhook and PagerDuty key, and the Ingress basic-auth users, whose
 * passwords are hashed with bcrypt into htpasswd lines ({@code user:$2y$…}); only the hashes reach the cluster.
 * Values are kept in memory only and never appear in {@link #toString()}.
 */
public final class StackSecrets {
    /** bcrypt cost of the basic-auth hashes (ingress-nginx checks them on every request: not too slow). */
    public static final int BCRYPT_COST = 10;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789-_.";

    private String grafanaAdminPassword;
    private String grafanaSecretKey;
    private String slackWebhookUrl;
    private String pagerdutyRoutingKey;
    private final Map<String, String> basicAuthHashes = new LinkedHashMap<>();
    private String keptHtpasswd;
    private boolean generatedKey;

    /** A random password of {@code length} characters (about 5.9 bits each) from a SecureRandom. */
    public static String generatePassword(int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return out.toString();
    }

    /** The htpasswd line of a user: {@code user:$2y$10$…} (bcrypt, the variant htpasswd -B writes). */
    public static String htpasswdLine(String user, char[] password) {
        if (user == null || !user.matches("[^:\\s]+")) {
            throw new DeployException("A basic-auth user name must not be empty or contain ':' or spaces.", null);
        }
        if (password == null || password.length < 8) {
            throw new DeployException("The basic-auth password of " + user + " must have at least 8 characters.",
                    null);
        }
        byte[] hash = BCrypt.with(BCrypt.Version.VERSION_2Y).hash(BCRYPT_COST, password);
        return user + ":" + new String(hash, StandardCharsets.US_ASCII);
    }

    /** Whether {@code password} matches an htpasswd line's bcrypt hash. */
    public static boolean verify(String htpasswdLine, char[] password) {
        int colon = htpasswdLine.indexOf(':');
        return colon > 0 && BCrypt.verifyer().verify(password, htpasswdLine.substring(colon + 1)
                .getBytes(StandardCharsets.US_ASCII)).verified;
    }

    /** Generates Grafana's admin password (24 characters) and returns it, for the user to note. */
    public String generateGrafanaAdminPassword() {
        grafanaAdminPassword = generatePassword(24);
        return grafanaAdminPassword;
    }

    public void setGrafanaAdminPassword(String value) {
        grafanaAdminPassword = value;
    }

    public String grafanaAdminPassword() {
        return grafanaAdminPassword;
    }

    public void setSlackWebhookUrl(String value) {
        slackWebhookUrl = value;
    }

    public void setPagerdutyRoutingKey(String value) {
        pagerdutyRoutingKey = value;
    }

    /** Grafana's secret_key; generated (32 characters) unless set. */
    public void setGrafanaSecretKey(String value) {
        grafanaSecretKey = value;
    }

    /** Adds (or replaces) a basic-auth user; only the bcrypt hash is kept. */
    public void addBasicAuthUser(String user, char[] password) {
        basicAuthHashes.put(user, htpasswdLine(user, password));
    }

    public void removeBasicAuthUser(String user) {
        basicAuthHashes.remove(user);
    }

    /** The basic-auth users, in the order added. */
    public List<String> basicAuthUsers() {
        return List.copyOf(basicAuthHashes.keySet());
    }

    /**
     * Keeps what the deployed stack has for every value left empty (see {@code StackDeployer.currentSecrets}):
     * a redeploy that re-enters nothing changes no Secret, and Grafana's secret key never changes once deployed.
     */
    public void keep(Map<String, String> current) {
        if (blank(grafanaAdminPassword)) {
            grafanaAdminPassword = current.get("grafanaAdminPassword");
        }
        if (current.containsKey("grafanaSecretKey") && (grafanaSecretKey == null || generatedKey)) {
            grafanaSecretKey = current.get("grafanaSecretKey");
            generatedKey = false;
        }
        if (blank(slackWebhookUrl)) {
            slackWebhookUrl = current.get("slackWebhookUrl");
        }
        if (blank(pagerdutyRoutingKey)) {
            pagerdutyRoutingKey = current.get("pagerdutyRoutingKey");
        }
        keptHtpasswd = current.get("ingressBasicAuthHtpasswd");
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** The htpasswd text of the basic-auth users (one line each), or empty. */
    public String htpasswd() {
        return String.join("\n", basicAuthHashes.values());
    }

    /**
     * What is wrong with the values, one sentence each (empty when none): what the stack's value types require,
     * without echoing a value.
     */
    public List<String> problems() {
        return problems(Set.of());
    }

    /** {@link #problems()}, leaving out the values a values file sets ({@code provided}). */
    public List<String> problems(Set<String> provided) {
        List<String> out = new ArrayList<>();
        if (!provided.contains("grafanaAdminPassword") && (grafanaAdminPassword == null
                || !ValueType.PASSWORD.valid(grafanaAdminPassword))) {
            out.add("Grafana admin password: generate one, or enter at least 12 characters on one line.");
        }
        if (!provided.contains("slackWebhookUrl") && (slackWebhookUrl == null
                || !ValueType.URL.valid(slackWebhookUrl))) {
            out.add("Slack webhook URL: enter the https:// URL of the incoming webhook.");
        }
        if (!provided.contains("pagerdutyRoutingKey") && (pagerdutyRoutingKey == null
                || !ValueType.TOKEN.valid(pagerdutyRoutingKey))) {
            out.add("PagerDuty routing key: enter the Events API v2 integration key (letters, digits, '_' and '-').");
        }
        if (!provided.contains("ingressBasicAuthHtpasswd") && basicAuthHashes.isEmpty() && blank(keptHtpasswd)) {
            out.add("Basic auth: add at least one user for the Prometheus and Alertmanager Ingresses.");
        }
        return out;
    }

    /** The values for {@code StackManifests.render} (only those set; a secret key is generated if none was given). */
    public Map<String, String> values() {
        Map<String, String> values = new LinkedHashMap<>();
        if (grafanaSecretKey == null) {
            grafanaSecretKey = generatePassword(32);
            generatedKey = true;
        }
        put(values, "grafanaAdminPassword", grafanaAdminPassword);
        put(values, "grafanaSecretKey", grafanaSecretKey);
        put(values, "slackWebhookUrl", slackWebhookUrl);
        put(values, "pagerdutyRoutingKey", pagerdutyRoutingKey);
        put(values, "ingressBasicAuthHtpasswd", basicAuthHashes.isEmpty() ? keptHtpasswd : htpasswd());
        return values;
    }

    private static void put(Map<String, String> values, String name, String value) {
        if (value != null && !value.isEmpty()) {
            values.put(name, value);
        }
    }

    @Override
    public String toString() {
        return "StackSecrets[" + basicAuthHashes.size() + " basic-auth users, values hidden]";
    }
}
