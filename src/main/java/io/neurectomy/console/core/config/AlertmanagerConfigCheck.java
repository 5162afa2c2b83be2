package io.neurectomy.console.core.config;

import static io.neurectomy.console.core.config.Values.BOOL;
import static io.neurectomy.console.core.config.Values.DURATION_VALUE;
import static io.neurectomy.console.core.config.Values.SECRET;
import static io.neurectomy.console.core.config.Values.STRING;
import static io.neurectomy.console.core.config.Values.STRINGS;
import static io.neurectomy.console.core.config.Values.UINT;
import static io.neurectomy.console.core.config.Values.STRICT_URL;
import static io.neurectomy.console.core.config.Values.listOf;
import static io.neurectomy.console.core.config.Values.mapOf;

import io.neurectomy.console.core.config.promql.EditDistance;
import io.neurectomy.console.core.config.promql.Re2;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

/**
 * Checks an {@code alertmanager.yml} as Alertmanager loads it: strict fields, a root route with a default receiver,
 * every receiver a route names defined, matchers (the {@code matchers} list and the legacy {@code match} /
 * {@code match_re}), inhibit rules, time intervals and the references to them, and the receivers' required fields.
 */
final class AlertmanagerConfigCheck {
    private static final List<String> WEEKDAYS = List.of("sunday", "monday", "tuesday", "wednesday", "thursday",
            "friday", "saturday");
    private static final List<String> MONTHS = List.of("january", "february", "march", "april", "may", "june", "july",
            "august", "september", "october", "november", "december");
    private static final Pattern TIME = Pattern.compile("([0-9]{2}):([0-9]{2})");
    private static final List<String> OTHER_RECEIVERS = List.of("discord", "msteams", "msteamsv2", "jira", "opsgenie",
            "pushover", "rocketchat", "sns", "telegram", "victorops", "wechat", "webex");

    private static final Shape HTTP = PrometheusConfigCheck.HTTP_CLIENT;
    private static final Values.Check MATCHER_LIST = (node, findings, path) -> {
        STRINGS.check(node, findings, path);
        for (Node item : YamlTree.items(node)) {
            String text = YamlTree.scalar(item);
            if (text != null) {
                Matchers.problem(text, new ArrayList<>()).ifPresent(p -> findings.error(item, path + ": " + p));
            }
        }
    };
    private static final Values.Check MATCH = Values.mapOf(Values.LABEL_NAME_VALUE, STRING);
    private static final Values.Check MATCH_RE = (node, findings, path) -> {
        MATCH.check(node, findings, path);
        for (NodeTuple t : YamlTree.entries(node)) {
            String v = YamlTree.scalar(t.getValueNode());
            if (v != null) {
                Re2.problem(v).ifPresent(p -> findings.error(t.getValueNode(), path + "." + YamlTree.scalar(
                        t.getKeyNode()) + ": invalid regular expression: " + p));
            }
        }
    };
    private static final Shape ROUTE = new Shape();

    static {
        ROUTE.field("receiver", STRING).field("group_by", STRINGS).field("continue", BOOL).field("match", MATCH)
                .field("match_re", MATCH_RE).field("matchers", MATCHER_LIST)
                .fields(DURATION_VALUE, "group_wait", "group_interval", "repeat_interval")
                .field("mute_time_intervals", STRINGS).field("active_time_intervals", STRINGS)
                .field("routes", listOf(ROUTE));
    }

