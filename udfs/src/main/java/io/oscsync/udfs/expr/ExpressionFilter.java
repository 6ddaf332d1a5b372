package io.oscsync.udfs.expr;

import io.oscsync.udfs.TableId;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * DM's expression filters of one instance: a row change of a rule's table is dropped when the
 * rule's expression matches it. An INSERT by {@code insert-value-expr} on the new values, a DELETE
 * by {@code delete-value-expr} on the old ones, an UPDATE when both {@code update-old-value-expr}
 * matches the old values and {@code update-new-value-expr} the new ones (a missing one is TRUE),
 * as DM's syncer decides. Several rules on one table: any one that matches drops the change.
 */
public final class ExpressionFilter implements Serializable {
    private static final long serialVersionUID = 1L;

    /** One named rule; schema and table are exact names, as in DM. */
    public record Rule(
            String name,
            TableId table,
            RowExpression insert,
            RowExpression updateOld,
            RowExpression updateNew,
            RowExpression delete)
            implements Serializable {

        public List<RowExpression> expressions() {
            List<RowExpression> all = new ArrayList<>();
            for (RowExpression e : new RowExpression[] {insert, updateOld, updateNew, delete})
                if (e != null) all.add(e);
            return all;
        }
    }

    private final List<Rule> rules;

    public ExpressionFilter(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    public static ExpressionFilter none() {
        return new ExpressionFilter(List.of());
    }

    public List<Rule> rules() {
        return rules;
    }

    public List<Rule> rulesFor(TableId t) {
        return rules.stream().filter(r -> r.table().equals(t)).toList();
    }

    /**
     * The table's rules compiled against its columns, or null when it has none.
     *
     * @throws ExpressionException naming the rule, its expression and the missing column
     */
    public TableFilter bind(TableId t, String[] columns) {
        List<Rule> mine = rulesFor(t);
        if (mine.isEmpty()) return null;
        List<RowExpression.Bound> insert = new ArrayList<>(), delete = new ArrayList<>();
        List<RowExpression.Bound[]> update = new ArrayList<>();
        for (Rule r : mine) {
            if (r.insert() != null) insert.add(bind(r, r.insert(), columns));
            if (r.delete() != null) delete.add(bind(r, r.delete(), columns));
            if (r.updateOld() != null || r.updateNew() != null) {
                update.add(new RowExpression.Bound[] {
                    r.updateOld() == null ? null : bind(r, r.updateOld(), columns),
                    r.updateNew() == null ? null : bind(r, r.updateNew(), columns)
                });
            }
        }
        return new TableFilter(insert, update, delete);
    }

    private static RowExpression.Bound bind(Rule r, RowExpression e, String[] columns) {
        try {
            return e.bind(columns);
        } catch (ExpressionException ex) {
            throw new ExpressionException("expression-filter " + r.name() + " on " + r.table() + ": \"" + e.text()
                    + "\": " + ex.getMessage());
        }
    }

    /** One table's bound rules. */
    public static final class TableFilter {
        private final List<RowExpression.Bound> insert;
        private final List<RowExpression.Bound[]> update;
        private final List<RowExpression.Bound> delete;

        private TableFilter(
                List<RowExpression.Bound> insert,
                List<RowExpression.Bound[]> update,
                List<RowExpression.Bound> delete) {
            this.insert = insert;
            this.update = update;
            this.delete = delete;
        }

        public boolean dropsInsert(Object[] after) {
            for (RowExpression.Bound e : insert) if (e.matches(after)) return true;
            return false;
        }

        public boolean dropsUpdate(Object[] before, Object[] after) {
            for (RowExpression.Bound[] pair : update) {
                if ((pair[0] == null || pair[0].matches(before)) && (pair[1] == null || pair[1].matches(after))) {
                    return true;
                }
            }
            return false;
        }

        public boolean dropsDelete(Object[] before) {
            for (RowExpression.Bound e : delete) if (e.matches(before)) return true;
            return false;
        }
    }
}
