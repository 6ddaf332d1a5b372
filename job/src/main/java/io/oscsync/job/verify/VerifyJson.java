package io.oscsync.job.verify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.List;

/** {@code --json}: the report as one JSON object, for scripts and monitoring. */
final class VerifyJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private VerifyJson() {}

    static String of(String task, List<TableCheck> tables, boolean rows, long checksumNanos, long totalNanos) {
        ObjectNode root = MAPPER.createObjectNode().put("task", task);
        boolean equal = tables.stream().allMatch(TableCheck::equal);
        long checked = 0;
        ArrayNode list = root.putArray("tables");
        for (TableCheck t : tables) {
            checked += Math.max(t.upstreamRows(), t.downstreamRows());
            ObjectNode o =
                    list.addObject().put("target", t.target.table().toString()).put("equal", t.equal());
            ArrayNode sources = o.putArray("sources");
            t.target.sources().forEach(s -> sources.add(s.toString()));
            if (t.missing != null) o.put("missing", t.missing);
            o.put("upstreamRows", t.upstreamRows())
                    .put("downstreamRows", t.downstreamRows())
                    .put("chunks", t.chunks.size())
                    .put("keyless", t.keyColumns.isEmpty());
            ArrayNode schema = o.putArray("schemaDifferences");
            t.schemaProblems.forEach(schema::add);
            ArrayNode filters = o.putArray("filters");
            t.target.filtered().forEach(filters::add);
            ArrayNode diffs = o.putArray("differences");
            for (TableCheck.ChunkCheck c : t.differing()) diffs.add(chunk(t, c, rows));
        }
        root.put("equal", equal)
                .put("exitCode", equal ? 0 : 1)
                .put("rowsChecksummed", checked)
                .put("checksumSeconds", Verifier.seconds(checksumNanos))
                .put("rowsPerSecond", checksumNanos <= 0 ? 0 : Math.round(checked / (checksumNanos / 1e9)))
                .put("totalSeconds", Verifier.seconds(totalNanos));
        try {
            return MAPPER.writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode chunk(TableCheck t, TableCheck.ChunkCheck c, boolean rows) {
        ObjectNode o = MAPPER.createObjectNode().put("range", c.chunk.describe(t.keyNames()));
        o.set("from", bound(c.chunk.lo()));
        o.set("to", bound(c.chunk.hi()));
        o.put("upstreamRows", c.latest[0].rows()).put("downstreamRows", c.latest[1].rows());
        List<RowDifference> diffs = c.rows == null ? List.of() : c.rows;
        o.put("differingRows", diffs.size());
        if (!rows) return o;
        ArrayNode list = o.putArray("rows");
        List<String> columns = t.columnNames();
        for (RowDifference r : diffs) {
            ObjectNode d = list.addObject().put("kind", r.kind());
            if (t.keyColumns.isEmpty()) {
                d.set("row", row(columns, r.id()));
                d.put("upstreamCopies", r.upstreamCopies()).put("downstreamCopies", r.downstreamCopies());
            } else {
                d.set("key", row(t.keyNames(), r.id()));
                d.set("upstream", r.upstream() == null ? null : row(columns, r.upstream()));
                d.set("downstream", r.downstream() == null ? null : row(columns, r.downstream()));
            }
        }
        return o;
    }

    private static ArrayNode bound(List<Object> values) {
        if (values == null) return null;
        ArrayNode a = MAPPER.createArrayNode();
        for (Object v : values) a.add(v instanceof byte[] ? RowText.literal(v) : String.valueOf(v));
        return a;
    }

    private static ObjectNode row(List<String> columns, List<String> values) {
        ObjectNode o = MAPPER.createObjectNode();
        for (int i = 0; i < values.size(); i++) o.put(columns.get(i), values.get(i));
        return o;
    }
}
