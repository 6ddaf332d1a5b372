package io.oscsync.job.sink.handle;

import io.oscsync.job.config.ConfigException;
import io.oscsync.job.event.DownstreamDdl;
import io.oscsync.job.event.SinkOp;
import io.oscsync.udfs.ddl.DdlStatement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The {@code --handle-ddl} decisions of a run, by fingerprint; read whole at start and carried in
 * the job graph. Only DDL ops are looked at: rows cost nothing.
 */
public final class DdlDecisions implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DdlDecisions.class);
    public static final DdlDecisions NONE = new DdlDecisions(Map.of());
    /** The reason of a replacement op starts so: a refusal of it names the decision, not a new fingerprint. */
    static final String REPLACEMENT = "replacement of DDL ";

    private final Map<String, DdlDecision> byFingerprint;
    private transient Set<String> logged;

    private DdlDecisions(Map<String, DdlDecision> byFingerprint) {
        this.byFingerprint = Map.copyOf(byFingerprint);
    }

    public static DdlDecisions of(Collection<DdlDecision> decisions) {
        Map<String, DdlDecision> m = new LinkedHashMap<>();
        for (DdlDecision d : decisions) m.put(d.fingerprint(), d);
        return new DdlDecisions(m);
    }

    /**
     * Reads {@code FINGERPRINT=skip} and {@code FINGERPRINT=replace:FILE} flags (their files too).
     *
     * @throws ConfigException naming the flag and what is wrong with it
     */
    public static DdlDecisions parse(List<String> flags) {
        Map<String, DdlDecision> m = new LinkedHashMap<>();
        for (String flag : flags) {
            int eq = flag.indexOf('=');
            String fingerprint = eq < 0 ? flag : flag.substring(0, eq);
            String action = eq < 0 ? "" : flag.substring(eq + 1);
            if (!DdlFingerprint.SYNTAX.matcher(fingerprint).matches()) {
                throw new ConfigException("--handle-ddl " + flag + ": '" + fingerprint + "' is not a DDL fingerprint "
                        + "(12 hex digits, as the job's refusal message prints it)");
            }
            DdlDecision d;
            if (action.equals("skip")) {
                d = DdlDecision.skip(fingerprint);
            } else if (action.startsWith("replace:") && action.length() > "replace:".length()) {
                Path file = Path.of(action.substring("replace:".length())).toAbsolutePath();
                if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                    throw new ConfigException("--handle-ddl " + flag + ": the replacement file " + file
                            + " does not exist or cannot be read");
                }
                d = new DdlDecision(fingerprint, file.toString(), ReplacementFile.read(file));
            } else {
                throw new ConfigException("--handle-ddl " + flag + ": say what to do with the DDL: " + fingerprint
                        + "=skip or " + fingerprint + "=replace:FILE");
            }
            if (m.put(fingerprint, d) != null) {
                throw new ConfigException("--handle-ddl: fingerprint " + fingerprint + " is given twice");
            }
        }
        return new DdlDecisions(m);
    }

    public boolean isEmpty() {
        return byFingerprint.isEmpty();
    }

    public Collection<DdlDecision> all() {
        return byFingerprint.values();
    }

    /** The decision for a DDL op, or null (always null for rows and barriers). */
    public DdlDecision find(SinkOp op) {
        if (byFingerprint.isEmpty() || op.kind() != SinkOp.Kind.DDL) return null;
        return byFingerprint.get(DdlFingerprint.of(op));
    }

    /**
     * What runs instead of {@code op} (nothing for a skip), logged at WARN the first time
     * ({@code where}: the writer or a restored batch in the committer).
     */
    public List<SinkOp> apply(SinkOp op, DdlDecision d, String where) {
        List<SinkOp> out = new ArrayList<>();
        if (!d.isSkip()) {
            UnaryOperator<io.oscsync.udfs.TableId> same = t -> t;
            int i = 0;
            for (String sql : d.statements()) {
                // Unqualified names mean the target's schema, as the refused statement's did.
                DdlStatement stmt =
                        DdlStatement.parse(sql).rewritten(op.target().schema(), same);
                String reason = REPLACEMENT + d.fingerprint() + " (statement " + (i + 1) + " of "
                        + d.statements().size() + " in " + d.file() + ")";
                SinkOp r = SinkOp.ddl(op.target(), new DownstreamDdl(stmt, reason), op.timeZone(), op.eventTimeMs());
                out.add(r.withOrigin((op.origin() == null ? "" : op.origin()) + "/" + d.fingerprint() + "." + i++));
            }
        }
        if (logged().add(d.fingerprint())) {
            LOG.warn(
                    "--handle-ddl {}={} used ({}): DDL on {} ({}) {}: {}{}",
                    d.fingerprint(),
                    d.action(),
                    where,
                    op.target(),
                    op.reason(),
                    op.origin() == null ? "" : "from binlog " + op.origin(),
                    op.ddl(),
                    d.isSkip()
                            ? " -- skipped, not run downstream"
                            : " -- replaced by " + out.stream().map(SinkOp::ddl).toList());
        }
        return out;
    }

    /** Whether {@code op} is one of a replacement's statements; its refusal names the decision. */
    public static boolean isReplacement(SinkOp op) {
        return op.reason() != null && op.reason().startsWith(REPLACEMENT);
    }

    /**
     * What a refusal says about how to get past the op. A replacement refused by the writer's check
     * never entered a checkpoint: a fixed file does. One the downstream refused is in the checkpoint
     * as it was: it is handled by its own fingerprint.
     */
    public static String advice(SinkOp op, boolean committed) {
        if (!isReplacement(op)) return DdlFingerprint.advice(op);
        if (!committed) {
            return "This statement is the " + op.reason() + ": fix that file and restart with the same "
                    + "--handle-ddl flag, from the latest checkpoint";
        }
        return "This statement is the " + op.reason() + ", already in the checkpoint. " + DdlFingerprint.advice(op);
    }

    private synchronized Set<String> logged() {
        if (logged == null) logged = ConcurrentHashMap.newKeySet();
        return logged;
    }

    @Override
    public String toString() {
        return byFingerprint.values().toString();
    }
}
