package io.neurectomy.console.core.cluster;

import io.fabric8.kubernetes.client.OAuthTokenProvider;
import io.neurectomy.console.core.cluster.ConnectionException.Reason;
import io.neurectomy.console.core.util.BoundedYaml;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Runs a kubeconfig {@code exec} credential plugin (client.authentication.k8s.io ExecCredential protocol) the way
 * kubectl does, and hands its token to fabric8 as an {@link OAuthTokenProvider}.
 *
 * <p>fabric8 8.0.0 would run the plugin itself while reading a kubeconfig, but it swallows a failure (it logs the
 * plugin's output and carries on without credentials, so the user only sees a later 401), waits for the plugin
 * without a time limit and mixes stderr into stdout. Running it here gives a bounded wait, the exit status and
 * stderr for the message, and a token that is re-requested from the plugin when it expires: fabric8 asks the
 * provider before every request and again after a 401.
 *
 * <p>A failure is a {@link ConnectionException} with {@link Reason#CREDENTIAL_PLUGIN}. The plugin's stdout (which
 * carries the credential) never appears in a message or log line.
 */
final class ExecCredentialProvider implements OAuthTokenProvider {
    private static final int MAX_STDERR_CHARS = 600;
    private static final Duration EXPIRY_MARGIN = Duration.ofSeconds(10);
    /** A credential without expirationTimestamp is reused this long (kubectl keeps it until a 401). */
    private static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);

    /** What the plugin returned. Secret: only {@link #toString()} without values. */
    record Credential(String token, String clientCertificateData, String clientKeyData, Instant expiry) {
        @Override
        public String toString() {
            return "Credential[token=" + (token.isEmpty() ? "none" : "***") + ", clientCertificateData="
                    + (clientCertificateData.isEmpty() ? "none" : "set") + ", clientKeyData="
                    + (clientKeyData.isEmpty() ? "none" : "***") + ", expiry=" + expiry + "]";
        }
    }

    private final Kubeconfig.Exec exec;
    private final String userName;
    private final Duration timeout;
    private Credential cached;

    ExecCredentialProvider(Kubeconfig.Exec exec, String userName, Duration timeout) {
        this.exec = exec;
        this.userName = userName;
        this.timeout = timeout;
    }

    /** The plugin command as written in the kubeconfig (resolved against the file's directory). */
    String command() {
        return exec.command();
    }

    @Override
    public synchronized String getToken() {
        return credential().token();
    }

    /** The current credential, running the plugin when there is none or it (nearly) expired. */
    synchronized Credential credential() {
        if (cached == null || Instant.now().plus(EXPIRY_MARGIN).isAfter(cached.expiry())) {
            cached = run();
        }
        return cached;
    }

    private Credential run() {
        List<String> command = new ArrayList<>();
        command.add(exec.command());
        command.addAll(exec.args());
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(exec.env());
        String apiVersion = exec.apiVersion().isEmpty() ? "client.authentication.k8s.io/v1" : exec.apiVersion();
        pb.environment().put("KUBERNETES_EXEC_INFO", "{\"apiVersion\":\"" + apiVersion
                + "\",\"kind\":\"ExecCredential\",\"spec\":{\"interactive\":false}}");
        pb.redirectInput(ProcessBuilder.Redirect.PIPE);
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            String hint = exec.installHint().isBlank() ? "" : " " + exec.installHint().strip();
            throw failure("could not be started (" + e.getMessage() + "). Check that it is installed and on the"
                    + " PATH." + hint, e);
        }
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // the plugin may not read stdin at all
        }
        CompletableFuture<byte[]> stdout = drain(process.getInputStream());
        CompletableFuture<byte[]> stderr = drain(process.getErrorStream());
        int exit;
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw failure("did not finish within " + ClusterConnector.format(timeout)
                        + ". It may be waiting for an interactive login: run it in a terminal first.", null);
            }
            exit = process.exitValue();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw failure("was interrupted.", e);
        }
        String err = new String(join(stderr), StandardCharsets.UTF_8).strip();
        if (exit != 0) {
            throw failure("failed with exit status " + exit + (err.isEmpty() ? "" : ": " + abbreviate(err))
                    + ". Run it in a terminal to see why (often: log in again).", null);
        }
        return parse(new String(join(stdout), StandardCharsets.UTF_8));
    }

    private Credential parse(String out) {
        Object root;
        try {
            root = BoundedYaml.load(out);
        } catch (YAMLException e) {
            // never attach e: its message may quote the output, which carries the credential
            throw failure("printed something that is not an ExecCredential JSON document.", null);
        }
        if (!(root instanceof Map<?, ?> doc) || !(doc.get("status") instanceof Map<?, ?> status)) {
            throw failure("printed no ExecCredential status.", null);
        }
        String token = text(status.get("token"));
        String cert = text(status.get("clientCertificateData"));
        String key = text(status.get("clientKeyData"));
        if (token.isEmpty() && (cert.isEmpty() || key.isEmpty())) {
            throw failure("returned neither a token nor a client certificate and key.", null);
        }
        Instant expiry = Instant.now().plus(DEFAULT_LIFETIME);
        Object exp = status.get("expirationTimestamp");
        if (exp instanceof Date date) {
            expiry = date.toInstant();
        } else if (exp != null) {
            try {
                expiry = OffsetDateTime.parse(String.valueOf(exp)).toInstant();
            } catch (DateTimeParseException e) {
                throw failure("returned an unreadable expirationTimestamp.", null);
            }
        }
        return new Credential(token, cert, key, expiry);
    }

    private ConnectionException failure(String what, Throwable cause) {
        return new ConnectionException(Reason.CREDENTIAL_PLUGIN, "The credential plugin '" + exec.command()
                + "' of user " + userName + " " + what, cause);
    }

    private static String text(Object o) {
        return o == null ? "" : String.valueOf(o);
    }

    private static String abbreviate(String s) {
        String oneLine = s.replaceAll("\\s*\\R\\s*", " | ");
        return oneLine.length() > MAX_STDERR_CHARS ? oneLine.substring(0, MAX_STDERR_CHARS) + "…" : oneLine;
    }

    private static CompletableFuture<byte[]> drain(InputStream in) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try (in) {
                ByteArrayOutputStream buffer = new ByteArrayOutputStream();
                in.transferTo(buffer);
                result.complete(buffer.toByteArray());
            } catch (IOException e) {
                result.complete(new byte[0]);
            }
        }, "exec-credential-reader");
        t.setDaemon(true);
        t.start();
        return result;
    }

    private static byte[] join(CompletableFuture<byte[]> f) {
        try {
            return f.get(2, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return new byte[0];
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new byte[0];
        }
    }

    @Override
    public String toString() {
        return "ExecCredentialProvider[command=" + exec.command() + ", user=" + userName + "]";
    }
}
