package io.neurectomy.console.core.config;

import static io.neurectomy.console.core.config.Values.BOOL;
import static io.neurectomy.console.core.config.Values.DURATION_VALUE;
import static io.neurectomy.console.core.config.Values.FLOAT;
import static io.neurectomy.console.core.config.Values.LABELS;
import static io.neurectomy.console.core.config.Values.LABEL_NAME_VALUE;
import static io.neurectomy.console.core.config.Values.REGEX;
import static io.neurectomy.console.core.config.Values.SECRET;
import static io.neurectomy.console.core.config.Values.SIZE_VALUE;
import static io.neurectomy.console.core.config.Values.STRING;
import static io.neurectomy.console.core.config.Values.STRINGS;
import static io.neurectomy.console.core.config.Values.UINT;
import static io.neurectomy.console.core.config.Values.URL;
import static io.neurectomy.console.core.config.Values.listOf;
import static io.neurectomy.console.core.config.Values.mapOf;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

/**
 * Checks a {@code prometheus.yml} the way upstream Prometheus loads it: known fields only (with the service discovery
 * kinds of upstream builds, including {@code kubernetes_sd_configs}), durations, label names, regexes, URLs,
 * relabelling, HTTP client settings, and unique job names.
 */
final class PrometheusConfigCheck {
    /** Service discovery kinds of upstream Prometheus; their inner fields are not checked here. */
    static final List<String> SD_KINDS = List.of("azure", "consul", "digitalocean", "docker", "dockerswarm", "dns",
            "ec2", "eureka", "file", "gce", "hetzner", "http", "ionos", "kubernetes", "kuma", "lightsail", "linode",
            "marathon", "nerve", "nomad", "openstack", "ovhcloud", "puppetdb", "scaleway", "serverset", "triton",
            "uyuni", "vultr", "stackit");
    private static final Set<String> ACTIONS = Set.of("replace", "keep", "drop", "keepequal", "dropequal", "hashmod",
            "labelmap", "labeldrop", "labelkeep", "lowercase", "uppercase");
    /** What Prometheus accepts as a relabelling's target label (relabel.go: relabelTarget). */
    private static final java.util.regex.Pattern RELABEL_TARGET = java.util.regex.Pattern.compile(
            "(?:(?:[a-zA-Z_]|\\$(?:\\{\\w+\\}|\\w+))+\\w*)+");
    /** rule_files and scrape_config_files: a glob only in the last path element (config.go: patRulePath). */
    private static final java.util.regex.Pattern FILE_GLOB = java.util.regex.Pattern.compile("[^*]*(\\*[^/]*)?");
    private static final List<String> SCRAPE_PROTOCOLS = List.of("OpenMetricsText0.0.1", "OpenMetricsText1.0.0",
            "PrometheusProto", "PrometheusText0.0.4", "PrometheusText1.0.0");
    private static final Set<String> RESERVED_HEADERS = Set.of("host", "content-encoding", "content-length",
            "content-type", "user-agent", "connection", "keep-alive", "proxy-authenticate", "proxy-authorization",
            "www-authenticate", "accept-encoding", "x-prometheus-remote-write-version",
            "x-prometheus-remote-read-version", "x-amz-date", "x-amz-security-token", "x-amz-content-sha256");
    private static final Set<String> TLS_VERSIONS = Set.of("TLS10", "TLS11", "TLS12", "TLS13");
    private static final Set<String> NEED_TARGET = Set.of("replace", "hashmod", "lowercase", "uppercase", "keepequal",
            "dropequal");

