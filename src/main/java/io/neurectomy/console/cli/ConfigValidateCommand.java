package io.neurectomy.console.cli;

import io.neurectomy.console.core.config.ConfigKind;
import io.neurectomy.console.core.config.ConfigValidator;
import io.neurectomy.console.core.config.Problem;
import io.neurectomy.console.core.config.ValidationReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code monitoring-console config validate FILE}: the editor's validation from a shell, with promtool-like exit codes
 * (0 valid, 1 invalid, 2 usage error or unreadable file) and one {@code FILE:LINE:COL: error: message} line per
 * problem.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Validate a prometheus.yml, a rule file or an alertmanager.yml: YAML, fields, durations, label "
                + "names, regexes, URLs, references, and PromQL.%n"
                + "Exit codes: 0 valid (warnings allowed), 1 invalid, 2 usage error or unreadable file.")
public final class ConfigValidateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

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
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<ConfigKind> asked = parseKind();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return unreadable(err, "no such file");
        } catch (MalformedInputException e) {
            return unreadable(err, "it is not UTF-8 text");
        } catch (IOException e) {
            return unreadable(err, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        Optional<ConfigKind> kindToUse = asked.isPresent() ? asked : ConfigValidator.guessKind(text);
        if (kindToUse.isEmpty()) {
            err.println("error: cannot tell whether " + file + " is a prometheus.yml, a rule file or an "
                    + "alertmanager.yml from its top-level fields; pass --kind prometheus|rules|alertmanager");
            err.flush();
            return 2;
        }
        ConfigValidator validator = tools ? ConfigValidator.withTools() : ConfigValidator.builtIn();
        ValidationReport report = validator.validate(kindToUse.get(), text);
        for (Problem p : report.problems()) {
            out.println(file + (p.line() > 0 ? ":" + p.line() + (p.column() > 0 ? ":" + p.column() : "") : "") + ": "
                    + p.severity().name().toLowerCase(Locale.ROOT) + ": " + p.message() + " [" + p.source() + "]");
        }
        report.toolVerdict().ifPresent(v -> out.println(file + ": " + v));
        int errors = report.errors().size();
        int warnings = report.warnings().size();
        String kindName = kindToUse.get().name().toLowerCase(Locale.ROOT);
        out.println(report.valid() ? file + ": valid " + kindName + " file" + (warnings > 0 ? " (" + warnings
                + " warning" + (warnings == 1 ? "" : "s") + ")" : "")
                : file + ": INVALID " + kindName + " file: " + errors + " error" + (errors == 1 ? "" : "s")
                + (warnings > 0 ? ", " + warnings + " warning" + (warnings == 1 ? "" : "s") : ""));
        out.flush();
        return report.valid() ? 0 : 1;
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

    private int unreadable(PrintWriter err, String reason) {
        err.println("error: cannot read " + file + ": " + reason);
        err.flush();
        return 2;
    }
}
