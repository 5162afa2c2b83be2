/**
 * The sandbox's API server: a fabric8 mock server in CRUD mode behind {@link
 * io.neurectomy.console.sandbox.api.SandboxDispatcher}, which adds what kubectl and the console need and the mock
 * lacks (discovery, server-side tables, watches over plain HTTP, evictions with disruption budgets, pods by node,
 * strategic-merge patches) and hands pod subresources to the relays.
 */
package io.neurectomy.console.sandbox.api;
