package io.oscsync.job.source;

import io.debezium.connector.mysql.antlr.MySqlAntlrDdlParser;
import io.debezium.relational.Column;
import io.debezium.spi.converter.CustomConverter;
import io.debezium.spi.converter.RelationalColumn;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.SchemaBuilder;

import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.UnaryOperator;

/**
 * ENUM/SET members a column's charset cannot hold (see {@link StoredText}), and text types and
 * ENUM/SET with the binary charset ({@code VARCHAR(4) CHARACTER SET binary}, or any
 * text column of a {@code DEFAULT CHARSET=binary} table, as Debezium reads them from DDL in the
 * binlog). Debezium 1.9 decodes such text as ISO-8859-1, so the sink wrote each byte above 0x7F as
 * two (x'E6' became x'C3A6'); and it knows no ENUM/SET value that arrives as bytes, giving null.
 * Here text stays its bytes, and ENUM/SET become their member's text. Registered through the
 * Debezium property {@code converters} (see CdcSources).
 */
public final class BinaryCharsetConverter implements CustomConverter<SchemaBuilder, RelationalColumn> {
    private static final Set<String> TEXT = Set.of("CHAR", "VARCHAR", "TINYTEXT", "TEXT", "MEDIUMTEXT", "LONGTEXT");

    @Override
    public void configure(Properties props) {
        // nothing to configure
    }

    @Override
    public void converterFor(RelationalColumn field, ConverterRegistration<SchemaBuilder> registration) {
        Column column = columnOf(field);
        boolean binary = "binary".equalsIgnoreCase(column.charsetName());
        String type = column.typeName().toUpperCase(Locale.ROOT);
        String name = column.name();
        if (binary && TEXT.contains(type)) {
            SchemaBuilder schema = SchemaBuilder.bytes();
            if (column.isOptional()) schema.optional();
            // A String is the column's DEFAULT as Debezium read it from a DDL: the schema's default, never a row.
            registration.register(
                    schema,
                    v -> v == null
                            ? null
                            : v instanceof String d ? d.getBytes(StandardCharsets.UTF_8) : bytes(name, v));
        } else if (type.equals("ENUM") || type.equals("SET")) {
            boolean isEnum = type.equals("ENUM");
            List<String> members = members(column);
            if (!binary && members == null) return; // Debezium's own reading is right
            SchemaBuilder schema =
                    SchemaBuilder.string().name(isEnum ? "io.debezium.data.Enum" : "io.debezium.data.EnumSet");
            if (column.isOptional()) schema.optional();
            registration.register(
                    schema, v -> v == null ? null : isEnum ? enumValue(name, members, v) : setValue(name, members, v));
        }
    }

    /**
     * The members as the server stores them, when that differs from how the DDL wrote them (a
     * character the column's charset lacks), or the column is binary; else null. Debezium reads
     * them from the DDL, quoted, with each comma escaped.
     */
    static List<String> members(Column column) {
        List<String> written = MySqlAntlrDdlParser.extractEnumAndSetOptions(column.enumValues()).stream()
                .map(m -> m.replace("\\,", ","))
                .toList();
        UnaryOperator<String> stored = StoredText.of(column.charsetName());
        if (stored == null) return "binary".equalsIgnoreCase(column.charsetName()) ? written : null;
        List<String> members = written.stream().map(stored).toList();
        return members.equals(written) ? null : members;
    }

    /**
     * The Debezium column behind the converter's view of it: that view has no charset, and
     * Debezium 1.9 hands over an anonymous wrapper whose only link to the column is a field.
     */
    static Column columnOf(RelationalColumn field) {
        if (field instanceof Column c) return c;
        for (Field f : field.getClass().getDeclaredFields()) {
            if (!Column.class.isAssignableFrom(f.getType())) continue;
            try {
                f.setAccessible(true);
                return (Column) f.get(field);
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new IllegalStateException(
                        "cannot read the charset of column " + field.name() + " from the CDC " + "library's "
                                + field.getClass().getName() + " (" + e + ")",
                        e);
            }
        }
        throw new IllegalStateException("cannot read the charset of column " + field.name() + ": the CDC library's "
                + field.getClass().getName() + " holds no column (a changed Debezium version?)");
    }

    static byte[] bytes(String column, Object v) {
        if (v instanceof byte[] b) return b;
        if (v instanceof ByteBuffer buf) {
            byte[] b = new byte[buf.remaining()];
            buf.duplicate().get(b);
            return b;
        }
        throw unexpected(column, v);
    }

    /** From the binlog the member's index (1-based, 0 for the '' of an invalid value); from the snapshot its bytes. */
    static String enumValue(String column, List<String> members, Object v) {
        if (v instanceof Number n) {
            int i = n.intValue();
            if (i == 0) return "";
            if (i <= members.size()) return members.get(i - 1);
        } else if (v instanceof byte[] || v instanceof ByteBuffer) {
            return new String(bytes(column, v), StandardCharsets.UTF_8);
        } else if (v instanceof String s) {
            return s;
        }
        throw unexpected(column, v);
    }

    /** From the binlog a bit per member; from the snapshot the members' text. */
    static String setValue(String column, List<String> members, Object v) {
        if (v instanceof Number n) {
            long bits = n.longValue();
            StringJoiner out = new StringJoiner(",");
            for (int i = 0; i < members.size(); i++) {
                if ((bits & (1L << i)) != 0) out.add(members.get(i));
            }
            if (bits >>> members.size() != 0 && members.size() < 64) throw unexpected(column, v);
            return out.toString();
        }
        if (v instanceof byte[] || v instanceof ByteBuffer) return new String(bytes(column, v), StandardCharsets.UTF_8);
        if (v instanceof String s) return s;
        throw unexpected(column, v);
    }

    private static IllegalStateException unexpected(String column, Object v) {
        return new IllegalStateException("column " + column + " (binary charset): unexpected value of type "
                + v.getClass().getName() + " from the CDC library; osc-sync stops rather than guess its bytes");
    }
}
