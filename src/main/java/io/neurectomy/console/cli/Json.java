package io.neurectomy.console.cli;

import java.io.PrintWriter;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Writes the command line's JSON output: one indented document per command, times as ISO-8601 text. */
public final class Json {
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    private Json() {
    }

    /** {@code value} (maps, lists, records, strings, numbers) as JSON text. */
    public static String text(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    /** Prints {@code value} as one JSON document and flushes. */
    public static void print(PrintWriter out, Object value) {
        out.println(text(value));
        out.flush();
    }
}
