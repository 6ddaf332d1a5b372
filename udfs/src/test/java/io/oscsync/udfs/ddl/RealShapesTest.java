package io.oscsync.udfs.ddl;

import io.oscsync.udfs.TableId;
import io.oscsync.udfs.ddl.DdlStatement.Kind;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The statements of test resource real-shapes/ddl.sql (see the README there), default schema "app". */
class RealShapesTest {
    private static final UnaryOperator<TableId> TO_DST = t -> new TableId("dst", t.table());

    @Test
    void everyStatementIsReadAndRewritten() throws IOException {
        List<String> statements = statements();
        assertEquals(20, statements.size());
        for (String sql : statements) {
            DdlStatement s = DdlStatement.parse(sql);
            if (s.kind() == Kind.OTHER_IGNORED || s.databaseName() != null) {
                continue;
            }
            List<TableId> tables = s.tables("app");
            assertFalse(tables.isEmpty(), sql);
            DdlStatement rewritten = DdlStatement.parse(s.rewrite("app", TO_DST));
            assertEquals(tables.stream().map(TO_DST).toList(), rewritten.tables("unused"), sql);
            // Only the names changed: with the schema qualifiers taken out, both read the same.
            assertEquals(
                    s.normalized().replace("app.", ""), rewritten.normalized().replace("dst.", ""), sql);
            assertEquals(s.clauses().size(), rewritten.clauses().size(), sql);
        }
    }

    @Test
    void theTablesEachStatementNames() throws IOException {
        List<String> found = new ArrayList<>();
        for (String sql : statements()) {
            DdlStatement s = DdlStatement.parse(sql);
            found.add(s.kind() + " "
                    + s.tables("app").stream().map(TableId::toString).toList());
        }
        assertEquals(
                List.of(
                        "CREATE_TABLE [app.trades, app.accounts]",
                        "ALTER_TABLE [app._trades_gho]",
                        "ALTER_TABLE [app._trades_gho]",
                        "ALTER_TABLE [app._trades_gho]",
                        "ALTER_TABLE [app._trades_gho]",
                        "ALTER_TABLE [app._trades_gho]",
                        "ALTER_TABLE [app._trades_gho]",
                        "ALTER_TABLE [app._trades_gho, app.something_else]",
                        "CREATE_TABLE [app.film, app.language]",
                        "CREATE_TABLE [app.film_text]",
                        "CREATE_TABLE [app.address]",
                        "CREATE_TABLE [app.salaries, app.employees]",
                        "CREATE_TABLE [app.events]",
                        "ALTER_TABLE [app.salaries]",
                        "ALTER_TABLE [app.salaries]",
                        "RENAME_TABLE [app.trades, app._trades_del, app._trades_gho, app.trades]",
                        "DROP_TABLE [app._trades_ghc, app._trades_del]",
                        "CREATE_DATABASE []",
                        "OTHER_IGNORED []",
                        "OTHER_IGNORED []"),
                found);
    }

    private static List<String> statements() throws IOException {
        String text;
        try (InputStream in = RealShapesTest.class.getClassLoader().getResourceAsStream("real-shapes/ddl.sql")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> out = new ArrayList<>();
        for (String block : text.split("\n;\n")) {
            String sql = block.replaceAll("(?m)^--.*\n", "").strip();
            if (!sql.isEmpty()) {
                out.add(sql);
            }
        }
        return out;
    }
}
