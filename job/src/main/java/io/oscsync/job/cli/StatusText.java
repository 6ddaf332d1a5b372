package io.oscsync.job.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The plain-text status: {@link StatusCommand}'s report, for a person to read at a glance. */
final class StatusText {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private StatusText() {}

    static String render(JsonNode r, long nowMs) {
        StringBuilder b = new StringBuilder();
        JsonNode job = r.path("job");
        b.append("job ")
                .append(job.path("id").asText())
                .append("  ")
                .append(job.path("name").asText())
                .append("  ")
                .append(job.path("state").asText())
                .append(" for ")
                .append(duration(job.path("durationMs").asLong()))
                .append('\n');
        JsonNode cp = r.path("checkpoint");
        if (!cp.isNull() && !cp.isMissingNode()) {
            b.append("last completed checkpoint #")
                    .append(cp.path("id").asLong())
                    .append(", ")
                    .append(duration(nowMs - cp.path("completedAt").asLong()))
                    .append(" ago\n");
        }

        if (job.path("state").asText().equals("RUNNING")) live(b, r);
        else b.append("\nthe job is not running: no live figures (sources, migrations, shard locks, sink)\n");
        JsonNode f = r.path("lastFailure");
        b.append("\nlast failure: ");
        if (f.isNull() || f.isMissingNode()) b.append("none\n");
        else {
            b.append(TIME.format(Instant.ofEpochMilli(f.path("time").asLong()))).append('\n');
            for (String line : f.path("advice").asText().split("\n"))
                b.append("  ").append(line).append('\n');
        }
        return b.toString();
    }

    /** Sources, migrations, shard locks and sink: figures only a running job has. */
    private static void live(StringBuilder b, JsonNode r) {
        b.append("\nsources (committed: the position of the last completed checkpoint; a restart resumes there)\n");
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"SOURCE", "READ", "COMMITTED", "LAG", "ROWS/S (1 min)"});
        for (JsonNode s : r.path("sources")) {
            rows.add(new String[] {
                s.path("source").asText(),
                s.path("read").isNull() ? "(snapshot)" : s.path("read").asText(),
                s.path("committed").isNull() ? "-" : s.path("committed").asText(),
                duration(s.path("lagMs").asLong()),
                rate(s.path("rowsPerSecond").asDouble())
            });
        }
        if (rows.size() == 1) b.append("  none reported yet\n");
        else table(b, rows);

        b.append("\nmigrations in flight\n");
        rows = new ArrayList<>();
        rows.add(new String[] {"SOURCE", "TABLE", "TOOL", "GHOST", "STATEMENTS", "AGE"});
        for (JsonNode m : r.path("migrations")) {
            rows.add(new String[] {
                m.path("source").asText(),
                m.path("table").asText(),
                m.path("tool").asText(),
                m.path("ghost").asText(),
                String.valueOf(m.path("statements").asInt()),
                age(m)
            });
        }
        if (rows.size() == 1) b.append("  none\n");
        else table(b, rows);

        b.append("\nshard locks\n");
        if (r.path("shardLocks").isEmpty()) b.append("  none\n");
        for (JsonNode l : r.path("shardLocks")) {
            b.append("  ").append(l.path("target").asText()).append(": ");
            List<String> ddl = new ArrayList<>();
            l.path("ddl").forEach(d -> ddl.add(d.asText()));
            b.append(String.join("; ", ddl)).append('\n');
            b.append("    reached (")
                    .append(l.path("reached").size())
                    .append("): ")
                    .append(list(l.path("reached")))
                    .append('\n');
            b.append("    waiting (")
                    .append(l.path("waiting").size())
                    .append("): ")
                    .append(list(l.path("waiting")))
                    .append('\n');
            b.append("    held events: ")
                    .append(l.path("heldEvents").asLong())
                    .append(", for ")
                    .append(age(l))
                    .append('\n');
        }

        JsonNode sink = r.path("sink");
        if (!sink.isEmpty()) {
            b.append("\nsink: ")
                    .append(rate(sink.path("rowsPerSecond").asDouble()))
                    .append(" rows/s committed (1 min), replication lag ")
                    .append(duration(sink.path("replicationLagMs").asLong()))
                    .append(" at the last commit, commit retries ")
                    .append(sink.path("commitRetries").asLong())
                    .append('\n');
        }
    }

    private static String age(JsonNode entry) {
        return entry.path("ageMs").isNull()
                ? "unknown"
                : duration(entry.path("ageMs").asLong());
    }

    private static String list(JsonNode names) {
        List<String> out = new ArrayList<>();
        names.forEach(n -> out.add(n.asText()));
        return out.isEmpty() ? "-" : String.join(", ", out);
    }

    private static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%.1f", perSecond);
    }

    /** 850 ms, 12.3 s, 4m05s, 2h03m. */
    static String duration(long ms) {
        if (ms < 1000) return ms + " ms";
        if (ms < 60_000) return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        long s = ms / 1000;
        if (s < 3600) return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }

    private static void table(StringBuilder b, List<String[]> rows) {
        int[] width = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) width[i] = Math.max(width[i], row[i].length());
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < row.length; i++) {
                line.append(row[i]);
                if (i < row.length - 1) line.append(" ".repeat(width[i] - row[i].length() + 2));
            }
            b.append(line.toString().stripTrailing()).append('\n');
        }
    }
}
