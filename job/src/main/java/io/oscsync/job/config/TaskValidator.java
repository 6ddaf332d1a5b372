package io.oscsync.job.config;

import io.oscsync.job.jdbc.SessionVariables;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Checks that need more than a field's type; each message names the field and what to do. */
final class TaskValidator {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    // At most 10 digits each: the bound check below then cannot overflow a long.
    private static final Pattern SERVER_ID = Pattern.compile("(\\d{1,10})(?:-(\\d{1,10}))?");

    private TaskValidator() {}

    static void validate(TaskConfig c) {
        require(
                c.name() != null && NAME.matcher(c.name()).matches(),
                "name",
                "a task name of letters, digits, '_', '.' or '-' (at most 64), starting with a letter or digit");
        require(
                c.metaSchema().matches("[A-Za-z0-9_]{1,64}"),
                "meta-schema",
                "a schema name of letters, digits and '_'");
        require(c.checkpointIntervalMs() >= 100, "checkpoint-interval-ms", "at least 100");
        require(
                c.parallelism() == null || (c.parallelism() >= 1 && c.parallelism() <= TaskConfig.MAX_PARALLELISM),
                "parallelism",
                "from 1 to " + TaskConfig.MAX_PARALLELISM + " (the job's pinned max parallelism)");
        database(c.targetDatabase(), "target-database");
        session(c.targetDatabase().session());
        require(!c.mysqlInstances().isEmpty(), "mysql-instances", "at least one instance");
        rules(c.shadowTableRules(), "shadow-table-rules");
        rules(c.trashTableRules(), "trash-table-rules");
        nonNullValues(c.blockAllowList(), "block-allow-list");
        nonNullValues(c.routes(), "routes");
        nonNullValues(c.filters(), "filters");

        Set<String> sourceIds = new HashSet<>();
        List<long[]> serverIds = new ArrayList<>();
        for (int i = 0; i < c.mysqlInstances().size(); i++) {
            TaskConfig.Instance inst = c.mysqlInstances().get(i);
            String at = "mysql-instances[" + i + "]";
            require(inst != null, at, "a mapping with source-id, host, port, user, password, server-id");
            require(
                    inst.sourceId() != null && NAME.matcher(inst.sourceId()).matches(),
                    at + ".source-id",
                    "a source id of letters, digits, '_', '.' or '-'");
            require(sourceIds.add(inst.sourceId()), at + ".source-id", "a source id not used by another instance");
            database(inst.connection(), at);
            serverIds(inst.serverId(), at + ".server-id", serverIds);
            if (inst.serverTimeZone() != null) {
                try {
                    ZoneId.of(inst.serverTimeZone());
                } catch (DateTimeException e) {
                    throw new ConfigException(
                            at + ".server-time-zone: expected a zone such as 'UTC', '+03:00' or 'Europe/Berlin'");
                }
            }
            reference(inst.blockAllowList(), c.blockAllowList(), at + ".block-allow-list", "block-allow-list");
            for (int j = 0; j < inst.routeRules().size(); j++) {
                String r = inst.routeRules().get(j);
                require(r != null, at + ".route-rules[" + j + "]", "the name of a rule under 'routes'");
                reference(r, c.routes(), at + ".route-rules", "routes");
            }
            for (int j = 0; j < inst.filterRules().size(); j++) {
                String f = inst.filterRules().get(j);
                require(f != null, at + ".filter-rules[" + j + "]", "the name of a rule under 'filters'");
                reference(f, c.filters(), at + ".filter-rules", "filters");
            }
            if (inst.meta() != null) {
                require(
                        inst.meta().binlogName() != null
                                && !inst.meta().binlogName().isBlank(),
                        at + ".meta.binlog-name",
                        "a binlog file name such as mysql-bin.000001");
                require(
                        inst.meta().binlogPos() != null && inst.meta().binlogPos() >= 4,
                        at + ".meta.binlog-pos",
                        "a binlog position of at least 4");
            }
        }
    }

