package io.neurectomy.console.core.config.promql;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A recursive-descent parser of PromQL that checks syntax and types the way Prometheus's own parser does
 * ({@code promql/parser}): selectors and matchers, offsets and {@code @}, range selectors and subqueries, function
 * calls with their arity and argument types, aggregations with {@code by} / {@code without} and parameters, binary
 * operators with precedence, {@code bool} and vector matching ({@code on}, {@code ignoring}, {@code group_left},
 * {@code group_right}), and number, duration and string literals.
 *
 * <p>It reports the first error with its offset; it does not evaluate anything. Thread-safe (a parser per call).
 */
public final class PromqlParser {
    private static final Pattern DURATION = Pattern.compile("(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?"
            + "(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "atan2", "by", "without", "on",
            "ignoring", "group_left", "group_right", "bool", "offset");
    private static final Set<String> METRIC_KEYWORDS = Set.of("and", "or", "unless", "by", "without", "offset");
    /** Deeper nesting than any real query; stops a pathological text from exhausting the stack. */
    private static final int MAX_DEPTH = 200;
    private static final Set<String> TWO_CHAR_OPERATORS = Set.of("==", "!=", "<=", ">=", "=~", "!~");
    private static final Set<String> MATCH_OPERATORS = Set.of("=", "!=", "=~", "!~");
    private static final List<String> COMPARISONS = List.of("==", "!=", "<=", "<", ">=", ">");
    private static final List<String> SET_OPERATORS = List.of("and", "or", "unless");

    /**
     * What parsing an expression found.
     *
     * @param type  the expression's type when it parsed
     * @param error the first error otherwise
     */
    public record Outcome(Optional<ValueType> type, Optional<PromqlError> error) {
        public boolean ok() {
            return error.isEmpty();
        }
    }

    private enum T { IDENT, NUMBER, DURATION, STRING, OP, EOF }

    private record Token(T kind, String text, int pos) {
        boolean is(String s) {
            return (kind == T.OP || kind == T.IDENT) && text.equals(s);
        }

        String describe() {
            return switch (kind) {
                case EOF -> "end of input";
                case STRING -> "string " + text;
                case DURATION -> "duration \"" + text + "\"";
                case NUMBER -> "number \"" + text + "\"";
                default -> "\"" + text + "\"";
            };
        }
    }

    /** A parsed node: only what the checks need. */
    private static final class Node {
        final String kind; // number, string, paren, selector, matrix, subquery, call, aggregation, binary, unary
        final ValueType type;
        final int pos;
        boolean offset;
        boolean at;

        Node(String kind, ValueType type, int pos) {
            this.kind = kind;
            this.type = type;
            this.pos = pos;
        }
    }

    private static final class Fail extends RuntimeException {
        final int pos;

        Fail(int pos, String message) {
            super(message, null, false, false);
            this.pos = pos;
        }
    }

    private final String input;
    private final List<Token> tokens = new ArrayList<>();
    private int next;
    private int depth;

    private PromqlParser(String input) {
        this.input = input;
    }

    /** Parses and type-checks {@code expr}. */
    public static Outcome parse(String expr) {
        PromqlParser p = new PromqlParser(expr == null ? "" : expr);
        try {
            p.lex();
            if (p.peek().kind == T.EOF) {
                throw new Fail(0, "the expression is empty; write a PromQL query");
            }
            Node n = p.expr(1);
            if (p.peek().kind != T.EOF) {
                Token t = p.peek();
                throw new Fail(t.pos, "unexpected " + t.describe() + " after a complete expression; "
                        + "an operator or the end was expected");
            }
            return new Outcome(Optional.of(n.type), Optional.empty());
        } catch (Fail f) {
            return new Outcome(Optional.empty(), Optional.of(new PromqlError(f.pos, f.getMessage())));
        }
    }

    /** The first error of {@code expr}, if any. */
    public static Optional<PromqlError> check(String expr) {
        return parse(expr).error();
    }