    static final Shape TLS = new Shape()
            .fields(STRING, "ca", "ca_file", "ca_ref", "cert", "cert_file", "cert_ref", "key_file", "key_ref",
                    "server_name", "min_version", "max_version")
            .field("key", SECRET).field("insecure_skip_verify", BOOL);
    private static final Shape BASIC_AUTH = new Shape()
            .fields(STRING, "username", "username_file", "username_ref", "password_file", "password_ref")
            .field("password", SECRET);
    private static final Shape AUTHORIZATION = new Shape()
            .fields(STRING, "type", "credentials_file", "credentials_ref").field("credentials", SECRET);
    private static final Shape PROXY = new Shape().field("proxy_url", URL).field("no_proxy", STRING)
            .field("proxy_from_environment", BOOL).field("proxy_connect_header", mapOf(STRING, listOf(SECRET)));
    private static final Shape OAUTH2 = new Shape()
            .fields(STRING, "client_id", "client_secret_file", "client_secret_ref").field("client_secret", SECRET)
            .field("scopes", STRINGS).field("token_url", URL).field("endpoint_params", mapOf(STRING, STRING))
            .field("tls_config", TLS).include(PROXY);
    static final Shape HTTP_CLIENT = new Shape()
            .field("basic_auth", BASIC_AUTH).field("authorization", AUTHORIZATION).field("oauth2", OAUTH2)
            .field("bearer_token", SECRET).field("bearer_token_file", STRING).field("tls_config", TLS)
            .include(PROXY).field("follow_redirects", BOOL).field("enable_http2", BOOL)
            .field("http_headers", mapOf(STRING, Values.ANY));

    private static final Shape RELABEL = new Shape()
            .field("source_labels", listOf(LABEL_NAME_VALUE)).field("separator", STRING).field("regex", REGEX)
            .field("modulus", UINT).field("target_label", STRING).field("replacement", STRING)
            .field("action", STRING);
    private static final Shape STATIC = new Shape().field("targets", STRINGS).field("labels", LABELS);
    private static final Shape SCRAPE = scrapeShape();
    private static final Shape ALERTMANAGER = alertmanagerShape();
    private static final Shape GLOBAL = new Shape()
            .fields(DURATION_VALUE, "scrape_interval", "scrape_timeout", "evaluation_interval", "rule_query_offset")
            .field("scrape_protocols", STRINGS).field("external_labels", LABELS).field("query_log_file", STRING)
            .field("scrape_failure_log_file", STRING).field("body_size_limit", SIZE_VALUE)
            .fields(UINT, "sample_limit", "label_limit", "label_name_length_limit", "label_value_length_limit",
                    "target_limit", "keep_dropped_targets")
            .fields(STRING, "metric_name_validation_scheme", "metric_name_escaping_scheme")
            .fields(BOOL, "convert_classic_histograms_to_nhcb", "always_scrape_classic_histograms",
                    "extra_scrape_metrics", "scrape_native_histograms");
    private static final Shape REMOTE_WRITE = new Shape().field("url", URL).field("remote_timeout", DURATION_VALUE)
            .field("headers", mapOf(STRING, SECRET)).field("write_relabel_configs", listOf(RELABEL))
            .fields(STRING, "name", "protobuf_message").fields(BOOL, "send_exemplars", "send_native_histograms",
                    "round_robin_dns")
            .field("sigv4", Values.ANY).field("azuread", Values.ANY).field("google_iam", Values.ANY)
            .field("queue_config", new Shape().fields(UINT, "capacity", "max_shards", "min_shards",
                    "max_samples_per_send").fields(DURATION_VALUE, "batch_send_deadline", "min_backoff",
                    "max_backoff", "sample_age_limit").field("retry_on_http_429", BOOL))
            .field("metadata_config", new Shape().field("send", BOOL).field("send_interval", DURATION_VALUE)
                    .field("max_samples_per_send", UINT))
            .include(HTTP_CLIENT);
    private static final Shape REMOTE_READ = new Shape().field("url", URL).field("remote_timeout", DURATION_VALUE)
            .field("headers", mapOf(STRING, SECRET)).field("name", STRING).field("required_matchers",
                    mapOf(LABEL_NAME_VALUE, STRING)).fields(BOOL, "read_recent", "filter_external_labels")
            .include(HTTP_CLIENT);
    private static final Shape ROOT = new Shape()
            .field("global", GLOBAL).field("runtime", new Shape().field("gogc", UINT))
            .field("rule_files", STRINGS).field("scrape_config_files", STRINGS)
            .field("scrape_configs", listOf(SCRAPE))
            .field("alerting", new Shape().field("alert_relabel_configs", listOf(RELABEL))
                    .field("alertmanagers", listOf(ALERTMANAGER)))
            .field("remote_write", listOf(REMOTE_WRITE)).field("remote_read", listOf(REMOTE_READ))
            .field("storage", new Shape().field("tsdb", new Shape().field("out_of_order_time_window",
                            DURATION_VALUE).field("retention", new Shape().field("time", DURATION_VALUE)
                            .field("size", SIZE_VALUE)))
                    .field("exemplars", new Shape().field("max_exemplars", Values.INT)))
            .field("tracing", new Shape().fields(STRING, "client_type", "endpoint", "compression")
                    .field("sampling_fraction", FLOAT).field("insecure", BOOL).field("tls_config", TLS)
                    .field("headers", mapOf(STRING, SECRET)).field("timeout", DURATION_VALUE))
            .field("otlp", Values.ANY);

