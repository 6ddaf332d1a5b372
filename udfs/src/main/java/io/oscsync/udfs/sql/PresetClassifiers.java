package io.oscsync.udfs.sql;

import io.oscsync.udfs.osc.Classification;
import io.oscsync.udfs.osc.TableClassifier;

import java.util.HashMap;
import java.util.Map;

/**
 * The classifiers one function instance has used, one per preset name, built on first use.
 * Not thread-safe and not serializable: a Flink function instance is called by one thread,
 * and holds this in a transient field.
 */
final class PresetClassifiers {
    private final Map<String, TableClassifier> byPreset = new HashMap<>();

    /**
     * Classifies {@code table} with the rules of {@code preset}; a null preset means
     * {@link TableClassifier#DEFAULT_PRESET}. An unknown preset throws the classifier's
     * {@link IllegalArgumentException}.
     */
    Classification classify(String table, String preset) {
        String name = preset == null ? TableClassifier.DEFAULT_PRESET : preset;
        TableClassifier classifier = byPreset.get(name);
        if (classifier == null) {
            classifier = TableClassifier.preset(name);
            byPreset.put(name, classifier);
        }
        return classifier.classify(table);
    }
}
