package io.neurectomy.console.core.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.neurectomy.console.testing.YamlBombs;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class StackManifestsTest {
    private static final List<String> APPLY_ORDER = List.of("Namespace", "ServiceAccount", "ClusterRole",
            "ClusterRoleBinding", "ConfigMap", "Secret", "Service", "StatefulSet", "Deployment", "PodDisruptionBudget",
            "NetworkPolicy", "Ingress");

    @TempDir
    Path tmp;

    @Test
    void theIndexListsEveryBundledFileAndNothingElse() throws IOException, URISyntaxException {
        Path root = Path.of(getClass().getClassLoader().getResource("stack/index.txt").toURI()).getParent();
        List<String> onDisk;
        try (Stream<Path> files = Files.walk(root)) {
            onDisk = files.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .filter(f -> !f.equals("index.txt")).sorted().toList();
        }

        assertThat(StackManifests.bundled().files()).containsExactlyInAnyOrderElementsOf(onDisk);
        assertThat(StackManifests.bundled().environments()).containsExactly("staging", "production");
    }

    @Test
    void bothEnvironmentsRenderTypedObjectsInApplyOrder() {
        for (String env : List.of("staging", "production")) {
            RenderedStack stack = TestStacks.rendered(env);

            List<String> kinds = stack.objects().stream().map(StackObject::kind).toList();
            assertThat(kinds).first().isEqualTo("Namespace");
            assertThat(kinds).last().isEqualTo("Ingress");
            assertThat(kinds.stream().mapToInt(APPLY_ORDER::indexOf).toArray()).isSorted().doesNotContain(-1);
            assertThat(stack.resources()).noneMatch(r -> r instanceof GenericKubernetesResource);
            assertThat(stack.objects().stream().map(StackObject::ref)).contains("StatefulSet/prometheus",
                    "StatefulSet/alertmanager", "Deployment/grafana", "Service/prometheus",
                    "Service/prometheus-headless", "Service/alertmanager", "Service/alertmanager-headless",
                    "Service/grafana", "ConfigMap/prometheus-config", "ConfigMap/prometheus-alert-rules",
                    "Secret/grafana-admin", "Secret/alertmanager-config", "Secret/ingress-basic-auth");
            assertThat(stack.networkPaths()).hasSizeGreaterThan(15);
        }
    }

    @Test
    void environmentsDifferInReplicasStorageRetentionResourcesAndHosts() {
        RenderedStack staging = TestStacks.rendered("staging");
        RenderedStack production = TestStacks.rendered("production");

        assertThat(replicas(staging, "grafana")).isEqualTo(1);
        assertThat(replicas(production, "grafana")).isEqualTo(2);
        assertThat(prometheus(staging).getSpec().getVolumeClaimTemplates().get(0).getSpec().getResources()
                .getRequests().get("storage")).hasToString("50Gi");
        assertThat(prometheus(production).getSpec().getVolumeClaimTemplates().get(0).getSpec().getResources()
                .getRequests().get("storage")).hasToString("200Gi");
        assertThat(prometheus(staging).getSpec().getVolumeClaimTemplates().get(0).getSpec().getStorageClassName())
                .isEqualTo("fast-ssd");
        assertThat(args(staging)).contains("--storage.tsdb.retention.time=7d", "--storage.tsdb.retention.size=40GB");
        assertThat(args(production)).contains("--storage.tsdb.retention.time=15d",
                "--storage.tsdb.retention.size=160GB", "--web.external-url=https://prometheus.monitoring.example.org/");
        assertThat(prometheus(production).getSpec().getTemplate().getSpec().getContainers().get(0).getResources()
                .getLimits().get("memory")).hasToString("16Gi");
        assertThat(prometheus(staging).getSpec().getTemplate().getSpec().getContainers().get(0).getResources()
                .getLimits().get("memory")).hasToString("8Gi");
        assertThat(host(staging, "grafana")).isEqualTo("grafana.staging.monitoring.example.org");
        assertThat(host(production, "grafana")).isEqualTo("grafana.monitoring.example.org");
        assertThat(staging.prometheusConfig().orElseThrow()).contains("cluster: staging");
    }

    @Test
    void valuesGivenDirectlyOverrideTheValuesFileWhichOverridesTheEnvironment() {
        RenderedStack stack = StackManifests.bundled().render("production", TestStacks.VALUES,
                TestStacks.resource(TestStacks.VALUES) + "prometheusVersion: v2.99.0\ngrafanaReplicas: 3\n",
                Map.of("grafanaReplicas", "4"));

        assertThat(prometheus(stack).getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("quay.io/prometheus/prometheus:v2.99.0");
        assertThat(replicas(stack, "grafana")).isEqualTo(4);
    }

    @Test
    void secretValuesArriveVerbatimAndOnlyInSecrets() {
        RenderedStack stack = TestStacks.rendered("production");

        assertThat(stack.secretData("grafana-admin", "admin-password"))
                .contains("test-only: not a real 'password' #1");
        assertThat(stack.secretData("ingress-basic-auth", "auth")).hasValueSatisfying(v -> v.startsWith("admin:$2y$"));
        assertThat(stack.alertmanagerConfig().orElseThrow())
                .contains("routing_key: '0123456789abcdef0123456789abcdef'")
                .contains("api_url: 'https://hooks.slack.com/services/T00000000/B00000000/");
        for (StackObject o : stack.objects()) {
            if (!(o.resource() instanceof Secret)) {
                String yaml = StackManifests.serialization().asYaml(o.resource());
                assertThat(yaml).as(o.ref()).doesNotContain("test-only", "0123456789abcdef0123456789abcdef",
                        "hooks.slack.com", "abcdefghijklmnopqrstuu");
            }
        }
    }

    @Test
    void theReplicaLabelIsWrittenForPrometheusToExpand() {
        assertThat(TestStacks.rendered("production").prometheusConfig().orElseThrow())
                .contains("prometheus_replica: ${POD_NAME}");
    }

    @Test
    void everyDeclaredValueIsUsedAndNoPlaceholderIsBundled() {
        StackManifests stack = StackManifests.bundled();
        StringBuilder all = new StringBuilder();
        for (String file : stack.files()) {
            if (!file.equals("values.yaml")) {
                all.append(stack.read(file)).append('\n');
            }
        }
        for (ValueSpec spec : stack.valueSpecs()) {
            boolean used = all.indexOf("${" + spec.name() + "}") >= 0;
            boolean usedByDefault = stack.valueSpecs().stream().anyMatch(s -> s.defaultValue() != null
                    && s.defaultValue().contains("${" + spec.name() + "}"));
            assertThat(used || usedByDefault).as(spec.name() + " is used").isTrue();
        }
        assertThat(all.toString()).doesNotContainIgnoringCase("CHANGE_ME").doesNotContain("changeme");
        assertThat(stack.valueSpecs()).filteredOn(ValueSpec::secret).extracting(ValueSpec::name)
                .contains("grafanaAdminPassword", "slackWebhookUrl", "pagerdutyRoutingKey", "ingressBasicAuthHtpasswd");
    }

    @Test
    void missingValuesAreReportedOnceEachWithTheFileAndLineThatUsesThem() {
        StackException e = catchStack(() -> StackManifests.bundled().render("production", Map.of()));

        String secrets = StackManifests.bundled().read("manifests/06-secrets.yaml");
        assertThat(e.problems()).contains(new StackProblem("manifests/06-secrets.yaml",
                lineOf(secrets, "${grafanaAdminPassword}"), "value 'grafanaAdminPassword' is not set: Grafana's admin "
                + "password (at least 12 characters). Set it in your values file; it is a secret the deploy "
                + "wizard asks for."));
        assertThat(e.problems()).filteredOn(p -> p.message().startsWith("value 'storageClass' is not set"))
                .hasSize(1).first().satisfies(p -> assertThat(p.file()).isEqualTo("manifests/08-prometheus.yaml"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p.message()).startsWith("value 'domain' is not set")
                .contains("prometheusHost", "grafanaHost", "runbookBaseUrl"));
        assertThat(e.getMessage()).startsWith("The stack cannot be rendered for environment production:")
                .contains("manifests/04-alertmanager-config.yaml:").contains("slackWebhookUrl");
    }

    @Test
    void variablesInsideConfigFilesAreLocatedOnTheirOwnLine() {
        StackException e = catchStack(() -> StackManifests.bundled().render("staging", Map.of()));

        String alertmanager = StackManifests.bundled().read("manifests/04-alertmanager-config.yaml");
        assertThat(e.problems()).anySatisfy(p -> {
            assertThat(p.message()).startsWith("value 'pagerdutyRoutingKey' is not set");
            assertThat(p.file()).isEqualTo("manifests/04-alertmanager-config.yaml");
            assertThat(p.line()).isEqualTo(lineOf(alertmanager, "${pagerdutyRoutingKey}"));
        });
    }

    @Test
    void unknownAndMalformedUserValuesNameTheirLine() {
        String values = TestStacks.resource(TestStacks.VALUES) + "prometheusReplica: 3\ngrafanaReplicas: two\n"
                + "grafanaAdminUser: \"not a label\"\n";
        StackException e = catchStack(() -> StackManifests.bundled().render("production", "my-values.yaml", values,
                Map.of("grafanaSecretKey", "short")));

        int last = values.split("\n").length;
        assertThat(e.problems()).contains(
                new StackProblem("my-values.yaml", last - 2, "unknown value 'prometheusReplica' (did you mean "
                        + "'prometheusReplicas'?); the values are listed in stack/values.yaml"),
                new StackProblem("my-values.yaml", last - 1, "value 'grafanaReplicas' must be a whole number such as "
                        + "2, not 'two'"),
                new StackProblem("values given", 0, "value 'grafanaSecretKey' must be at least 12 characters on one "
                        + "line, not the value given"));
        assertThat(e.getMessage()).doesNotContain("short");
    }

    @Test
    void anUnknownEnvironmentIsRefused() {
        StackException e = catchStack(() -> StackManifests.bundled().render("prod", Map.of()));

        assertThat(e.getMessage()).contains("Unknown environment 'prod'").contains("staging, production");
    }

    @Test
    void aValuesFileIsReadFromDiskAndNamedInProblems() throws IOException {
        Path file = tmp.resolve("my-values.yaml");
        Files.writeString(file, TestStacks.resource(TestStacks.VALUES));
        assertThat(StackManifests.bundled().render("staging", file, Map.of()).environment()).isEqualTo("staging");

        Files.writeString(file, TestStacks.resource(TestStacks.VALUES) + "storageClas: x\n");
        StackException e = catchStack(() -> StackManifests.bundled().render("staging", file, Map.of()));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo(file.toString());
            assertThat(p.message()).startsWith("unknown value 'storageClas' (did you mean 'storageClass'?)");
        });

        Path missing = tmp.resolve("nope.yaml");
        assertThatThrownBy(() -> StackManifests.bundled().render("staging", missing, Map.of()))
                .hasMessageContaining("Could not read the values file " + missing);
    }

    @Test
    // the timeout catches a hang only
    @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aValuesFileOfNestedAliasesIsRefusedWithTheLimitAndItsLine() throws IOException {
        Path file = tmp.resolve("my-values.yaml");
        Files.writeString(file, YamlBombs.nestedAliases(10, 9));

        StackException e = catchStack(() -> StackManifests.bundled().render("staging", file, Map.of()));

        // values take at most 20 aliases: the 21st is the third of line 4 (aliases 19..27), at column 18
        assertThat(e.problems()).contains(new StackProblem(file.toString(), 4, "YAML limit: more than 20 aliases"
                + " (*name) to lists or mappings; write the repeated parts out, or use fewer anchors (&name)"));
    }

    @Test
    void anOversizedValuesFileIsNotRead() throws IOException {
        Path file = tmp.resolve("my-values.yaml");
        Files.writeString(file, YamlBombs.oversized(9 * 1024 * 1024));

        assertThatThrownBy(() -> StackManifests.bundled().render("staging", file, Map.of()))
                .hasMessageContaining("The values file " + file + " is refused: YAML limit: the document is "
                        + Files.size(file) + " bytes, more than the 8388608 the console reads");
    }

    @Test
    void theAlertmanagerPeerListAndItsBudgetFollowTheReplicaCount() {
        for (int n : List.of(3, 5, 1)) {
            RenderedStack stack = StackManifests.bundled().render("production", TestStacks.VALUES,
                    TestStacks.resource(TestStacks.VALUES), Map.of("alertmanagerReplicas", String.valueOf(n)));

            StatefulSet am = stack.all(StatefulSet.class).stream()
                    .filter(s -> s.getMetadata().getName().equals("alertmanager")).findFirst().orElseThrow();
            assertThat(am.getSpec().getReplicas()).isEqualTo(n);
            List<String> peers = am.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs().stream()
                    .filter(a -> a.startsWith("--cluster.peer=")).toList();
            assertThat(peers).containsExactlyElementsOf(java.util.stream.IntStream.range(0, n).mapToObj(i ->
                    "--cluster.peer=alertmanager-" + i + ".alertmanager-headless.monitoring.svc:9094").toList());
            PodDisruptionBudget pdb = stack.all(PodDisruptionBudget.class).stream()
                    .filter(b -> b.getMetadata().getName().equals("alertmanager-pdb")).findFirst().orElseThrow();
            assertThat(pdb.getSpec().getMinAvailable().getIntVal()).isEqualTo(n - 1);
            assertThat(StackChecks.run(stack, StackCheck.ALERTMANAGER_PEERS)).as("peers with %d", n)
                    .noneMatch(f -> f.severity() == io.neurectomy.console.core.check.Severity.ERROR);
        }
    }

    @Test
    void repeatAndMinusWriteCountedItemsAndDifferences() throws IOException {
        writeStack("""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                  namespace: ${ns}
                spec:
                  replicas: !minus
                    - ${count}
                    - 1
                  template:
                    spec:
                      containers:
                        - name: web
                          args:
                            - --first
                            - !repeat
                              count: ${count}
                              item: --peer=web-${index}.${ns}:80
                            - --last
                """, "");

        RenderedStack stack = StackManifests.fromDirectory(tmp).render("test", Map.of("count", "2"));

        Deployment web = (Deployment) stack.resources().get(0);
        assertThat(web.getSpec().getReplicas()).isEqualTo(1);
        assertThat(web.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs()).containsExactly(
                "--first", "--peer=web-0.monitoring:80", "--peer=web-1.monitoring:80", "--last");
    }

    @Test
    void aRepeatWithoutACountOrOutsideAListIsAProblem() throws IOException {
        writeStack("""
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: config
                  namespace: monitoring
                  labels: !repeat
                    count: 2
                    item: x
                data:
                  list: [a]
                  more:
                    - !repeat
                      item: x-${index}
                    - !repeat
                      count: ${ns}
                      item: y
                """, "");

        StackException e = catchStack(() -> StackManifests.fromDirectory(tmp).render("test", Map.of()));

        assertThat(e.problems()).extracting(StackProblem::toString).contains(
                "manifests/a.yaml:6: !repeat may only be an item of a list",
                "manifests/a.yaml:12: !repeat takes a mapping of count (a number) and item (a text that may use"
                        + " ${index})",
                "manifests/a.yaml:15: !repeat's count must be a whole number, not 'monitoring'");
    }

    // ---- the template mechanism, on a small stack of its own --------------------------------------------------

    @Test
    void substitutionTypesPlainValuesKeepsQuotedOnesTextAndHonoursTheEscape() throws IOException {
        writeStack("""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                  namespace: ${ns}
                  annotations:
                    quoted: "${count}"
                    empty: ${nothing}
                    literal: $${NOT_A_VALUE} and $1:$2
                spec:
                  replicas: ${count}
                """, "");

        RenderedStack stack = StackManifests.fromDirectory(tmp).render("test", Map.of());

        Deployment web = (Deployment) stack.resources().get(0);
        assertThat(web.getSpec().getReplicas()).isEqualTo(3);
        assertThat(web.getMetadata().getNamespace()).isEqualTo("monitoring");
        assertThat(web.getMetadata().getAnnotations()).containsEntry("quoted", "3").containsEntry("empty", "")
                .containsEntry("literal", "${NOT_A_VALUE} and $1:$2");
    }

    @Test
    void templateProblemsAreAllReportedWithTheirLines() throws IOException {
        writeStack("""
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: config
                  namespace: monitoring
                data:
                  file.yml: |
                    first: line
                    wrong: ${unknownThing}
                    bad: ${not-a-name}
                    secret: embedded ${password} here
                """, """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: other
                  namespace: monitoring
                  labels: [oops
                """);

        StackException e = catchStack(() -> StackManifests.fromDirectory(tmp).render("test",
                Map.of("password", "long-enough-password")));

        assertThat(e.problems()).extracting(StackProblem::toString).contains(
                "manifests/a.yaml:9: unknown variable ${unknownThing}; every variable must be declared in "
                        + "stack/values.yaml",
                "manifests/a.yaml:10: malformed variable '${not-a-name}': write ${name} with a name of letters and "
                        + "digits, or $${ for a literal ${",
                "manifests/a.yaml:11: ${password} is free text (password) and may only stand alone as a whole YAML "
                        + "value, not inside a larger text");
        assertThat(e.problems()).anySatisfy(p -> {
            assertThat(p.file()).isEqualTo("manifests/b.yaml");
            assertThat(p.line()).isEqualTo(7);
            assertThat(p.message()).startsWith("YAML syntax error:");
        });
    }

    @Test
    void anObjectThatDoesNotFitItsSchemaNamesTheObjectAndField() throws IOException {
        writeStack("""
                apiVersion: apps/v1
                kind: StatefulSet
                metadata:
                  name: broken
                  namespace: monitoring
                spec:
                  replicas: lots
                """, "");

        StackException e = catchStack(() -> StackManifests.fromDirectory(tmp).render("test", Map.of()));

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo("manifests/a.yaml");
            assertThat(p.line()).isEqualTo(1);
            assertThat(p.message()).startsWith("StatefulSet/broken does not fit the Kubernetes schema at "
                    + "StatefulSet[\"spec\"]->StatefulSetSpec[\"replicas\"]");
        });
    }

    @Test
    void valuesReferringToEachOtherInACircleAreRefused() throws IOException {
        writeStack("""
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: ${ns}
                """, "");
        Files.writeString(tmp.resolve("environments/test.yaml"), "ns: x${count}\ncount: \"${ns}\"\n");

        StackException e = catchStack(() -> StackManifests.fromDirectory(tmp).render("test", Map.of()));

        assertThat(e.problems()).anySatisfy(p -> assertThat(p.message()).contains("refer to each other in a circle"));
    }

    @Test
    void aMissingIndexSaysTheJarIsIncomplete() {
        assertThatThrownBy(() -> StackManifests.fromDirectory(tmp)).hasMessageContaining("has no index.txt");
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private void writeStack(String a, String b) throws IOException {
        Files.createDirectories(tmp.resolve("manifests"));
        Files.createDirectories(tmp.resolve("environments"));
        Files.writeString(tmp.resolve("index.txt"), "values.yaml\nnetwork-paths.yaml\nenvironments/test.yaml\n"
                + "manifests/a.yaml\n" + (b.isEmpty() ? "" : "manifests/b.yaml\n"));
        Files.writeString(tmp.resolve("values.yaml"), """
                ns: {type: name, default: monitoring, description: namespace}
                count: {type: integer, default: "3", description: a count}
                nothing: {type: secretText, default: "", allowEmpty: true, description: empty}
                password: {type: password, secret: true, description: a password}
                """);
        Files.writeString(tmp.resolve("network-paths.yaml"), "paths: []\n");
        Files.writeString(tmp.resolve("environments/test.yaml"), "# nothing to change\n");
        Files.writeString(tmp.resolve("manifests/a.yaml"), a);
        if (!b.isEmpty()) {
            Files.writeString(tmp.resolve("manifests/b.yaml"), b);
        }
    }

    private static StackException catchStack(Runnable render) {
        try {
            render.run();
        } catch (StackException e) {
            return e;
        }
        throw new AssertionError("expected a StackException");
    }

    private static int lineOf(String text, String needle) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(needle)) {
                return i + 1;
            }
        }
        throw new AssertionError(needle + " not found");
    }

    private static StatefulSet prometheus(RenderedStack stack) {
        return stack.all(StatefulSet.class).stream().filter(s -> s.getMetadata().getName().equals("prometheus"))
                .findFirst().orElseThrow();
    }

    private static List<String> args(RenderedStack stack) {
        return prometheus(stack).getSpec().getTemplate().getSpec().getContainers().get(0).getArgs();
    }

    private static int replicas(RenderedStack stack, String deployment) {
        return stack.all(Deployment.class).stream().filter(d -> d.getMetadata().getName().equals(deployment))
                .findFirst().orElseThrow().getSpec().getReplicas();
    }

    private static String host(RenderedStack stack, String ingress) {
        return stack.all(Ingress.class).stream().filter(i -> i.getMetadata().getName().equals(ingress)).findFirst()
                .orElseThrow().getSpec().getRules().get(0).getHost();
    }
}
