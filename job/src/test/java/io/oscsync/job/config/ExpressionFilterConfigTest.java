package io.oscsync.job.config;

import io.oscsync.job.route.InstanceRules;
import io.oscsync.udfs.TableId;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DM's expression-filter in a task file: read into each instance's rules, or refused at start naming the rule. */
class ExpressionFilterConfigTest {
    private static final String TASK = """
            name: expr
            target-database: {host: 127.0.0.1, port: 4000, user: root}
            mysql-instances:
              - source-id: mysql-01
                host: 127.0.0.1
                port: 3306
                user: repl
                server-id: 5401
                expression-filters: [even_c, upd]
            expression-filter:
              even_c:
                schema: "expr_filter"
                table: "t2"
                insert-value-expr: "c % 2 = 0"
              upd:
                schema: expr_filter
                table: t5
                update-old-value-expr: "c = 1"
                update-new-value-expr: "c = 2"
            """;

    private static TaskConfig parse(String yaml) {
        return new TaskConfigLoader(k -> null).parse(yaml);
    }

    private static String refused(String yaml) {
        return assertThrows(ConfigException.class, () -> parse(yaml)).getMessage();
    }

    @Test
    void rulesReachTheInstance() {
        TaskConfig task = parse(TASK);
        InstanceRules rules = InstanceRules.of(task, task.mysqlInstances().get(0));
        var t2 = new TableId("expr_filter", "t2");
        assertEquals(1, rules.expressionFilter().rulesFor(t2).size());
        var f = rules.expressionFilter().bind(t2, new String[] {"id", "c"});
        assertTrue(f.dropsInsert(new Object[] {1L, 2L}));
        var t5 = rules.expressionFilter().bind(new TableId("expr_filter", "t5"), new String[] {"c"});
        assertTrue(t5.dropsUpdate(new Object[] {1L}, new Object[] {2L}));
    }

    @Test
    void anExpressionOscSyncCannotEvaluateIsRefusedNamingRuleAndExpression() {
        String msg = refused(TASK.replace("\"c % 2 = 0\"", "\"soundex(c) = 'x'\""));
        assertEquals(
                "expression-filter.even_c.insert-value-expr: osc-sync cannot evaluate \"soundex(c) = 'x'\": "
                        + "unknown function soundex",
                msg);
        assertTrue(refused(TASK.replace("\"c % 2 = 0\"", "\"c = \""))
                .startsWith(
                        "expression-filter.even_c.insert-value-expr: osc-sync cannot evaluate \"c = \": cannot parse"));
    }

    @Test
    void oneKindOfExpressionPerRule() {
        String msg = refused(TASK.replace(
                "insert-value-expr: \"c % 2 = 0\"", "insert-value-expr: \"c = 1\"\n    delete-value-expr: \"c = 2\""));
        assertTrue(msg.startsWith("expression-filter.even_c: give one of"), msg);
    }

    @Test
    void anUnknownRuleNameIsRefused() {
        String msg = refused(TASK.replace("[even_c, upd]", "[even_c, nope]"));
        assertTrue(msg.contains("expression-filters: no rule 'nope'"), msg);
    }
}