    private PrometheusConfigCheck() {
    }

    private static Shape scrapeShape() {
        Shape s = new Shape().field("job_name", STRING)
                .fields(DURATION_VALUE, "scrape_interval", "scrape_timeout")
                .field("scrape_protocols", STRINGS).field("fallback_scrape_protocol", STRING)
                .fields(BOOL, "scrape_classic_histograms", "always_scrape_classic_histograms", "honor_labels",
                        "honor_timestamps", "track_timestamps_staleness", "enable_compression",
                        "convert_classic_histograms_to_nhcb", "extra_scrape_metrics", "scrape_native_histograms")
                .field("metrics_path", STRING).field("scheme", STRING).field("params", mapOf(STRING, STRINGS))
                .field("body_size_limit", SIZE_VALUE)
                .fields(UINT, "sample_limit", "label_limit", "label_name_length_limit", "label_value_length_limit",
                        "target_limit", "keep_dropped_targets", "native_histogram_bucket_limit")
                .field("native_histogram_min_bucket_factor", FLOAT)
                .fields(STRING, "metric_name_validation_scheme", "metric_name_escaping_scheme",
                        "scrape_failure_log_file")
                .field("relabel_configs", listOf(RELABEL)).field("metric_relabel_configs", listOf(RELABEL))
                .field("static_configs", listOf(STATIC)).include(HTTP_CLIENT);
        for (String kind : SD_KINDS) {
            s.field(kind + "_sd_configs", kind.equals("http") ? listOf(new Shape().field("url", Values.STRICT_URL)
                    .field("refresh_interval", DURATION_VALUE).include(HTTP_CLIENT)) : discoveryShape(kind));
        }
        return s;
    }

    private static Shape alertmanagerShape() {
        Shape s = new Shape().field("timeout", DURATION_VALUE).field("api_version", STRING)
                .field("path_prefix", STRING).field("scheme", STRING)
                .field("relabel_configs", listOf(RELABEL)).field("alert_relabel_configs", listOf(RELABEL))
                .field("static_configs", listOf(STATIC)).field("sigv4", Values.ANY).include(HTTP_CLIENT);
        for (String kind : SD_KINDS) {
            s.field(kind + "_sd_configs", discoveryShape(kind));
        }
        return s;
    }

    private static Values.Check discoveryShape(String kind) {
        return switch (kind) {
            case "file" -> listOf(DiscoveryCheck.FILE);
            case "dns" -> listOf(DiscoveryCheck.DNS);
            case "kubernetes" -> listOf(DiscoveryCheck.KUBERNETES);
            default -> listOf(Values.ANY);
        };
    }

