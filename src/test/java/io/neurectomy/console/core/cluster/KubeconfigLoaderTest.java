package io.neurectomy.console.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.neurectomy.console.core.cluster.ConnectionException.Reason;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeconfigLoaderTest {

    static Path fixture(String name) {
        try {
            return Path.of(KubeconfigLoaderTest.class.getResource("/kubeconfig/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void defaultFilesAreEveryKubeconfigEntryInOrderWithoutBlanksOrDuplicates() {
        String value = String.join(File.pathSeparator, "/x/one", "", "/x/two", "/x/one");
        assertThat(KubeconfigLoader.defaultFiles(Map.of("KUBECONFIG", value), Path.of("/home/u")))
                .containsExactly(Path.of("/x/one"), Path.of("/x/two"));
    }

    @Test
    void defaultFilesFallBackToDotKubeConfigInHomeWhenKubeconfigIsUnsetOrEmpty() {
        assertThat(KubeconfigLoader.defaultFiles(Map.of(), Path.of("/home/u")))
                .containsExactly(Path.of("/home/u/.kube/config"));
        assertThat(KubeconfigLoader.defaultFiles(Map.of("KUBECONFIG", ""), Path.of("/home/u")))
                .containsExactly(Path.of("/home/u/.kube/config"));
    }

    @Test
    void singleFileListsItsContextsSortedByNameWithClusterServerUserAndNamespace() {
        Kubeconfig config = KubeconfigLoader.load(List.of(fixture("two-contexts.yaml")));

        assertThat(config.currentContext()).contains("prod");
        assertThat(config.contexts()).containsExactly(
                new KubeContext("prod", "prod-cluster", "https://prod.example.com:6443", "prod-admin", "monitoring",
                        true),
                new KubeContext("staging", "staging-cluster", "https://staging.example.com:6443", "staging-dev", "",
                        false));
        assertThat(config.files()).containsExactly(fixture("two-contexts.yaml"));
    }

    @Test
    void mergedFilesLetTheFirstFileWinForDuplicateClusterUserAndContextNames() {
        Kubeconfig config = KubeconfigLoader.load(List.of(fixture("a.yaml"), fixture("b.yaml")));

        assertThat(config.contextNames()).containsExactly("alpha", "beta", "shared-ctx");
        // shared-ctx is defined by both files: a.yaml's definition (cluster shared, user shared-user) wins ...
        KubeContext shared = config.context("shared-ctx").orElseThrow();
        assertThat(shared.cluster()).isEqualTo("shared");
        assertThat(shared.namespace()).isEmpty();
        // ... and so does a.yaml's cluster "shared" and user "shared-user".
        assertThat(shared.server()).isEqualTo("https://a.example:6443");
        assertThat(config.user("shared-user").orElseThrow().token()).isEqualTo("token-from-a");
        // names only b.yaml defines are still there
        assertThat(config.context("beta").orElseThrow().server()).isEqualTo("https://beta.example:6443");
    }

    @Test
    void mergedFilesTakeTheCurrentContextFromTheFirstFileThatSetsOne() {
        assertThat(KubeconfigLoader.load(List.of(fixture("a.yaml"), fixture("b.yaml"))).currentContext())
                .contains("alpha");
        assertThat(KubeconfigLoader.load(List.of(fixture("b.yaml"), fixture("a.yaml"))).currentContext())
                .contains("beta");
        // no-current.yaml sets none: the next file's current-context applies
        Kubeconfig config = KubeconfigLoader.load(List.of(fixture("no-current.yaml"), fixture("b.yaml")));
        assertThat(config.currentContext()).contains("beta");
        assertThat(config.contexts()).filteredOn(KubeContext::current).extracting(KubeContext::name)
                .containsExactly("beta");
    }

    @Test
    void fileWithoutCurrentContextHasNone() {
        Kubeconfig config = KubeconfigLoader.load(List.of(fixture("no-current.yaml")));
        assertThat(config.currentContext()).isEmpty();
        assertThat(config.contexts()).noneMatch(KubeContext::current);
    }

    @Test
    void namesWrittenAsYamlBooleansOrNumbersAreReadAsTheirText(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("config");
        Files.writeString(file, """
                clusters:
                  - name: false
                    cluster: {server: https://a.example:6443}
                users:
                  - name: 42
                    user: {token: t}
                contexts:
                  - name: true
                    context: {cluster: "false", user: "42"}
                current-context: "true"
                """);

        Kubeconfig config = KubeconfigLoader.load(List.of(file));

        assertThat(config.contextNames()).containsExactly("true");
        KubeContext context = config.context("true").orElseThrow();
        assertThat(context.cluster()).isEqualTo("false");
        assertThat(context.server()).isEqualTo("https://a.example:6443");
        assertThat(config.user("42").orElseThrow().token()).isEqualTo("t");
    }

    @Test
    void missingFilesAmongSeveralAreSkippedLikeKubectl(@TempDir Path tmp) {
        Path missing = tmp.resolve("nope.yaml");
        Kubeconfig config = KubeconfigLoader.load(List.of(missing, fixture("b.yaml")));
        assertThat(config.files()).containsExactly(fixture("b.yaml"));
        assertThat(config.currentContext()).contains("beta");
    }

    @Test
    void noneOfSeveralFilesExistingIsKubeconfigMissingNamingThem(@TempDir Path tmp) {
        Path one = tmp.resolve("one.yaml");
        Path two = tmp.resolve("two.yaml");
        ConnectionException e = catchThrowableOfType(ConnectionException.class,
                () -> KubeconfigLoader.load(List.of(one, two)));
        assertThat(e.reason()).isEqualTo(Reason.KUBECONFIG_MISSING);
        assertThat(e.getMessage()).contains(one.toString()).contains(two.toString()).contains("KUBECONFIG");
    }

    @Test
    void explicitFileThatDoesNotExistIsKubeconfigMissingNamingThePath(@TempDir Path tmp) {
        Path missing = tmp.resolve("missing-config");
        ConnectionException e = catchThrowableOfType(ConnectionException.class,
                () -> KubeconfigLoader.load(List.of(missing)));
        assertThat(e.reason()).isEqualTo(Reason.KUBECONFIG_MISSING);
        assertThat(e.getMessage()).contains(missing.toString()).contains("does not exist");
    }

    @Test
    void malformedYamlIsKubeconfigMalformedNamingFileLineAndColumn() {
        Path file = fixture("malformed.yaml");
        ConnectionException e = catchThrowableOfType(ConnectionException.class,
                () -> KubeconfigLoader.load(List.of(fixture("a.yaml"), file)));
        assertThat(e.reason()).isEqualTo(Reason.KUBECONFIG_MALFORMED);
        assertThat(e.getMessage()).contains(file.toString()).containsPattern("line 7, column \\d+");
    }

    @Test
    void wrongStructureIsKubeconfigMalformedSayingWhere(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("config");
        Files.writeString(file, "clusters:\n  name: not-a-list\n");
        assertThatThrownBy(() -> KubeconfigLoader.load(List.of(file)))
                .isInstanceOfSatisfying(ConnectionException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.KUBECONFIG_MALFORMED))
                .hasMessageContaining(file.toString()).hasMessageContaining("'clusters' must be a list");
    }

    @Test
    void emptyFileIsAnEmptyKubeconfig(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("config");
        Files.writeString(file, "");
        Kubeconfig config = KubeconfigLoader.load(List.of(file));
        assertThat(config.contexts()).isEmpty();
        assertThat(config.currentContext()).isEmpty();
    }

    @Test
    void relativePathsResolveAgainstTheDirectoryOfTheFileThatHoldsThem() {
        Path a = fixture("a.yaml");
        Path dir = a.getParent();
        Kubeconfig config = KubeconfigLoader.load(List.of(fixture("b.yaml"), a));

        assertThat(config.cluster("alpha-cluster").orElseThrow().certificateAuthority())
                .isEqualTo(dir.resolve("certs/ca.crt").toString());
        Kubeconfig.User alpha = config.user("alpha-user").orElseThrow();
        assertThat(alpha.clientCertificate()).isEqualTo(dir.resolve("certs/client.crt").toString());
        assertThat(alpha.clientKey()).isEqualTo(dir.getParent().resolve("keys/client.key").toString());
        assertThat(config.user("file-token-user").orElseThrow().tokenFile())
                .isEqualTo(dir.resolve("tokens/token.txt").toString());
    }

    @Test
    void execCommandWithASlashResolvesAgainstTheFileButABareNameIsLeftForThePath() {
        Path dir = fixture("a.yaml").getParent();
        Kubeconfig config = KubeconfigLoader.load(List.of(fixture("a.yaml")));

        Kubeconfig.Exec exec = config.user("plugin-user").orElseThrow().exec();
        assertThat(exec.command()).isEqualTo(dir.resolve("bin/get-token.sh").toString());
        assertThat(exec.args()).containsExactly("--cluster", "alpha");
        assertThat(config.user("path-plugin-user").orElseThrow().exec().command()).isEqualTo("aws");
    }

    @Test
    void secretsOfUsersNeverShowInToString() {
        Kubeconfig config = KubeconfigLoader.load(List.of(fixture("a.yaml"), fixture("b.yaml")));
        Kubeconfig.User shared = config.user("shared-user").orElseThrow();
        Kubeconfig.User basic = config.user("beta-user").orElseThrow();

        assertThat(shared.token()).isEqualTo("token-from-a"); // the value is there ...
        assertThat(shared.toString()).doesNotContain("token-from-a").contains("***"); // ... but never printed
        assertThat(basic.toString()).doesNotContain("hunter2").contains("admin");
        assertThat(config.toString()).doesNotContain("token-from-a").doesNotContain("hunter2");
    }

    @Test
    void malformedYamlOnATokenLineDoesNotQuoteTheToken(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("config");
        Files.writeString(file, "users:\n- name: u\n  user:\n    token: abc: very-secret-token\n");
        ConnectionException e = catchThrowableOfType(ConnectionException.class,
                () -> KubeconfigLoader.load(List.of(file)));
        assertThat(e.reason()).isEqualTo(Reason.KUBECONFIG_MALFORMED);
        assertThat(e.getMessage()).contains("line 4");
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain("very-secret-token");
            assertThat(t.toString()).doesNotContain("very-secret-token");
        }
    }
}
