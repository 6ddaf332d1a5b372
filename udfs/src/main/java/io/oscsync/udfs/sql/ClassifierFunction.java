package io.oscsync.udfs.sql;

import io.oscsync.udfs.osc.Classification;
import io.oscsync.udfs.osc.TableClassifier;
import org.apache.flink.table.functions.ScalarFunction;

import java.util.HashMap;
import java.util.Map;

/**
 * What the classification functions share: one classifier per preset name, built on first use
 * (a Flink function instance is called by one thread; the cache is transient).
 */
abstract class ClassifierFunction extends ScalarFunction {
    private static final long serialVersionUID = 1L;

    private transient Map<String, TableClassifier> byPreset;

    /**
     * {@code table} classified with {@code preset}'s rules (null: {@link TableClassifier#DEFAULT_PRESET});
     * null for a null table. An unknown preset throws the classifier's {@link IllegalArgumentException}.
     */
    Classification classify(String table, String preset) {
        if (table == null) return null;
        if (byPreset == null) byPreset = new HashMap<>(); // the planner may call eval before open
        String name = preset == null ? TableClassifier.DEFAULT_PRESET : preset;
        return byPreset.computeIfAbsent(name, TableClassifier::preset).classify(table);
    }
}
