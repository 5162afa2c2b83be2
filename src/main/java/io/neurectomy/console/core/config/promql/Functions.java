package io.neurectomy.console.core.config.promql;

import static io.neurectomy.console.core.config.promql.ValueType.MATRIX;
import static io.neurectomy.console.core.config.promql.ValueType.SCALAR;
import static io.neurectomy.console.core.config.promql.ValueType.STRING;
import static io.neurectomy.console.core.config.promql.ValueType.VECTOR;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The PromQL functions with their argument types (as in Prometheus's {@code promql/parser/functions.go}). */
final class Functions {
    /**
     * One function.
     *
     * @param variadic 0: exactly the argument types; n &gt; 0: the last argument may be left out or repeated up to
     *                 n times in all; -1: the last argument repeats without limit
     */
    record Function(String name, List<ValueType> args, int variadic, ValueType returns) {
    }

    private static final Map<String, Function> ALL = new HashMap<>();

    static {
        for (String name : List.of("abs", "ceil", "exp", "floor", "ln", "log2", "log10", "sqrt", "sgn", "acos",
                "acosh", "asin", "asinh", "atan", "atanh", "cos", "cosh", "sin", "sinh", "tan", "tanh", "deg", "rad",
                "histogram_count", "histogram_sum", "histogram_avg", "histogram_stddev", "histogram_stdvar",
                "timestamp", "absent", "sort", "sort_desc")) {
            add(name, List.of(VECTOR), 0, VECTOR);
        }
        for (String name : List.of("avg_over_time", "count_over_time", "last_over_time", "max_over_time",
                "min_over_time", "present_over_time", "stddev_over_time", "stdvar_over_time", "sum_over_time",
                "absent_over_time", "changes", "delta", "deriv", "idelta", "increase", "irate", "rate", "resets",
                "mad_over_time")) {
            add(name, List.of(MATRIX), 0, VECTOR);
        }
        for (String name : List.of("days_in_month", "day_of_month", "day_of_week", "day_of_year", "hour", "minute",
                "month", "year")) {
            add(name, List.of(VECTOR), 1, VECTOR);
        }
        add("quantile_over_time", List.of(SCALAR, MATRIX), 0, VECTOR);
        add("clamp", List.of(VECTOR, SCALAR, SCALAR), 0, VECTOR);
        add("clamp_max", List.of(VECTOR, SCALAR), 0, VECTOR);
        add("clamp_min", List.of(VECTOR, SCALAR), 0, VECTOR);
        add("histogram_fraction", List.of(SCALAR, SCALAR, VECTOR), 0, VECTOR);
        add("histogram_quantile", List.of(SCALAR, VECTOR), 0, VECTOR);
        add("holt_winters", List.of(MATRIX, SCALAR, SCALAR), 0, VECTOR);
        add("double_exponential_smoothing", List.of(MATRIX, SCALAR, SCALAR), 0, VECTOR);
        add("label_replace", List.of(VECTOR, STRING, STRING, STRING, STRING), 0, VECTOR);
        add("label_join", List.of(VECTOR, STRING, STRING, STRING), -1, VECTOR);
        add("sort_by_label", List.of(VECTOR, STRING), -1, VECTOR);
        add("sort_by_label_desc", List.of(VECTOR, STRING), -1, VECTOR);
        add("pi", List.of(), 0, SCALAR);
        add("time", List.of(), 0, SCALAR);
        add("predict_linear", List.of(MATRIX, SCALAR), 0, VECTOR);
        add("round", List.of(VECTOR, SCALAR), 1, VECTOR);
        add("scalar", List.of(VECTOR), 0, SCALAR);
        add("vector", List.of(SCALAR), 0, VECTOR);
    }

    /** Aggregation operators; those in {@link #AGGREGATORS_WITH_PARAM} take a parameter first. */
    static final Set<String> AGGREGATORS = Set.of("sum", "avg", "count", "min", "max", "group", "stddev", "stdvar",
            "topk", "bottomk", "count_values", "quantile", "limitk", "limit_ratio");
    static final Set<String> AGGREGATORS_WITH_PARAM = Set.of("topk", "bottomk", "count_values", "quantile",
            "limitk", "limit_ratio");

    private Functions() {
    }

    private static void add(String name, List<ValueType> args, int variadic, ValueType returns) {
        ALL.put(name, new Function(name, args, variadic, returns));
    }

    static Optional<Function> named(String name) {
        return Optional.ofNullable(ALL.get(name));
    }

    static Set<String> names() {
        return ALL.keySet();
    }
}
