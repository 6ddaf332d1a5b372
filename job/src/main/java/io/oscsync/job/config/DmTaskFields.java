package io.oscsync.job.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.Base64;

/**
 * DM's older field names mapped to today's, and DM fields osc-sync cannot honour refused, on the
 * raw tree before binding. Each refusal names the DM feature and what to do; DM's own rules are
 * those of pingcap/tiflow dm/config/task.go (TaskConfig.adjust, MySQLInstance.VerifyAndAdjust).
 */
final class DmTaskFields {
    private DmTaskFields() {}

    static void adapt(ObjectNode root) {
        shardMode(root);
        onlineDdlScheme(root);
        renamed(root, "black-white-list", "block-allow-list", "");
        emptyOnly(
                root,
                "column-mappings",
                "",
                "column-mappings (DM's deprecated column mapping) is not supported, and DM itself refuses a"
                        + " non-empty one: remove it");
        collationCompatible(root);
        timezone(root);
        routeExtraction(root);
        strictOptimistic(root);
        dumpWhere(root);
        targetDatabase(root);
        JsonNode instances = root.get("mysql-instances");
        if (instances instanceof ArrayNode list) {
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) instanceof ObjectNode inst) {
                    instance(inst, "mysql-instances[" + i + "].");
                    threads(root, inst, "mysql-instances[" + i + "].", "mydumper", "mydumpers", "threads");
                    threads(root, inst, "mysql-instances[" + i + "].", "syncer", "syncers", "worker-count");
                }
            }
        }
    }

    /** The largest snapshot-reader count or apply-worker count accepted. */
    static final int MAX_THREADS = 128;

    /**
     * DM's thread counts resolved into the instance's {@code <unit>-thread} (mydumper-thread: the
     * snapshot readers S; syncer-thread: the apply workers K), as DM's MySQLInstance adjust does: a
     * {@code <unit>-config-name} takes the named block (an unknown name is an error) over an inline
     * {@code <unit>} block; a non-zero {@code <unit>-thread} wins over the block's count; 0 means unset.
     * Left unset when no source gives a count (TaskDefaults then chooses).
     */
    private static void threads(ObjectNode root, ObjectNode inst, String at, String unit, String blocks, String count) {
        JsonNode block = inst.get(unit);
        String blockAt = at + unit;
        JsonNode name = inst.get(unit + "-config-name");
        if (!isEmpty(name)) {
            JsonNode named = root.get(blocks) == null ? null : root.get(blocks).get(name.asText());
            if (named == null) {
                throw new ConfigException(at + unit + "-config-name: no '" + name.asText() + "' under " + blocks
                        + (root.get(blocks) instanceof ObjectNode o && !o.isEmpty()
                                ? "; known: " + String.join(", ", (Iterable<String>) o::fieldNames)
                                : ""));
            }
            block = named;
            blockAt = blocks + "." + name.asText();
        }
        JsonNode thread = inst.get(unit + "-thread");
        String threadAt = at + unit + "-thread";
        Integer resolved = null;
        if (!isEmpty(thread)) {
            int n = count(thread, threadAt, true);
            if (n != 0) resolved = n;
        }
        if (resolved == null && block instanceof ObjectNode b && !isEmpty(b.get(count))) {
            resolved = count(b.get(count), blockAt + "." + count, false);
        }
        if (resolved == null) inst.remove(unit + "-thread");
        else inst.put(unit + "-thread", resolved);
    }

    private static int count(JsonNode v, String at, boolean zeroIsUnset) {
        int n = v.canConvertToInt() && (v.isIntegralNumber() || v.asText().matches("-?\\d+")) ? v.asInt() : -1;
        if (n < (zeroIsUnset ? 0 : 1) || n > MAX_THREADS) {
            throw new ConfigException(
                    at + ": expected a whole number from 1 to " + MAX_THREADS + (zeroIsUnset ? " (0: unset)" : ""));
        }
        return n;
    }

    /** DM: is-sharding without shard-mode means pessimistic; a shard-mode wins (it enables sharding). */
    private static void shardMode(ObjectNode root) {
        JsonNode sharding = root.remove("is-sharding");
        if (sharding == null || sharding.isNull()) return;
        if (!sharding.isBoolean()) throw new ConfigException("is-sharding: expected true or false");
        JsonNode mode = root.get("shard-mode");
        boolean modeSet = mode != null && !mode.isNull() && !mode.asText().isEmpty();
        if (sharding.booleanValue() && !modeSet) root.put("shard-mode", "pessimistic");
    }

    /** DM's older online-DDL switch: 'pt' or 'gh-ost' turns online DDL on (either tool is then followed). */
    private static void onlineDdlScheme(ObjectNode root) {
        JsonNode scheme = root.remove("online-ddl-scheme");
        if (scheme == null || scheme.isNull() || scheme.asText().isEmpty()) return;
        String s = scheme.asText();
        if (!s.equals("pt") && !s.equals("gh-ost")) {
            throw new ConfigException("online-ddl-scheme: expected 'pt' or 'gh-ost' (or write online-ddl: true)");
        }
        root.put("online-ddl", true);
    }

    /** An older name of a field: the same meaning; both set (and not empty) is ambiguous. */
    private static void renamed(ObjectNode node, String old, String current, String at) {
        JsonNode value = node.remove(old);
        if (isEmpty(value)) return;
        if (!isEmpty(node.get(current))) {
            throw new ConfigException(at + old + " is the older name of " + current + ", and both are set: keep one");
        }
        node.set(current, value);
    }

    private static void emptyOnly(ObjectNode node, String field, String at, String refusal) {
        JsonNode value = node.remove(field);
        if (!isEmpty(value)) throw new ConfigException(at + refusal);
    }

    /** 'loose' (DM's default) creates tables from the upstream's definition as it is, as osc-sync does. */
    private static void collationCompatible(ObjectNode root) {
        JsonNode v = root.remove("collation_compatible");
        if (isEmpty(v) || v.asText().equals("loose")) return;
        throw new ConfigException("collation_compatible: '" + v.asText() + "' is not supported ('strict' makes DM"
                + " add the upstream's default collation to created tables): osc-sync creates tables from the"
                + " upstream's SHOW CREATE TABLE as it is, DM's 'loose'; remove the field or write 'loose'");
    }

    private static void timezone(ObjectNode root) {
        JsonNode v = root.remove("timezone");
        if (isEmpty(v)) return;
        throw new ConfigException("timezone (DM's time zone for TIMESTAMP values and the dump) is not supported:"
                + " osc-sync keeps TIMESTAMP instants by writing them in UTC, and reads each upstream's zone"
                + " from the server; set mysql-instances[].server-time-zone to override an upstream's zone,"
                + " and remove timezone");
    }

    /** DM's strict optimistic mode stops on DDL its optimistic mode would otherwise apply. */
    private static void strictOptimistic(ObjectNode root) {
        JsonNode strict = root.remove("strict-optimistic-shard-mode");
        if (strict != null && strict.asBoolean(false)) {
            throw new ConfigException("strict-optimistic-shard-mode (DM's strict optimistic shard DDL) is not"
                    + " supported: remove it to use shard-mode optimistic, or use shard-mode pessimistic");
        }
    }

    /** A dump's where (mydumpers.*.where, or an instance's mydumper) copies only some rows. */
    private static void dumpWhere(ObjectNode root) {
        if (root.get("mydumpers") instanceof ObjectNode dumpers) {
            dumpers.fields().forEachRemaining(d -> where(d.getValue(), "mydumpers." + d.getKey()));
        }
        if (root.get("mysql-instances") instanceof ArrayNode list) {
            for (int i = 0; i < list.size(); i++)
                where(list.get(i).get("mydumper"), "mysql-instances[" + i + "].mydumper");
        }
    }

    private static void where(JsonNode dumper, String at) {
        if (dumper != null && !isEmpty(dumper.get("where"))) {
            throw new ConfigException(at + ".where (DM's dump of only the rows matching a condition) is not"
                    + " supported: the snapshot copies every row of the allowed tables; remove it");
        }
    }

    /** DM's extract-table/schema/source add a column naming the shard a row came from. */
    private static void routeExtraction(ObjectNode root) {
        if (!(root.get("routes") instanceof ObjectNode routes)) return;
        routes.fields().forEachRemaining(r -> {
            if (!(r.getValue() instanceof ObjectNode route)) return;
            for (String f : new String[] {"extract-table", "extract-schema", "extract-source"}) {
                if (!isEmpty(route.remove(f))) {
                    throw new ConfigException("routes." + r.getKey() + "." + f + " (DM's extended columns: a column"
                            + " naming the shard each row came from) is not supported: remove it, and add such a"
                            + " column upstream if the merged table needs it");
                }
            }
        });
    }

    private static void targetDatabase(ObjectNode root) {
        if (!(root.get("target-database") instanceof ObjectNode db)) return;
        // DM ignores it too (deprecated: the driver reads the server's); osc-sync reads @@max_allowed_packet.
        JsonNode packet = db.remove("max-allowed-packet");
        if (packet != null && !packet.isNull() && !packet.canConvertToLong()) {
            throw new ConfigException("target-database.max-allowed-packet: expected a number (it is not used:"
                    + " osc-sync sizes statements by the server's max_allowed_packet)");
        }
        encryptedPassword(db, "target-database.password");
        security(db, "target-database.security");
        if (db.get("session") instanceof ObjectNode session) {
            // YAML reads off/on/yes/no as booleans, DM reads them as the text; ON/OFF is what servers take.
            session.fields().forEachRemaining(v -> {
                if (v.getValue().isBoolean())
                    v.setValue(TextNode.valueOf(v.getValue().booleanValue() ? "ON" : "OFF"));
            });
        }
    }

    /**
     * DM's security block as dmctl prints it: empty fields are unset, and one with nothing set is
     * no TLS (DM builds no TLS config then). Inline certificates and CN checks are refused.
     */
    private static void security(ObjectNode node, String at) {
        if (!(node.get("security") instanceof ObjectNode sec)) return;
        for (String f : new String[] {"ssl-ca", "ssl-cert", "ssl-key"}) {
            if (isEmpty(sec.get(f))) sec.remove(f);
        }
        for (String f : new String[] {
            "ssl-ca-bytes", "ssl-key-bytes", "ssl-cert-bytes", "ssl-ca-base64", "ssl-key-base64", "ssl-cert-base64"
        }) {
            if (!isEmpty(sec.remove(f))) {
                throw new ConfigException(at + "." + f + ": certificates given inline are not supported: write them"
                        + " to PEM files and give ssl-ca, ssl-cert and ssl-key");
            }
        }
        if (!isEmpty(sec.remove("cert-allowed-cn"))) {
            throw new ConfigException(at + ".cert-allowed-cn (DM's check of the peer certificate's common name) is"
                    + " not supported: remove it (the server's certificate is still verified against ssl-ca)");
        }
        if (sec.isEmpty()) node.remove("security");
    }

    private static void instance(ObjectNode inst, String at) {
        renamed(inst, "black-white-list", "block-allow-list", at);
        emptyOnly(
                inst,
                "column-mapping-rules",
                at,
                "column-mapping-rules (DM's deprecated column mapping) is not supported: remove it");
        encryptedPassword(inst, at + "password");
        security(inst, at + "security");
        if (inst.get("meta") instanceof ObjectNode meta) {
            JsonNode gtid = meta.remove("binlog-gtid");
            if (!isEmpty(gtid) && isEmpty(meta.get("binlog-name"))) {
                throw new ConfigException(at + "meta.binlog-gtid: GTID start positions are not supported: give the"
                        + " same start as binlog-name and binlog-pos (SHOW BINARY LOG STATUS, or"
                        + " SHOW MASTER STATUS, on the upstream)");
            }
        }
    }

    /**
     * dmctl encrypt's output: base64 of a 16-byte IV, '@', the AES ciphertext. osc-sync does not
     * have DM-master's secret key, so it cannot decrypt it; a password from ${ENV} is not checked.
     */
    private static void encryptedPassword(ObjectNode node, String at) {
        JsonNode p = node.get("password");
        if (p == null || !p.isTextual() || p.asText().contains("${")) return;
        if (looksEncrypted(p.asText())) {
            throw new ConfigException(at + ": looks encrypted by dmctl encrypt, which osc-sync cannot decrypt (it"
                    + " has no DM-master secret key): write the plain password, or ${ENV_VAR} to read it from the"
                    + " environment");
        }
    }

    static boolean looksEncrypted(String value) {
        if (value.length() < 24 || value.length() % 4 != 0) return false;
        try {
            byte[] b = Base64.getDecoder().decode(value);
            return b.length > 17 && b[16] == '@';
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isEmpty(JsonNode v) {
        return v == null
                || v.isNull()
                || (v.isTextual() && v.asText().isEmpty())
                || ((v.isObject() || v.isArray()) && v.isEmpty());
    }
}
