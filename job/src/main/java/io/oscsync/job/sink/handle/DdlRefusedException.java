package io.oscsync.job.sink.handle;

/**
 * A DDL the target refused, with the whole story for the user: table, statement, the
 * downstream's reason and the {@code --handle-ddl} way past it. The CLI prints this message
 * rather than the innermost cause's.
 */
public final class DdlRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DdlRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
