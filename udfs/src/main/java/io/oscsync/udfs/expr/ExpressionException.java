package io.oscsync.udfs.expr;

/** An expression that cannot be evaluated (syntax, unknown function or column), or a row it cannot read. */
public final class ExpressionException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ExpressionException(String message) {
        super(message);
    }
}
