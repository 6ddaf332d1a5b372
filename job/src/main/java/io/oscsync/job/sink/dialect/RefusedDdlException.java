package io.oscsync.job.sink.dialect;

/**
 * A DDL the downstream cannot run: the message names the table, the statement, what the target
 * lacks and what to do. Retrying cannot help, so the job must stop on it.
 */
public final class RefusedDdlException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RefusedDdlException(String message) {
        super(message);
    }

    public RefusedDdlException(String message, Throwable cause) {
        super(message, cause);
    }
}
