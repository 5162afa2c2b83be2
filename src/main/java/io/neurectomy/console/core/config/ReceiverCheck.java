package io.neurectomy.console.core.config;

import static io.neurectomy.console.core.config.Values.BOOL;
import static io.neurectomy.console.core.config.Values.SECRET;
import static io.neurectomy.console.core.config.Values.STRICT_URL;
import static io.neurectomy.console.core.config.Values.STRING;
import static io.neurectomy.console.core.config.Values.listOf;
import static io.neurectomy.console.core.config.Values.mapOf;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

/**
 * What Alertmanager's loader requires of each notifier of a receiver beyond its fields' types (config/notifiers.go
 * and config.go): the settings each one cannot do without (here or in global), the pairs of a value and its _file
 * form that exclude each other, and the enumerations it checks.
 */
final class ReceiverCheck {
    private static final Set<String> OPSGENIE_RESPONDER_TYPES = Set.of("team", "teams", "user", "escalation",
            "schedule");
    private static final Set<String> VICTOROPS_RESERVED = Set.of("routing_key", "message_type", "state_message",
            "entity_display_name", "monitoring_tool", "entity_id", "entity_state");
    private static final Set<String> TELEGRAM_PARSE_MODES = Set.of("", "Markdown", "MarkdownV2", "HTML");

    static final Shape OPSGENIE = new Shape().field("send_resolved", BOOL)
            .field("http_config", PrometheusConfigCheck.HTTP_CLIENT).field("api_key", SECRET)
            .field("api_key_file", STRING).field("api_url", STRICT_URL)
            .fields(STRING, "message", "description", "source", "entity", "actions", "tags", "note", "priority")
            .field("details", mapOf(STRING, STRING)).field("update_alerts", BOOL)
            .field("responders", listOf(new Shape().fields(STRING, "id", "name", "username", "type")));

    /** The global settings whose value and _file form exclude each other. */
    private static final List<String> GLOBAL_FILE_PAIRS = List.of("smtp_auth_password", "slack_api_url",
            "opsgenie_api_key", "victorops_api_key", "telegram_bot_token", "pagerduty_url", "rocketchat_token",
            "rocketchat_token_id", "wechat_api_secret", "smtp_auth_secret");

    private ReceiverCheck() {
    }

    static void global(Node global, Findings findings) {
        if (!(global instanceof MappingNode)) {
            return;
        }
        for (String k : GLOBAL_FILE_PAIRS) {
            exclusive(global, k, "global", findings);
        }
        PrometheusConfigCheck.httpClient(YamlTree.get(global, "http_config"), "global http_config", findings);
    }

    private static void exclusive(Node block, String key, String where, Findings findings) {
        if (Values.set(block, key) && Values.set(block, key + "_file")) {
            findings.error(YamlTree.keyNode(block, key + "_file"), where + ": at most one of " + key + " and " + key
                    + "_file may be set; keep one");
        }
    }

    private static boolean any(Node block, String... keys) {
        for (String k : keys) {
            if (Values.set(block, k)) {
                return true;
            }
        }
        return false;
    }

    /** Checks every notifier of one receiver. */
    static void receiver(Node r, String where, Node global, Findings findings) {
        for (NodeTuple t : YamlTree.entries(r)) {
            String key = YamlTree.scalar(t.getKeyNode());
            if (key == null || !key.endsWith("_configs")) {
                continue;
            }
            String kind = key.substring(0, key.length() - "_configs".length());
            for (Node n : YamlTree.items(t.getValueNode())) {
                if (n instanceof MappingNode) {
                    PrometheusConfigCheck.httpClient(YamlTree.get(n, "http_config"), where + " " + key
                            + " http_config", findings);
                    notifier(kind, n, where + ": a " + key + " entry", global, findings);
                }
            }
        }
    }

