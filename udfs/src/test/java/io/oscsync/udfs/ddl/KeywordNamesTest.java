package io.oscsync.udfs.ddl;

import io.oscsync.udfs.TableId;
import io.oscsync.udfs.ddl.DdlStatement.Kind;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every keyword of MySQL 8.0 and MariaDB 10.11 (test resources keywords/, see the README there)
 * as a column, index, table and database name in every statement shape the reader handles: a
 * non-reserved keyword bare and backquoted, a reserved one backquoted (and bare after a dot,
 * where MySQL takes any word). The reader must find exactly the tables written, and its rewrite
 * must replace exactly those and nothing else.
 *
 * <p>A template writes {@code @} for the name under test and {@code [x]} for a table name, which
 * may be {@code [@]} or schema-qualified {@code [db2.@]}; unqualified tables are in schema "db".
 */
class KeywordNamesTest {
    /** Column and index names. */
    private static final List<Template> NAME_TEMPLATES = List.of(
            new Template(
                    Kind.ALTER_TABLE, "ALTER TABLE [t] ADD COLUMN @ DOUBLE COMMENT 'the gh-ost migration of issue 11'"),
            new Template(Kind.ALTER_TABLE, "ALTER TABLE [t] ADD @ INT NOT NULL DEFAULT 0 AFTER id"),
            new Template(Kind.ALTER_TABLE, "ALTER TABLE [t] ADD COLUMN c INT AFTER @"),
            new Template(Kind.ALTER_TABLE, "ALTER TABLE [t] ADD COLUMN IF NOT EXISTS @ INT FIRST"),
            new Template(Kind.ALTER_TABLE, "ALTER TABLE [t] ADD (@ INT, c2 INT)"),
            new Template(Kind.ALTER_TABLE, "ALTER TABLE [t] MODIFY @ BIGINT"),
            new Template(Kind.ALTER_TABLE, "ALTER TABLE [t] MODIFY COLUMN @ VARCHAR(10) NULL"),
            new Template(Kind.ALTER_TABLE, "ALTER TABLE [t] CHANGE @ c INT"),
            new Template(Kind.ALTER_TABLE, "ALTER TABLE [t] CHANGE COLUMN c @ INT UNSIGNED"),
            new Template(Kind.ALTER_TABLE, "ALTER TABLE [t] CHANGE @ @ INT"),
            new Template(Kind.ALTER_TABLE, "ALTER TABLE [t] DROP COLUMN @"),
            new Template(Kind.ALTER_TABLE, "ALTER TABLE [t] DROP @"),
            new Template(Kind.ALTER_TABLE, "ALTER TABLE [t] DROP COLUMN IF EXISTS @"),
            new Template(Kind.ALTER_TABLE, "ALTER TABLE [t] RENAME COLUMN @ TO c"),
            new Template(Kind.ALTER_TABLE, "ALTER TABLE [t] RENAME COLUMN c TO @"),
            new Template(Kind.ALTER_TABLE, "ALTER TABLE [t] ALTER COLUMN @ SET DEFAULT 1"),
            new Template(Kind.ALTER_TABLE, "ALTER TABLE [t] ALTER @ DROP DEFAULT"),
            new Template(Kind.ALTER_TABLE, "ALTER TABLE [t] ADD INDEX @ (@)"),
            new Template(Kind.ALTER_TABLE, "ALTER TABLE [t] ADD UNIQUE KEY @ (@, c)"),
            new Template(Kind.ALTER_TABLE, "ALTER TABLE [t] ADD KEY (@(10))"),
            new Template(Kind.ALTER_TABLE, "ALTER TABLE [t] DROP INDEX @"),
            new Template(Kind.ALTER_TABLE, "ALTER TABLE [t] DROP KEY @"),
            new Template(Kind.ALTER_TABLE, "ALTER TABLE [t] RENAME INDEX @ TO i"),
            new Template(Kind.ALTER_TABLE, "ALTER TABLE [t] RENAME KEY i TO @"),
            new Template(Kind.ALTER_TABLE, "ALTER TABLE [t] ADD CONSTRAINT @ FOREIGN KEY (@) REFERENCES [p] (@)"),
            new Template(Kind.ALTER_TABLE, "ALTER TABLE [t] ADD CONSTRAINT @ CHECK (@ > 0)"),
            new Template(Kind.ALTER_TABLE, "ALTER TABLE [t] DROP FOREIGN KEY @"),
            new Template(Kind.ALTER_TABLE, "ALTER TABLE [t] ORDER BY @, c"),
            new Template(
                    Kind.ALTER_TABLE,
                    "ALTER TABLE [t] ADD COLUMN @ INT, ADD INDEX @ (@), DROP COLUMN c, MODIFY @ BIGINT"),
            new Template(Kind.CREATE_TABLE, "CREATE TABLE [t] (id INT PRIMARY KEY, @ INT NOT NULL, KEY @ (@))"),
            new Template(
                    Kind.CREATE_TABLE,
                    "CREATE TABLE [t] (@ INT, PRIMARY KEY (@), CONSTRAINT @ FOREIGN KEY (@) REFERENCES [p] (@)"
                            + " ON DELETE CASCADE)"),
            new Template(
                    Kind.CREATE_TABLE,
                    "CREATE TABLE IF NOT EXISTS [t] (@ ENUM('a','b') DEFAULT 'a' COMMENT 'x',"
                            + " UNIQUE INDEX @ (@)) ENGINE=InnoDB"),
            new Template(Kind.CREATE_INDEX, "CREATE INDEX @ ON [t] (@)"),
            new Template(Kind.CREATE_INDEX, "CREATE UNIQUE INDEX @ ON [t] (@(10), c) USING BTREE"),
            new Template(Kind.DROP_INDEX, "DROP INDEX @ ON [t]"));

