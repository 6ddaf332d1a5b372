package io.oscsync.job.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The part of the API server's checks of a custom resource against its CRD's OpenAPI schema that a
 * hand-written manifest can fail: unknown fields (pruned by the server, or refused under kubectl's
 * strict field validation), wrong types (a number where the schema says string), values outside an
 * enum, missing required fields. Not a full OpenAPI validator: no formats, patterns or bounds.
 */
final class CrdSchema {
    /** Every resource has these; a CRD's schema leaves them out of its root. */
    private static final Set<String> ROOT_FIELDS = Set.of("apiVersion", "kind", "metadata");

    private static final JsonNode STRING = JsonNodeFactory.instance.objectNode().put("type", "string");

    private CrdSchema() {}

    static void check(JsonNode value, JsonNode schema, String path, List<String> problems) {
        if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
            if (!value.isIntegralNumber() && !value.isTextual())
                problems.add(at(path) + "expected an integer or a string");
            return;
        }
        if (schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false) && !schema.has("properties")) return;
        switch (schema.path("type").asText("")) {
            case "object" -> object(value, schema, path, problems);
            case "array" -> {
                if (!value.isArray()) {
                    problems.add(at(path) + "expected a list");
                } else {
                    for (int i = 0; i < value.size(); i++)
                        check(value.get(i), schema.path("items"), path + "[" + i + "]", problems);
                }
            }
            case "string" -> expect(value.isTextual(), "a string", path, problems);
            case "integer" -> expect(value.isIntegralNumber(), "an integer", path, problems);
            case "number" -> expect(value.isNumber(), "a number", path, problems);
            case "boolean" -> expect(value.isBoolean(), "true or false", path, problems);
            default -> {}
        }
        if (schema.has("enum")) {
            boolean listed = false;
            for (JsonNode allowed : schema.get("enum")) listed |= allowed.equals(value);
            if (!listed) problems.add(at(path) + value + " is not one of " + schema.get("enum"));
        }
    }

    private static void object(JsonNode value, JsonNode schema, String path, List<String> problems) {
        if (!value.isObject()) {
            problems.add(at(path) + "expected a mapping");
            return;
        }
        for (JsonNode required : schema.path("required")) {
            if (!value.has(required.asText())) problems.add(at(path) + "missing required field " + required.asText());
        }
        JsonNode properties = schema.path("properties");
        JsonNode additional = schema.get("additionalProperties");
        boolean open = (additional != null && additional.asBoolean(false))
                || schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        for (Map.Entry<String, JsonNode> f : value.properties()) {
            String where = path.isEmpty() ? f.getKey() : path + "." + f.getKey();
            if (path.isEmpty() && ROOT_FIELDS.contains(f.getKey()) && !properties.has(f.getKey())) {
                // The server checks the object's own metadata itself.
                if (!f.getKey().equals("metadata")) check(f.getValue(), STRING, where, problems);
            } else if (properties.has(f.getKey())) {
                check(f.getValue(), properties.get(f.getKey()), where, problems);
            } else if (additional != null && additional.isObject()) {
                check(f.getValue(), additional, where, problems);
            } else if (!open) {
                problems.add(at(where) + "unknown field");
            }
        }
    }

    private static void expect(boolean ok, String what, String path, List<String> problems) {
        if (!ok) problems.add(at(path) + "expected " + what);
    }

    private static String at(String path) {
        return (path.isEmpty() ? "(document)" : path) + ": ";
    }
}
