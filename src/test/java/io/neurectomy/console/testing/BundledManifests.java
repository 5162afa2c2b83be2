package io.neurectomy.console.testing;

import io.neurectomy.console.core.stack.StackManifests;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The objects the bundled stack's manifest templates declare, read from their text (one per YAML document with a
 * {@code kind}), so that tests of a first deploy expect what the manifests hold today rather than a number that
 * changes with every manifest added.
 */
public final class BundledManifests {
    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");
    private static final Pattern KIND = Pattern.compile("(?m)^kind:\\s*(\\S+)");
    /** The first {@code name:} indented under the top-level {@code metadata:}. */
    private static final Pattern NAME = Pattern.compile(
            "(?m)^metadata:\\s*\\R(?:[ \\t]+.*\\R)*?[ \\t]+name:\\s*(\\S+)");

    private BundledManifests() {
    }

    /** Every declared object as {@code Kind/name}, in the manifests' order. */
    public static List<String> objects() {
        StackManifests stack = StackManifests.bundled();
        List<String> objects = new ArrayList<>();
        for (String file : stack.manifestFiles()) {
            for (String document : DOCUMENT_SEPARATOR.split(stack.read(file))) {
                Matcher kind = KIND.matcher(document);
                if (!kind.find()) {
                    continue;
                }
                Matcher name = NAME.matcher(document);
                if (!name.find()) {
                    throw new IllegalStateException(file + " declares a " + kind.group(1) + " without a name");
                }
                objects.add(kind.group(1) + "/" + name.group(1));
            }
        }
        return objects;
    }

    /** {@code Kind/name} of a plan line such as {@code create    StatefulSet/prometheus (monitoring)}. */
    public static String objectOf(String planLine) {
        String ref = planLine.strip().replaceFirst("^\\S+\\s+", "");
        int space = ref.indexOf(' ');
        return space < 0 ? ref : ref.substring(0, space);
    }
}
