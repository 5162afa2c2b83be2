/**
 * Recovery runbooks: the deployment guide's Disaster Recovery section, and the outages its Troubleshooting section
 * describes, as guided flows. A {@link Scenario} says which health findings point to it ({@link Detection}), its
 * steps ({@link RunbookStep}: an operation the console runs, or a manual checkpoint with plain instructions and the
 * equivalent kubectl command) and the health probes that verify the recovery. {@link RunbookOperation} runs one on
 * the common operation model, with an {@link IncidentClock} against the 15-minute RTO and a {@link Timeline} that is
 * exported as Markdown for the postmortem. {@link RunbookCatalog} holds the scenarios.
 */
package io.neurectomy.console.core.runbook;
