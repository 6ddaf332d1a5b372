package io.oscsync.udfs.sql;

import io.oscsync.udfs.osc.TableClassifier;
import io.oscsync.udfs.osc.TableRole;

import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * Flink SQL scalar function: the role of a table for online schema change tools, one of
 * {@code 'REAL'}, {@code 'GHOST'} or {@code 'TRASH'} (see {@link TableRole}), from its name alone.
 *
 * <pre>{@code
 * CREATE TEMPORARY FUNCTION osc_table_role AS 'io.oscsync.udfs.sql.TableRoleFunction';
 *
 * SELECT table_name, osc_table_role(table_name) AS role FROM tables;            -- gh-ost+pt-osc
 * SELECT table_name, osc_table_role(table_name, 'fb-osc') AS role FROM tables;  -- another preset
 * }</pre>
 *
 * <p>{@code osc_table_role(name)} uses the {@value TableClassifier#DEFAULT_PRESET} preset;
 * {@code osc_table_role(name, preset)} names one of {@link TableClassifier#preset(String)}'s
 * presets (case-insensitive; a NULL preset means the default). A NULL name gives NULL. An
 * unknown preset fails the query with the classifier's message, which lists the known ones.
 *
 * @see OriginTableFunction
 */
public class TableRoleFunction extends ScalarFunction {
    private static final long serialVersionUID = 1L;

    private transient PresetClassifiers classifiers;

    @Override
    public void open(FunctionContext context) throws Exception {
        super.open(context);
        classifiers = new PresetClassifiers();
    }

    /** The role of {@code tableName} under the default preset, or null for a null name. */
    public String eval(String tableName) {
        return eval(tableName, null);
    }

    /** The role of {@code tableName} under {@code preset}, or null for a null name. */
    public String eval(String tableName, String preset) {
        if (tableName == null) {
            return null;
        }
        if (classifiers == null) { // planner-side constant folding may call eval before open
            classifiers = new PresetClassifiers();
        }
        return classifiers.classify(tableName, preset).role().name();
    }
}
