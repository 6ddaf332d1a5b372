package io.oscsync.udfs.ddl;

import io.oscsync.udfs.ddl.DdlStatement.Kind;

import java.util.ArrayList;
import java.util.List;

/**
 * Recognises the DDL shapes osc-sync must rewrite, by keywords, and records where each table
 * name sits. It reads only what decides the shape and the table names; clause bodies are
 * scanned for the few words that could hide another table (REFERENCES) or a shape it does not
 * handle (SELECT, UNION, EXCHANGE PARTITION), which it refuses.
 */
final class DdlParser {
    private final TokenCursor c;
    private final List<NameRef> refs = new ArrayList<>();
    private final List<int[]> renamePairs = new ArrayList<>();
    private NameRef database;

    private DdlParser(String sql) {
        this.c = new TokenCursor(sql, MySqlLexer.tokenize(sql));
    }

    static DdlStatement parse(String sql) {
        return new DdlParser(sql).statement();
    }

    private DdlStatement statement() {
        Token verb = c.atEnd() ? null : c.next();
        String v = verb == null || verb.kind() != Token.Kind.WORD ? "" : verb.lowerText();
        return switch (v) {
            case "create" -> create();
            case "alter" -> alter();
            case "drop" -> drop();
            case "rename" -> rename();
            case "truncate" -> truncate();
            case "analyze", "optimize" -> analyze(v);
            default ->
                throw c.fail("not a DDL statement osc-sync handles (starts with " + TokenCursor.describe(verb) + ")");
        };
    }

    private DdlStatement create() {
        c.acceptWords("or", "replace"); // MariaDB's CREATE OR REPLACE
        if (c.acceptWords("temporary", "table") || c.acceptWords("table")) {
            return createTable();
        }
        c.acceptAnyWord("online", "offline");
        if (c.peekWord(0, "unique", "fulltext", "spatial", "index")) {
            return createIndex();
        }
        if (c.acceptAnyWord("database", "schema") != null) {
            c.acceptWords("if", "not", "exists");
            database = databaseName();
            skipRest(); // charset and collation options name no table
            return result(Kind.CREATE_DATABASE, "create database");
        }
        return ignoredObject("create");
    }

    private DdlStatement createTable() {
        c.acceptWords("if", "not", "exists");
        refs.add(c.qualifiedName("table"));
        if (c.acceptWords("like")) {
            refs.add(c.qualifiedName("table"));
            c.expectEnd();
            return result(Kind.CREATE_TABLE_LIKE, "create table");
        }
        if (c.peek() != null && c.peek().isSymbol("(") && c.peekWord(1, "like")) {
            c.next();
            c.next();
            refs.add(c.qualifiedName("table"));
            c.expectSymbol(")");
            c.expectEnd();
            return result(Kind.CREATE_TABLE_LIKE, "create table");
        }
        if (c.peek() == null || !c.peek().isSymbol("(")) {
            throw c.fail(
                    c.peekWord(0, "as", "select", "ignore", "replace")
                            ? "CREATE TABLE ... SELECT is not supported"
                            : "expected a table definition but found " + TokenCursor.describe(c.peek()));
        }
        scanClauses(false);
        return result(Kind.CREATE_TABLE, "create table");
    }

    private DdlStatement createIndex() {
        c.acceptAnyWord("unique", "fulltext", "spatial");
        c.expectWord("index");
        c.acceptWords("if", "not", "exists");
        c.identifier("index");
        if (c.acceptWords("using")) {
            c.identifier("index type");
        }
        c.expectWord("on");
        refs.add(c.qualifiedName("table"));
        scanClauses(false);
        return result(Kind.CREATE_INDEX, "create index");
    }

    private DdlStatement alter() {
        c.acceptAnyWord("online", "offline");
        c.acceptWords("ignore");
        if (!c.acceptWords("table")) {
            return ignoredObject("alter");
        }
        c.acceptWords("if", "exists");
        refs.add(c.qualifiedName("table"));
        scanClauses(true);
        return result(Kind.ALTER_TABLE, "alter table");
    }

    private DdlStatement drop() {
        boolean temporary = c.acceptWords("temporary");
        if (c.acceptAnyWord("table", "tables") != null) {
            c.acceptWords("if", "exists");
            do {
                refs.add(c.qualifiedName("table"));
            } while (c.acceptSymbol(","));
            c.acceptAnyWord("restrict", "cascade");
            c.expectEnd();
            return result(Kind.DROP_TABLE, "drop table");
        }
        if (temporary) {
            throw c.fail("expected TABLE after DROP TEMPORARY");
        }
        c.acceptAnyWord("online", "offline");
        if (c.acceptWords("index")) {
            c.acceptWords("if", "exists");
            c.identifier("index");
            c.expectWord("on");
            refs.add(c.qualifiedName("table"));
            scanClauses(false); // ALGORITHM= / LOCK= options only
            return result(Kind.DROP_INDEX, "drop index");
        }
        if (c.acceptAnyWord("database", "schema") != null) {
            c.acceptWords("if", "exists");
            database = databaseName();
            c.expectEnd();
            return result(Kind.DROP_DATABASE, "drop database");
        }
        return ignoredObject("drop");
    }

