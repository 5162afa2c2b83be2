package io.neurectomy.console.core.stack;

import io.neurectomy.console.core.ConsoleException;
import java.util.List;

/**
 * The stack cannot be rendered: a file is malformed, a value is missing or has the wrong form. Lists every problem
 * found, each with its file and line, so that a person can fix them all in one go.
 */
public class StackException extends ConsoleException {
    private static final long serialVersionUID = 1L;

    /** Not serialized: problems are for the person reading the message, which already contains them. */
    private final transient List<StackProblem> problems;

    public StackException(String summary, List<StackProblem> problems) {
        super(message(summary, problems));
        this.problems = List.copyOf(problems);
    }

    public StackException(String summary, List<StackProblem> problems, Throwable cause) {
        super(message(summary, problems), cause);
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, in file order. */
    public List<StackProblem> problems() {
        return problems == null ? List.of() : problems;
    }

    private static String message(String summary, List<StackProblem> problems) {
        StringBuilder text = new StringBuilder(summary);
        for (StackProblem p : problems) {
            text.append("\n  ").append(p);
        }
        return text.toString();
    }
}
