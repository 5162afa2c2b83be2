package io.neurectomy.console.ui.deploy;

import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.ops.deploy.StackSecrets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The deploy wizard's secrets page: Grafana admin password, Slack webhook, PagerDuty key and basic-auth users.
 * Values stay in memory only; basic-auth passwords are hashed with bcrypt at once.
 */
public final class SecretsForm {
    /** Values the secrets page asks for; the values page leaves them out. */
    static final List<String> VALUES = List.of("grafanaAdminPassword", "grafanaSecretKey", "slackWebhookUrl",
            "pagerdutyRoutingKey", "ingressBasicAuthHtpasswd");
    /** Stand-ins while the values page checks its own values. */
    static final Map<String, String> PLACEHOLDERS = Map.of("grafanaAdminPassword", "placeholder-password",
            "grafanaSecretKey", "placeholder-secret-key", "slackWebhookUrl", "https://hooks.slack.com/placeholder",
            "pagerdutyRoutingKey", "placeholder-key", "ingressBasicAuthHtpasswd", "placeholder:$2y$10$placeholder");

    private final StackSecrets secrets = new StackSecrets();
    private final StringProperty grafanaPassword = new SimpleStringProperty(this, "grafanaPassword", "");
    private final BooleanProperty revealSecrets = new SimpleBooleanProperty(this, "revealSecrets");
    private final StringProperty slackWebhookUrl = new SimpleStringProperty(this, "slackWebhookUrl", "");
    private final StringProperty pagerdutyRoutingKey = new SimpleStringProperty(this, "pagerdutyRoutingKey", "");
    private final StringProperty newUser = new SimpleStringProperty(this, "newUser", "");
    private final StringProperty newUserPassword = new SimpleStringProperty(this, "newUserPassword", "");
    private final ObservableList<String> basicAuthUsers = FXCollections.observableArrayList();

    void generatePassword() {
        grafanaPassword.set(StackSecrets.generatePassword(24));
        revealSecrets.set(true);
    }

    /** Adds the user typed in; throws with a message for the page when the name or password is refused. */
    void addUser() {
        String user = newUser.get() == null ? "" : newUser.get().strip();
        char[] password = newUserPassword.get() == null ? new char[0] : newUserPassword.get().toCharArray();
        try {
            secrets.addBasicAuthUser(user, password);
        } finally {
            Arrays.fill(password, '\0');
        }
        basicAuthUsers.setAll(secrets.basicAuthUsers());
        newUser.set("");
        newUserPassword.set("");
    }

    void removeUser(String user) {
        secrets.removeBasicAuthUser(user);
        basicAuthUsers.setAll(secrets.basicAuthUsers());
    }

    /** Takes the fields into the secrets (on the FX thread, before planning). */
    void takeFields() {
        secrets.setGrafanaAdminPassword(blankToNull(grafanaPassword.get()));
        secrets.setSlackWebhookUrl(blankToNull(slackWebhookUrl.get()));
        secrets.setPagerdutyRoutingKey(blankToNull(pagerdutyRoutingKey.get()));
    }

    /**
     * The secret values to render with: what the page has, else what the cluster has ({@code kept}); those the
     * values file sets ({@code inFile}) are left to it. Throws naming every missing or weak secret (never a value).
     */
    Map<String, String> resolve(Map<String, String> kept, Set<String> inFile) {
        secrets.keep(kept);
        List<String> problems = secrets.problems(inFile);
        if (!problems.isEmpty()) {
            throw new ConsoleException(String.join("\n", problems));
        }
        Map<String, String> out = new LinkedHashMap<>();
        secrets.values().forEach((k, v) -> {
            if (!inFile.contains(k)) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** The secrets the user entered (none generated or kept). */
    Map<String, String> given() {
        Map<String, String> out = new LinkedHashMap<>();
        if (blankToNull(grafanaPassword.get()) != null) {
            out.put("grafanaAdminPassword", grafanaPassword.get());
        }
        if (blankToNull(slackWebhookUrl.get()) != null) {
            out.put("slackWebhookUrl", slackWebhookUrl.get().strip());
        }
        if (blankToNull(pagerdutyRoutingKey.get()) != null) {
            out.put("pagerdutyRoutingKey", pagerdutyRoutingKey.get().strip());
        }
        if (!secrets.basicAuthUsers().isEmpty()) {
            out.put("ingressBasicAuthHtpasswd", secrets.htpasswd());
        }
        return out;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    public StringProperty grafanaPasswordProperty() {
        return grafanaPassword;
    }

    /** Whether secret fields show their text (masked by default). */
    public BooleanProperty revealSecretsProperty() {
        return revealSecrets;
    }

    public StringProperty slackWebhookUrlProperty() {
        return slackWebhookUrl;
    }

    public StringProperty pagerdutyRoutingKeyProperty() {
        return pagerdutyRoutingKey;
    }

    public StringProperty newUserProperty() {
        return newUser;
    }

    public StringProperty newUserPasswordProperty() {
        return newUserPassword;
    }

    /** Basic-auth user names (their passwords are kept only as bcrypt hashes). */
    public ObservableList<String> basicAuthUsers() {
        return basicAuthUsers;
    }
}
