package io.neurectomy.console.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ThreeWayMergeTest {
    private static final String BASE = """
            global:
              scrape_interval: 15s
              evaluation_interval: 15s
            scrape_configs:
              - job_name: prometheus
                static_configs:
                  - targets: [localhost:9090]
              - job_name: alertmanager
                static_configs:
                  - targets: [alertmanager:9093]
            """;

    @Test
    void changesToDifferentLinesAreCombined() {
        String theirs = BASE.replace("scrape_interval: 15s", "scrape_interval: 30s");
        String mine = BASE.replace("targets: [alertmanager:9093]", "targets: [alertmanager-0:9093]");
        ThreeWayMerge.Result result = ThreeWayMerge.merge(BASE, theirs, mine);
        assertThat(result.clean()).isTrue();
        assertThat(result.merged()).isEqualTo(BASE.replace("scrape_interval: 15s", "scrape_interval: 30s")
                .replace("targets: [alertmanager:9093]", "targets: [alertmanager-0:9093]"));
    }

    @Test
    void theSameChangeOnBothSidesIsTakenOnce() {
        String both = BASE.replace("evaluation_interval: 15s", "evaluation_interval: 1m");
        ThreeWayMerge.Result result = ThreeWayMerge.merge(BASE, both, both);
        assertThat(result.clean()).isTrue();
        assertThat(result.merged()).isEqualTo(both);
    }

    @Test
    void differentChangesToTheSameLineConflictAndKeepBothVersions() {
        String theirs = BASE.replace("scrape_interval: 15s", "scrape_interval: 30s");
        String mine = BASE.replace("scrape_interval: 15s", "scrape_interval: 10s");
        ThreeWayMerge.Result result = ThreeWayMerge.merge(BASE, theirs, mine);
        assertThat(result.clean()).isFalse();
        assertThat(result.conflicts()).singleElement().satisfies(c -> {
            assertThat(c.mergedLine()).isEqualTo(2);
            assertThat(c.theirs()).containsExactly("  scrape_interval: 30s");
            assertThat(c.mine()).containsExactly("  scrape_interval: 10s");
        });
        assertThat(result.merged()).contains("<<<<<<< theirs\n  scrape_interval: 30s\n=======\n"
                + "  scrape_interval: 10s\n>>>>>>> mine\n");
    }

    @Test
    void additionsAtTheEndAndDeletionsElsewhereMerge() {
        String theirs = BASE + "rule_files:\n  - /etc/prometheus/rules/*.yml\n";
        String mine = BASE
                .replace("  - job_name: alertmanager\n    static_configs:\n      - targets: [alertmanager:9093]\n",
                "");
        ThreeWayMerge.Result result = ThreeWayMerge.merge(BASE, theirs, mine);
        assertThat(result.clean()).isTrue();
        assertThat(result.merged()).doesNotContain("job_name: alertmanager").endsWith("rules/*.yml\n");
    }

    @Test
    void onlyOneSideChangedGivesThatSide() {
        String mine = BASE.replace("15s", "20s");
        assertThat(ThreeWayMerge.merge(BASE, BASE, mine).merged()).isEqualTo(mine);
        assertThat(ThreeWayMerge.merge(BASE, mine, BASE).merged()).isEqualTo(mine);
    }
}