    // ---------------------------------------------------------------- lexer

    private void lex() {
        int i = 0;
        int n = input.length();
        int brackets = 0;
        while (i < n) {
            char c = input.charAt(i);
            if (c == '[') {
                brackets++;
            } else if (c == ']') {
                brackets = Math.max(0, brackets - 1);
            }
            if (c == ':' && brackets > 0) {
                // Inside a range or subquery the colon separates range and step (it never starts a name there).
                tokens.add(new Token(T.OP, ":", i));
                i++;
            } else if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '#') {
                while (i < n && input.charAt(i) != '\n') {
                    i++;
                }
            } else if (isDigit(c) || (c == '.' && i + 1 < n && isDigit(input.charAt(i + 1)))) {
                i = lexNumber(i);
            } else if (isNameStart(c)) {
                int start = i;
                while (i < n && (isNameStart(input.charAt(i)) || (input.charAt(i) >= '0' && input.charAt(i) <= '9'))) {
                    i++;
                }
                String word = input.substring(start, i);
                String lower = word.toLowerCase(Locale.ROOT);
                tokens.add(new Token(lower.equals("inf") || lower.equals("nan") ? T.NUMBER : T.IDENT, word, start));
            } else if (c == '"' || c == '\'' || c == '`') {
                i = lexString(i, c);
            } else {
                String two = i + 1 < n ? input.substring(i, i + 2) : "";
                if (TWO_CHAR_OPERATORS.contains(two)) {
                    tokens.add(new Token(T.OP, two, i));
                    i += 2;
                } else if ("=<>+-*/%^(){}[],:@".indexOf(c) >= 0) {
                    tokens.add(new Token(T.OP, String.valueOf(c), i));
                    i++;
                } else if (c == '!') {
                    throw new Fail(i, "unexpected character after '!'; write != or !~");
                } else {
                    throw new Fail(i, "unexpected character '" + c + "'");
                }
            }
        }
        tokens.add(new Token(T.EOF, "", n));
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAlphanumeric(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c);
    }

    private static boolean isNameStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
    }

    private int lexNumber(int start) {
        int n = input.length();
        int i = start;
        if (input.startsWith("0x", i) || input.startsWith("0X", i)) {
            i += 2;
            while (i < n && Character.digit(input.charAt(i), 16) >= 0) {
                i++;
            }
        } else {
            while (i < n && isDigit(input.charAt(i))) {
                i++;
            }
            boolean integer = true;
            if (i < n && input.charAt(i) == '.') {
                integer = false;
                i++;
                while (i < n && isDigit(input.charAt(i))) {
                    i++;
                }
            }
            if (i < n && (input.charAt(i) == 'e' || input.charAt(i) == 'E') && i + 1 < n
                    && (isDigit(input.charAt(i + 1)) || ((input.charAt(i + 1) == '+'
                    || input.charAt(i + 1) == '-') && i + 2 < n && isDigit(input.charAt(i + 2))))) {
                integer = false;
                i += 2;
                while (i < n && isDigit(input.charAt(i))) {
                    i++;
                }
            }
            if (integer && i < n && "smhdwy".indexOf(input.charAt(i)) >= 0) {
                while (i < n && isAlphanumeric(input.charAt(i))) {
                    i++;
                }
                String text = input.substring(start, i);
                if (!DURATION.matcher(text).matches()) {
                    throw new Fail(start, "bad duration \"" + text + "\"; write units from largest to smallest, "
                            + "each once: y, w, d, h, m, s, ms (e.g. 1h30m)");
                }
                tokens.add(new Token(T.DURATION, text, start));
                return i;
            }
        }
        if (i < n && (isAlphanumeric(input.charAt(i)) || input.charAt(i) == '_')) {
            int end = i;
            while (end < n && isAlphanumeric(input.charAt(end))) {
                end++;
            }
            throw new Fail(start, "bad number or duration syntax \"" + input.substring(start, end) + "\"");
        }
        tokens.add(new Token(T.NUMBER, input.substring(start, i), start));
        return i;
    }

    private int lexString(int start, char quote) {
        int n = input.length();
        int i = start + 1;
        while (i < n) {
            char c = input.charAt(i);
            if (c == quote) {
                tokens.add(new Token(T.STRING, input.substring(start, i + 1), start));
                return i + 1;
            }
            if (quote != '`' && c == '\n') {
                break;
            }
            if (c == '\\' && quote != '`') {
                if (i + 1 >= n) {
                    break;
                }
                char e = input.charAt(i + 1);
                if ("abfnrtv\\'\"".indexOf(e) < 0 && "xuU01234567".indexOf(e) < 0) {
                    throw new Fail(i, "unknown escape sequence \\" + e + " in string; double the backslash (\\\\) "
                            + "for a literal one");
                }
                if ((e == '\'' || e == '"') && e != quote) {
                    throw new Fail(i, "unknown escape sequence \\" + e + " in string; write " + e + " without "
                            + "the backslash");
                }
                i += 2;
                continue;
            }
            i++;
        }
        throw new Fail(start, "unterminated quoted string; close it with " + quote);
    }

    // ---------------------------------------------------------------- parser

    private Token peek() {
        return tokens.get(next);
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(next + ahead, tokens.size() - 1));
    }

    private Token take() {
        Token t = tokens.get(next);
        if (t.kind != T.EOF) {
            next++;
        }
        return t;
    }

    private Token expect(String op, String context) {
        Token t = peek();
        if (!(t.kind == T.OP && t.text.equals(op))) {
            throw new Fail(t.pos, "unexpected " + t.describe() + " " + context + "; expected \"" + op + "\"");
        }
        return take();
    }

    private static int precedence(Token t) {
        if (t.kind == T.IDENT) {
            return switch (t.text.toLowerCase(Locale.ROOT)) {
                case "or" -> 1;
                case "and", "unless" -> 2;
                case "atan2" -> 5;
                default -> 0;
            };
        }
        if (t.kind != T.OP) {
            return 0;
        }
        return switch (t.text) {
            case "==", "!=", "<=", "<", ">=", ">" -> 3;
            case "+", "-" -> 4;
            case "*", "/", "%" -> 5;
            case "^" -> 6;
            default -> 0;
        };
    }

    private Node expr(int minPrecedence) {
        if (++depth > MAX_DEPTH) {
            throw new Fail(peek().pos, "the expression is nested more than " + MAX_DEPTH + " levels deep; simplify it");
        }
        try {
            return binaryChain(minPrecedence);
        } finally {
            depth--;
        }
    }

    private Node binaryChain(int minPrecedence) {
        Node left = unary();
        while (true) {
            Token op = peek();
            int prec = precedence(op);
            if (prec == 0 || prec < minPrecedence) {
                return left;
            }
            take();
            left = binary(left, op, prec);
        }
    }

    private Node binary(Node left, Token opToken, int prec) {
        String op = opToken.text.toLowerCase(Locale.ROOT);
        boolean comparison = COMPARISONS.contains(op);
        boolean set = SET_OPERATORS.contains(op);
        boolean returnBool = false;
        boolean matching = false;
        boolean grouping = false;
        List<String> on = List.of();
        List<String> include = List.of();
        boolean isOn = false;
        if (peek().kind == T.IDENT && peek().text.equalsIgnoreCase("bool")) {
            take();
            returnBool = true;
        }
        if (peek().kind == T.IDENT && (peek().text.equalsIgnoreCase("on")
                || peek().text.equalsIgnoreCase("ignoring"))) {
            isOn = take().text.equalsIgnoreCase("on");
            matching = true;
            on = labels("after " + (isOn ? "on" : "ignoring"));
            if (peek().kind == T.IDENT && (peek().text.equalsIgnoreCase("group_left")
                    || peek().text.equalsIgnoreCase("group_right"))) {
                take();
                grouping = true;
                if (peek().is("(")) {
                    include = labels("after group_left/group_right");
                }
            }
        } else if (peek().kind == T.IDENT && (peek().text.equalsIgnoreCase("group_left")
                || peek().text.equalsIgnoreCase("group_right"))) {
            throw new Fail(peek().pos, peek().text + " needs on(...) or ignoring(...) before it, e.g. "
                    + "a * on(instance) " + peek().text + " b");
        }
        Node right = expr(op.equals("^") ? prec : prec + 1);
        int at = opToken.pos;
        if (returnBool && !comparison) {
            throw new Fail(at, "bool modifier can only be used on comparison operators; remove bool after " + op);
        }
        if (comparison && !returnBool && left.type == ValueType.SCALAR && right.type == ValueType.SCALAR) {
            throw new Fail(at, "comparisons between scalars must use BOOL modifier; write " + op + " bool");
        }
        if (isOn) {
            for (String l : include) {
                if (on.contains(l)) {
                    throw new Fail(at, "label \"" + l + "\" must not occur in ON and GROUP clause at once");
                }
            }
        }
        for (Node side : List.of(left, right)) {
            if (side.type != ValueType.SCALAR && side.type != ValueType.VECTOR) {
                throw new Fail(side.pos, "binary expression must contain only scalar and instant vector types, "
                        + "got " + side.type.documented() + (side.type == ValueType.MATRIX
                        ? "; wrap the range in a function such as rate(...)" : ""));
            }
        }
        if (left.type != ValueType.VECTOR || right.type != ValueType.VECTOR) {
            if (matching && !on.isEmpty()) {
                throw new Fail(at, "vector matching only allowed between instant vectors");
            }
        } else if (set && grouping) {
            throw new Fail(at, "no grouping allowed for \"" + op + "\" operation");
        }
        if (set && (left.type == ValueType.SCALAR || right.type == ValueType.SCALAR)) {
            throw new Fail(at, "set operator \"" + op + "\" not allowed in binary scalar expression");
        }
        ValueType type = left.type == ValueType.SCALAR && right.type == ValueType.SCALAR ? ValueType.SCALAR
                : ValueType.VECTOR;
        return new Node("binary", type, left.pos);
    }

    private Node unary() {
        Token t = peek();
        if (t.is("+") || t.is("-")) {
            take();
            Node operand = expr(6);
            if (operand.type != ValueType.SCALAR && operand.type != ValueType.VECTOR) {
                throw new Fail(t.pos, "unary expression only allowed on expressions of type scalar or instant "
                        + "vector, got \"" + operand.type.documented() + "\"");
            }
            return new Node("unary", operand.type, t.pos);
        }
        return postfix(primary());
    }

    private Node postfix(Node node) {
        while (true) {
            Token t = peek();
            if (t.is("[")) {
                node = range(node);
            } else if (t.kind == T.IDENT && t.text.equalsIgnoreCase("offset")) {
                take();
                modifiable(node, t, "offset");
                if (node.offset) {
                    throw new Fail(t.pos, "offset may not be set multiple times");
                }
                if (peek().is("-") || peek().is("+")) {
                    take();
                }
                Token d = take();
                if (d.kind != T.DURATION) {
                    throw new Fail(d.pos, "unexpected " + d.describe() + " after offset; expected a duration "
                            + "such as 5m");
                }
                node.offset = true;
            } else if (t.is("@")) {
                take();
                modifiable(node, t, "@");
                if (node.at) {
                    throw new Fail(t.pos, "@ <timestamp> may not be set multiple times");
                }
                Token v = take();
                if (v.is("-") || v.is("+")) {
                    v = take();
                }
                if (v.kind == T.IDENT && (v.text.equals("start") || v.text.equals("end"))) {
                    expect("(", "after @ " + v.text);
                    expect(")", "after @ " + v.text + "(");
                } else if (v.kind != T.NUMBER) {
                    throw new Fail(v.pos, "unexpected " + v.describe() + " after @; expected a Unix timestamp, "
                            + "start() or end()");
                }
                node.at = true;
            } else {
                return node;
            }
        }
    }

    private static void modifiable(Node node, Token t, String what) {
        if (!node.kind.equals("selector") && !node.kind.equals("matrix") && !node.kind.equals("subquery")) {
            throw new Fail(t.pos, what + " modifier must be preceded by an instant vector selector or range vector "
                    + "selector or a subquery" + (node.kind.equals("call") || node.kind.equals("aggregation")
                    ? "; move it inside, onto the selector (e.g. rate(x[5m] " + what + " ...))" : ""));
        }
    }

    private Node range(Node node) {
        Token open = take();
        Token d = take();
        if (d.kind != T.DURATION) {
            throw new Fail(d.pos, "unexpected " + d.describe() + " in range; expected a duration such as 5m");
        }
        if (peek().is(":")) {
            take();
            if (peek().kind == T.DURATION) {
                take();
            }
            expect("]", "in subquery");
            if (node.type != ValueType.VECTOR) {
                throw new Fail(open.pos, "subquery is only allowed on instant vector, got " + node.type.documented());
            }
            return new Node("subquery", ValueType.MATRIX, node.pos);
        }
        expect("]", "in range selector");
        if (!node.kind.equals("selector")) {
            throw new Fail(open.pos, "ranges only allowed for vector selectors" + (node.type == ValueType.VECTOR
                    ? "; for a range over an expression use a subquery, e.g. [" + d.text + ":1m]" : ""));
        }
        if (node.offset) {
            throw new Fail(open.pos, "no offset modifiers allowed before range; write the offset after the range");
        }
        if (node.at) {
            throw new Fail(open.pos, "no @ modifiers allowed before range; write @ after the range");
        }
        return new Node("matrix", ValueType.MATRIX, node.pos);
    }

    private Node primary() {
        Token t = take();
        switch (t.kind) {
            case NUMBER:
                return new Node("number", ValueType.SCALAR, t.pos);
            case STRING:
                return new Node("string", ValueType.STRING, t.pos);
            case DURATION:
                throw new Fail(t.pos, "unexpected " + t.describe() + "; durations belong in ranges [5m], "
                        + "subqueries and after offset");
            case EOF:
                throw new Fail(t.pos, "unexpected end of input; the expression is incomplete");
            default:
                break;
        }
        if (t.is("(")) {
            Node inner = expr(1);
            expect(")", "in parenthesised expression");
            return new Node("paren", inner.type, t.pos);
        }
        if (t.is("{")) {
            selector(null, t.pos);
            return new Node("selector", ValueType.VECTOR, t.pos);
        }
        if (t.kind == T.OP) {
            throw new Fail(t.pos, "unexpected " + t.describe() + "; an expression was expected");
        }
        String word = t.text;
        String lower = word.toLowerCase(Locale.ROOT);
        if (Functions.AGGREGATORS.contains(lower) && (peek().is("(") || (peek().kind == T.IDENT
                && (peek().text.equalsIgnoreCase("by") || peek().text.equalsIgnoreCase("without"))))) {
            return aggregation(t, lower);
        }
        // Prometheus's grammar lets aggregation names and most keywords name a metric (metric_identifier).
        if (KEYWORDS.contains(lower) && !METRIC_KEYWORDS.contains(lower)) {
            throw new Fail(t.pos, "unexpected keyword \"" + word + "\"; an expression was expected");
        }
        if (peek().is("(")) {
            if (lower.equals("by") || lower.equals("without")) {
                throw new Fail(t.pos, "unexpected \"" + word + "\": " + lower + " (...) belongs right after an "
                        + "aggregation operator, e.g. sum " + lower + " (job) (expression)");
            }
            return call(t);
        }
        if (peek().is("{")) {
            take();
            selector(word, t.pos);
        }
        return new Node("selector", ValueType.VECTOR, t.pos);
    }

    private Node call(Token name) {
        Optional<Functions.Function> found = Functions.named(name.text);
        if (found.isEmpty()) {
            Optional<String> close = EditDistance.closest(name.text, Functions.names());
            throw new Fail(name.pos, "unknown function with name \"" + name.text + "\""
                    + close.map(c -> "; did you mean " + c + "?").orElse(""));
        }
        Functions.Function f = found.get();
        List<Node> args = arguments();
        int nargs = f.args().size();
        if (f.variadic() == 0) {
            if (nargs != args.size()) {
                throw new Fail(name.pos, "expected " + nargs + " argument(s) in call to \"" + f.name() + "\", got "
                        + args.size());
            }
        } else {
            int min = nargs - 1;
            if (min > args.size()) {
                throw new Fail(name.pos, "expected at least " + min + " argument(s) in call to \"" + f.name()
                        + "\", got " + args.size());
            }
            if (f.variadic() > 0 && min + f.variadic() < args.size()) {
                throw new Fail(name.pos, "expected at most " + (min + f.variadic()) + " argument(s) in call to \""
                        + f.name() + "\", got " + args.size());
            }
        }
        for (int i = 0; i < args.size(); i++) {
            int k = Math.min(i, nargs - 1);
            ValueType want = f.args().get(k);
            Node arg = args.get(i);
            if (arg.type != want) {
                String hint = want == ValueType.MATRIX && arg.type == ValueType.VECTOR && arg.kind.equals("selector")
                        ? "; add a range, e.g. " + f.name() + "(metric[5m])" : "";
                throw new Fail(arg.pos, "expected type " + want.documented() + " in call to function \"" + f.name()
                        + "\", got " + arg.type.documented() + hint);
            }
        }
        return new Node("call", f.returns(), name.pos);
    }

    private List<Node> arguments() {
        expect("(", "after the function name");
        List<Node> args = new ArrayList<>();
        while (!peek().is(")")) {
            args.add(expr(1));
            if (peek().is(",")) {
                Token comma = take();
                if (peek().is(")")) {
                    throw new Fail(comma.pos, "trailing commas not allowed in function call args; remove the last "
                            + "comma");
                }
            } else if (!peek().is(")")) {
                Token t = peek();
                throw new Fail(t.pos, "unexpected " + t.describe() + " in argument list; expected \",\" or \")\"");
            }
        }
        take();
        return args;
    }

    private Node aggregation(Token name, String op) {
        boolean grouped = false;
        if (peek().kind == T.IDENT && (peek().text.equalsIgnoreCase("by") || peek().text.equalsIgnoreCase("without"))) {
            Token g = take();
            labels("after " + g.text);
            grouped = true;
        }
        if (!peek().is("(")) {
            throw new Fail(peek().pos, "unexpected " + peek().describe() + " after " + name.text + "; \""
                    + name.text + "\" is an aggregation operator: write " + name.text + "(expression)");
        }
        List<Node> args = arguments();
        if (!grouped && peek().kind == T.IDENT && (peek().text.equalsIgnoreCase("by")
                || peek().text.equalsIgnoreCase("without"))) {
            Token g = take();
            labels("after " + g.text);
        }
        if (args.isEmpty()) {
            throw new Fail(name.pos, "no arguments for aggregate expression provided");
        }
        boolean param = Functions.AGGREGATORS_WITH_PARAM.contains(op);
        int want = param ? 2 : 1;
        if (args.size() != want) {
            throw new Fail(name.pos, "wrong number of arguments for aggregate expression provided, expected " + want
                    + ", got " + args.size() + (param ? "; write " + op + "(parameter, expression)" : ""));
        }
        Node e = args.get(want - 1);
        if (e.type != ValueType.VECTOR) {
            throw new Fail(e.pos, "expected type instant vector in aggregation expression, got " + e.type.documented()
                    + (e.type == ValueType.MATRIX ? "; aggregate over time with a function like rate(...) or "
                    + op + "_over_time(...)" : ""));
        }
        if (param) {
            ValueType p = op.equals("count_values") ? ValueType.STRING : ValueType.SCALAR;
            if (args.get(0).type != p) {
                throw new Fail(args.get(0).pos, "expected type " + p.documented() + " in aggregation parameter, got "
                        + args.get(0).type.documented());
            }
        }
        return new Node("aggregation", ValueType.VECTOR, name.pos);
    }

    private List<String> labels(String context) {
        expect("(", context);
        List<String> labels = new ArrayList<>();
        while (!peek().is(")")) {
            Token l = take();
            if (l.kind != T.IDENT || !LABEL_NAME.matcher(l.text).matches()) {
                throw new Fail(l.pos, "unexpected " + l.describe() + " in grouping opts, expected label");
            }
            labels.add(l.text);
            commaOr(")", "grouping opts");
        }
        take();
        return labels;
    }

    /** After an item of a list: takes a comma, or leaves the list's {@code close}; anything else fails. */
    private void commaOr(String close, String context) {
        if (peek().is(",")) {
            take();
        } else if (!peek().is(close)) {
            throw new Fail(peek().pos, "unexpected " + peek().describe() + " in " + context + ", expected \",\" or \""
                    + close + "\"");
        }
    }

    private void selector(String metric, int pos) {
        boolean nonEmpty = metric != null;
        Set<String> names = new LinkedHashSet<>();
        if (metric != null) {
            names.add(metric);
        }
        if (tokens.get(next - 1).is("{")) {
            while (!peek().is("}")) {
                Token label = take();
                if (label.kind != T.IDENT || !LABEL_NAME.matcher(label.text).matches()) {
                    throw new Fail(label.pos, "unexpected " + label.describe() + " in label matching, expected "
                            + "label");
                }
                Token op = take();
                if (!(op.kind == T.OP && MATCH_OPERATORS.contains(op.text))) {
                    throw new Fail(op.pos, "unexpected " + op.describe() + " in label matching, expected one of "
                            + "=, !=, =~, !~" + (op.is("==") ? " (a matcher uses a single =)" : ""));
                }
                Token value = take();
                if (value.kind != T.STRING) {
                    throw new Fail(value.pos, "unexpected " + value.describe() + " in label matching, expected "
                            + "string; quote the value: " + label.text + op.text + "\"" + value.text + "\"");
                }
                String text = unquote(value.text);
                boolean matchesEmpty;
                if (op.text.endsWith("~")) {
                    Optional<String> problem = Re2.problem(text);
                    if (problem.isPresent()) {
                        throw new Fail(value.pos, "invalid regular expression in matcher " + label.text + op.text
                                + ": " + problem.get());
                    }
                    boolean m = Re2.matchesEmpty(text);
                    matchesEmpty = op.text.equals("=~") == m;
                } else {
                    matchesEmpty = op.text.equals("=") == text.isEmpty();
                }
                if (!matchesEmpty) {
                    nonEmpty = true;
                }
                if (label.text.equals("__name__") && op.text.equals("=")) {
                    if (metric != null) {
                        throw new Fail(label.pos, "metric name must not be set twice: \"" + metric + "\" or \""
                                + text + "\"");
                    }
                }
                commaOr("}", "label matching");
            }
            take();
        }
        if (!nonEmpty) {
            throw new Fail(pos, "vector selector must contain at least one non-empty matcher; name the metric or add "
                    + "a matcher like job=\"x\"");
        }
    }

    private static String unquote(String quoted) {
        String body = quoted.substring(1, quoted.length() - 1);
        if (quoted.charAt(0) == '`') {
            return body;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\' && i + 1 < body.length()) {
                char e = body.charAt(++i);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case 'a' -> sb.append('\u0007');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'v' -> sb.append('\u000b');
                    default -> sb.append(e);
                }
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
