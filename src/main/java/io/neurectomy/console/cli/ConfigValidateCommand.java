package io.neurectomy.console.cli;

import io.neurectomy.console.core.check.Finding;
import io.neurectomy.console.core.config.ConfigKind;
import io.neurectomy.console.core.config.ConfigValidator;
import io.neurectomy.console.core.config.LineColumn;
import io.neurectomy.console.core.config.ValidationReport;
import io.neurectomy.console.core.util.BoundedYaml;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;

/**
 * {@code monitoring-console config validate FILE}: the editor's validation from a shell, with promtool-like exit codes
 * (0 valid, 1 invalid, 2 usage error or unreadable file) and one {@code FILE:LINE:COL: error: message} line per
 * finding; {@code --output json} prints one document with every finding instead.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Validate a prometheus.yml, a rule file or an alertmanager.yml: YAML, fields, durations, label "
                + "names, regexes, URLs, references, and PromQL.%n"
                + "Exit codes: 0 valid (warnings allowed), 1 invalid, 2 usage error or unreadable file.")
public final class ConfigValidateCommand extends PrintingCommand {
    @Parameters(paramLabel = "FILE", description = "The file to validate.")
    Path file;

    @Option(names = "--kind", paramLabel = "KIND", description = "prometheus, rules or alertmanager (default: "
            + "guessed from the file's top-level fields).")
    String kind;

    @Option(names = "--tools", description = "Also run promtool / amtool when they are on PATH and merge their "
            + "verdict.")
    boolean tools;

    @Override
    public Integer call() {
        Optional<ConfigKind> asked = parseKind();
        String text;
        try {
            text = BoundedYaml.read(file);
        } catch (BoundedYaml.LimitException e) {
            throw unreadable(e.problem());
        } catch (NoSuchFileException e) {
            throw unreadable("no such file");
        } catch (MalformedInputException e) {
            throw unreadable("it is not UTF-8 text");
        } catch (IOException e) {
            throw unreadable(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        ConfigKind kindToUse = (asked.isPresent() ? asked : ConfigValidator.guessKind(text)).orElseThrow(() ->
                new UsageException("cannot tell whether " + file + " is a prometheus.yml, a rule file or an "
                        + "alertmanager.yml from its top-level fields; pass --kind prometheus|rules|alertmanager"));
        ConfigValidator validator = tools ? ConfigValidator.withTools() : ConfigValidator.builtIn();
        ValidationReport report = validator.validate(kindToUse, text);
        String kindName = kindToUse.name().toLowerCase(Locale.ROOT);
        return print(json(report, kindName), out -> {
            for (Finding f : report.findings()) {
                out.println(file + (f.location().isEmpty() ? "" : ":" + f.location()) + ": "
                        + ValidationReport.describe(f));
            }
            report.toolVerdict().ifPresent(v -> out.println(file + ": " + v));
            int errors = report.errors().size();
            int warnings = report.warnings().size();
            out.println(report.valid() ? file + ": valid " + kindName + " file" + (warnings > 0 ? " (" + warnings
                    + " warning" + (warnings == 1 ? "" : "s") + ")" : "")
                    : file + ": INVALID " + kindName + " file: " + errors + " error" + (errors == 1 ? "" : "s")
                    + (warnings > 0 ? ", " + warnings + " warning" + (warnings == 1 ? "" : "s") : ""));
        }, report.valid() ? 0 : 1);
    }

    private Map<String, Object> json(ValidationReport report, String kindName) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("file", file.toString());
        doc.put("kind", kindName);
        doc.put("valid", report.valid());
        doc.put("errors", report.errors().size());
        doc.put("warnings", report.warnings().size());
        List<Map<String, Object>> findings = new ArrayList<>();
        for (Finding f : report.findings()) {
            LineColumn at = LineColumn.of(f);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("severity", f.severity().name().toLowerCase(Locale.ROOT));
            m.put("code", f.code());
            m.put("line", at.line());
            m.put("column", at.column());
            m.put("message", f.message());
            findings.add(m);
        }
        doc.put("findings", findings);
        doc.put("toolVerdict", report.toolVerdict().orElse(null));
        return doc;
    }

    private Optional<ConfigKind> parseKind() {
        if (kind == null) {
            return Optional.empty();
        }
        return switch (kind.toLowerCase(Locale.ROOT)) {
            case "prometheus" -> Optional.of(ConfigKind.PROMETHEUS);
            case "rules" -> Optional.of(ConfigKind.RULES);
            case "alertmanager" -> Optional.of(ConfigKind.ALERTMANAGER);
            default -> throw new ParameterException(spec.commandLine(), "Invalid value for option '--kind': '" + kind
                    + "' (expected prometheus, rules or alertmanager)");
        };
    }

    private UsageException unreadable(String reason) {
        return new UsageException("cannot read " + file + ": " + reason);
    }
}