    static void check(Node root, Findings findings) {
        ROOT.check(root, findings, "");
        if (!(root instanceof MappingNode)) {
            return;
        }
        for (String kind : List.of("rule_files", "scrape_config_files")) {
            for (Node f : YamlTree.items(YamlTree.get(root, kind))) {
                String path = YamlTree.scalar(f);
                if (path != null && !FILE_GLOB.matcher(path).matches()) {
                    findings.error(f, kind + ": '" + path + "' is not a valid path; a * may only stand in the last "
                            + "path element (e.g. rules/*.yml)");
                }
            }
        }
        nullItems(YamlTree.get(root, "scrape_configs"), "scrape_configs", "scrape config", findings);
        nullItems(YamlTree.get(root, "remote_write"), "remote_write", "remote write config", findings);
        nullItems(YamlTree.get(root, "remote_read"), "remote_read", "remote read config", findings);
        protocols(YamlTree.get(root, "global"), "global", findings);
        tracing(YamlTree.get(root, "tracing"), findings);
        Node global = YamlTree.get(root, "global");
        String globalInterval = YamlTree.string(global, "scrape_interval");
        String globalTimeout = YamlTree.string(global, "scrape_timeout");
        long defaultInterval = globalInterval == null ? 60_000 : Values.millis(globalInterval);
        long defaultTimeout = globalTimeout == null ? Math.min(10_000, defaultInterval) : Values.millis(globalTimeout);
        if (defaultInterval > 0 && defaultTimeout > defaultInterval && global != null) {
            findings.error(YamlTree.get(global, "scrape_timeout"), "global.scrape_timeout (" + globalTimeout + ") is "
                    + "greater than global.scrape_interval (" + (globalInterval == null ? "1m" : globalInterval)
                    + "); make the timeout at most the interval");
        }
        Map<String, Node> jobs = new HashMap<>();
        List<Node> scrapes = YamlTree.items(YamlTree.get(root, "scrape_configs"));
        for (int i = 0; i < scrapes.size(); i++) {
            Node sc = scrapes.get(i);
            if (!(sc instanceof MappingNode)) {
                continue;
            }
            String job = YamlTree.string(sc, "job_name");
            String where = "scrape_configs[" + i + "]";
            if (job == null || job.isEmpty()) {
                findings.error(sc, where + " has no job_name; every scrape config needs a unique job_name");
            } else {
                where = "scrape config '" + job + "'";
                Node first = jobs.putIfAbsent(job, sc);
                if (first != null) {
                    findings.error(YamlTree.get(sc, "job_name"), "job_name '" + job + "' is used twice (first at line "
                            + (first.getStartMark().getLine() + 1) + "); Prometheus refuses duplicate job names. "
                            + "Rename one");
                }
            }
            String interval = YamlTree.string(sc, "scrape_interval");
            String timeout = YamlTree.string(sc, "scrape_timeout");
            long iv = interval == null ? defaultInterval : Values.millis(interval);
            // Without its own timeout a job takes the global one capped at its interval: only an explicit one clashes.
            long to = timeout == null ? -1 : Values.millis(timeout);
            if (iv > 0 && to > iv) {
                findings.error(YamlTree.get(sc, "scrape_timeout"), where + ": scrape_timeout (" + timeout + ") is "
                        + "greater than scrape_interval (" + (interval != null ? interval : globalInterval == null
                        ? "1m, the default" : globalInterval) + "); make the timeout at most the interval");
            }
            String scheme = YamlTree.string(sc, "scheme");
            if (scheme != null && !scheme.equals("http") && !scheme.equals("https")) {
                findings.warning(YamlTree.get(sc, "scheme"), where + ": scheme '" + scheme + "' cannot be scraped; "
                        + "write http or https");
            }
            httpClient(sc, where, findings);
            protocols(sc, where, findings);
            relabels(YamlTree.get(sc, "relabel_configs"), where + " relabel_configs", findings);
            relabels(YamlTree.get(sc, "metric_relabel_configs"), where + " metric_relabel_configs", findings);
            staticTargets(sc, where, findings);
            DiscoveryCheck.check(sc, where, findings);
            for (Node http : YamlTree.items(YamlTree.get(sc, "http_sd_configs"))) {
                if (http instanceof MappingNode && YamlTree.get(http, "url") == null) {
                    findings.error(http, where + ": an http_sd_configs entry has no url; give the URL that lists "
                            + "the targets");
                }
                httpClient(http, where + " http_sd_configs", findings);
            }
        }
        Node alerting = YamlTree.get(root, "alerting");
        relabels(YamlTree.get(alerting, "alert_relabel_configs"), "alerting.alert_relabel_configs", findings);
        for (Node am : YamlTree.items(YamlTree.get(alerting, "alertmanagers"))) {
            httpClient(am, "alerting.alertmanagers", findings);
            relabels(YamlTree.get(am, "relabel_configs"), "alerting.alertmanagers relabel_configs", findings);
            relabels(YamlTree.get(am, "alert_relabel_configs"), "alerting.alertmanagers alert_relabel_configs",
                    findings);
            staticTargets(am, "alerting.alertmanagers", findings);
            DiscoveryCheck.check(am, "alerting.alertmanagers", findings);
            if (Values.set(am, "sigv4") && (Values.set(am, "basic_auth") || Values.set(am, "authorization")
                    || Values.set(am, "oauth2"))) {
                findings.error(YamlTree.keyNode(am, "sigv4"), "alerting.alertmanagers: at most one of basic_auth, "
                        + "authorization, oauth2 and sigv4 may be set; keep one way of authenticating");
            }
            String version = YamlTree.string(am, "api_version");
            if (version != null && !version.equals("v2") && !version.equals("v1")) {
                findings.error(YamlTree.get(am, "api_version"), "alerting.alertmanagers: api_version '" + version
                        + "' is unknown; write v2");
            }
        }
        for (String kind : List.of("remote_write", "remote_read")) {
            Map<String, Node> names = new HashMap<>();
            for (Node rw : YamlTree.items(YamlTree.get(root, kind))) {
                if (rw instanceof MappingNode && YamlTree.get(rw, "url") == null) {
                    findings.error(rw, kind + " entry has no url; give the receiving endpoint's URL");
                }
                httpClient(rw, kind, findings);
                headers(YamlTree.get(rw, "headers"), kind, findings);
                if (kind.equals("remote_write")) {
                    List<String> auth = new java.util.ArrayList<>();
                    for (String k : List.of("basic_auth", "authorization", "oauth2", "sigv4", "azuread",
                            "google_iam")) {
                        if (Values.set(rw, k)) {
                            auth.add(k);
                        }
                    }
                    if (auth.size() > 1 && auth.stream().anyMatch(a -> a.equals("sigv4") || a.equals("azuread")
                            || a.equals("google_iam"))) {
                        findings.error(rw, "remote_write: at most one of basic_auth, authorization, oauth2, sigv4, "
                                + "azuread and google_iam may be set, not " + String.join(" and ", auth)
                                + "; keep one way of authenticating");
                    }
                }
                relabels(YamlTree.get(rw, "write_relabel_configs"), kind + " write_relabel_configs", findings);
                String name = YamlTree.string(rw, "name");
                if (name != null && !name.isEmpty() && names.putIfAbsent(name, rw) != null) {
                    findings.error(YamlTree.get(rw, "name"), kind + " name '" + name + "' is used twice; names "
                            + "must be unique");
                }
            }
        }
    }

