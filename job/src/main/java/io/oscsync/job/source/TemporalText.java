package io.oscsync.job.source;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * DATETIME, TIMESTAMP and TIME values as the MySQL literal osc-sync writes ({@code 2024-01-02
 * 03:04:05.000006}), rendered digit by digit. They are rendered on the source's one thread for
 * every temporal column of every row, where DateTimeFormatter (field lookups through
 * TemporalAccessor, a builder per call), OffsetDateTime.parse and String.format stood out in the profile. The
 * text is exactly the pattern {@code yyyy-MM-dd HH:mm:ss.SSSSSS}'s; values outside years 1 to
 * 9999 (none MySQL stores) go through the formatter as before.
 */
final class TemporalText {
    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");
    /** Debezium's stand-in for the zero TIMESTAMP, which cannot hold the epoch itself. */
    static final String ZERO_TIMESTAMP = "0000-00-00 00:00:00.000000";

    private TemporalText() {}

    static String datetime(LocalDateTime t) {
        int year = t.getYear();
        if (year < 1 || year > 9999) return t.format(DATETIME);
        return datetime(
                year,
                t.getMonthValue(),
                t.getDayOfMonth(),
                t.getHour(),
                t.getMinute(),
                t.getSecond(),
                t.getNano() / 1_000);
    }

    /** Microseconds since the epoch, in UTC. */
    static String datetime(long epochMicros) {
        long seconds = Math.floorDiv(epochMicros, 1_000_000L);
        int micros = (int) Math.floorMod(epochMicros, 1_000_000L);
        long days = Math.floorDiv(seconds, 86_400L);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
        // Civil date from days since 1970-01-01 (the proleptic Gregorian calendar, as java.time's).
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long dayOfEra = z - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long mp = (5 * dayOfYear + 2) / 153;
        int day = (int) (dayOfYear - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        if (year < 1 || year > 9999) {
            Instant i = Instant.ofEpochSecond(seconds, micros * 1_000L);
            return LocalDateTime.ofInstant(i, ZoneOffset.UTC).format(DATETIME);
        }
        return datetime((int) year, month, day, secondOfDay / 3_600, secondOfDay / 60 % 60, secondOfDay % 60, micros);
    }

    /**
     * Debezium's ZonedTimestamp text of a TIMESTAMP (ISO-8601 in UTC: {@code
     * 2024-01-02T03:04:05.123Z}, 0 to 9 fraction digits) as the UTC literal; the epoch is the zero
     * TIMESTAMP. Any other shape is parsed as before.
     */
    static String zonedUtc(String iso) {
        int n = iso.length();
        if (n >= 20 && n <= 30 && iso.charAt(n - 1) == 'Z' && iso.charAt(10) == 'T' && plainUtc(iso, n)) {
            if (iso.startsWith("1970-01-01T00:00:00") && zeroFraction(iso, n)) return ZERO_TIMESTAMP;
            char[] out = new char[26];
            iso.getChars(0, 19, out, 0);
            out[10] = ' ';
            out[19] = '.';
            for (int i = 0; i < 6; i++) {
                int at = 20 + i;
                out[20 + i] = at < n - 1 ? iso.charAt(at) : '0'; // digits past the sixth are cut, as 'SSSSSS' does
            }
            return new String(out);
        }
        Instant instant = OffsetDateTime.parse(iso).toInstant();
        if (instant.equals(Instant.EPOCH)) return ZERO_TIMESTAMP;
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC).format(DATETIME);
    }

    /** {@code dddd-dd-ddTdd:dd:dd} then nothing or {@code .d+} before the final Z. */
    private static boolean plainUtc(String s, int n) {
        for (int i = 0; i < 19; i++) {
            char c = s.charAt(i);
            boolean ok = switch (i) {
                case 4, 7 -> c == '-';
                case 10 -> c == 'T';
                case 13, 16 -> c == ':';
                default -> c >= '0' && c <= '9';
            };
            if (!ok) return false;
        }
        if (s.charAt(0) == '0' && s.startsWith("0000")) return false; // year 0: let the parser say what it is
        if (n == 20) return true;
        if (s.charAt(19) != '.' || n == 21) return false;
        for (int i = 20; i < n - 1; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return false;
        }
        return true;
    }

    private static boolean zeroFraction(String s, int n) {
        for (int i = 20; i < n - 1; i++) if (s.charAt(i) != '0') return false;
        return true;
    }

    /** TIME: {@code [-]hh:mm:ss.ffffff}, hours at least two digits (TIME reaches 838 hours, or below zero). */
    static String time(long micros) {
        long m = Math.abs(micros);
        long hours = m / 3_600_000_000L;
        String h = hours < 10 ? "0" + hours : Long.toString(hours);
        char[] rest = new char[13];
        rest[0] = ':';
        digits(rest, 1, (int) (m / 60_000_000L % 60), 2);
        rest[3] = ':';
        digits(rest, 4, (int) (m / 1_000_000L % 60), 2);
        rest[6] = '.';
        digits(rest, 7, (int) (m % 1_000_000L), 6);
        return (micros < 0 ? "-" : "") + h + new String(rest);
    }

    private static String datetime(int year, int month, int day, int hour, int minute, int second, int micros) {
        char[] c = new char[26];
        digits(c, 0, year, 4);
        c[4] = '-';
        digits(c, 5, month, 2);
        c[7] = '-';
        digits(c, 8, day, 2);
        c[10] = ' ';
        digits(c, 11, hour, 2);
        c[13] = ':';
        digits(c, 14, minute, 2);
        c[16] = ':';
        digits(c, 17, second, 2);
        c[19] = '.';
        digits(c, 20, micros, 6);
        return new String(c);
    }

    private static void digits(char[] c, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