    /** Table names: all of these may also carry a schema, see {@link #qualified}. */
    private static final List<Template> TABLE_TEMPLATES = List.of(
            new Template(Kind.CREATE_TABLE, "CREATE TABLE [@] (id INT)"),
            new Template(Kind.CREATE_TABLE, "CREATE TABLE IF NOT EXISTS [@] (id INT)"),
            new Template(Kind.CREATE_TABLE, "CREATE TEMPORARY TABLE [@] (id INT)"),
            new Template(Kind.CREATE_TABLE_LIKE, "CREATE TABLE [@] LIKE [t]"),
            new Template(Kind.CREATE_TABLE_LIKE, "CREATE TABLE [t] LIKE [@]"),
            new Template(Kind.CREATE_TABLE_LIKE, "CREATE TABLE [@] (LIKE [t])"),
            new Template(Kind.ALTER_TABLE, "ALTER TABLE [@] ADD COLUMN c INT"),
            new Template(Kind.ALTER_TABLE, "ALTER TABLE [@] RENAME TO [t2]"),
            new Template(Kind.ALTER_TABLE, "ALTER TABLE [t] RENAME TO [@]"),
            new Template(Kind.ALTER_TABLE, "ALTER TABLE [t] RENAME [@]"),
            new Template(Kind.ALTER_TABLE, "ALTER TABLE [t] RENAME AS [@]"),
            new Template(Kind.ALTER_TABLE, "ALTER TABLE [t] ADD COLUMN c INT, RENAME TO [@]"),
            new Template(Kind.ALTER_TABLE, "ALTER TABLE [t] ADD FOREIGN KEY (c) REFERENCES [@] (id)"),
            new Template(Kind.RENAME_TABLE, "RENAME TABLE [@] TO [t2]"),
            new Template(Kind.RENAME_TABLE, "RENAME TABLE [t] TO [_t_del], [@] TO [t]"),
            new Template(Kind.DROP_TABLE, "DROP TABLE [@]"),
            new Template(Kind.DROP_TABLE, "DROP TABLE IF EXISTS [@], [t]"),
            new Template(Kind.DROP_TABLE, "DROP TEMPORARY TABLE [@]"),
            new Template(Kind.TRUNCATE_TABLE, "TRUNCATE TABLE [@]"),
            new Template(Kind.TRUNCATE_TABLE, "TRUNCATE [@]"),
            new Template(Kind.CREATE_INDEX, "CREATE INDEX i ON [@] (c)"),
            new Template(Kind.DROP_INDEX, "DROP INDEX i ON [@]"),
            new Template(Kind.ANALYZE_TABLE, "ANALYZE TABLE [@]"),
            new Template(Kind.ANALYZE_TABLE, "OPTIMIZE TABLE [@], [t]"));

