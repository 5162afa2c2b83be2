package io.neurectomy.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.neurectomy.console.core.ops.BlueGreenOperation;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What {@code upgrade --strategy blue-green} prints of its result, in text and as {@code --output json}. */
class BlueGreenOutputTest {
    private static final BlueGreenOperation.Result SEEDED = new BlueGreenOperation.Result("StatefulSet/prometheus",
            "StatefulSet/prometheus-v2-55-1", "v2.53.0", "v2.55.1", List.of("Service/prometheus"),
            List.of("rule groups 3 3 (the same)"), List.of(
                    new BlueGreenOperation.Seeded("prometheus-v2-55-1-0", List.of("01JEXAMPLE0000000000000000A",
                            "01JEXAMPLE0000000000000000B"), 4096),
                    new BlueGreenOperation.Seeded("prometheus-v2-55-1-1", List.of("01JEXAMPLE0000000000000000A"),
                            2048)));

    @Test
    void theTextSaysWhatEachNewReplicaWasSeededWith() {
        StringWriter text = new StringWriter();
        UpgradeCommand.printBlueGreen(SEEDED, new PrintWriter(text, true));

        assertThat(text.toString()).contains("Seeded prometheus-v2-55-1-0: 2 blocks, 4096 bytes",
                "Seeded prometheus-v2-55-1-1: 1 blocks, 2048 bytes");
    }

    @Test
    void withoutSeedingTheTextSaysNothingOfIt() {
        StringWriter text = new StringWriter();
        UpgradeCommand.printBlueGreen(new BlueGreenOperation.Result(SEEDED.old(), SEEDED.created(), SEEDED.from(),
                SEEDED.to(), SEEDED.services(), SEEDED.comparison()), new PrintWriter(text, true));

        assertThat(text.toString()).doesNotContain("Seeded");
    }

    @Test
    void theJsonDocumentListsTheSeededReplicasWithTheirBlocksAndBytes() {
        JsonNode doc = JsonMapper.builder().build().readTree(Json.text(SEEDED));

        assertThat(doc.path("seeded")).hasSize(2);
        assertThat(doc.path("seeded").get(0).path("replica").asString()).isEqualTo("prometheus-v2-55-1-0");
        assertThat(doc.path("seeded").get(0).path("blocks")).hasSize(2);
        assertThat(doc.path("seeded").get(0).path("bytes").asLong()).isEqualTo(4096);
        assertThat(doc.path("seeded").get(1).path("bytes").asLong()).isEqualTo(2048);
    }
}
