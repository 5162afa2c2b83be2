package io.neurectomy.console.core.stack;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The form a stack value must have. Values are checked before they reach a template, so that a value cannot change
 * the structure of a file: types with a restricted alphabet may appear inside a larger text (a URL in a config
 * file); free-text types ({@link #PASSWORD}, {@link #HTPASSWD}, {@link #SECRET_TEXT}) only as a whole YAML value.
 */
public enum ValueType {
    /** A DNS name such as {@code prometheus.example.org}. */
    HOSTNAME("hostname", "a DNS name such as monitoring.example.org (lower case letters, digits, '-' and '.')",
            "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*", true),
    /** {@code host} or {@code host:port}. */
    HOST_PORT("hostPort", "host or host:port, e.g. postgres.db.svc:5432",
            "[A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?(:[0-9]{1,5})?", true),
    /** A Kubernetes object name (DNS-1123 subdomain). */
    NAME("name", "a Kubernetes name (lower case letters, digits, '-' and '.', starting and ending alphanumeric)",
            "[a-z0-9]([-a-z0-9.]*[a-z0-9])?", true),
    /** A label value or similar identifier. */
    LABEL("label", "letters, digits, '_', '-' and '.' (like a label value)", "[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?",
            true),
    /** A non-negative whole number. */
    INTEGER("integer", "a whole number such as 2", "[0-9]{1,9}", true),
    /** A TCP/UDP port. */
    PORT("port", "a port number from 1 to 65535", "[0-9]{1,5}", true) {
        @Override
        boolean extraValid(String value) {
            int port = Integer.parseInt(value);
            return port >= 1 && port <= 65535;
        }
    },
    /** A Kubernetes resource quantity. */
    QUANTITY("quantity", "a Kubernetes quantity such as 500m, 2, 8Gi or 200Gi",
            "[0-9]+(\\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?", true),
    /** A Prometheus duration. */
    DURATION("duration", "a Prometheus duration such as 15d, 12h or 1h30m", "([0-9]+(ms|s|m|h|d|w|y))+", true),
    /** A Prometheus size (powers of two). */
    BYTES("bytes", "a Prometheus size such as 160GB (units B, KB, MB, GB, TB, PB, EB; powers of 2)",
            "[0-9]+(B|KB|MB|GB|TB|PB|EB)", true),
    /** A container image tag. */
    IMAGE_TAG("imageTag", "an image tag such as v2.53.0", "[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}", true),
    /** An http(s) URL without quotes, spaces or braces. */
    URL("url", "an http:// or https:// URL without spaces, quotes or braces",
            "https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~%!$&()*+,;=:@/?-]*)?", true),
    /** An API token or routing key. */
    TOKEN("token", "letters, digits, '_' and '-' (an API key)", "[A-Za-z0-9_-]{8,256}", true),
    /** An IPv4 CIDR. */
    CIDR("cidr", "an IPv4 address range such as 10.0.0.0/16", "[0-9]{1,3}(\\.[0-9]{1,3}){3}/[0-9]{1,2}", true) {
        @Override
        boolean extraValid(String value) {
            return Cidr.parse(value) != null;
        }
    },
    /** A Slack channel or user. */
    SLACK_CHANNEL("slackChannel", "a Slack channel such as #monitoring-alerts", "[#@]?[A-Za-z0-9._-]{1,80}", true),
    /** A Grafana database type. */
    DATABASE_TYPE("databaseType", "sqlite3, postgres or mysql", "sqlite3|postgres|mysql", true),
    /** A password: at least 12 characters on one line. */
    PASSWORD("password", "at least 12 characters on one line", "[^\\r\\n]{12,}", false),
    /** htpasswd lines {@code user:hash}. */
    HTPASSWD("htpasswd", "htpasswd lines user:hash (e.g. from htpasswd -nB user)",
            "([^:\\s]+:\\S+)(\\r?\\n[^:\\s]+:\\S+)*\\r?\\n?", false),
    /** Any text on one line. */
    SECRET_TEXT("secretText", "text on one line", "[^\\r\\n]*", false);

    private final String id;
    private final String form;
    private final Pattern pattern;
    private final boolean embeddable;

    ValueType(String id, String form, String regex, boolean embeddable) {
        this.id = id;
        this.form = form;
        this.pattern = Pattern.compile(regex);
        this.embeddable = embeddable;
    }

    /** The name used in {@code values.yaml}. */
    public String id() {
        return id;
    }

    /** A description of the expected form, for messages. */
    public String form() {
        return form;
    }

    /** Whether a value of this type may appear inside a larger text rather than only as a whole YAML value. */
    public boolean embeddable() {
        return embeddable;
    }

    /** Whether {@code value} has this form. */
    public boolean valid(String value) {
        return value != null && pattern.matcher(value).matches() && extraValid(value);
    }

    boolean extraValid(String value) {
        return true;
    }

    /** The type named {@code id} in {@code values.yaml}, or null. */
    public static ValueType byId(String id) {
        for (ValueType t : values()) {
            if (t.id.equals(id) || t.name().toLowerCase(Locale.ROOT).equals(id)) {
                return t;
            }
        }
        return null;
    }
}
