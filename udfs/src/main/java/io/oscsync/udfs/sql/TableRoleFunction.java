package io.oscsync.udfs.sql;

import io.oscsync.udfs.osc.Classification;
import io.oscsync.udfs.osc.TableClassifier;
import io.oscsync.udfs.osc.TableRole;

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
public class TableRoleFunction extends ClassifierFunction {
    private static final long serialVersionUID = 1L;

    /** Under the default preset; null for a null name. */
    public String eval(String tableName) {
        return eval(tableName, null);
    }

    /** Under {@code preset}; null for a null name. */
    public String eval(String tableName, String preset) {
        Classification c = classify(tableName, preset);
        return c == null ? null : c.role().name();
    }
}
