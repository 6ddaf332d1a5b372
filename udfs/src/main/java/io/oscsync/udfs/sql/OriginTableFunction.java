package io.oscsync.udfs.sql;

import io.oscsync.udfs.osc.Classification;
import io.oscsync.udfs.osc.TableClassifier;

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
public class OriginTableFunction extends ClassifierFunction {
    private static final long serialVersionUID = 1L;

    /** Under the default preset; null for a null name. */
    public String eval(String tableName) {
        return eval(tableName, null);
    }

    /** Under {@code preset}; null for a null name. */
    public String eval(String tableName, String preset) {
        Classification c = classify(tableName, preset);
        return c == null ? null : c.origin();
    }
}
