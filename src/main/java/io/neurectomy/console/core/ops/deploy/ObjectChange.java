package io.neurectomy.console.core.ops.deploy;

/**
 * What a deploy does to one object of the stack, or what validate found about it.
 *
 * @param kind      the object's kind, e.g. {@code StatefulSet}
 * @param namespace its namespace, or empty for cluster-scoped objects
 * @param name      its name
 * @param action    create, update, unchanged (or, for validate, extra: in the cluster but not in the stack)
 * @param diff      for an update, a unified diff from the live object to the manifest on the fields the manifest
 *                  sets (Secret values masked: "(value changed)"); empty otherwise
 * @param source    where the manifest is written ({@code file:line}), or empty
 */
public record ObjectChange(String kind, String namespace, String name, Action action, String diff, String source) {

    /** What happens to an object. */
    public enum Action {
        /** The object does not exist: it is created. */
        CREATE("create"),
        /** The object exists with other values: the manifest's fields are written over it. */
        UPDATE("update"),
        /** The object exists with the manifest's values: nothing is written. */
        UNCHANGED("unchanged"),
        /** Validate only: the object is in the namespace but not in the stack (nothing deletes it). */
        EXTRA("extra");

        private final String label;

        Action(String label) {
            this.label = label;
        }

        /** Lower-case label for lists and the command line. */
        public String label() {
            return label;
        }
    }

    /** {@code Kind/name}. */
    public String ref() {
        return kind + "/" + name;
    }

    /** One line: {@code update     StatefulSet/prometheus (monitoring)}. */
    public String line() {
        return String.format("%-9s %s%s", action.label(), ref(), namespace.isEmpty() ? "" : " (" + namespace + ")");
    }
}
