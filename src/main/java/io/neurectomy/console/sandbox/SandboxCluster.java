package io.neurectomy.console.sandbox;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.neurectomy.console.core.cluster.SandboxMarker;
import io.neurectomy.console.sandbox.api.ApiWebServer;
import io.neurectomy.console.sandbox.api.Discovery;
import io.neurectomy.console.sandbox.api.SandboxDispatcher;
import io.neurectomy.console.sandbox.controller.SandboxReconciler;
import io.neurectomy.console.sandbox.kubelet.SandboxKubelet;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.neurectomy.console.core.ConsoleException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedded Kubernetes API on 127.0.0.1 for trying the console without a cluster, for screenshots and for
 * tests: a fabric8 mock server in CRUD mode with discovery documents, seeded with three nodes and (unless empty)
 * the monitoring stack, reachable through an ordinary kubeconfig file.
 *
 * <p>The console reaches it through that kubeconfig like any other cluster; nothing in core knows about it.
 */
public final class SandboxCluster implements AutoCloseable {
    /** The name of the sandbox's context, cluster and user in its kubeconfig. */
    public static final String CONTEXT = "monitoring-console-sandbox";
    /** The bundled environment the sandbox's stack is rendered for. */
    public static final String ENVIRONMENT = SandboxStack.ENVIRONMENT;
    private static final Logger LOG = LoggerFactory.getLogger(SandboxCluster.class);

    private final KubernetesMockServer server;
    private final Path directory;
    private final Path kubeconfig;
    private final KubernetesClient admin;
    private final SandboxKubelet kubelet;
    private final SandboxReconciler reconciler;
    private final Thread shutdownHook = new Thread(this::close, "sandbox-shutdown");
    private volatile boolean closed;