    private static void database(TaskConfig.Database d, String at) {
        require(d != null, at, "a mapping with host, port, user, password");
        require(d.host() != null && !d.host().isBlank(), at + ".host", "a host name or address");
        require(d.port() != null && d.port() > 0 && d.port() < 65536, at + ".port", "a port from 1 to 65535");
        require(d.user() != null && !d.user().isBlank(), at + ".user", "a user name");
        TaskConfig.Security s = d.security();
        if (s != null) {
            file(s.sslCa(), at + ".security.ssl-ca", true);
            file(s.sslCert(), at + ".security.ssl-cert", false);
            file(s.sslKey(), at + ".security.ssl-key", false);
            require(
                    (s.sslCert() == null) == (s.sslKey() == null),
                    at + ".security",
                    "ssl-cert and ssl-key together (client certificate), or neither");
        }
    }

    /** Only plain names and values reach the SET statement (see SessionVariables). */
    private static void session(Map<String, String> session) {
        session.forEach((name, value) -> {
            String at = "target-database.session." + name;
            require(SessionVariables.NAME.matcher(name).matches(), at, "a variable name of letters, digits and '_'");
            require(
                    value != null && SessionVariables.VALUE.matcher(value).matches(),
                    at,
                    "a value of letters, digits and _ . , : + - / (such as 1, OFF, optimistic or"
                            + " STRICT_TRANS_TABLES,NO_ENGINE_SUBSTITUTION)");
        });
    }

    private static void file(String path, String at, boolean required) {
        if (path == null) {
            require(!required, at, "the path of a PEM file");
            return;
        }
        require(Files.isReadable(Path.of(path)), at, "a readable PEM file; " + path + " cannot be read");
    }

    private static void serverIds(String spec, String at, List<long[]> seen) {
        var m = spec == null ? null : SERVER_ID.matcher(spec.trim());
        require(m != null && m.matches(), at, "a number such as 5401, or a range such as 5401-5404");
        long from = Long.parseLong(m.group(1));
        long to = m.group(2) == null ? from : Long.parseLong(m.group(2));
        require(from > 0 && to >= from && to < 4294967296L, at, "ids from 1 to 4294967295, range low-high");
        // Compare ranges, never enumerate them: 1-4294967295 is a valid (if odd) range.
        for (long[] r : seen) {
            require(
                    to < r[0] || from > r[1],
                    at,
                    "ids not used by another instance (each binlog reader needs its own)");
        }
        seen.add(new long[] {from, to});
    }

    private static void rules(List<String> rules, String at) {
        for (int i = 0; i < rules.size(); i++) {
            String r = rules.get(i);
            require(r != null, at + "[" + i + "]", "a regex such as ^_(.+)_new$");
            try {
                int groups = Pattern.compile(r).matcher("").groupCount();
                require(
                        groups == 1,
                        at + "[" + i + "]",
                        "a regex with exactly one capture group (the origin table name)");
                require(r.startsWith("^") && r.endsWith("$"), at + "[" + i + "]", "an anchored regex: ^...$");
                require(
                        !r.contains(","),
                        at + "[" + i + "]",
                        "a regex without commas (the CDC source splits its table list on them)");
            } catch (PatternSyntaxException e) {
                throw new ConfigException(at + "[" + i + "]: not a valid regex: " + e.getDescription());
            }
        }
    }

    private static void nonNullValues(Map<String, ?> rules, String at) {
        rules.forEach((k, v) -> require(v != null, at + "." + k, "a mapping with the rule's fields"));
    }

    private static void reference(String name, Map<String, ?> rules, String at, String section) {
        if (name == null) return;
        require(
                rules.containsKey(name),
                at,
                "the name of a rule under '" + section + "'; '" + name + "' is not there (known: " + rules.keySet()
                        + ")");
    }

    static void require(boolean ok, String field, String expected) {
        if (!ok) throw new ConfigException(field + ": expected " + expected);
    }
}
