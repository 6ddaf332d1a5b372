package io.oscsync.udfs.sql;

import io.oscsync.udfs.osc.TableClassifier;

import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * Flink SQL scalar function: the real table a table belongs to for online schema change
 * tools, from its name alone: {@code t1} for gh-ost's {@code _t1_gho} or pt-osc's
 * {@code __t1_new}, and the name itself for a real table.
 *
 * <pre>{@code
 * CREATE TEMPORARY FUNCTION osc_origin_table AS 'io.oscsync.udfs.sql.OriginTableFunction';
 *
 * SELECT table_name, osc_origin_table(table_name) AS origin FROM tables;            -- gh-ost+pt-osc
 * SELECT table_name, osc_origin_table(table_name, 'fb-osc') AS origin FROM tables;  -- another preset
 * }</pre>
 *
 * <p>{@code osc_origin_table(name)} uses the {@value TableClassifier#DEFAULT_PRESET} preset;
 * {@code osc_origin_table(name, preset)} names one of {@link TableClassifier#preset(String)}'s
 * presets (case-insensitive; a NULL preset means the default). A NULL name gives NULL. An
 * unknown preset fails the query with the classifier's message, which lists the known ones.
 *
 * @see TableRoleFunction
 */
public class OriginTableFunction extends ScalarFunction {
    private static final long serialVersionUID = 1L;

    private transient PresetClassifiers classifiers;

    @Override
    public void open(FunctionContext context) throws Exception {
        super.open(context);
        classifiers = new PresetClassifiers();
    }

    /** The origin table of {@code tableName} under the default preset, or null for a null name. */
    public String eval(String tableName) {
        return eval(tableName, null);
    }

    /** The origin table of {@code tableName} under {@code preset}, or null for a null name. */
    public String eval(String tableName, String preset) {
        if (tableName == null) {
            return null;
        }
        if (classifiers == null) { // planner-side constant folding may call eval before open
            classifiers = new PresetClassifiers();
        }
        return classifiers.classify(tableName, preset).origin();
    }
}
