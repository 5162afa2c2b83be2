package io.neurectomy.console.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.neurectomy.console.core.cluster.ConnectionException.Reason;
import io.neurectomy.console.core.util.BoundedYaml;
import io.neurectomy.console.testing.YamlBombs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile kubeconfig meets {@link BoundedYaml}'s limits: the loader refuses it as malformed, naming the file, the
 * limit and what to do, instead of expanding aliases or reading an enormous file.
 */
class KubeconfigLimitsTest {
    @TempDir
    Path dir;

    private ConnectionException refusal(String text) throws IOException {
        Path file = Files.writeString(dir.resolve("config"), text);
        ConnectionException e = catchThrowableOfType(ConnectionException.class,
                () -> KubeconfigLoader.load(List.of(file)));
        assertThat(e).as("the loader refuses " + file).isNotNull();
        assertThat(e.reason()).isEqualTo(Reason.KUBECONFIG_MALFORMED);
        assertThat(e.getMessage()).contains("Kubeconfig file " + file + " is refused: ");
        return e;
    }

    @Test
    void nestedAliasesAreRefusedNamingTheAliasLimit() throws IOException {
        ConnectionException e = refusal("apiVersion: v1\nkind: Config\n" + YamlBombs.nestedAliases(10, 9));

        assertThat(e.getMessage()).contains("more than " + BoundedYaml.MAX_ALIASES + " aliases")
                .contains("use fewer anchors");
    }

    @Test
    void nestingDeeperThanTheLimitIsRefusedNamingTheDepth() throws IOException {
        ConnectionException e = refusal("apiVersion: v1\nkind: Config\n"
                + YamlBombs.deepLists(BoundedYaml.MAX_DEPTH + 50));

        assertThat(e.getMessage()).contains("nested more than " + BoundedYaml.MAX_DEPTH + " deep")
                .containsPattern("line \\d+");
    }

    @Test
    void aFileLargerThanTheLimitIsRefusedNamingItsSize() throws IOException {
        String text = YamlBombs.oversized(BoundedYaml.MAX_CHARS + 1);

        ConnectionException e = refusal(text);

        assertThat(e.getMessage()).contains("the document is " + text.length() + " bytes, more than the "
                + BoundedYaml.MAX_CHARS);
    }
}
