package io.neurectomy.console.cli;

import picocli.CommandLine.Option;

/** {@code --output text|json}, mixed into every operation and listing command with {@code @Mixin}. */
public final class OutputOptions {
    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            converter = FormatConverter.class,
            description = "text (default) or json: one JSON document on stdout, for scripts and cron.")
    OutputFormat format = OutputFormat.TEXT;

    public OutputFormat format() {
        return format;
    }

    public boolean json() {
        return format == OutputFormat.JSON;
    }

    /** Accepts {@code text} and {@code json} in any case. */
    static final class FormatConverter implements picocli.CommandLine.ITypeConverter<OutputFormat> {
        @Override
        public OutputFormat convert(String value) {
            try {
                return OutputFormat.valueOf(value.strip().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException("unknown output format '" + value
                        + "'; use text or json");
            }
        }
    }
}