    private static final Shape INHIBIT = new Shape().field("source_match", MATCH).field("source_match_re", MATCH_RE)
            .field("source_matchers", MATCHER_LIST).field("target_match", MATCH).field("target_match_re", MATCH_RE)
            .field("target_matchers", MATCHER_LIST).field("equal", listOf(Values.LABEL_NAME_VALUE));
    private static final Shape WEBHOOK = new Shape().field("send_resolved", BOOL).field("http_config", HTTP)
            .field("url", STRICT_URL).field("url_file", STRING).field("max_alerts", UINT)
            .field("timeout", DURATION_VALUE);
    private static final Shape SLACK = new Shape().field("send_resolved", BOOL).field("http_config", HTTP)
            .field("api_url", STRICT_URL).field("api_url_file", STRING).field("app_token", SECRET)
            .field("app_token_file", STRING).field("app_url", STRICT_URL)
            .fields(STRING, "channel", "username", "color", "title", "title_link", "pretext", "text", "footer",
                    "fallback", "callback_id", "icon_emoji", "icon_url", "image_url", "thumb_url", "message_text")
            .fields(BOOL, "short_fields", "link_names", "update_message").field("mrkdwn_in", STRINGS)
            .field("fields", listOf(Values.ANY)).field("actions", listOf(Values.ANY))
            .field("timeout", DURATION_VALUE);
    private static final Shape EMAIL = new Shape().field("send_resolved", BOOL)
            .fields(STRING, "to", "from", "hello", "smarthost", "auth_username", "auth_password_file",
                    "auth_secret_file", "auth_identity", "html", "text")
            .fields(SECRET, "auth_password", "auth_secret").field("headers", mapOf(STRING, STRING))
            .field("require_tls", BOOL).field("force_implicit_tls", BOOL)
            .field("tls_config", PrometheusConfigCheck.TLS).field("threading", Values.ANY);
    private static final Shape PAGERDUTY = new Shape().field("send_resolved", BOOL).field("http_config", HTTP)
            .fields(SECRET, "service_key", "routing_key").fields(STRING, "service_key_file", "routing_key_file",
                    "client", "client_url", "description", "severity", "class", "component", "group", "source")
            .field("url", STRICT_URL).field("details", mapOf(STRING, Values.ANY)).field("images", listOf(Values.ANY))
            .field("links", listOf(Values.ANY)).field("timeout", DURATION_VALUE);
    private static final Shape RECEIVER = receiverShape();
    private static final Shape TIME_RANGE = new Shape().field("times", listOf(new Shape().field("start_time", STRING)
            .field("end_time", STRING))).fields(STRINGS, "weekdays", "days_of_month", "months", "years")
            .field("location", STRING);
    private static final Shape TIME_INTERVAL = new Shape().field("name", STRING)
            .field("time_intervals", listOf(TIME_RANGE));
    private static final Shape GLOBAL = new Shape().field("resolve_timeout", DURATION_VALUE).field("http_config", HTTP)
            .fields(STRING, "smtp_from", "smtp_hello", "smtp_smarthost", "smtp_auth_username",
                    "smtp_auth_password_file", "smtp_auth_secret_file",
                    "smtp_auth_identity", "slack_api_url_file", "victorops_api_key_file", "opsgenie_api_key_file",
                    "wechat_api_corp_id", "pagerduty_url_file", "telegram_bot_token_file", "rocketchat_token_id_file",
                    "rocketchat_token_file")
            .fields(SECRET, "smtp_auth_password", "smtp_auth_secret", "victorops_api_key", "opsgenie_api_key",
                    "wechat_api_secret", "rocketchat_token", "rocketchat_token_id", "telegram_bot_token")
            .field("smtp_require_tls", BOOL).field("smtp_force_implicit_tls", BOOL)
            .field("smtp_tls_config", PrometheusConfigCheck.TLS)
            .fields(STRICT_URL, "slack_api_url", "victorops_api_url", "pagerduty_url", "opsgenie_api_url",
                    "wechat_api_url",
                    "telegram_api_url", "webex_api_url", "jira_api_url", "rocketchat_api_url", "slack_app_url");
    private static final Shape ROOT = new Shape().field("global", GLOBAL).field("templates", STRINGS)
            .field("route", ROUTE).field("inhibit_rules", listOf(INHIBIT)).field("receivers", listOf(RECEIVER))
            .field("time_intervals", listOf(TIME_INTERVAL)).field("mute_time_intervals", listOf(TIME_INTERVAL))
            .field("tracing", Values.ANY);

    private AlertmanagerConfigCheck() {
    }

    private static Shape receiverShape() {
        Shape s = new Shape().field("name", STRING).field("webhook_configs", listOf(WEBHOOK))
                .field("slack_configs", listOf(SLACK)).field("email_configs", listOf(EMAIL))
                .field("pagerduty_configs", listOf(PAGERDUTY));
        for (String kind : OTHER_RECEIVERS) {
            Values.Check shape = ReceiverCheck.shape(kind);
            s.field(kind + "_configs", shape != null ? shape : listOf(Values.ANY));
        }
        return s;
    }