    private static final List<String> DATABASE_TEMPLATES = List.of(
            "CREATE DATABASE @",
            "CREATE SCHEMA IF NOT EXISTS @ CHARACTER SET utf8mb4",
            "DROP DATABASE @",
            "DROP SCHEMA IF EXISTS @");

    private static final Pattern SLOT = Pattern.compile("\\[([^\\]]+)\\]");
    private static final UnaryOperator<TableId> TO_DST = t -> new TableId("dst", t.schema() + "_" + t.table());

    record Template(Kind kind, String text) {}

    @Test
    void everyMySqlKeywordIsAName() throws IOException {
        checkAll(keywords("keywords/mysql-8.0-keywords.tsv"));
    }

    @Test
    void everyMariaDbKeywordIsAName() throws IOException {
        checkAll(keywords("keywords/mariadb-10.11-keywords.tsv"));
    }

    @Test
    void theGhostMigrationOfIssue11() {
        String sql = "ALTER TABLE `osc`.`_trades_gho` ADD COLUMN exchange DOUBLE COMMENT 'venue the trade ran on'";
        DdlStatement s = DdlStatement.parse(sql);
        assertEquals(List.of(new TableId("osc", "_trades_gho")), s.tables(null));
        assertEquals(
                "ALTER TABLE `dst`.`trades` ADD COLUMN exchange DOUBLE COMMENT 'venue the trade ran on'",
                s.rewrite(null, t -> new TableId("dst", "trades")));
    }

    @Test
    void exchangePartitionIsStillRefused() {
        // It names a second table, which the reader does not track: refused, never half-rewritten.
        for (String sql : List.of(
                "ALTER TABLE t EXCHANGE PARTITION p0 WITH TABLE t2",
                "ALTER TABLE t ADD COLUMN exchange INT, EXCHANGE PARTITION p0 WITH TABLE t2")) {
            UnsupportedDdlException e = org.junit.jupiter.api.Assertions.assertThrows(
                    UnsupportedDdlException.class, () -> DdlStatement.parse(sql));
            assertTrue(e.getMessage().toLowerCase(Locale.ROOT).contains("exchange"), e.getMessage());
        }
    }

    private static void checkAll(Map<String, Boolean> keywords) {
        assertTrue(keywords.size() > 600, "keyword list read: " + keywords.size());
        List<String> failures = new ArrayList<>();
        Set<String> failedWords = new TreeSet<>();
        List<String> examples = new ArrayList<>();
        for (Map.Entry<String, Boolean> k : keywords.entrySet()) {
            String word = k.getKey().toLowerCase(Locale.ROOT);
            int failedBefore = failures.size();
            List<String> spellings = new ArrayList<>(List.of(TableId.quote(word)));
            if (!k.getValue()) {
                spellings.add(word);
                spellings.add(word.toUpperCase(Locale.ROOT));
            }
            for (String name : spellings) {
                for (Template t : NAME_TEMPLATES) {
                    check(t.kind(), t.text(), name, failures);
                }
                for (Template t : TABLE_TEMPLATES) {
                    check(t.kind(), t.text(), name, failures);
                    check(t.kind(), qualified(t.text()), name, failures);
                }
                for (String t : DATABASE_TEMPLATES) {
                    checkDatabase(t, name, failures);
                }
            }
            // Any word may follow a dot in a qualified name, reserved or not.
            for (Template t : TABLE_TEMPLATES) {
                check(t.kind(), qualified(t.text()), word, failures);
            }
            if (failures.size() > failedBefore) {
                failedWords.add(word);
                examples.addAll(failures.subList(failedBefore, Math.min(failures.size(), failedBefore + 3)));
            }
        }
        assertTrue(
                failures.isEmpty(),
                failures.size() + " statements misread, with the names " + failedWords + ", e.g.:\n"
                        + String.join("\n", examples.subList(0, Math.min(30, examples.size()))));
    }