    private DdlStatement rename() {
        c.expectWord("table");
        c.acceptWords("if", "exists");
        do {
            refs.add(c.qualifiedName("table"));
            c.expectWord("to");
            refs.add(c.qualifiedName("table"));
            renamePairs.add(new int[] {refs.size() - 2, refs.size() - 1});
        } while (c.acceptSymbol(","));
        c.expectEnd();
        return result(Kind.RENAME_TABLE, "rename table");
    }

    private DdlStatement truncate() {
        c.acceptWords("table");
        refs.add(c.qualifiedName("table"));
        c.expectEnd();
        return result(Kind.TRUNCATE_TABLE, "truncate table");
    }

    private DdlStatement analyze(String verb) {
        c.acceptAnyWord("no_write_to_binlog", "local");
        c.expectWord("table");
        do {
            refs.add(c.qualifiedName("table"));
        } while (c.acceptSymbol(","));
        skipRest(); // histogram / PERSISTENT FOR options name columns only
        return result(Kind.ANALYZE_TABLE, verb + " table");
    }

    /**
     * Reads the rest of a CREATE TABLE / ALTER TABLE / index statement. Only an ALTER may
     * rename its table: {@code RENAME [TO|AS] name} at the start of a top-level clause.
     */
    private void scanClauses(boolean alter) {
        int depth = 0;
        boolean clauseStart = true;
        while (!c.atEnd()) {
            Token t = c.next();
            if (t.isWord("select") || (t.isWord("values") && depth == 0)) {
                throw c.fail("a SELECT or VALUES inside the statement is not supported");
            }
            // UNION=(...) and EXCHANGE PARTITION name other tables; AS/LIKE after a CREATE TABLE body mean CTAS.
            // EXCHANGE is not reserved (a column may be called so): only a clause can start with it.
            boolean createOnly = !alter && (t.isWord("as") || t.isWord("like"));
            boolean exchange = alter && clauseStart && t.isWord("exchange");
            if (depth == 0 && (t.isWord("union") || exchange || createOnly)) {
                throw c.fail("'" + t.text() + "' at offset " + t.start() + " is not supported here");
            }
            if (t.isWord("references")) {
                refs.add(c.qualifiedName("referenced table"));
            } else if (alter
                    && depth == 0
                    && clauseStart
                    && t.isWord("rename")
                    && !c.peekWord(0, "column", "index", "key")) {
                alterRename();
            } else if (t.isSymbol("(")) {
                depth++;
            } else if (t.isSymbol(")") && --depth < 0) {
                throw c.fail("unbalanced ')' at offset " + t.start());
            }
            clauseStart = depth == 0 && t.isSymbol(",");
        }
        if (depth != 0) {
            throw c.fail("unbalanced '('");
        }
    }

    private void alterRename() {
        if (!renamePairs.isEmpty()) {
            throw c.fail("more than one RENAME clause");
        }
        c.acceptAnyWord("to", "as");
        refs.add(c.qualifiedName("new table"));
        renamePairs.add(new int[] {0, refs.size() - 1});
    }

    /** CREATE/ALTER/DROP of a trigger, view, routine or event: kind only, nothing to rewrite. */
    private DdlStatement ignoredObject(String verb) {
        String object = IgnoredObjects.objectAhead(c);
        if (object == null) {
            throw c.fail("not a DDL statement osc-sync handles (" + verb.toUpperCase() + " followed by "
                    + TokenCursor.describe(c.peek()) + ")");
        }
        return DdlStatement.parsed(
                c.sql, c.tokens(), Kind.OTHER_IGNORED, verb + " " + object, List.of(), List.of(), null);
    }

    private void skipRest() {
        while (!c.atEnd()) {
            c.next();
        }
    }

    private NameRef databaseName() {
        Token t = c.identifier("database");
        return new NameRef(t.start(), t.end(), null, t.identifier());
    }

    private DdlStatement result(Kind kind, String eventType) {
        c.expectEnd();
        return DdlStatement.parsed(c.sql, c.tokens(), kind, eventType, refs, renamePairs, database);
    }
}