    static void check(Node root, Findings findings) {
        if (root == null) {
            findings.error(null, "the configuration is empty; Alertmanager needs at least a route with a default "
                    + "receiver and that receiver (route: {receiver: NAME}, receivers: [{name: NAME}])");
            return;
        }
        ROOT.check(root, findings, "");
        if (!(root instanceof MappingNode)) {
            return;
        }
        Node global = YamlTree.get(root, "global");
        ReceiverCheck.global(global, findings);
        String host = YamlTree.string(global, "smtp_smarthost");
        if (host != null && !host.isEmpty() && !host.matches(".+:[0-9]+")) {
            findings.error(YamlTree.get(global, "smtp_smarthost"), "global.smtp_smarthost '" + host + "' has no "
                    + "port; write host:port, e.g. " + host + ":587");
        }
        Map<String, Node> receivers = new LinkedHashMap<>();
        for (Node r : YamlTree.items(YamlTree.get(root, "receivers"))) {
            if (!(r instanceof MappingNode)) {
                continue;
            }
            String name = YamlTree.string(r, "name");
            if (name == null || name.isEmpty()) {
                findings.error(r, "a receiver has no name; give it one (routes refer to receivers by name)");
                continue;
            }
            Node first = receivers.putIfAbsent(name, r);
            if (first != null) {
                findings.error(YamlTree.get(r, "name"), "receiver '" + name + "' is defined twice (first at line "
                        + (first.getStartMark().getLine() + 1) + "); receiver names must be unique");
            }
            receiver(r, name, global, findings);
        }
        Set<String> intervals = new HashSet<>();
        for (String kind : List.of("time_intervals", "mute_time_intervals")) {
            for (Node ti : YamlTree.items(YamlTree.get(root, kind))) {
                String name = YamlTree.string(ti, "name");
                if (name == null || name.isEmpty()) {
                    findings.error(ti, "an entry of " + kind + " has no name; name it so routes can refer to it");
                } else if (!intervals.add(name)) {
                    findings.error(YamlTree.get(ti, "name"), "time interval '" + name + "' is not unique; rename one");
                }
                for (Node range : YamlTree.items(YamlTree.get(ti, "time_intervals"))) {
                    timeRange(range, "time interval '" + name + "'", findings);
                }
            }
        }
        Node route = YamlTree.get(root, "route");
        if (route == null || !(route instanceof MappingNode)) {
            findings.error(route != null ? route : root, "there is no route; add a route with a default receiver "
                    + "(route: {receiver: NAME})");
        } else {
            if (YamlTree.string(route, "receiver") == null) {
                findings.error(route, "the root route has no receiver; name a default receiver for alerts no "
                        + "sub-route matches");
            }
            for (String k : List.of("match", "match_re", "matchers")) {
                if (YamlTree.get(route, k) != null && !YamlTree.isNull(YamlTree.get(route, k))) {
                    findings.error(YamlTree.keyNode(route, k), "the root route must not have any matchers (" + k
                            + "); it catches every alert. Move the matcher to a sub-route under routes");
                }
            }
            if ("true".equals(YamlTree.string(route, "continue"))) {
                findings.error(YamlTree.keyNode(route, "continue"), "the root route cannot have continue; it has "
                        + "no siblings to continue to. Remove it (set continue on sub-routes)");
            }
            for (String k : List.of("mute_time_intervals", "active_time_intervals")) {
                if (!YamlTree.items(YamlTree.get(route, k)).isEmpty()) {
                    findings.error(YamlTree.keyNode(route, k), "the root route must not have " + k + "; set them on "
                            + "a sub-route");
                }
            }
            route(route, "route", receivers.keySet(), intervals, findings);
        }
        List<Node> inhibits = YamlTree.items(YamlTree.get(root, "inhibit_rules"));
        for (int i = 0; i < inhibits.size(); i++) {
            Node rule = inhibits.get(i);
            if (rule instanceof MappingNode && YamlTree.entries(rule).isEmpty()) {
                findings.warning(rule, "inhibit_rules[" + i + "] is empty; give it source and target matchers");
            }
            if (rule instanceof MappingNode && !YamlTree.entries(rule).isEmpty()
                    && YamlTree.get(rule, "source_matchers") == null && YamlTree.get(rule, "source_match") == null
                    && YamlTree.get(rule, "source_match_re") == null) {
                findings.warning(rule, "inhibit_rules[" + i + "] has no source matchers, so every alert inhibits its "
                        + "targets; add source_matchers (e.g. severity=\"critical\")");
            }
        }
    }

