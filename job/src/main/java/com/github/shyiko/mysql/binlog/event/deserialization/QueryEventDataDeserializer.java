package com.github.shyiko.mysql.binlog.event.deserialization;

import com.github.shyiko.mysql.binlog.event.QueryEventData;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import com.mysql.cj.CharsetMapping;
import io.oscsync.job.source.SnapshotDefinitions;
import io.oscsync.udfs.ddl.IndexStatements;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * osc-sync's replacement for mysql-binlog-connector 0.27's class of this name (inside Flink CDC's
 * shaded connector; this one comes first on the class path). The original skips the Query event's
 * status variables and decodes the statement with the JVM's default charset, so a DDL written by a
 * latin1 client (pt-online-schema-change's default) lost its non-ASCII characters. This one decodes
 * the statement with the client's charset, which the status variable Q_CHARSET_CODE names; without
 * it, as UTF-8. A UTF-8 statement's quoted string that is not UTF-8 becomes its hex literal, as in
 * the snapshot's definitions: pt-osc sends SHOW CREATE TABLE's raw bytes of a binary DEFAULT back
 * in its CREATE TABLE, and the server keeps those bytes. CREATE / DROP INDEX come out as the
 * equivalent ALTER TABLE ({@link IndexStatements}). Same fields as the original otherwise.
 */
public class QueryEventDataDeserializer implements EventDataDeserializer<QueryEventData> {
    /** Status variable codes (MySQL's log_event.h) and, for those before Q_CHARSET_CODE, their sizes. */
    private static final int Q_FLAGS2 = 0,
            Q_SQL_MODE = 1,
            Q_CATALOG = 2,
            Q_AUTO_INCREMENT = 3,
            Q_CHARSET = 4,
            Q_CATALOG_NZ = 6;

    private static final int BINARY_COLLATION = 63;

    @Override
    public QueryEventData deserialize(ByteArrayInputStream in) throws IOException {
        QueryEventData data = new QueryEventData();
        data.setThreadId(in.readLong(4));
        data.setExecutionTime(in.readLong(4));
        in.skip(1); // length of the database name
        data.setErrorCode(in.readInteger(2));
        Charset charset = clientCharset(in.read(in.readInteger(2)));
        data.setDatabase(in.readZeroTerminatedString());
        byte[] sql = in.read(in.available());
        String text = charset.equals(StandardCharsets.UTF_8)
                ? SnapshotDefinitions.utf8WithHexLiterals(sql)
                : new String(sql, charset);
        // Debezium makes no table event of CREATE / DROP INDEX, and Flink CDC drops the rest: as ALTER TABLE
        // they reach the job (LHM's add_index and remove_index among them).
        data.setSql(IndexStatements.asAlterTable(withoutTrigger(text)));
        return data;
    }

    /**
     * Debezium 1.9's parser cannot read a trigger whose body is a compound statement (Facebook
     * OnlineSchemaChange's update trigger: FOR EACH ROW IF ... END IF) and stops the source, and
     * Flink CDC 3.5 ignores database.history.ddl.filter. A trigger changes no table osc-sync writes:
     * its CREATE becomes a one-line comment, which Debezium's default DDL filter (^\s*#.*) drops.
     */
    private static final java.util.regex.Pattern CREATE_TRIGGER = java.util.regex.Pattern.compile(
            "\\s*CREATE\\s+(?:DEFINER\\s*=\\s*\\S+\\s+)?TRIGGER\\s", java.util.regex.Pattern.CASE_INSENSITIVE);

    static final String SKIPPED_TRIGGER = "# CREATE TRIGGER (not read by osc-sync)";

    static String withoutTrigger(String sql) {
        return CREATE_TRIGGER.matcher(sql).lookingAt() ? SKIPPED_TRIGGER : sql;
    }

    /** The charset of character_set_client from the status variables; UTF-8 when absent or unknown. */
    static Charset clientCharset(byte[] status) {
        int i = 0;
        while (i < status.length) {
            int code = status[i++] & 0xFF;
            switch (code) {
                case Q_FLAGS2 -> i += 4;
                case Q_SQL_MODE -> i += 8;
                case Q_CATALOG -> i += 1 + (status[i] & 0xFF) + 1;
                case Q_CATALOG_NZ -> i += 1 + (status[i] & 0xFF);
                case Q_AUTO_INCREMENT -> i += 4;
                case Q_CHARSET -> {
                    if (i + 2 > status.length) return StandardCharsets.UTF_8;
                    return charsetOf((status[i] & 0xFF) | (status[i + 1] & 0xFF) << 8);
                }
                default -> {
                    return StandardCharsets.UTF_8; // servers write Q_CHARSET_CODE before the others
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    static Charset charsetOf(int collation) {
        if (collation == BINARY_COLLATION) return StandardCharsets.UTF_8; // raw bytes: read as UTF-8, as before
        String java = CharsetMapping.getStaticJavaEncodingForCollationIndex(collation);
        try {
            return java == null ? StandardCharsets.UTF_8 : Charset.forName(java);
        } catch (IllegalArgumentException e) {
            return StandardCharsets.UTF_8;
        }
    }
}
