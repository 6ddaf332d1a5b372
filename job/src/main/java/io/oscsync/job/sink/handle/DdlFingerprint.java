package io.oscsync.job.sink.handle;

import io.oscsync.job.event.SinkOp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Names one DDL op for {@code --handle-ddl}: 12 hex digits of a SHA-256 over its origin (the
 * binlog event and the op's index in it), target table, mode and statement. The origin makes two
 * equal statements at different positions differ, and keeps the name the same whichever
 * checkpoint before it the job restarts from. An op of a format before origins (restored from an
 * old checkpoint) is named by target, mode and text alone.
 */
public final class DdlFingerprint {
    public static final Pattern SYNTAX = Pattern.compile("[0-9a-f]{12}");

    private DdlFingerprint() {}

    public static String of(SinkOp op) {
        if (op.kind() != SinkOp.Kind.DDL) throw new IllegalArgumentException("only a DDL op has a fingerprint: " + op);
        String origin = op.origin() == null ? "text" : "at " + op.origin();
        String text = origin + "\n" + op.target() + "\n" + op.mode() + "\n" + op.ddl();
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    /** The sentence every refusal ends with: how to get past this op. */
    public static String advice(SinkOp op) {
        String f = of(op);
        String from = op.origin() == null ? "" : "binlog " + op.origin();
        if (op.reason() != null) from = from.isEmpty() ? op.reason() : op.reason() + ", " + from;
        return "DDL fingerprint " + f + (from.isEmpty() ? "" : " (" + from + ")")
                + ". To skip it: restart with --handle-ddl " + f + "=skip; to run other statements instead: "
                + "--handle-ddl " + f + "=replace:FILE (statements separated by ';'), resuming from the latest "
                + "checkpoint";
    }
}