    private static void route(Node route, String path, Set<String> receivers, Set<String> intervals,
            Findings findings) {
        String receiver = YamlTree.string(route, "receiver");
        if (receiver != null && !receivers.contains(receiver)) {
            Optional<String> close = EditDistance.closest(receiver, receivers);
            findings.error(YamlTree.get(route, "receiver"), path + " uses receiver '" + receiver + "', which is not "
                    + "defined" + close.map(c -> "; did you mean '" + c + "'?").orElse("; define it under receivers "
                    + (receivers.isEmpty() ? "" : "or use one of " + receivers)));
        }
        for (String k : List.of("mute_time_intervals", "active_time_intervals")) {
            for (Node n : YamlTree.items(YamlTree.get(route, k))) {
                String name = YamlTree.scalar(n);
                if (name != null && !intervals.contains(name)) {
                    findings.error(n, path + "." + k + " refers to time interval '" + name + "', which is not "
                            + "defined" + EditDistance.closest(name, intervals).map(c -> "; did you mean '" + c + "'?")
                            .orElse("; define it under time_intervals"));
                }
            }
        }
        Set<String> groupBy = new HashSet<>();
        List<Node> by = YamlTree.items(YamlTree.get(route, "group_by"));
        for (Node n : by) {
            String label = YamlTree.scalar(n);
            if (label == null) {
                continue;
            }
            if (label.equals("...")) {
                if (by.size() > 1) {
                    findings.error(n, path + ".group_by: '...' (group by all labels) cannot be combined with other "
                            + "labels; keep only '...' or only label names");
                }
            } else if (!Values.LABEL_NAME.matcher(label).matches()) {
                findings.error(n, path + ".group_by: '" + label + "' is not a valid label name; "
                        + Values.labelHint(label));
            } else if (!groupBy.add(label)) {
                findings.error(n, path + ".group_by: label '" + label + "' is listed twice; remove one");
            }
        }
        for (String k : List.of("group_interval", "repeat_interval")) {
            String v = YamlTree.string(route, k);
            if (v != null && Values.isDuration(v) && Values.millis(v) == 0) {
                findings.error(YamlTree.get(route, k), path + "." + k + " cannot be zero; write e.g. 5m");
            }
        }
        List<Node> children = YamlTree.items(YamlTree.get(route, "routes"));
        for (int i = 0; i < children.size(); i++) {
            if (children.get(i) instanceof MappingNode child) {
                route(child, path + ".routes[" + i + "]", receivers, intervals, findings);
            }
        }
    }

    private static void receiver(Node r, String name, Node global, Findings findings) {
        String where = "receiver '" + name + "'";
        ReceiverCheck.receiver(r, where, global, findings);
        for (Node w : YamlTree.items(YamlTree.get(r, "webhook_configs"))) {
            if (w instanceof MappingNode || YamlTree.isNull(w)) {
                boolean url = YamlTree.get(w, "url") != null;
                boolean file = YamlTree.get(w, "url_file") != null;
                if (!url && !file) {
                    findings.error(w, where + ": a webhook_configs entry needs url or url_file; give the endpoint");
                } else if (url && file) {
                    findings.error(YamlTree.keyNode(w, "url_file"), where + ": at most one of url and url_file may "
                            + "be set; keep one");
                }
            }
        }
        for (Node s : YamlTree.items(YamlTree.get(r, "slack_configs"))) {
            boolean own = YamlTree.get(s, "api_url") != null || YamlTree.get(s, "api_url_file") != null;
            boolean shared = YamlTree.get(global, "slack_api_url") != null
                    || YamlTree.get(global, "slack_api_url_file") != null;
            if (!own && !shared) {
                findings.error(s, where + ": a slack_configs entry has no api_url and global has no slack_api_url; "
                        + "set one of them to the Slack webhook URL");
            }
        }
        for (Node e : YamlTree.items(YamlTree.get(r, "email_configs"))) {
            if (YamlTree.string(e, "to") == null) {
                findings.error(e, where + ": an email_configs entry has no 'to' address; add the recipients");
            }
            if (YamlTree.string(e, "smarthost") == null && YamlTree.string(global, "smtp_smarthost") == null) {
                findings.error(e, where + ": no SMTP smarthost: set smarthost here or global.smtp_smarthost "
                        + "(host:port)");
            }
            if (YamlTree.string(e, "from") == null && YamlTree.string(global, "smtp_from") == null) {
                findings.error(e, where + ": no sender: set from here or global.smtp_from");
            }
        }
        for (Node p : YamlTree.items(YamlTree.get(r, "pagerduty_configs"))) {
            if (YamlTree.get(p, "service_key") == null && YamlTree.get(p, "routing_key") == null
                    && YamlTree.get(p, "service_key_file") == null && YamlTree.get(p, "routing_key_file") == null) {
                findings.error(p, where + ": a pagerduty_configs entry needs routing_key (Events API v2) or "
                        + "service_key; add one");
            }
        }
    }

