package io.neurectomy.console.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.neurectomy.console.testing.RealServers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The corpus under {@code config-corpus/}: {@code valid-*} files must validate without errors and {@code invalid-*}
 * files with at least one (containing each {@code # expect:} fragment, at each {@code # expect-line:}); and wherever
 * promtool / amtool are on PATH the built-in verdict must agree with theirs on every file that avoids the discovery
 * kinds Debian's promtool lacks. A case marked {@code # debian-differs: FRAGMENT} is one where the Debian build must
 * judge otherwise (a newer feature, or a check it lacks): there the tool's verdict must be the opposite of ours, with
 * FRAGMENT in its output. Every invalid case names the upstream error it covers ({@code # upstream: MESSAGE}), and
 * the corpus README indexes them.
 */
class ConfigCorpusTest {
    /** promtool's own words for a discovery kind its build lacks. */
    private static final Pattern UNKNOWN_SD_KIND = Pattern.compile(
            "field (\\w+_sd_configs) not found in type config\\.ScrapeConfig");
    @TempDir
    Path tmp;

    record Case(ConfigKind kind, Path file) {
        boolean expectValid() {
            return file.getFileName().toString().startsWith("valid-");
        }

        /** The value of every {@code # NAME: value} comment line. */
        List<String> comments(String name) {
            List<String> values = new ArrayList<>();
            for (String line : text().split("\\R")) {
                if (line.startsWith("# " + name + ": ")) {
                    values.add(line.substring(name.length() + 4).strip());
                }
            }
            return values;
        }

        String text() {
            try {
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String toString() {
            return file.getParent().getFileName() + "/" + file.getFileName();
        }
    }

    static List<Case> corpus() throws IOException, URISyntaxException {
        Path root = Path.of(ConfigCorpusTest.class.getClassLoader().getResource("config-corpus").toURI());
        List<Case> cases = new ArrayList<>();
        for (ConfigKind kind : ConfigKind.values()) {
            try (Stream<Path> files = Files.list(root.resolve(kind.name().toLowerCase(Locale.ROOT)))) {
                files.filter(f -> f.toString().endsWith(".yml")).sorted().forEach(f -> cases.add(new Case(kind, f)));
            }
        }
        return cases;
    }

    @Test
    void theCorpusHasAtLeastSixtyCasesOfEveryKindAndVerdict() throws Exception {
        List<Case> cases = corpus();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(60);
        for (ConfigKind kind : ConfigKind.values()) {
            assertThat(cases.stream().filter(c -> c.kind() == kind && c.expectValid())).as(kind + " valid")
                    .hasSizeGreaterThanOrEqualTo(4);
            assertThat(cases.stream().filter(c -> c.kind() == kind && !c.expectValid())).as(kind + " invalid")
                    .hasSizeGreaterThanOrEqualTo(10);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void builtInVerdictMatchesTheFileName(Case c) {
        ValidationReport report = ConfigValidator.builtIn().validate(c.kind(), c.text());

        assertThat(report.valid()).as(c + ": " + report.findings()).isEqualTo(c.expectValid());
        for (String line : c.text().split("\\R")) {
            if (line.startsWith("# expect: ")) {
                String fragment = line.substring("# expect: ".length());
                assertThat(report.errors()).as(c + " errors")
                        .anySatisfy(p -> assertThat(p.message()).contains(fragment));
            } else if (line.startsWith("# expect-line: ")) {
                int expected = Integer.parseInt(line.substring("# expect-line: ".length()).strip());
                assertThat(report.errors()).as(c + " error lines")
                        .anySatisfy(p -> assertThat(LineColumn.of(p).line()).isEqualTo(expected));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void builtInVerdictAgreesWithPromtoolAndAmtool(Case c) throws Exception {
        Path tool = RealServers.require(c.kind() == ConfigKind.ALERTMANAGER ? RealServers.AMTOOL
                : RealServers.PROMTOOL);
        Path file = tmp.resolve(c.file().getFileName());
        Files.writeString(file, c.text(), StandardCharsets.UTF_8);
        List<String> command = switch (c.kind()) {
            case PROMETHEUS -> List.of(tool.toString(), "check", "config", "--syntax-only", file.toString());
            case RULES -> List.of(tool.toString(), "check", "rules", file.toString());
            case ALERTMANAGER -> List.of(tool.toString(), "check-config", file.toString());
        };
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("tool finished").isTrue();

        // The tool itself says when it does not know a discovery kind of the file (Debian builds promtool without
        // some that upstream has): its verdict on such a file says nothing; the file name alone judges it above.
        List<String> differs = c.comments("debian-differs");
        ValidationReport ours = ConfigValidator.builtIn().validate(c.kind(), c.text());
        if (!differs.isEmpty()) {
            assertThat(p.exitValue() == 0).as(c + ": the Debian build judges otherwise\nbuilt-in: " + ours.findings()
                    + "\ntool: " + output).isEqualTo(!ours.valid());
            assertThat(output).as(c + ": the Debian build's reason").contains(differs.get(0));
            return;
        }
        Matcher unknownKind = UNKNOWN_SD_KIND.matcher(output);
        assumeFalse(unknownKind.find() && c.text().contains(unknownKind.group(1)),
                () -> c + ": this " + tool.getFileName() + " does not know " + unknownKind.group(1));

        ValidationReport report = ours;

        assertThat(report.valid()).as(c + "\nbuilt-in: " + report.findings() + "\ntool: " + output)
                .isEqualTo(p.exitValue() == 0);
    }

    @Test
    void everyInvalidCaseNamesTheUpstreamErrorItCoversAndTheReadmeIndexesIt() throws Exception {
        Path readme = Path.of(ConfigCorpusTest.class.getClassLoader().getResource("config-corpus/README.md").toURI());
        String index = Files.readString(readme, StandardCharsets.UTF_8);
        for (Case c : corpus()) {
            String name = c.toString();
            assertThat(index).as("README indexes " + name).contains("`" + name + "`");
            if (c.expectValid()) {
                continue;
            }
            List<String> upstream = c.comments("upstream");
            assertThat(upstream).as(name + " names the upstream error it covers (# upstream: ...)").isNotEmpty();
            for (String error : upstream) {
                assertThat(index).as("README lists " + name + "'s upstream error").contains(error.replace("|",
                        "\\|"));
            }
        }
    }
}
