/**
 * The sandbox's controllers and scheduler in one reconciler: replicas become pods on nodes, with their status,
 * rollouts, disruption budgets, node failure and scheduling events.
 */
package io.neurectomy.console.sandbox.controller;
