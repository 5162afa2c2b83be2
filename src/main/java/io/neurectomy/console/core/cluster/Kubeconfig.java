package io.neurectomy.console.core.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A kubeconfig as kubectl sees it: one or more files merged (the first file that defines a name wins, the
 * current-context comes from the first file that sets one).
 *
 * <p>Besides the public view ({@link #contexts()}) it keeps, package-private, what {@link ClusterConnector} needs
 * to build a client: clusters, users and contexts with every relative path already resolved against the file that
 * defined it. Secret values (tokens, passwords, key data) never appear in {@link #toString()}.
 */
public final class Kubeconfig {
    private final List<Path> files;
    private final Map<String, Context> contextEntries;
    private final Map<String, Cluster> clusters;
    private final Map<String, User> users;
    private final List<KubeContext> contexts;
    private final String currentContext;

    Kubeconfig(List<Path> files, Map<String, Context> contexts, Map<String, Cluster> clusters,
               Map<String, User> users, String currentContext) {
        this.files = List.copyOf(files);
        this.contextEntries = new LinkedHashMap<>(contexts);
        this.clusters = new LinkedHashMap<>(clusters);
        this.users = new LinkedHashMap<>(users);
        this.currentContext = currentContext;
        List<KubeContext> view = new ArrayList<>();
        for (Context c : contexts.values()) {
            Cluster cluster = clusters.get(c.cluster());
            view.add(new KubeContext(c.name(), c.cluster(), cluster == null ? "" : cluster.server(), c.user(),
                    c.namespace(), c.name().equals(currentContext)));
        }
        view.sort(Comparator.comparing(KubeContext::name));
        this.contexts = List.copyOf(view);
    }

    /** The files merged, in precedence order (files that did not exist are not listed). */
    public List<Path> files() {
        return files;
    }

    /** Every context, sorted by name as {@code kubectl config get-contexts} lists them. */
    public List<KubeContext> contexts() {
        return contexts;
    }

    /** The current-context, when one is set. */
    public Optional<String> currentContext() {
        return Optional.ofNullable(currentContext);
    }

    /** The context with that name, if any file defines it. */
    public Optional<KubeContext> context(String name) {
        return contexts.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** The names of every context, sorted. */
    public List<String> contextNames() {
        return contexts.stream().map(KubeContext::name).toList();
    }

    Optional<Context> contextEntry(String name) {
        return Optional.ofNullable(contextEntries.get(name));
    }

    Optional<Cluster> cluster(String name) {
        return Optional.ofNullable(clusters.get(name));
    }

    Optional<User> user(String name) {
        return Optional.ofNullable(users.get(name));
    }

    @Override
    public String toString() {
        return "Kubeconfig[files=" + files + ", currentContext=" + currentContext + ", contexts="
                + contextNames() + "]";
    }

    /** A {@code contexts[].context} entry. Empty strings stand for absent fields. */
    record Context(String name, String cluster, String user, String namespace, Path source) {
    }

    /**
     * A {@code clusters[].cluster} entry; {@code certificateAuthority} is absolute (resolved against
     * {@code source}'s directory).
     */
    record Cluster(String name, String server, String certificateAuthority, String certificateAuthorityData,
                   boolean insecureSkipTlsVerify, String tlsServerName, String proxyUrl, Path source) {
    }

    /** An {@code exec} credential plugin; {@code command} is absolute when the file gave it with a slash. */
    record Exec(String apiVersion, String command, List<String> args, Map<String, String> env,
                String installHint) {
        @Override
        public String toString() {
            // env values may carry secrets: names only.
            return "Exec[apiVersion=" + apiVersion + ", command=" + command + ", args=" + args.size()
                    + ", env=" + env.keySet() + "]";
        }
    }

    /**
     * A {@code users[].user} entry. Paths are absolute. {@code token}, {@code password} and
     * {@code clientKeyData} are secrets: {@link #toString()} only says whether they are set.
     */
    record User(String name, String token, String tokenFile, String clientCertificate,
                String clientCertificateData, String clientKey, String clientKeyData, String username,
                String password, Exec exec, String authProviderName, Map<String, String> authProviderConfig,
                String impersonate, List<String> impersonateGroups, Path source) {

        boolean hasToken() {
            return !token.isEmpty();
        }

        @Override
        public String toString() {
            return "User[name=" + name + ", token=" + (token.isEmpty() ? "none" : "***")
                    + ", tokenFile=" + tokenFile + ", clientCertificate=" + clientCertificate
                    + ", clientCertificateData=" + (clientCertificateData.isEmpty() ? "none" : "set")
                    + ", clientKey=" + clientKey + ", clientKeyData=" + (clientKeyData.isEmpty() ? "none" : "***")
                    + ", username=" + username + ", password=" + (password.isEmpty() ? "none" : "***")
                    + ", exec=" + exec + ", authProvider=" + authProviderName
                    + ", impersonate=" + impersonate + ", source=" + source + "]";
        }
    }
}
