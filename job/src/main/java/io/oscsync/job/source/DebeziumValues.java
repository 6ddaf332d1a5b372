package io.oscsync.job.source;

import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Decimal;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Schema;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.LocalDate;

/**
 * Debezium's column values -> the exact values osc-sync writes downstream (see ChangeEvent).
 * Temporal values become MySQL literals with microseconds so nothing is rounded; TIMESTAMP
 * becomes its UTC literal (the sink writes with time_zone '+00:00').
 */
final class DebeziumValues {
    private DebeziumValues() {}

    static Object convert(String column, Schema schema, Object v) {
        if (v == null) return null;
        String logical = schema.name();
        // Compared with the constant: shading rewrote this name's package inside the CDC jar.
        if (Decimal.LOGICAL_NAME.equals(logical)) return (BigDecimal) v;
        if (logical != null) {
            switch (logical) {
                case "io.debezium.time.Date":
                    return LocalDate.ofEpochDay(((Number) v).longValue()).toString();
                case "io.debezium.time.Time":
                    return time(((Number) v).longValue() * 1_000);
                case "io.debezium.time.MicroTime":
                    return time(((Number) v).longValue());
                case "io.debezium.time.NanoTime":
                    return time(((Number) v).longValue() / 1_000);
                case "io.debezium.time.Timestamp":
                    return datetime(((Number) v).longValue() * 1_000);
                case "io.debezium.time.MicroTimestamp":
                    return datetime(((Number) v).longValue());
                case "io.debezium.time.NanoTimestamp":
                    return datetime(((Number) v).longValue() / 1_000);
                case "io.debezium.time.ZonedTimestamp":
                    // A TIMESTAMP cannot hold the epoch itself (its range starts one second later):
                    // the epoch is Debezium's stand-in for the zero TIMESTAMP.
                    return TemporalText.zonedUtc((String) v);
                case TemporalConverter.LITERAL:
                    if (TemporalConverter.LOST.equals(v)) {
                        throw new IllegalStateException("NOT NULL column " + column + " holds a zero or partial-zero "
                                + "date ('0000-00-00', '2024-02-00', ...) that the CDC library (Debezium 1.9) drops "
                                + "before osc-sync sees it; osc-sync stops rather than write another value. Replace "
                                + "such dates upstream (or make the column nullable and accept NULL for them)");
                    }
                    return v.toString();
                case "io.debezium.time.Year":
                    return ((Number) v).longValue();
                case "io.debezium.data.Bits":
                    return bits(bytes(v));
                case "io.debezium.data.Enum":
                    return enumValue(schema, v.toString());
                case "io.debezium.data.EnumSet":
                    return setValue(v.toString());
                case "io.debezium.data.Json":
                    return v.toString();
                default:
                    if (logical.startsWith("io.debezium.data.geometry")) {
                        throw new UnsupportedOperationException("column " + column + " has a spatial type ("
                                + logical + "), which osc-sync does not replicate (TiDB has no spatial types): "
                                + "exclude the table with block-allow-list");
                    }
            }
        }
        return switch (schema.type()) {
            case INT8, INT16, INT32, INT64 -> ((Number) v).longValue();
            case FLOAT32 -> (Float) v;
            case FLOAT64 -> (Double) v;
            case BOOLEAN -> (Boolean) v;
            case STRING -> (String) v;
            case BYTES -> bytes(v);
            default ->
                throw new UnsupportedOperationException("column " + column + " has Debezium type " + schema.type()
                        + " (" + logical + "), which osc-sync does not know how to write");
        };
    }

    /**
     * From the binlog Debezium gives an ENUM value as its member from the column's option list,
     * where it wrote each comma as backslash-comma (the list is also its comma-joined "allowed"
     * parameter); from the snapshot it gives the value itself. A value that is such an escaped
     * member is turned back into the member. (SET members cannot hold a comma.)
     */
    static String enumValue(Schema schema, String v) {
        if (!v.contains("\\,") || schema.parameters() == null) return v;
        String allowed = schema.parameters().get("allowed");
        if (allowed == null) return v;
        for (String member : allowed.split("(?<!\\\\),", -1)) {
            if (member.equals(v)) return v.replace("\\,", ",");
        }
        return v;
    }

    /**
     * From the binlog Debezium joins a SET value's members with a comma before each but the first;
     * the server puts none before the first member with text, so with the '' member first it reads
     * ",Q" where the server (and so the snapshot) reads "Q". A one-row match downstream compares
     * the column as the server reads it and missed such a row. As the server reads it: the ''
     * member is then not written, as in a snapshot, but every change finds its row. (SET members
     * cannot hold a comma, and only one can be ''.)
     */
    static String setValue(String v) {
        return v.startsWith(",") ? v.substring(1) : v;
    }

    private static byte[] bytes(Object v) {
        if (v instanceof byte[] b) return b;
        ByteBuffer buf = ((ByteBuffer) v).duplicate();
        byte[] b = new byte[buf.remaining()];
        buf.get(b);
        return b;
    }

    /** BIT(n): Debezium gives little-endian bytes; the sink writes the number. */
    private static BigDecimal bits(byte[] littleEndian) {
        byte[] bigEndian = new byte[littleEndian.length];
        for (int i = 0; i < littleEndian.length; i++) bigEndian[i] = littleEndian[littleEndian.length - 1 - i];
        return new BigDecimal(new BigInteger(1, bigEndian));
    }

    private static String datetime(long epochMicros) {
        return TemporalText.datetime(epochMicros);
    }

    /** TIME can be negative and beyond 24 hours ('-838:59:59.000000'). */
    static String time(long micros) {
        return TemporalText.time(micros);
    }
}
