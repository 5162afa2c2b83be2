package io.neurectomy.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code runbook list}, and the refusals of {@code runbook run} that come before anything is touched. */
class RunbookCommandTest {
    private final CommandLineRun cli = new CommandLineRun();

    @TempDir
    Path dir;

    /** A kubeconfig that does not exist: a refusal must come before any connection is tried. */
    private String[] run(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--kubeconfig";
        all[args.length + 1] = dir.resolve("missing-kubeconfig").toString();
        return all;
    }

    @Test
    void listShowsEveryRunbookWithItsTitleAndWhetherItRunsAlone() {
        int code = cli.run("runbook", "list");

        assertThat(code).as(cli.err()).isZero();
        assertThat(cli.out().lines()).first().asString().matches("ID +TITLE +STEPS");
        assertThat(cli.out()).containsPattern("pod-failure +Pod failure +automatic")
                .containsPattern("node-failure +Node failure +1 manual of 3")
                .containsPattern("storage-failure +Storage failure: restore from S3 +automatic")
                .containsPattern("cluster-loss +Complete cluster loss +automatic")
                .containsPattern("config-broke-component +A config change broke a component +automatic")
                .contains("prometheus-out-of-disk", "alertmanager-silent", "secret-lost");
        assertThat(cli.out().lines().count()).isEqualTo(9);
    }

    @Test
    void listAsJsonGivesEachRunbooksDetectionAndVerification() {
        int code = cli.run("runbook", "list", "-o", "json");

        assertThat(code).as(cli.err()).isZero();
        JsonNode doc = JsonMapper.builder().build().readTree(cli.out());
        assertThat(doc.get("runbooks")).hasSize(8);
        JsonNode pod = doc.get("runbooks").get(0);
        assertThat(pod.get("id").asString()).isEqualTo("pod-failure");
        assertThat(pod.get("automatic").asBoolean()).isTrue();
        assertThat(pod.get("verification").toString()).contains("prometheus-ready");
    }

    @Test
    void yesOnARunbookWithManualStepsIsRefusedNamingThemAndNothingIsTouched() {
        int code = cli.run(run("runbook", "run", "node-failure", "--yes"));

        assertThat(code).isEqualTo(OperationRunner.USAGE);
        assertThat(cli.err()).contains("--yes runs only runbooks without manual steps; node-failure has 1 (Repair"
                + " or replace the node, then uncordon it)").contains("Nothing was changed.")
                .doesNotContain("kubeconfig");
        assertThat(cli.out()).isEmpty();
    }

    @Test
    void anUnknownRunbookIsRefusedListingTheKnownOnes() {
        int code = cli.run(run("runbook", "run", "meteor-strike", "--yes"));

        assertThat(code).isEqualTo(OperationRunner.USAGE);
        assertThat(cli.err()).contains("unknown runbook 'meteor-strike'; use one of: pod-failure, node-failure,");
    }

    @Test
    void withoutATerminalAndWithoutYesTheRunIsRefusedSayingWhatWouldWork() {
        int code = cli.run(run("runbook", "run", "pod-failure"));

        assertThat(code).isEqualTo(OperationRunner.USAGE);
        assertThat(cli.err()).contains("runbook run needs a terminal to confirm and to walk through manual steps;"
                + " without one, give --yes (only for runbooks without manual steps: pod-failure,"
                + " storage-failure, cluster-loss, config-broke-component)");
    }

    @Test
    void clusterLossWithoutAnEnvironmentIsRefusedBeforeAnyConnection() {
        int code = cli.run(run("runbook", "run", "cluster-loss", "--yes"));

        assertThat(code).isEqualTo(OperationRunner.USAGE);
        assertThat(cli.err()).contains("cluster-loss deploys the stack on the new cluster: give --environment ENV")
                .contains("Nothing was changed.").doesNotContain("kubeconfig");
    }

    @Test
    void theRedeployOptionsAreRefusedForAnyOtherRunbook() {
        int code = cli.run(run("runbook", "run", "pod-failure", "--yes", "--environment", "production"));

        assertThat(code).isEqualTo(OperationRunner.USAGE);
        assertThat(cli.err()).contains("--environment, --values and --passphrase-file are for the cluster-loss"
                + " runbook only.");
    }

    @Test
    void runbookWithoutASubcommandIsAUsageError() {
        assertThat(cli.run("runbook")).isEqualTo(OperationRunner.USAGE);
        assertThat(cli.err()).contains("list", "run");
    }
}