    private SandboxCluster(KubernetesMockServer server, Path directory, Path kubeconfig, KubernetesClient admin,
            SandboxKubelet kubelet, SandboxReconciler reconciler) {
        this.server = server;
        this.directory = directory;
        this.kubeconfig = kubeconfig;
        this.admin = admin;
        this.kubelet = kubelet;
        this.reconciler = reconciler;
        // Whatever way the JVM ends, the sandbox's server and processes end with it.
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * How a sandbox runs its pods.
     *
     * @param binaries         the Prometheus and Alertmanager programs that stand in for pods; none for API only
     * @param propagationDelay how long ConfigMap and Secret changes take to reach the "mounted" files, as on a
     *                         kubelet
     * @param podAccess        how the API server's relays reach the pods' stand-ins (see {@link #withPodAccess})
     */
    public record Options(Binaries binaries, Duration propagationDelay, UnaryOperator<PodRuntimes> podAccess) {
        public Options {
            podAccess = podAccess == null ? UnaryOperator.identity() : podAccess;
        }

        /** The programs found on PATH, and a kubelet-like delay of a few seconds. */
        public static Options defaults() {
            return new Options(Binaries.fromPath(), Duration.ofSeconds(3), UnaryOperator.identity());
        }

        public Options withBinaries(Binaries value) {
            return new Options(value, propagationDelay, podAccess);
        }

        public Options withPropagationDelay(Duration value) {
            return new Options(binaries, value, podAccess);
        }

        /**
         * How clients reach the pods' stand-ins (port-forward, exec, log): {@code route} gets the kubelet's and
         * gives what the API server's relays use, e.g. a pod's port served by a proxy that misbehaves on purpose.
         * The kubelet's own probes and the reconciler keep reaching the processes directly.
         */
        public Options withPodAccess(UnaryOperator<PodRuntimes> route) {
            return new Options(binaries, propagationDelay, route);
        }
    }

    /**
     * Starts a fresh sandbox with the programs found on PATH.
     *
     * @param empty true for three nodes and no stack (ready for the deploy wizard)
     */
    public static SandboxCluster start(boolean empty) {
        return start(empty, Options.defaults(), null);
    }

    /** Starts a fresh sandbox: API server, seed, kubelet stand-ins and reconciler. */
    public static SandboxCluster start(boolean empty, Options options) {
        return start(empty, options, null);
    }

    /**
     * For relay tests and benchmarks: a sandbox without processes of its own whose pods' {@code portforward},
     * {@code exec} and {@code log} reach the stand-ins that {@code runtimes} finds for them.
     */
    public static SandboxCluster start(boolean empty, PodRuntimes runtimes) {
        return start(empty, Options.defaults().withBinaries(Binaries.none()), runtimes);
    }

    private static SandboxCluster start(boolean empty, Options options, PodRuntimes relayTargets) {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        // The dispatcher needs the server's address for /api, which is known only once it listens, and the
        // kubelet, which needs a client of the running server.
        AtomicInteger port = new AtomicInteger();
        AtomicReference<PodRuntimes> runtimes = new AtomicReference<>((ns, pod) -> Optional.empty());
        Discovery discovery = new Discovery(() -> "127.0.0.1:" + port.get());
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new ApiWebServer(), responses,
                new SandboxDispatcher(new KubernetesMixedDispatcher(responses), discovery,
                        options.podAccess().apply((ns, pod) -> runtimes.get().find(ns, pod))), false,
                new VersionInfo.Builder().withMajor("1").withMinor("30").withGitVersion("v1.30.0-sandbox")
                        .withPlatform("linux/amd64").build());
        Path dir = null;
        KubernetesClient admin = null;
        SandboxKubelet kubelet = null;
        try {
            server.init(InetAddress.getLoopbackAddress(), 0);
            port.set(server.getPort());
            dir = Files.createTempDirectory("monitoring-console-sandbox-");
            Path kubeconfig = writeKubeconfig(dir, "http://127.0.0.1:" + server.getPort());
            admin = client(server);
            kubelet = new SandboxKubelet(dir.resolve("kubelet"), admin, options.binaries(),
                    options.propagationDelay());
            runtimes.set(relayTargets != null ? relayTargets : kubelet);
            seed(admin, "sandbox/nodes.yaml");
            seed(admin, "sandbox/cluster.yaml");
            writeMarker(admin, kubelet.mode());
            if (!empty) {
                List<HasMetadata> stack = SandboxStack.render().resources();
                for (HasMetadata item : stack) {
                    admin.resource(withDataFromStringData(item)).create();
                }
                issueIngressCertificates(admin, stack);
            }
            SandboxReconciler reconciler = new SandboxReconciler(admin, kubelet, key -> {
                int slash = key.indexOf('/');
                return runtimes.get().find(key.substring(0, slash), key.substring(slash + 1));
            }, Clock.systemUTC());
            SandboxCluster sandbox = new SandboxCluster(server, dir, kubeconfig, admin, kubelet, reconciler);
            reconciler.start();
            LOG.info("Sandbox cluster listening on 127.0.0.1:{} (kubeconfig {}){}", server.getPort(), kubeconfig,
                    kubelet.mode() == null ? "" : "; " + kubelet.mode());
            return sandbox;
        } catch (IOException | RuntimeException e) {
            if (kubelet != null) {
                kubelet.close();
            }
            if (admin != null) {
                admin.close();
            }
            server.destroy();
            Directories.deleteQuietly(dir);
            throw new ConsoleException("The sandbox cluster could not start: " + e.getMessage()
                    + ". Check that the temporary directory is writable.", e);
        }
    }

    /** Tells the console (through the API, like any cluster fact) that this is the sandbox, and in which mode. */
    private static void writeMarker(KubernetesClient admin, String apiOnlyNotice) {
        for (String ns : List.of("default", "kube-system", SandboxMarker.NAMESPACE)) {
            admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
                    .createOr(NonDeletingOperation::update);
        }
        String notice = apiOnlyNotice != null ? "Sandbox, API only. " + apiOnlyNotice
                + " Install the Debian packages prometheus and prometheus-alertmanager for live processes."
                : "Sandbox: an embedded cluster on this machine. Prometheus and Alertmanager pods are real local"
                        + " processes; Grafana pods exist in the API only (no Debian package).";
        admin.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName(SandboxMarker.NAME)
                .withNamespace(SandboxMarker.NAMESPACE).endMetadata()
                .addToData(SandboxMarker.MODE_KEY, apiOnlyNotice != null ? SandboxMarker.MODE_API_ONLY
                        : SandboxMarker.MODE_FULL)
                .addToData(SandboxMarker.NOTICE_KEY, notice).build()).create();
    }

    /**
     * What cert-manager does on a real cluster: a TLS Secret for each Secret the stack's Ingresses name and do not
     * bring, covering their hosts, valid for 90 days (self-signed: the sandbox has no CA).
     */
    private static void issueIngressCertificates(KubernetesClient admin, List<HasMetadata> stack) {
        Map<String, Set<String>> hostsBySecret = new LinkedHashMap<>();
        Set<String> bundled = new HashSet<>();
        String namespace = null;
        for (HasMetadata item : stack) {
            if (item instanceof Secret secret) {
                bundled.add(secret.getMetadata().getNamespace() + "/" + secret.getMetadata().getName());
            }
            if (item instanceof Ingress ingress && ingress.getSpec().getTls() != null) {
                namespace = ingress.getMetadata().getNamespace();
                for (IngressTLS tls : ingress.getSpec().getTls()) {
                    hostsBySecret.computeIfAbsent(namespace + "/" + tls.getSecretName(), k -> new LinkedHashSet<>())
                            .addAll(tls.getHosts() == null ? List.of() : tls.getHosts());
                }
            }
        }
        Instant now = Instant.now();
        hostsBySecret.forEach((key, hosts) -> {
            if (!bundled.contains(key) && !hosts.isEmpty()) {
                int slash = key.indexOf('/');
                admin.resource(SelfSignedCertificate.tlsSecret(key.substring(0, slash), key.substring(slash + 1),
                        List.copyOf(hosts), now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(90)))).create();
            }
        });
    }

