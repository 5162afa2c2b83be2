package io.neurectomy.console.core.util;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.constructor.BaseConstructor;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionEndEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.DocumentStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * The one way the console parses YAML someone else wrote: every parse has limits on the document's size, its nesting
 * depth and its aliases, and on how far aliases expand it, so that a small hostile document (nested anchors, "billion
 * laughs") cannot keep a reader or a walk over the parsed tree busy. A limit hit throws {@link LimitException}, which
 * names the limit, the place (line and column when known) and what to do.
 */
public final class BoundedYaml {
    /** The largest document read, in characters (checked before parsing). */
    public static final int MAX_CHARS = 8 * 1024 * 1024;
    /** The most aliases to lists or mappings in one document. */
    public static final int MAX_ALIASES = 50;
    /** The deepest nesting of lists and mappings, also counting what aliases bring in. */
    public static final int MAX_DEPTH = 100;
    /** The most nodes that aliases may add to one document when it is expanded. */
    public static final int MAX_ALIAS_EXPANSION = 100_000;

    private BoundedYaml() {
    }

    /**
     * SnakeYAML's options with the console's limits (SnakeYAML checks them too, as a second line). A caller may lower
     * the alias and depth limits in them; higher values are capped at the console's.
     */
    public static LoaderOptions options() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setNestingDepthLimit(MAX_DEPTH + 1);
        options.setCodePointLimit(MAX_CHARS);
        options.setAllowRecursiveKeys(false);
        return options;
    }

    /** A file's text, refused without reading when it is larger than {@link #MAX_CHARS} bytes. */
    public static String read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_CHARS) {
            throw tooLarge(size, "bytes");
        }
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    /** The node trees of every document in {@code text} (null entries for empty documents are left out). */
    public static List<Node> composeAll(String text, LoaderOptions options) {
        Composer composer = composer(text, options, new Resolver());
        List<Node> nodes = new ArrayList<>();
        while (composer.checkNode()) {
            Node node = composer.getNode();
            if (node != null) {
                nodes.add(node);
            }
        }
        return nodes;
    }

    /** The node trees of every document in {@code text}, with the console's options. */
    public static List<Node> composeAll(String text) {
        return composeAll(text, options());
    }

    /** The first document's node tree, or null when the text holds none. */
    public static Node composeFirst(String text, LoaderOptions options) {
        Composer composer = composer(text, options, new Resolver());
        return composer.checkNode() ? composer.getNode() : null;
    }

    /** The single document of {@code text} as plain maps, lists and scalars (SnakeYAML's safe types). */
    public static Object load(String text) {
        LoaderOptions options = options();
        return load(text, new SafeConstructor(options), new Resolver(), options);
    }

    /** The single document of {@code text}, built by {@code constructor} with {@code resolver}. */
    public static Object load(String text, BaseConstructor constructor, Resolver resolver, LoaderOptions options) {
        constructor.setComposer(composer(text, options, resolver));
        try {
            return constructor.getSingleData(Object.class);
        } catch (NumberFormatException e) {
            // SnakeYAML's resolver takes some plain values that are no numbers for floats or ints ("._", "-._") and
            // its constructor then throws this; the value itself is left out of the message (it may be a secret).
            throw new YAMLException("a plain value looks like a number to YAML but is not one; put it in quotes");
        }
    }

    /**
     * Refuses {@code text} if any document in it breaks a limit; says nothing about other YAML errors (the reader
     * that parses the text afterwards reports those). For text another library parses.
     */
    public static void check(String text) {
        try {
            composeAll(text);
        } catch (LimitException e) {
            throw e;
        } catch (YAMLException e) {
            // not a limit: left to the real reader
        }
    }

    private static Composer composer(String text, LoaderOptions options, Resolver resolver) {
        String body = text == null ? "" : text;
        if (body.length() > MAX_CHARS) {
            throw tooLarge(body.length(), "characters");
        }
        Parser parser = new BoundedParser(new ParserImpl(new StreamReader(new StringReader(body)), options),
                options);
        return new Composer(parser, resolver, options) {
            @Override
            public Node getNode() {
                Node node = super.getNode();
                if (node != null) {
                    new Expansion().visit(node, 1);
                }
                return node;
            }
        };
    }

    /**
     * Throws {@link CancellationException} when the current thread was interrupted: parses and the walks over what
     * they return call it, so that a validation someone no longer waits for stops.
     */
    public static void stopIfInterrupted() {
        if (Thread.currentThread().isInterrupted()) {
            throw new CancellationException("interrupted");
        }
    }

    private static LimitException tooLarge(long size, String unit) {
        return new LimitException("the document is " + size + " " + unit + ", more than the " + MAX_CHARS
                + " the console reads", null, "split it, or remove what it does not need");
    }

    /** Counts aliases and nesting as the parser reads, so that a limit is hit before anything is built. */
    private static final class BoundedParser implements Parser {
        private final Parser parser;
        private final int maxAliases;
        private final int maxDepth;
        private final Set<String> collectionAnchors = new HashSet<>();
        private int aliases;
        private int depth;

        BoundedParser(Parser parser, LoaderOptions options) {
            this.parser = parser;
            this.maxAliases = Math.min(MAX_ALIASES, options.getMaxAliasesForCollections());
            this.maxDepth = Math.min(MAX_DEPTH, options.getNestingDepthLimit() - 1);
        }

        @Override
        public boolean checkEvent(Event.ID choice) {
            return parser.checkEvent(choice);
        }

        @Override
        public Event peekEvent() {
            return parser.peekEvent();
        }

        @Override
        public Event getEvent() {
            stopIfInterrupted();
            Event event = parser.getEvent();
            if (event instanceof DocumentStartEvent) {
                collectionAnchors.clear();
                aliases = 0;
                depth = 0;
            } else if (event instanceof CollectionStartEvent start) {
                if (start.getAnchor() != null) {
                    collectionAnchors.add(start.getAnchor());
                }
                if (++depth > maxDepth) {
                    throw new LimitException("lists and mappings are nested more than " + maxDepth + " deep",
                            event.getStartMark(), "flatten the document; no console file needs that depth");
                }
            } else if (event instanceof CollectionEndEvent) {
                depth--;
            } else if (event instanceof AliasEvent alias && collectionAnchors.contains(alias.getAnchor())
                    && ++aliases > maxAliases) {
                throw new LimitException("more than " + maxAliases + " aliases (*name) to lists or mappings",
                        event.getStartMark(), "write the repeated parts out, or use fewer anchors (&name)");
            }
            return event;
        }
    }

    /**
     * Walks a document once per distinct node (shared nodes are counted, not walked again) to refuse documents that
     * refer to themselves, or whose aliases would make a walk over the expanded tree too deep or too long.
     */
    private static final class Expansion {
        // Depths here count every node, scalars too: a scalar at the bottom of MAX_DEPTH lists is at MAX_DEPTH + 1.
        /** Per finished node: its expanded size and height. In-progress nodes map to null. */
        private final Map<Node, long[]> seen = new IdentityHashMap<>();
        private long added;

        long[] visit(Node node, int depth) {
            stopIfInterrupted();
            if (seen.containsKey(node)) {
                long[] done = seen.get(node);
                if (done == null) {
                    throw new LimitException("an alias refers to the list or mapping that contains it",
                            node.getStartMark(), "remove the alias: the document must not contain itself");
                }
                if (depth - 1 + done[1] > MAX_DEPTH + 1) {
                    throw new LimitException("with its aliases expanded, lists and mappings are nested more than "
                            + MAX_DEPTH + " deep", node.getStartMark(), "use fewer nested anchors and aliases");
                }
                added += done[0];
                if (added > MAX_ALIAS_EXPANSION) {
                    throw new LimitException("aliases expand the document by more than " + MAX_ALIAS_EXPANSION
                            + " nodes", node.getStartMark(),
                            "write the repeated parts out, or stop nesting anchors inside anchors");
                }
                return done;
            }
            if (depth > MAX_DEPTH + 1) {
                throw new LimitException("lists and mappings are nested more than " + MAX_DEPTH + " deep",
                        node.getStartMark(), "flatten the document; no console file needs that depth");
            }
            seen.put(node, null);
            long size = 1;
            long height = 1;
            if (node instanceof MappingNode m) {
                for (NodeTuple t : m.getValue()) {
                    long[] key = visit(t.getKeyNode(), depth + 1);
                    long[] value = visit(t.getValueNode(), depth + 1);
                    size += key[0] + value[0];
                    height = Math.max(height, 1 + Math.max(key[1], value[1]));
                }
            } else if (node instanceof SequenceNode s) {
                for (Node child : s.getValue()) {
                    long[] c = visit(child, depth + 1);
                    size += c[0];
                    height = Math.max(height, 1 + c[1]);
                }
            }
            long[] done = {size, height};
            seen.put(node, done);
            return done;
        }
    }

    /** A YAML limit was hit: which one, where, and what to do. */
    public static final class LimitException extends YAMLException {
        private static final long serialVersionUID = 1L;
        private final String limit;
        private final int line;
        private final int column;
        private final String advice;

        LimitException(String limit, Mark mark, String advice) {
            super("YAML limit: " + limit + (mark == null ? "" : " (line " + (mark.getLine() + 1) + ", column "
                    + (mark.getColumn() + 1) + ")") + "; " + advice);
            this.limit = limit;
            this.line = mark == null ? 0 : mark.getLine() + 1;
            this.column = mark == null ? 0 : mark.getColumn() + 1;
            this.advice = advice;
        }

        /** The limit that was hit, as a phrase ("more than 50 aliases…"). */
        public String limit() {
            return limit;
        }

        /** The 1-based line where it was hit, 0 when unknown. */
        public int line() {
            return line;
        }

        /** The 1-based column, 0 when unknown. */
        public int column() {
            return column;
        }

        /** The message without its place: the limit and what to do. */
        public String problem() {
            return "YAML limit: " + limit + "; " + advice;
        }
    }
}
