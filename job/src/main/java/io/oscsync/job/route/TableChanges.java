package io.oscsync.job.route;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.oscsync.udfs.TableId;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Reads Debezium's {@code tableChanges} (the post-DDL definitions a schema change carries). */
final class TableChanges {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TableChanges() {}

    /** The tables a schema change touched; ids look like {@code "db"."t"}. */
    static List<TableId> tables(String tableChangesJson) {
        List<TableId> tables = new ArrayList<>();
        if (tableChangesJson == null || tableChangesJson.isEmpty()) return tables;
        try {
            for (JsonNode change : JSON.readTree(tableChangesJson)) {
                // "db"."t": split on the quote-dot-quote between the two names
                String id = change.path("id").asText("");
                int dot = id.indexOf("\".\"");
                if (id.startsWith("\"") && id.endsWith("\"") && dot > 0) {
                    tables.add(new TableId(id.substring(1, dot), id.substring(dot + 3, id.length() - 1)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable tableChanges from the CDC source", e);
        }
        return tables;
    }
}
