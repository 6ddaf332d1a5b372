package io.oscsync.job.sink.dialect;

import io.oscsync.udfs.ddl.DdlStatement;
import io.oscsync.udfs.ddl.MySqlLexer;
import io.oscsync.udfs.ddl.Token;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What in a MySQL DDL TiDB refuses with an error, after the "Unsupported features" and "DDL
 * operations" sections of https://docs.pingcap.com/tidb/stable/mysql-compatibility and the
 * ALTER TABLE checks of TiDB's DDL executor. Options TiDB parses and ignores (ENGINE=,
 * ROW_FORMAT=, USING BTREE, SUBPARTITION ...) are not listed: they run.
 */
final class TiDbUnsupported {
    private static final Set<String> STORED_PROGRAMS = Set.of("trigger", "event", "procedure", "function");
    private static final Set<String> SPATIAL_TYPES = Set.of(
            "geometry",
            "point",
            "linestring",
            "polygon",
            "multipoint",
            "multilinestring",
            "multipolygon",
            "geometrycollection",
            "geomcollection");
    /**
     * MySQL's character sets that no TiDB has (TiDB: ascii, latin1, binary, utf8, utf8mb4, gbk from
     * v5.4, gb18030 from v9.0). A list of names, so a column called {@code charset} is not misread.
     */
    private static final Set<String> CHARSETS_NOT_IN_TIDB = Set.of(
            "armscii8",
            "big5",
            "cp1250",
            "cp1251",
            "cp1256",
            "cp1257",
            "cp850",
            "cp852",
            "cp866",
            "cp932",
            "dec8",
            "eucjpms",
            "euckr",
            "gb2312",
            "geostd8",
            "greek",
            "hebrew",
            "hp8",
            "keybcs2",
            "koi8r",
            "koi8u",
            "latin2",
            "latin5",
            "latin7",
            "macce",
            "macroman",
            "sjis",
            "swe7",
            "tis620",
            "ucs2",
            "ujis",
            "utf16",
            "utf16le",
            "utf32");
    /** Words that start an index or constraint, not a column, in a table definition. */
    private static final Set<String> NOT_A_COLUMN = Set.of(
            "index", "key", "unique", "primary", "fulltext", "spatial", "constraint", "foreign", "check", "partition");
    /** Column attributes TiDB rejects in ALTER TABLE ADD COLUMN (error 8200, and 3106 for STORED). */
    private static final Set<String> NOT_ON_ADD =
            Set.of("auto_increment", "serial", "primary", "unique", "key", "stored");

    private static final Set<String> PARTITION_CHECKS = Set.of("check", "optimize", "rebuild", "repair");

    private TiDbUnsupported() {}

    /** What TiDB does not support in this statement, as words for a message; null when it can run. */
    static String find(DdlStatement statement) {
        switch (statement.kind()) {
            case OTHER_IGNORED: {
                String object =
                        statement.eventType().substring(statement.eventType().indexOf(' ') + 1);
                return STORED_PROGRAMS.contains(object) ? "triggers, events, stored procedures or functions" : null;
            }
            case ANALYZE_TABLE:
                return statement.eventType().equals("optimize table") ? "OPTIMIZE TABLE" : null;
            default:
                break;
        }
        String found = inWords(statement);
        if (found != null) return found;
        for (List<Token> clause : statement.clauses()) {
            found = statement.kind() == DdlStatement.Kind.ALTER_TABLE ? inAlterClause(clause) : inColumn(clause, false);
            if (found != null) return found;
        }
        return null;
    }

    /** FULLTEXT and SPATIAL are reserved words, never a bare name; a charset counts after CHARSET or CHARACTER SET. */
    private static String inWords(DdlStatement statement) {
        List<Token> tokens = MySqlLexer.tokenize(statement.sql());
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.isWord("fulltext")) return "FULLTEXT indexes";
            if (t.isWord("spatial")) return "SPATIAL indexes";
            boolean characterSet = t.isWord("character")
                    && i + 1 < tokens.size()
                    && tokens.get(i + 1).isWord("set");
            int name = t.isWord("charset") ? i + 1 : characterSet ? i + 2 : -1;
            if (name > 0 && name < tokens.size() && tokens.get(name).isSymbol("=")) name++;
            if (name > 0 && name < tokens.size() && tokens.get(name).kind() != Token.Kind.SYMBOL) {
                String charset = unquote(tokens.get(name)).toLowerCase(Locale.ROOT);
                if (CHARSETS_NOT_IN_TIDB.contains(charset)) return "the character set " + charset;
            }
        }
        return null;
    }

    private static String inAlterClause(List<Token> clause) {
        Token first = clause.get(0);
        if (clause.size() > 1 && clause.get(1).isWord("partition") && PARTITION_CHECKS.contains(first.lowerText())) {
            return first.text().toUpperCase(Locale.ROOT) + " PARTITION";
        }
        boolean add = first.isWord("add");
        if (!add && !first.isWord("modify") && !first.isWord("change")) return null;
        int i = 1;
        if (clause.size() > 1 && clause.get(1).isWord("column")) i++;
        while (i < clause.size()
                && (clause.get(i).isWord("if")
                        || clause.get(i).isWord("not")
                        || clause.get(i).isWord("exists"))) {
            i++;
        }
        if (i >= clause.size()) return null;
        if (add && clause.get(i).isSymbol("(")) {
            for (List<Token> def : DdlStatement.splitAtCommas(clause.subList(i + 1, clause.size() - 1))) {
                String found = inColumn(def, true);
                if (found != null) return found;
            }
            return null;
        }
        // CHANGE names the column twice: old name, new name, then the definition.
        return inColumn(clause.subList(first.isWord("change") ? i + 1 : i, clause.size()), add);
    }

    /** A column definition: its name, its type, its attributes; an index definition has none of this. */
    private static String inColumn(List<Token> def, boolean added) {
        if (def.size() < 2
                || (def.get(0).kind() == Token.Kind.WORD
                        && NOT_A_COLUMN.contains(def.get(0).lowerText()))) {
            return null;
        }
        if (def.get(1).kind() == Token.Kind.WORD
                && SPATIAL_TYPES.contains(def.get(1).lowerText())) {
            return "spatial column types (GEOMETRY, POINT, LINESTRING, POLYGON, MULTI*, GEOMETRYCOLLECTION)";
        }
        int depth = 0;
        for (Token t : def.subList(1, def.size())) {
            depth += t.isSymbol("(") ? 1 : t.isSymbol(")") ? -1 : 0;
            if (added && depth == 0 && t.kind() == Token.Kind.WORD && NOT_ON_ADD.contains(t.lowerText())) {
                return t.isWord("stored")
                        ? "adding a STORED generated column with ALTER TABLE"
                        : "adding a column with AUTO_INCREMENT, PRIMARY KEY or UNIQUE with ALTER TABLE";
            }
        }
        return null;
    }

    private static String unquote(Token t) {
        return t.kind() == Token.Kind.STRING ? t.text().substring(1, t.text().length() - 1) : t.identifier();
    }
}