    /**
     * Replaces the TLS Secret {@code namespace/secret} with a new self-signed certificate for {@code hosts}, valid
     * from {@code notBefore} to {@code notAfter} (an expired or mismatched certificate, for tests and demos).
     */
    public void issueCertificate(String namespace, String secret, List<String> hosts, Instant notBefore,
                                 Instant notAfter) {
        admin.resource(SelfSignedCertificate.tlsSecret(namespace, secret, hosts, notBefore, notAfter))
                .createOr(NonDeletingOperation::update);
    }

    /** cert-manager's Certificate resource, once {@link #installCertManagerCrd()} made it exist. */
    private static final ResourceDefinitionContext CERTIFICATES = new ResourceDefinitionContext.Builder()
            .withGroup("cert-manager.io").withVersion("v1").withKind("Certificate").withPlural("certificates")
            .withNamespaced(true).build();

    /**
     * Installs cert-manager's Certificate CustomResourceDefinition ({@code cert-manager.io/v1}), as applying
     * cert-manager's CRDs does: from then on discovery lists the resource and the API stores Certificates. Before
     * it, the sandbox answers that API with 404, like a cluster without cert-manager. No controller comes with it:
     * {@link #issueCertManagerCertificate} and {@link #failCertManagerCertificate} play cert-manager's part.
     */
    public void installCertManagerCrd() {
        try {
            seed(admin, "sandbox/cert-manager-certificate-crd.yaml");
        } catch (IOException e) {
            throw new ConsoleException("could not install cert-manager's Certificate CRD: " + e.getMessage(), e);
        }
    }

