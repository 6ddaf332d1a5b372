package io.oscsync.job.source;

import io.debezium.spi.converter.CustomConverter;
import io.debezium.spi.converter.RelationalColumn;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.SchemaBuilder;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Year;
import java.util.Properties;

/**
 * DATE, DATETIME and YEAR columns as the MySQL value itself, in place of Debezium's conversion,
 * which writes a NOT NULL column's zero date as the epoch and YEAR 0 as 2000 (or 1900). DATE and
 * DATETIME become their literal, YEAR its number.
 *
 * <p>Debezium 1.9 drops a zero or partial-zero date ({@code '0000-00-00'}, {@code '2024-02-00'})
 * before any converter sees it, in the snapshot and in the binlog alike: the value arrives as
 * null. In a NOT NULL column that null can only be such a date, so it becomes {@link #LOST} and
 * the job stops naming the column (see DebeziumValues); in a nullable column it cannot be told
 * from NULL. Registered through the Debezium property {@code converters} (see CdcSources).
 */
public final class TemporalConverter implements CustomConverter<SchemaBuilder, RelationalColumn> {
    /** Logical name of a value given as its MySQL literal ("2024-01-02 03:04:05.000006"). */
    static final String LITERAL = "io.oscsync.time.Literal";
    /** The value of a NOT NULL column that arrived as null: a zero date Debezium dropped. */
    static final String LOST = "";

    @Override
    public void configure(Properties props) {
        // nothing to configure
    }

    @Override
    public void converterFor(RelationalColumn column, ConverterRegistration<SchemaBuilder> registration) {
        String type = column.typeName().toUpperCase(java.util.Locale.ROOT);
        if (type.equals("YEAR")) {
            // A number, as DebeziumValues reads Debezium's own YEAR: the string '0' would be stored as 2000.
            SchemaBuilder schema = SchemaBuilder.int32().name("io.debezium.time.Year");
            if (column.isOptional()) schema.optional();
            registration.register(schema, v -> v == null ? null : year(v));
            return;
        }
        if (!type.equals("DATE") && !type.equals("DATETIME")) return;
        SchemaBuilder schema = SchemaBuilder.string().name(LITERAL);
        if (column.isOptional()) schema.optional();
        boolean notNull = !column.isOptional();
        registration.register(schema, v -> v == null ? (notNull ? LOST : null) : literal(v));
    }

    /** DATE and DATETIME as Debezium hands them over: LocalDate / LocalDateTime, from the snapshot also Timestamp. */
    static String literal(Object v) {
        if (v instanceof LocalDate d) return d.toString();
        if (v instanceof LocalDateTime t) return TemporalText.datetime(t);
        if (v instanceof Timestamp t)
            return TemporalText.datetime(t.toLocalDateTime()); // read in the JVM's zone, shown in it
        if (v instanceof java.sql.Date d) return d.toLocalDate().toString();
        if (v instanceof String s) return s;
        // Anything else is a column DEFAULT, which Debezium converts to epoch days or micros before
        // handing it over. osc-sync never reads schema defaults; should a row value ever arrive so,
        // LOST stops the job rather than guess.
        return LOST;
    }

    /** YEAR: from the binlog a Year, from the snapshot a number (the JDBC property yearIsDateType=false). */
    static Integer year(Object v) {
        // The binlog gives 1900 + the stored byte; the byte is 0 only for YEAR 0 (1900 is not a YEAR value).
        if (v instanceof Year y) return y.getValue() == 1900 ? 0 : y.getValue();
        if (v instanceof Number n) return n.intValue();
        if (v instanceof String s) return Integer.valueOf(s.trim());
        throw new IllegalArgumentException("unexpected YEAR value of type "
                + v.getClass().getName() + " (the snapshot's JDBC connection needs yearIsDateType=false)");
    }
}
