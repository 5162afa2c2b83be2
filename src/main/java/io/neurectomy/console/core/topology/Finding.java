package io.neurectomy.console.core.topology;

import java.util.Optional;

/**
 * One high-availability problem found in a snapshot.
 *
 * @param severity how urgent
 * @param code     stable identifier of the kind of finding (e.g. {@code replicas-share-node}), for tests and filters
 * @param subject  what it is about: a workload, node or pod name
 * @param title    one line, e.g. "2 prometheus replicas on node-a"
 * @param meaning  a sentence saying what it means for availability
 * @param fix      a sentence saying what fixes it
 * @param action   the console's action that helps, if there is one
 */
public record Finding(Severity severity, String code, String subject, String title, String meaning, String fix,
                      Optional<FixAction> action) {
}