    /** A list entry left empty ("-" alone) where Prometheus needs a mapping: it refuses the file. */
    static void nullItems(Node list, String where, String what, Findings findings) {
        for (Node item : YamlTree.items(list)) {
            if (YamlTree.isNull(item)) {
                findings.error(item, where + " has an empty entry; Prometheus refuses an empty or null " + what
                        + ". Fill it in or remove the '-'");
            }
        }
    }

    /** Targets of static_configs must be host:port; checked only when no relabelling could rewrite them. */
    private static void staticTargets(Node block, String where, Findings findings) {
        nullItems(YamlTree.get(block, "static_configs"), where + " static_configs", "section in static_configs",
                findings);
        if (!YamlTree.items(YamlTree.get(block, "relabel_configs")).isEmpty()) {
            return;
        }
        for (Node st : YamlTree.items(YamlTree.get(block, "static_configs"))) {
            for (Node t : YamlTree.items(YamlTree.get(st, "targets"))) {
                String target = YamlTree.scalar(t);
                if (target != null && target.contains("/")) {
                    findings.error(t, where + ": target '" + target + "' is not a host:port; put the path in "
                            + (where.startsWith("alerting") ? "path_prefix" : "metrics_path")
                            + " and the scheme in scheme");
                }
            }
        }
    }

    /** scrape_protocols: known protocols, each once, not an empty list; fallback_scrape_protocol a known one. */
    private static void protocols(Node block, String where, Findings findings) {
        Node list = YamlTree.get(block, "scrape_protocols");
        if (list instanceof org.yaml.snakeyaml.nodes.SequenceNode seq && seq.getValue().isEmpty()) {
            findings.error(list, where + ": scrape_protocols cannot be empty; remove it to use the default");
        }
        Set<String> seen = new java.util.HashSet<>();
        for (Node p : YamlTree.items(list)) {
            String protocol = YamlTree.scalar(p);
            if (protocol == null) {
                continue;
            }
            if (!seen.add(protocol.toLowerCase(Locale.ROOT))) {
                findings.error(p, where + ": scrape protocol '" + protocol + "' is listed twice; remove one");
            } else if (!SCRAPE_PROTOCOLS.contains(protocol)) {
                findings.error(p, where + ": unknown scrape protocol '" + protocol + "'; use one of "
                        + SCRAPE_PROTOCOLS + " (case matters)");
            }
        }
        String fallback = YamlTree.string(block, "fallback_scrape_protocol");
        if (fallback != null && !fallback.isEmpty() && !SCRAPE_PROTOCOLS.contains(fallback)) {
            findings.error(YamlTree.get(block, "fallback_scrape_protocol"), where + ": fallback_scrape_protocol '"
                    + fallback + "' is unknown; use one of " + SCRAPE_PROTOCOLS + " (case matters)");
        }
    }

