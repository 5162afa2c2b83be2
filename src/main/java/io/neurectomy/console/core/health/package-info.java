/**
 * The health check: the deployment guide's {@code health-check.sh} and its Troubleshooting section as
 * {@link io.neurectomy.console.core.check.Check}s over the live stack. Each {@link HealthProbe} has a code, the area
 * it belongs to and the guide's equivalent command; it reads the cluster and the servers' own APIs (through
 * short-lived port-forwards to exact pods) and returns {@link io.neurectomy.console.core.check.Finding}s with the
 * data it read as evidence. A probe that cannot ask says so with {@code UNKNOWN} and the reason; it never reports OK
 * for what it did not see. {@link HealthChecker} runs them side by side into one {@link HealthReport}.
 */
package io.neurectomy.console.core.health;
