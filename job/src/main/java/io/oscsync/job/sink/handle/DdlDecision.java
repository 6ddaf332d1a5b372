package io.oscsync.job.sink.handle;

import java.io.Serializable;
import java.util.List;

/**
 * What the operator decided for one refused DDL: skip it, or run {@code statements} (read from
 * {@code file} at start) on its target table instead.
 */
public record DdlDecision(String fingerprint, String file, List<String> statements) implements Serializable {
    public DdlDecision {
        statements = statements == null ? null : List.copyOf(statements);
        if ((file == null) != (statements == null)) throw new IllegalArgumentException("a replacement needs its file");
    }

    public static DdlDecision skip(String fingerprint) {
        return new DdlDecision(fingerprint, null, null);
    }

    public boolean isSkip() {
        return statements == null;
    }

    /** As the flag says it: {@code skip} or {@code replace:FILE}. */
    public String action() {
        return isSkip() ? "skip" : "replace:" + file;
    }

    @Override
    public String toString() {
        return fingerprint + "=" + action();
    }
}