    /**
     * What cert-manager does for a Certificate whose issuer signs it: the Certificate {@code namespace/name} for
     * {@code hosts} into Secret {@code secretName}, the Secret with a certificate valid from {@code notBefore} to
     * {@code notAfter} (self-signed), and the Certificate's status Ready with those dates. Needs
     * {@link #installCertManagerCrd()}.
     */
    public void issueCertManagerCertificate(String namespace, String name, String secretName, List<String> hosts,
                                            Instant notBefore, Instant notAfter) {
        issueCertificate(namespace, secretName, hosts, notBefore, notAfter);
        Map<String, Object> ready = new LinkedHashMap<>();
        ready.put("type", "Ready");
        ready.put("status", "True");
        ready.put("reason", "Ready");
        ready.put("message", "Certificate is up to date and has not expired");
        ready.put("lastTransitionTime", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("conditions", List.of(ready));
        status.put("notBefore", notBefore.truncatedTo(ChronoUnit.SECONDS).toString());
        status.put("notAfter", notAfter.truncatedTo(ChronoUnit.SECONDS).toString());
        Duration lifetime = Duration.between(notBefore, notAfter);
        status.put("renewalTime", notAfter.minus(lifetime.dividedBy(3)).truncatedTo(
                ChronoUnit.SECONDS).toString());
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("secretName", secretName);
        spec.put("dnsNames", List.copyOf(hosts));
        spec.put("issuerRef", Map.of("name", "selfsigned", "kind", "ClusterIssuer", "group", "cert-manager.io"));
        GenericKubernetesResource certificate = new GenericKubernetesResourceBuilder()
                .withApiVersion("cert-manager.io/v1").withKind("Certificate").withNewMetadata().withName(name)
                .withNamespace(namespace).endMetadata().addToAdditionalProperties("spec", spec).build();
        var resources = admin.genericKubernetesResources(CERTIFICATES).inNamespace(namespace);
        GenericKubernetesResource stored = resources.resource(certificate).createOr(NonDeletingOperation::update);
        stored.getAdditionalProperties().put("status", status);
        resources.resource(stored).updateStatus();
    }

    /**
     * What cert-manager writes when the issuer cannot sign the Certificate {@code namespace/name}: its Ready condition
     * turns False with {@code reason} and {@code message}; its Secret and dates stay as they were.
     */
    public void failCertManagerCertificate(String namespace, String name, String reason, String message) {
        var resource = admin.genericKubernetesResources(CERTIFICATES).inNamespace(namespace).withName(name);
        GenericKubernetesResource stored = resource.get();
        if (stored == null) {
            throw new IllegalArgumentException("no Certificate " + namespace + "/" + name);
        }
        Map<String, Object> status = new LinkedHashMap<>();
        if (stored.getAdditionalProperties().get("status") instanceof Map<?, ?> old) {
            old.forEach((k, v) -> status.put(String.valueOf(k), v));
        }
        Map<String, Object> ready = new LinkedHashMap<>();
        ready.put("type", "Ready");
        ready.put("status", "False");
        ready.put("reason", reason);
        ready.put("message", message);
        ready.put("lastTransitionTime", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        status.put("conditions", List.of(ready));
        stored.getAdditionalProperties().put("status", status);
        admin.genericKubernetesResources(CERTIFICATES).inNamespace(namespace).resource(stored).updateStatus();
    }

    static void seed(KubernetesClient admin, String resource) throws IOException {
        try (InputStream in = SandboxCluster.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing bundled resource " + resource);
            }
            for (HasMetadata item : admin.load(in).items()) {
                admin.resource(withDataFromStringData(item)).create();
            }
        }
    }

    /** The mock server stores Secrets as given; a real API server turns stringData into base64 data. */
    private static HasMetadata withDataFromStringData(HasMetadata item) {
        if (!(item instanceof Secret secret) || secret.getStringData() == null) {
            return item;
        }
        Map<String, String> data = new LinkedHashMap<>(secret.getData() == null ? Map.of() : secret.getData());
        secret.getStringData().forEach((k, v) -> data.put(k,
                Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        return new SecretBuilder(secret).withStringData(null).withData(data).build();
    }

    private static Path writeKubeconfig(Path dir, String url) throws IOException {
        Path file = dir.resolve("kubeconfig");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                current-context: %1$s
                clusters:
                  - name: %1$s
                    cluster:
                      server: %2$s
                users:
                  - name: %1$s
                    user:
                      username: sandbox
                      password: sandbox
                contexts:
                  - name: %1$s
                    context:
                      cluster: %1$s
                      user: %1$s
                      namespace: monitoring
                """.formatted(CONTEXT, url));
        return file;
    }

    /** The kubeconfig file that reaches this sandbox (context {@value #CONTEXT}). */
    public Path kubeconfig() {
        return kubeconfig;
    }

    /**
     * Writes the non-secret values the sandbox renders its stack with (cluster name, domain, StorageClass) into a
     * values file beside the kubeconfig, and returns it: what a deploy of {@value #ENVIRONMENT} on this sandbox is
     * given when its secret values come from elsewhere (an archive).
     */
    public Path valuesFile() {
        Map<String, String> values = SandboxStack.values();
        StringBuilder text = new StringBuilder("# the sandbox's non-secret values\n");
        for (String name : List.of("clusterName", "domain", "storageClass")) {
            text.append(name).append(": ").append(values.get(name)).append('\n');
        }
        Path file = directory.resolve("values.yaml");
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("Could not write the sandbox's values file " + file, e);
        }
        return file;
    }

    /** The API server URL. */
    public String url() {
        return "http://127.0.0.1:" + server.getPort();
    }

    /** A client for sandbox-side work (the reconciler, tests); the console itself connects through kubeconfig. */
    public KubernetesClient adminClient() {
        return client(server);
    }

    /**
     * A client of the sandbox's own: its requests wait up to a minute, not the default ten seconds, since the sandbox
     * answers from inside the same JVM and a busy machine can starve it for longer than that without anything being
     * wrong; a request still failing then is a hang.
     */
    private static KubernetesClient client(KubernetesMockServer server) {
        return server.createClient(builder -> builder.editOrNewConfig().withRequestTimeout(60_000).endConfig());
    }

    /** Null when real processes stand behind the pods; otherwise the sentence saying why it runs API only. */
    public String apiOnlyReason() {
        return kubelet.mode();
    }

    /** The PID of every process the sandbox has started, for checking that none outlives it. */
    public List<Long> startedPids() {
        return kubelet.startedPids();
    }

    /**
     * Simulates a filling disk: the persistent volume mounted at {@code mountPath} in the running pod (e.g.
     * {@code /prometheus} of {@code prometheus-0}) appears {@code percent} % full to {@code df} in the pod. The
     * sandbox accounts for the bytes the pod's own files do not take; nothing is written, and the process does not
     * notice. {@code 0} ends the simulation (the pod's real use remains).
     *
     * @return the bytes simulated
     */
    public long fillVolume(String namespace, String pod, String mountPath, double percent) {
        return kubelet.fillVolume(namespace, pod, mountPath, percent);
    }

    /**
     * Gives a running Prometheus pod history it did not record: the samples of {@code openMetrics} (OpenMetrics
     * text ending with {@code # EOF}, timestamps in seconds) become blocks in its data directory, written by
     * {@code promtool tsdb create-blocks-from openmetrics} as an operator backfills a server. The process loads them
     * at its next periodic block reload (within about a minute); nothing else about it changes.
     *
     * @return the names of the block directories written
     * @throws IllegalArgumentException when the sandbox runs no Prometheus process for the pod
     * @throws IllegalStateException    when promtool is missing or rejects the samples
     */
    public List<String> backfillPrometheus(String namespace, String pod, String openMetrics) {
        try {
            return kubelet.backfill(namespace, pod, openMetrics);
        } catch (IOException e) {
            throw new IllegalStateException("could not backfill " + namespace + "/" + pod + ": " + e.getMessage(),
                    e);
        }
    }

    /** Simulates the failure of a node: it goes NotReady, and its pods lose readiness and their processes. */
    public void failNode(String node) {
        setFailed(node, true);
    }

    /** Ends a simulated node failure: the node is Ready again and its pods' processes start. */
    public void recoverNode(String node) {
        setFailed(node, false);
    }

    private void setFailed(String node, boolean failed) {
        admin.nodes().withName(node).edit(n -> {
            if (failed) {
                n.getMetadata().getAnnotations().put(SandboxMarker.NODE_FAILED_ANNOTATION, "true");
            } else {
                n.getMetadata().getAnnotations().remove(SandboxMarker.NODE_FAILED_ANNOTATION);
            }
            return n;
        });
    }

    /** Stops the reconciler, every process, the API server, and removes the files; safe to call more than once. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException | SecurityException e) {
            // Already shutting down: this call is the hook itself.
        }
        reconciler.close();
        kubelet.close();
        admin.close();
        try {
            server.destroy();
        } catch (IllegalStateException e) {
            // The mock server waits a bounded time for its connections to drain; going on is safe, as the
            // process is leaving the sandbox behind either way.
            LOG.warn("The sandbox API server was slow to stop: {}", e.getMessage());
        }
        Directories.deleteQuietly(directory);
        LOG.info("Sandbox cluster stopped");
    }
}