    private static void notifier(String kind, Node n, String where, Node global, Findings findings) {
        switch (kind) {
            case "email" -> {
                String host = YamlTree.string(n, "smarthost");
                if (host != null && !host.isEmpty() && !host.matches(".+:[0-9]+")) {
                    findings.error(YamlTree.get(n, "smarthost"), where + " has smarthost '" + host + "' without a "
                            + "port; write host:port, e.g. " + host + ":587");
                }
                exclusive(n, "auth_password", where, findings);
                Set<String> headers = new HashSet<>();
                for (NodeTuple h : YamlTree.entries(YamlTree.get(n, "headers"))) {
                    String name = YamlTree.scalar(h.getKeyNode());
                    if (name != null && !headers.add(name.toLowerCase(Locale.ROOT))) {
                        findings.error(h.getKeyNode(), where + " sets header '" + name + "' twice (header names "
                                + "ignore case); keep one");
                    }
                }
            }
            case "slack" -> {
                exclusive(n, "api_url", where, findings);
                for (Node f : YamlTree.items(YamlTree.get(n, "fields"))) {
                    if (!Values.set(f, "title")) {
                        findings.error(f, where + " has a field without title; add it");
                    } else if (!Values.set(f, "value")) {
                        findings.error(f, where + " has a field without value; add it");
                    }
                }
                for (Node a : YamlTree.items(YamlTree.get(n, "actions"))) {
                    if (!Values.set(a, "type")) {
                        findings.error(a, where + " has an action without type; add it (e.g. button)");
                    } else if (!Values.set(a, "text")) {
                        findings.error(a, where + " has an action without text; add it");
                    } else if (!Values.set(a, "url") && !Values.set(a, "name")) {
                        findings.error(a, where + " has an action with neither url nor name; add one");
                    }
                }
            }
            case "pagerduty" -> {
                exclusive(n, "routing_key", where, findings);
                exclusive(n, "service_key", where, findings);
            }
            case "opsgenie" -> {
                exclusive(n, "api_key", where, findings);
                if (!any(n, "api_key", "api_key_file") && !any(global, "opsgenie_api_key", "opsgenie_api_key_file")) {
                    findings.error(n, where + " has no api_key and global has no opsgenie_api_key; set one of them");
                }
                for (Node resp : YamlTree.items(YamlTree.get(n, "responders"))) {
                    if (!any(resp, "id", "name", "username")) {
                        findings.error(resp, where + " has a responder with none of id, name and username; add one");
                    }
                    String type = YamlTree.string(resp, "type");
                    if (type != null && !type.contains("{{")
                            && !OPSGENIE_RESPONDER_TYPES.contains(type.toLowerCase(Locale.ROOT))) {
                        findings.error(YamlTree.get(resp, "type"), where + " has a responder of type '" + type
                                + "'; use one of " + new java.util.TreeSet<>(OPSGENIE_RESPONDER_TYPES));
                    }
                }
            }
            case "wechat" -> {
                if (!any(n, "api_secret") && !any(global, "wechat_api_secret", "wechat_api_secret_file")) {
                    findings.error(n, where + " has no api_secret and global has no wechat_api_secret; set one");
                }
                if (!any(n, "corp_id") && !any(global, "wechat_api_corp_id")) {
                    findings.error(n, where + " has no corp_id and global has no wechat_api_corp_id; set one");
                }
                String type = YamlTree.string(n, "message_type");
                if (type != null && !type.isEmpty() && !type.equals("text") && !type.equals("markdown")) {
                    findings.error(YamlTree.get(n, "message_type"), where + " has message_type '" + type + "'; use "
                            + "text or markdown");
                }
            }
            case "victorops" -> {
                exclusive(n, "api_key", where, findings);
                if (!any(n, "api_key", "api_key_file") && !any(global, "victorops_api_key",
                        "victorops_api_key_file")) {
                    findings.error(n, where + " has no api_key and global has no victorops_api_key; set one");
                }
                if (!any(n, "routing_key")) {
                    findings.error(n, where + " has no routing_key; add it");
                }
                for (NodeTuple f : YamlTree.entries(YamlTree.get(n, "custom_fields"))) {
                    String name = YamlTree.scalar(f.getKeyNode());
                    if (VICTOROPS_RESERVED.contains(name)) {
                        findings.error(f.getKeyNode(), where + " has custom field '" + name + "', which VictorOps "
                                + "sets itself; rename it");
                    }
                }
            }
            case "pushover" -> {
                exclusive(n, "user_key", where, findings);
                exclusive(n, "token", where, findings);
                if (!any(n, "user_key", "user_key_file")) {
                    findings.error(n, where + " has no user_key; add it");
                }
                if (!any(n, "token", "token_file")) {
                    findings.error(n, where + " has no token; add it");
                }
            }
            case "sns" -> {
                if (!any(n, "target_arn", "topic_arn", "phone_number")) {
                    findings.error(n, where + " has none of topic_arn, target_arn and phone_number; add one");
                }
            }
            case "telegram" -> {
                exclusive(n, "bot_token", where, findings);
                if (!any(n, "bot_token", "bot_token_file") && !any(global, "telegram_bot_token",
                        "telegram_bot_token_file")) {
                    findings.error(n, where + " has no bot_token; add it");
                }
                String chat = YamlTree.string(n, "chat_id");
                if (chat == null || chat.isEmpty() || chat.equals("0")) {
                    findings.error(n, where + " has no chat_id; add it");
                }
                String mode = YamlTree.string(n, "parse_mode");
                if (mode != null && !TELEGRAM_PARSE_MODES.contains(mode)) {
                    findings.error(YamlTree.get(n, "parse_mode"), where + " has parse_mode '" + mode + "'; use "
                            + "Markdown, MarkdownV2, HTML or leave it empty");
                }
            }
            case "webex" -> {
                if (!any(n, "room_id")) {
                    findings.error(n, where + " has no room_id; add it");
                }
                if (!Values.set(YamlTree.get(n, "http_config"), "authorization")) {
                    findings.error(n, where + " has no http_config.authorization; Webex needs the bot's token "
                            + "there (authorization: {credentials: ...})");
                }
            }
            case "rocketchat" -> {
                for (String k : List.of("token_id", "token")) {
                    exclusive(n, k, where, findings);
                    if (!any(n, k, k + "_file") && !any(global, "rocketchat_" + k, "rocketchat_" + k + "_file")) {
                        findings.error(n, where + " has no " + k + " and global has no rocketchat_" + k + "; set one");
                    }
                }
            }
            case "discord", "msteams", "msteamsv2" -> {
                String url = "webhook_url";
                exclusive(n, url, where, findings);
                if (!any(n, url, url + "_file")) {
                    findings.error(n, where + " has no " + url + "; add it (or " + url + "_file)");
                }
            }
            default -> {
            }
        }
    }

    /** A notifier kind's field shape when it is checked field by field, else null. */
    static Values.Check shape(String kind) {
        return kind.equals("opsgenie") ? listOf(OPSGENIE) : null;
    }
}
