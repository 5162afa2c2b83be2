package io.neurectomy.console.testing;

/** Small YAML documents built to make a careless reader or walk work for a very long time. */
public final class YamlBombs {
    private YamlBombs() {
    }

    /**
     * Anchors referring to anchors: {@code a0} is a one-item list, and each {@code aK} (one per line, line K + 1)
     * is a list of {@code perLevel} aliases of {@code a(K-1)}, so the last one expands to perLevel^levels items.
     * With 10 levels of 9 this is the ~450-byte Prometheus config that kept {@code config validate} busy.
     */
    public static String nestedAliases(int levels, int perLevel) {
        StringBuilder text = new StringBuilder("a0: &a0 [x]\n");
        for (int k = 1; k <= levels; k++) {
            text.append('a').append(k).append(": &a").append(k).append(" [");
            for (int i = 0; i < perLevel; i++) {
                text.append(i == 0 ? "" : ",").append("*a").append(k - 1);
            }
            text.append("]\n");
        }
        return text.toString();
    }

    /** One key whose value is {@code depth} nested flow lists: {@code a: [[[...]]]}. */
    public static String deepLists(int depth) {
        return "a: " + "[".repeat(depth) + "]".repeat(depth) + "\n";
    }

    /** A valid-looking document of at least {@code chars} characters (one long comment after a field). */
    public static String oversized(int chars) {
        return "global: {}\n#" + "x".repeat(chars) + "\n";
    }
}
