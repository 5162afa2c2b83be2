package io.neurectomy.console.ui.topology;

import io.neurectomy.console.core.stack.StackComponent;
import java.util.Optional;

/**
 * One pod as its chip in a lane shows it; a value, so that an unchanged pod compares equal to its last chip.
 *
 * @param key      {@code namespace/name}
 * @param name     pod name
 * @param workload owning workload, or empty
 * @param componentstack component (empty outside the stack), for the chip's colour
 * @param status   STATUS as kubectl prints it, with the reason of the last termination when that explains a crash
 *                 loop (e.g. "CrashLoopBackOff (OOMKilled)")
 * @param detail   why it is not running, when known (the scheduler's message for a pending pod, or a container's
 *                 waiting message), else empty
 * @param health   colour of the status
 * @param ready    ready containers, "x/y"
 * @param restarts restarts summed over containers
 * @param age      age as kubectl prints it
 * @param storage  its claims' state ("PVC Bound", "PVC Pending", "PVC missing"), or empty without claims
 * @param storageHealth colour of the storage text
 */
public record PodChip(String key, String name, String workload, Optional<StackComponent> component, String status,
                      String detail, Health health, String ready, int restarts, String age, String storage,
                      Health storageHealth) {
}
