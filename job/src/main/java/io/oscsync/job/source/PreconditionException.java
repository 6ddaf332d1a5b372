package io.oscsync.job.source;

/** A server that cannot be replicated as it is: the message says what to change. */
public class PreconditionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PreconditionException(String message) {
        super(message);
    }

    public PreconditionException(String message, Throwable cause) {
        super(message, cause);
    }
}
