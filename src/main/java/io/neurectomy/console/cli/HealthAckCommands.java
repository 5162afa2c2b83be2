package io.neurectomy.console.cli;

import io.neurectomy.console.core.AppDirs;
import io.neurectomy.console.core.health.Acknowledgement;
import io.neurectomy.console.core.health.Acknowledgements;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code health ack} and {@code health unack}: accept a finding for a while on one kube context (it then shows as
 * acknowledged and no longer counts toward the verdict), list the acknowledgements, withdraw one.
 */
final class HealthAckCommands {
    private HealthAckCommands() {
    }

    /** {@code health ack CODE SUBJECT --reason R [--expires 30d]}, or {@code health ack --list}. */
    @Command(name = "ack", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Acknowledge a finding on the current context (or --context): its code and subject as"
                    + " health prints them, a reason, and how long it lasts (30 days unless --expires). Until then"
                    + " health shows it as acknowledged and it does not count toward the exit code; once it"
                    + " expires it counts again and is shown as expired.",
                    "With --list: every acknowledgement, expired ones marked.",
                    "Exit codes: 0 done, 2 usage."})
    static final class Ack extends PrintingCommand {
        @Parameters(index = "0", arity = "0..1", paramLabel = "CODE", description = "The finding's code, e.g."
                + " workload-replicas.")
        String code;

        @Parameters(index = "1", arity = "0..1", paramLabel = "SUBJECT", description = "The finding's subject, e.g."
                + " alertmanager (\"\" for none).")
        String subject;

        @Option(names = "--reason", paramLabel = "TEXT", description = "Why the team accepts it (required).")
        String reason;

        @Option(names = "--expires", paramLabel = "DURATION", defaultValue = "30d",
                description = "How long it lasts: 30d (default), 12h, 90m, or ISO-8601 (P7D).")
        String expires;

        @Option(names = "--author", paramLabel = "NAME", description = "Who acknowledges it (default: your user"
                + " name).")
        String author;

        @Option(names = "--list", description = "List the acknowledgements instead.")
        boolean list;

        @Mixin
        ClusterOptions cluster;

        @Override
        public Integer call() {
            Acknowledgements store = Acknowledgements.of(AppDirs.current());
            if (list) {
                return list(store);
            }
            if (code == null || code.isBlank() || subject == null) {
                throw new UsageException("give the finding's CODE and SUBJECT as health prints them (\"\" for no"
                        + " subject), or --list");
            }
            if (reason == null || reason.isBlank()) {
                throw new UsageException("give the --reason the team accepts this finding for");
            }
            Duration lasting = SilenceCommand.duration(expires);
            if (lasting.isNegative() || lasting.isZero()) {
                throw new UsageException("--expires must be a positive duration");
            }
            String context = cluster.contextName();
            Acknowledgement ack = store.add(context, code.strip(), subject.strip(), reason,
                    author != null ? author : System.getProperty("user.name", ""), lasting);
            return print(HealthOutput.json(ack), out -> out.println("Acknowledged " + ack.code()
                    + (ack.subject().isEmpty() ? "" : " on " + ack.subject()) + " in context " + ack.context()
                    + " until " + ack.expires() + "."), OperationRunner.OK);
        }

        private int list(Acknowledgements store) {
            Instant now = store.clock().instant();
            List<Acknowledgement> all = store.list();
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("file", store.file().toString());
            doc.put("acknowledgements", all.stream().map(a -> {
                Map<String, Object> m = HealthOutput.json(a);
                m.put("expired", a.expiredAt(now));
                return m;
            }).toList());
            return print(doc, out -> {
                if (all.isEmpty()) {
                    out.println("No acknowledgements (" + store.file() + ").");
                    return;
                }
                out.printf("%-20s %-28s %-24s %-22s %s%n", "CONTEXT", "CODE", "SUBJECT", "EXPIRES", "REASON");
                for (Acknowledgement a : all) {
                    out.printf("%-20s %-28s %-24s %-22s %s%n", a.context(), a.code(),
                            a.subject().isEmpty() ? "-" : a.subject(),
                            (a.expiredAt(now) ? "expired " : "") + a.expires(),
                            a.reason() + (a.author().isEmpty() ? "" : " (" + a.author() + ")"));
                }
            }, OperationRunner.OK);
        }
    }

    /** {@code health unack CODE SUBJECT}. */
    @Command(name = "unack", mixinStandardHelpOptions = true,
            description = {"Withdraw the acknowledgement of a finding on the current context (or --context).",
                    "Exit codes: 0 withdrawn, 1 there was none, 2 usage."})
    static final class Unack extends PrintingCommand {
        @Parameters(index = "0", paramLabel = "CODE", description = "The finding's code.")
        String code;

        @Parameters(index = "1", arity = "0..1", defaultValue = "", paramLabel = "SUBJECT",
                description = "The finding's subject (none when left out).")
        String subject;

        @Mixin
        ClusterOptions cluster;

        @Override
        public Integer call() {
            String context = cluster.contextName();
            boolean removed = Acknowledgements.of(AppDirs.current()).remove(context, code.strip(), subject.strip());
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("context", context);
            doc.put("code", code);
            doc.put("subject", subject);
            doc.put("removed", removed);
            return print(doc, out -> out.println(removed ? "Withdrawn: " + code + (subject.isEmpty() ? ""
                    : " on " + subject) + " in context " + context + "." : "No acknowledgement of " + code
                    + (subject.isEmpty() ? "" : " on " + subject) + " in context " + context + "."),
                    removed ? OperationRunner.OK : OperationRunner.FAILED);
        }
    }
}
