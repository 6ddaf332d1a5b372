package io.oscsync.job.sink.handle;

/**
 * A {@code --handle-ddl} decision the writer used, kept in its state: a restart from a later
 * checkpoint knows it was done, and does not use it again.
 *
 * @param action    {@code skip} or {@code replace:FILE}
 * @param statement the statement it was used on, for the log
 */
public record HandledDdl(String fingerprint, String action, String statement) {}
