package io.neurectomy.console.core.stack;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * One rendered Kubernetes object and where it was written.
 *
 * @param resource the typed fabric8 model object
 * @param file     the stack file it comes from (e.g. {@code manifests/08-prometheus.yaml})
 * @param line     the 1-based line its YAML document starts on
 */
public record StackObject(HasMetadata resource, String file, int line) {

    /** The object's kind, e.g. {@code StatefulSet}. */
    public String kind() {
        return resource.getKind();
    }

    /** The object's name. */
    public String name() {
        return resource.getMetadata() == null ? null : resource.getMetadata().getName();
    }

    /** {@code Kind/name}, how checks and messages refer to the object. */
    public String ref() {
        return kind() + "/" + name();
    }

    /** {@code file:line}. */
    public String location() {
        return file + ":" + line;
    }
}