    private static void timeRange(Node range, String where, Findings findings) {
        for (Node t : YamlTree.items(YamlTree.get(range, "times"))) {
            int start = minutes(YamlTree.get(t, "start_time"), where, findings);
            int end = minutes(YamlTree.get(t, "end_time"), where, findings);
            if (start >= 0 && end >= 0 && start >= end) {
                findings.error(t, where + ": start_time must be before end_time; for a range across midnight use two"
                        + " ranges (e.g. 22:00-24:00 and 00:00-06:00)");
            }
            if (t instanceof MappingNode && (YamlTree.get(t, "start_time") == null
                    || YamlTree.get(t, "end_time") == null)) {
                findings.error(t, where + ": a times entry needs both start_time and end_time (HH:MM)");
            }
        }
        ranges(range, "weekdays", where, findings, v -> named(v, WEEKDAYS, 0));
        ranges(range, "months", where, findings, v -> {
            int n = named(v, MONTHS, 1);
            return n >= 0 ? n : number(v, 1, 12);
        });
        ranges(range, "days_of_month", where, findings, v -> {
            int n = number(v, -31, 31);
            return n == 0 ? Integer.MIN_VALUE : n;
        });
        ranges(range, "years", where, findings, v -> number(v, 1, 9999));
        Node location = YamlTree.get(range, "location");
        String zone = YamlTree.scalar(location);
        if (zone != null && !zone.equals("Local")) {
            try {
                ZoneId.of(zone);
            } catch (DateTimeException e) {
                findings.error(location, where + ": location '" + zone + "' is not a known time zone; use an IANA "
                        + "name such as Europe/Berlin or UTC");
            }
        }
    }

    private interface Parse {
        int value(String text);
    }

    private static int named(String v, List<String> names, int base) {
        int i = names.indexOf(v.strip().toLowerCase(Locale.ROOT));
        return i < 0 ? Integer.MIN_VALUE : i + base;
    }

    private static int number(String v, int min, int max) {
        try {
            int n = Integer.parseInt(v.strip());
            return n < min || n > max ? Integer.MIN_VALUE : n;
        } catch (NumberFormatException e) {
            return Integer.MIN_VALUE;
        }
    }

    private static void ranges(Node range, String field, String where, Findings findings, Parse parse) {
        for (Node n : YamlTree.items(YamlTree.get(range, field))) {
            String v = YamlTree.scalar(n);
            if (v == null) {
                continue;
            }
            String[] parts = v.split(":", -1);
            if (parts.length > 2) {
                findings.error(n, where + ": " + field + " '" + v + "' is not a value or a start:end range");
                continue;
            }
            int a = parse.value(parts[0]);
            int b = parts.length == 2 ? parse.value(parts[1]) : a;
            if (a == Integer.MIN_VALUE || b == Integer.MIN_VALUE) {
                findings.error(n, where + ": " + field + " '" + v + "' is invalid; " + switch (field) {
                    case "weekdays" -> "use day names (monday) or a range (monday:friday)";
                    case "months" -> "use month names (january), numbers 1-12 or a range (january:march)";
                    case "days_of_month" -> "use 1-31 (or -31 to -1 from the month's end) or a range (1:7)";
                    default -> "use a year (2026) or a range (2026:2027)";
                });
            } else if (field.equals("days_of_month") && a < 0 && b > 0) {
                findings.error(n, where + ": days_of_month range '" + v + "' starts from the month's end but ends "
                        + "counting from its start; make the end negative too (e.g. -7:-1)");
            } else if (a > b && !(field.equals("days_of_month") && a > 0 && b < 0)) {
                findings.error(n, where + ": " + field + " range '" + v + "' ends before it starts; swap the ends");
            }
        }
    }

    private static int minutes(Node node, String where, Findings findings) {
        String v = YamlTree.scalar(node);
        if (v == null) {
            return -1;
        }
        Matcher m = TIME.matcher(v);
        if (!m.matches() || Integer.parseInt(m.group(2)) > 59 || Integer.parseInt(m.group(1)) > 24
                || (Integer.parseInt(m.group(1)) == 24 && !m.group(2).equals("00"))) {
            findings.error(node, where + ": '" + v + "' is not a time of day; write HH:MM between 00:00 and 24:00");
            return -1;
        }
        return Integer.parseInt(m.group(1)) * 60 + Integer.parseInt(m.group(2));
    }
}