    /** The template with each table slot that holds the name under test given the schema db2. */
    private static String qualified(String template) {
        return template.replace("[@]", "[db2.@]");
    }

    private static void check(Kind kind, String template, String name, List<String> failures) {
        String sql = fill(template, name, null);
        try {
            DdlStatement s = DdlStatement.parse(sql);
            List<TableId> expected = new ArrayList<>();
            Matcher m = SLOT.matcher(template);
            while (m.find()) {
                String[] parts = m.group(1).split("\\.");
                String table = unquoted(parts[parts.length - 1].replace("@", name));
                expected.add(new TableId(parts.length == 2 ? parts[0] : "db", table));
            }
            assertEquals(kind, s.kind(), "kind");
            assertEquals(expected, s.tables("db"), "tables");
            assertEquals(fill(template, name, TO_DST), s.rewrite("db", TO_DST), "rewrite");
            if (kind == Kind.ALTER_TABLE) {
                assertEquals(topLevelClauses(sql), s.splitAlter().size(), "clauses");
            }
        } catch (RuntimeException | AssertionError e) {
            failures.add(sql + "  ->  " + e.getMessage());
        }
    }

    private static void checkDatabase(String template, String name, List<String> failures) {
        String sql = template.replace("@", name);
        try {
            DdlStatement s = DdlStatement.parse(sql);
            assertEquals(unquoted(name), s.databaseName());
            assertEquals(template.replace("@", "`dst`"), s.rewriteDatabase("dst"));
        } catch (RuntimeException | AssertionError e) {
            failures.add(sql + "  ->  " + e.getMessage());
        }
    }

    /** The statement text: {@code @} is the name; a table slot is its text, or its mapped table quoted. */
    private static String fill(String template, String name, UnaryOperator<TableId> mapping) {
        Matcher m = SLOT.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String slot = m.group(1).replace("@", name);
            String replacement = slot;
            if (mapping != null) {
                String[] parts = slot.split("\\.");
                replacement = mapping.apply(
                                new TableId(parts.length == 2 ? parts[0] : "db", unquoted(parts[parts.length - 1])))
                        .quoted();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString().replace("@", name);
    }

    /** Clauses of an ALTER: top-level commas, except in ORDER BY's list. */
    private static int topLevelClauses(String sql) {
        if (sql.contains("ORDER BY")) {
            return 1;
        }
        int depth = 0;
        int clauses = 1;
        for (Token t : MySqlLexer.tokenize(sql)) {
            depth += t.isSymbol("(") ? 1 : t.isSymbol(")") ? -1 : 0;
            clauses += depth == 0 && t.isSymbol(",") ? 1 : 0;
        }
        return clauses;
    }

    private static String unquoted(String name) {
        return name.startsWith("`") ? name.substring(1, name.length() - 1).replace("``", "`") : name;
    }

    private static Map<String, Boolean> keywords(String resource) throws IOException {
        Map<String, Boolean> words = new LinkedHashMap<>();
        try (InputStream in = KeywordNamesTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertFalse(in == null, "missing test resource " + resource);
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                String[] f = line.split("\t");
                words.put(f[0], f[1].equals("1"));
            }
        }
        return words;
    }
}
