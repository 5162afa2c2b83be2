package io.neurectomy.console.core.util;

import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON read from files the console did not write (archive manifests, archived silences) with limits on its nesting
 * and length, so that a hostile file cannot exhaust the stack or memory of the reader. A limit hit is a Jackson
 * {@link StreamConstraintsException}; {@link #describe} turns it into words a person can act on.
 */
public final class BoundedJson {
    private BoundedJson() {
    }

    /** A mapper whose parsers refuse nesting deeper than {@code maxDepth} and documents over {@code maxChars}. */
    public static JsonMapper mapper(int maxDepth, long maxChars) {
        StreamReadConstraints limits = StreamReadConstraints.builder().maxNestingDepth(maxDepth)
                .maxDocumentLength(maxChars).build();
        return JsonMapper.builder(JsonFactory.builder().streamReadConstraints(limits).build()).build();
    }

    /** Whether {@code e} is a limit hit rather than malformed JSON. */
    public static boolean isLimit(JacksonException e) {
        return e instanceof StreamConstraintsException;
    }

    /**
     * Which limit {@code e} hit, in words ("nested deeper than 32 levels"), for a message that goes on to say what
     * to do; the text of other errors as Jackson gives it.
     */
    public static String describe(JacksonException e, int maxDepth, long maxChars) {
        String text = String.valueOf(e.getOriginalMessage());
        if (!isLimit(e)) {
            return text;
        }
        if (text.toLowerCase(Locale.ROOT).contains("nesting depth")) {
            return "nested deeper than " + maxDepth + " levels";
        }
        if (text.toLowerCase(Locale.ROOT).contains("document length")) {
            return "longer than " + maxChars + " characters";
        }
        return "beyond a reader's limit (" + text + ")";
    }
}
