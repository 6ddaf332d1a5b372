package io.oscsync.udfs.expr;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.List;

/** JSON column values (JSON text) read for ->, ->>, JSON_EXTRACT, JSON_UNQUOTE. */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    static JsonNode read(Object v) {
        if (v == null) return null;
        try {
            return MAPPER.readTree(Values.toStr(v));
        } catch (JsonProcessingException e) {
            throw new ExpressionException("not a JSON value: " + e.getOriginalMessage());
        }
    }

    /**
     * The value at the path: a scalar as the SQL value it compares as (a JSON number as a number,
     * a string as its text), an object or array as JSON text; null where the path finds nothing.
     * {@code doc->'$.a'} and {@code ->>} differ only in the quotes of a string, which a comparison
     * ignores, so both give the text.
     */
    static Compiler.Node extract(Compiler.Node doc, List<Object> steps, boolean unquote) {
        return row -> {
            JsonNode n = read(doc.eval(row));
            for (Object step : steps) {
                if (n == null) return null;
                n = step instanceof Integer i ? (n.isArray() ? n.get(i) : i == 0 ? n : null) : n.get((String) step);
            }
            return toValue(n);
        };
    }

    static Object toValue(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) return null;
        if (n.isIntegralNumber() && n.canConvertToLong()) return n.longValue();
        if (n.isNumber()) return n.isBigDecimal() ? n.decimalValue() : (Object) n.doubleValue();
        if (n.isBoolean()) return n.booleanValue() ? Values.TRUE : Values.FALSE;
        if (n.isTextual()) return n.textValue();
        return n.toString();
    }
}
