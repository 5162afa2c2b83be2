package io.neurectomy.console.core.health;

import io.neurectomy.console.core.AppDirs;
import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.util.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The acknowledged findings, kept in {@value #FILE_NAME} in the console's state directory and written atomically.
 * Every call reads the file again, so the window and the command line see each other's changes.
 *
 * <p>Thread-safe within one process; two processes writing at the same instant may lose one change (the file is
 * never half-written).
 */
public final class Acknowledgements {
    /** The file in the state directory. */
    public static final String FILE_NAME = "health-acknowledgements.json";
    /** How long an acknowledgement lasts unless told otherwise. */
    public static final Duration DEFAULT_EXPIRY = Duration.ofDays(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Clock clock;

    public Acknowledgements(Path file, Clock clock) {
        this.file = file.toAbsolutePath();
        this.clock = clock;
    }

    /** The user's acknowledgements: {@value #FILE_NAME} in the state directory of {@code dirs}. */
    public static Acknowledgements of(AppDirs dirs) {
        return new Acknowledgements(dirs.stateDir().resolve(FILE_NAME), Clock.systemUTC());
    }

    public Path file() {
        return file;
    }

    /** What "now" is for expiry. */
    public Clock clock() {
        return clock;
    }

    /** Every acknowledgement, expired ones included, by context, code and subject. */
    public synchronized List<Acknowledgement> list() {
        return read().stream().sorted(Comparator.comparing(Acknowledgement::context)
                .thenComparing(Acknowledgement::code).thenComparing(Acknowledgement::subject)).toList();
    }

    /** The acknowledgements of {@code context}, expired ones included. */
    public List<Acknowledgement> of(String context) {
        return list().stream().filter(a -> a.context().equals(context)).toList();
    }

    /**
     * Acknowledges {@code code} on {@code subject} in {@code context} for {@code lasting} from now; replaces an
     * earlier acknowledgement of the same finding.
     */
    public synchronized Acknowledgement add(String context, String code, String subject, String reason,
            String author, Duration lasting) {
        if (lasting.isNegative() || lasting.isZero()) {
            throw new IllegalArgumentException("an acknowledgement must last a while: " + lasting);
        }
        Instant now = clock.instant();
        Acknowledgement added = new Acknowledgement(context, code, subject, reason.strip(), author, now,
                now.plus(lasting));
        List<Acknowledgement> all = new ArrayList<>(read());
        all.removeIf(a -> a.sameKey(context, code, subject));
        all.add(added);
        write(all);
        return added;
    }

    /** Removes the acknowledgement of {@code code} on {@code subject} in {@code context}; whether there was one. */
    public synchronized boolean remove(String context, String code, String subject) {
        List<Acknowledgement> all = new ArrayList<>(read());
        boolean removed = all.removeIf(a -> a.sameKey(context, code, subject));
        if (removed) {
            write(all);
        }
        return removed;
    }

    /** {@code report} with the acknowledgements of its context applied, as they are now. */
    public HealthReport apply(HealthReport report) {
        Instant now = clock.instant();
        List<Acknowledgement> mine = of(report.context());
        return report.withAcknowledgements(mine.stream().filter(a -> !a.expiredAt(now)).toList(),
                mine.stream().filter(a -> a.expiredAt(now)).toList());
    }

    private List<Acknowledgement> read() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new ConsoleException("Cannot read the acknowledgements " + file + ": " + e.getMessage(), e);
        }
        List<Acknowledgement> out = new ArrayList<>();
        try {
            for (JsonNode n : JSON.readTree(bytes).path("acknowledgements")) {
                out.add(new Acknowledgement(n.path("context").asString(""), n.path("code").asString(""),
                        n.path("subject").asString(""), n.path("reason").asString(""), n.path("author").asString(""),
                        Instant.parse(n.path("acknowledged").asString("")),
                        Instant.parse(n.path("expires").asString(""))));
            }
        } catch (RuntimeException e) {
            throw new ConsoleException("The acknowledgements file " + file + " cannot be read (" + e.getMessage()
                    + "). Fix or delete it.", e);
        }
        return out;
    }

    private void write(List<Acknowledgement> all) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("acknowledgements");
        for (Acknowledgement a : all) {
            ObjectNode n = list.addObject();
            n.put("context", a.context());
            n.put("code", a.code());
            n.put("subject", a.subject());
            n.put("reason", a.reason());
            n.put("author", a.author());
            n.put("acknowledged", a.acknowledged().toString());
            n.put("expires", a.expires().toString());
        }
        try {
            Files.createDirectories(file.getParent());
            AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
        } catch (IOException e) {
            throw new ConsoleException("Cannot save the acknowledgements to " + file + ": " + e.getMessage()
                    + ". Check that the directory is writable.", e);
        }
    }
}
