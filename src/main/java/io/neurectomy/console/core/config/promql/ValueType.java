package io.neurectomy.console.core.config.promql;

/** The types a PromQL expression can have, named as Prometheus's documentation names them. */
public enum ValueType {
    SCALAR("scalar"), VECTOR("instant vector"), MATRIX("range vector"), STRING("string");

    private final String documented;

    ValueType(String documented) {
        this.documented = documented;
    }

    /** The name Prometheus's messages use ({@code instant vector}, {@code range vector}, …). */
    public String documented() {
        return documented;
    }
}