    /** The request headers Prometheus sets itself and refuses to take from the file (config.go: reservedHeaders). */
    static void headers(Node headers, String where, Findings findings) {
        for (NodeTuple t : YamlTree.entries(headers)) {
            String name = YamlTree.scalar(t.getKeyNode());
            if (name == null) {
                continue;
            }
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("authorization")) {
                findings.error(t.getKeyNode(), where + ": the Authorization header cannot be set in headers; use "
                        + "basic_auth, authorization, oauth2" + (where.equals("tracing") ? "" : " or sigv4"));
            } else if (RESERVED_HEADERS.contains(lower)) {
                findings.error(t.getKeyNode(), where + ": " + name + " is a reserved header that Prometheus sets "
                        + "itself; remove it");
            }
        }
    }

    private static void tracing(Node tracing, Findings findings) {
        if (!(tracing instanceof MappingNode)) {
            return;
        }
        headers(YamlTree.get(tracing, "headers"), "tracing", findings);
        if (!Values.set(tracing, "endpoint")) {
            findings.error(tracing, "tracing: endpoint must be set (host:port of the OTLP receiver); add it or "
                    + "remove the tracing block");
        }
        String type = YamlTree.string(tracing, "client_type");
        if (type != null && !type.equals("grpc") && !type.equals("http")) {
            findings.error(YamlTree.get(tracing, "client_type"), "tracing: client_type '" + type + "' is unknown; "
                    + "use grpc or http");
        }
        String compression = YamlTree.string(tracing, "compression");
        if (compression != null && !compression.isEmpty() && !compression.equals("gzip")) {
            findings.error(YamlTree.get(tracing, "compression"), "tracing: compression '" + compression + "' is "
                    + "not supported; use gzip or leave it out");
        }
    }

    /** The authentication settings Prometheus's HTTP client refuses to combine. */
    static void httpClient(Node block, String where, Findings findings) {
        if (!(block instanceof MappingNode)) {
            return;
        }
        boolean basic = YamlTree.get(block, "basic_auth") != null;
        boolean bearer = YamlTree.get(block, "bearer_token") != null;
        boolean bearerFile = YamlTree.get(block, "bearer_token_file") != null;
        boolean authorization = YamlTree.get(block, "authorization") != null;
        boolean oauth2 = YamlTree.get(block, "oauth2") != null;
        if (bearer && bearerFile) {
            findings.error(YamlTree.keyNode(block, "bearer_token_file"), where + ": at most one of bearer_token and "
                    + "bearer_token_file may be set; keep one");
        }
        int kinds = (basic ? 1 : 0) + (bearer || bearerFile ? 1 : 0) + (authorization ? 1 : 0) + (oauth2 ? 1 : 0);
        if (kinds > 1) {
            findings.error(block, where + ": at most one of basic_auth, oauth2, bearer_token / bearer_token_file and "
                    + "authorization may be set; keep one way of authenticating");
        }
        Node basicAuth = YamlTree.get(block, "basic_auth");
        if (basicAuth instanceof MappingNode && YamlTree.get(basicAuth, "password") != null
                && YamlTree.get(basicAuth, "password_file") != null) {
            findings.error(YamlTree.keyNode(basicAuth, "password_file"), where + ": at most one of basic_auth "
                    + "password and password_file may be set; keep one");
        }
        onlyOne(basicAuth, "basic_auth username", "username", "username_file", where, findings);
        Node oauth = YamlTree.get(block, "oauth2");
        if (oauth instanceof MappingNode) {
            if (!Values.set(oauth, "client_id")) {
                findings.error(oauth, where + ": oauth2 needs client_id; add it");
            }
            if (!Values.set(oauth, "token_url")) {
                findings.error(oauth, where + ": oauth2 needs token_url, the URL to get tokens from; add it");
            }
            if (!onlyOne(oauth, "oauth2 client_secret", "client_secret", "client_secret_file", where, findings)
                    && !Values.set(oauth, "client_secret") && !Values.set(oauth, "client_secret_file")
                    && !Values.set(oauth, "client_secret_ref") && !Values.set(oauth, "client_certificate_key")
                    && !Values.set(oauth, "client_certificate_key_file")) {
                findings.error(oauth, where + ": oauth2 needs client_secret or client_secret_file; add one");
            }
            tls(YamlTree.get(oauth, "tls_config"), where + " oauth2", findings);
            proxy(oauth, where + " oauth2", findings);
        }
        tls(YamlTree.get(block, "tls_config"), where, findings);
        proxy(block, where, findings);
        Node auth = YamlTree.get(block, "authorization");
        if (auth instanceof MappingNode) {
            if (YamlTree.get(auth, "credentials") != null && YamlTree.get(auth, "credentials_file") != null) {
                findings.error(YamlTree.keyNode(auth, "credentials_file"), where + ": at most one of authorization "
                        + "credentials and credentials_file may be set; keep one");
            }
            String type = YamlTree.string(auth, "type");
            if (type != null && type.equalsIgnoreCase("basic")) {
                findings.error(YamlTree.get(auth, "type"), where + ": authorization type cannot be Basic; use "
                        + "basic_auth instead");
            }
        }
    }

    /** Reports when both of two exclusive settings are set; true when it did. */
    private static boolean onlyOne(Node block, String what, String a, String b, String where, Findings findings) {
        if (block instanceof MappingNode && Values.set(block, a) && Values.set(block, b)) {
            findings.error(YamlTree.keyNode(block, b), where + ": at most one of " + what.replace(a, "") + a + " and "
                    + b + " may be set; keep one");
            return true;
        }
        return false;
    }

    /** TLS settings Prometheus refuses: inline and file forms together, a certificate without its key. */
    static void tls(Node tls, String where, Findings findings) {
        if (!(tls instanceof MappingNode)) {
            return;
        }
        for (String k : List.of("ca", "cert", "key")) {
            onlyOne(tls, "tls_config " + k, k, k + "_file", where, findings);
        }
        boolean cert = Values.set(tls, "cert") || Values.set(tls, "cert_file") || Values.set(tls, "cert_ref");
        boolean key = Values.set(tls, "key") || Values.set(tls, "key_file") || Values.set(tls, "key_ref");
        if (cert && !key) {
            findings.error(tls, where + ": tls_config has a client certificate but no key; add key_file (or key)");
        } else if (key && !cert) {
            findings.error(tls, where + ": tls_config has a client key but no certificate; add cert_file (or cert)");
        }
        for (String k : List.of("min_version", "max_version")) {
            String v = YamlTree.string(tls, k);
            if (v != null && !v.isEmpty() && !TLS_VERSIONS.contains(v)) {
                findings.error(YamlTree.get(tls, k), where + ": tls_config " + k + " '" + v + "' is unknown; use "
                        + "TLS10, TLS11, TLS12 or TLS13");
            }
        }
    }

    /** Proxy settings Prometheus refuses to combine. */
    private static void proxy(Node block, String where, Findings findings) {
        boolean url = Values.set(block, "proxy_url");
        boolean environment = "true".equals(YamlTree.string(block, "proxy_from_environment"));
        if (url && environment) {
            findings.error(YamlTree.keyNode(block, "proxy_from_environment"), where + ": proxy_from_environment "
                    + "and proxy_url cannot both be set; keep one");
        }
        if (Values.set(block, "no_proxy") && !url) {
            findings.error(YamlTree.keyNode(block, "no_proxy"), where + ": no_proxy needs proxy_url (with "
                    + "proxy_from_environment, NO_PROXY comes from the environment)");
        }
        if (!YamlTree.entries(YamlTree.get(block, "proxy_connect_header")).isEmpty() && !url && !environment) {
            findings.error(YamlTree.keyNode(block, "proxy_connect_header"), where + ": proxy_connect_header needs "
                    + "proxy_url or proxy_from_environment");
        }
    }

    static void relabels(Node list, String where, Findings findings) {
        nullItems(list, where, "relabeling rule", findings);
        List<Node> items = YamlTree.items(list);
        for (int i = 0; i < items.size(); i++) {
            Node r = items.get(i);
            if (!(r instanceof MappingNode)) {
                continue;
            }
            String at = where + "[" + i + "]";
            String actionText = YamlTree.string(r, "action");
            String action = actionText == null ? "replace" : actionText.toLowerCase(Locale.ROOT);
            if (!ACTIONS.contains(action)) {
                findings.error(YamlTree.get(r, "action"), at + ": unknown relabel action '" + actionText + "'"
                        + io.neurectomy.console.core.config.promql.EditDistance.closest(action, ACTIONS)
                        .map(c -> "; did you mean '" + c + "'?").orElse("; use one of " + new java.util.TreeSet<>(
                                ACTIONS)));
                continue;
            }
            String target = YamlTree.string(r, "target_label");
            if (NEED_TARGET.contains(action) && (target == null || target.isEmpty())) {
                findings.error(r, at + ": relabel action '" + action + "' requires target_label; name the label to "
                        + "write");
            }
            if (target != null && !target.isEmpty()) {
                if (!RELABEL_TARGET.matcher(target).matches()) {
                    findings.error(YamlTree.get(r, "target_label"), at + ": '" + target + "' is not a valid "
                            + "target_label; " + Values.labelHint(target) + ", or $1 / ${1} references");
                } else if (action.equals("hashmod") && !Values.LABEL_NAME.matcher(target).matches()) {
                    findings.error(YamlTree.get(r, "target_label"), at + ": '" + target + "' is not a valid "
                            + "target_label for hashmod (only replace expands $ references); write a label name");
                } else if (!action.equals("replace") && !Values.LABEL_NAME.matcher(target).matches()) {
                    // Prometheus expands references only for replace; newer releases refuse them elsewhere.
                    findings.warning(YamlTree.get(r, "target_label"), at + ": target_label '" + target + "' is "
                            + "used literally with action '" + action + "' (only replace expands $ references); "
                            + "write a plain label name");
                }
            }
            if (action.equals("hashmod") && (YamlTree.string(r, "modulus") == null
                    || "0".equals(YamlTree.string(r, "modulus")))) {
                findings.error(r, at + ": relabel action 'hashmod' requires a non-zero modulus");
            }
            if ((action.equals("labeldrop") || action.equals("labelkeep"))) {
                for (NodeTuple t : YamlTree.entries(r)) {
                    String k = YamlTree.scalar(t.getKeyNode());
                    String v = YamlTree.scalar(t.getValueNode());
                    boolean isDefault = ("separator".equals(k) && ";".equals(v)) || ("replacement".equals(k)
                            && "$1".equals(v));
                    if (k != null && !k.equals("regex") && !k.equals("action") && !isDefault) {
                        findings.error(t.getKeyNode(), at + ": " + k + " is not allowed with action '" + action
                                + "' (it only uses regex); remove it");
                    }
                }
            }
            if (action.equals("labelmap")) {
                String replacement = YamlTree.string(r, "replacement");
                if (replacement != null && !RELABEL_TARGET.matcher(replacement).matches()) {
                    findings.error(YamlTree.get(r, "replacement"), at + ": '" + replacement + "' is not a valid "
                            + "labelmap replacement; it must form a label name, e.g. $1");
                }
            }
            if (action.equals("keepequal") || action.equals("dropequal")) {
                for (NodeTuple t : YamlTree.entries(r)) {
                    String k = YamlTree.scalar(t.getKeyNode());
                    String v = YamlTree.scalar(t.getValueNode());
                    boolean isDefault = ("separator".equals(k) && ";".equals(v)) || ("replacement".equals(k)
                            && "$1".equals(v)) || ("modulus".equals(k) && "0".equals(v));
                    if (k != null && !Set.of("action", "source_labels", "target_label").contains(k) && !isDefault) {
                        findings.error(t.getKeyNode(), at + ": " + k + " is not allowed with action '" + action
                                + "' (it only compares source_labels with target_label); remove it");
                    }
                }
            }
        }
    }
}
