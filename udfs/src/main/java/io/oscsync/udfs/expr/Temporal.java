package io.oscsync.udfs.expr;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Date and time values as osc-sync carries them: MySQL literals, 'YYYY-MM-DD' and
 * 'YYYY-MM-DD hh:mm:ss[.ffffff]' (TIMESTAMP in UTC, so NOW() is UTC too).
 */
final class Temporal {
    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter DATETIME_MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    private Temporal() {}

    /** 'YYYY-MM-DD', optionally followed by ' hh:mm:ss' (or 'T'), a fraction and a UTC offset. */
    static boolean looksTemporal(String s) {
        int n = s.length() - (hasOffset(s) ? 6 : 0);
        if (n < 10 || s.charAt(4) != '-' || s.charAt(7) != '-') return false;
        if (!digits(s, 0, 4) || !digits(s, 5, 7) || !digits(s, 8, 10)) return false;
        if (n == 10) return true;
        char sep = s.charAt(10);
        return n >= 19
                && (sep == ' ' || sep == 'T')
                && digits(s, 11, 13)
                && s.charAt(13) == ':'
                && digits(s, 14, 16)
                && s.charAt(16) == ':'
                && digits(s, 17, 19)
                && (n == 19 || (s.charAt(19) == '.' && digits(s, 20, n)));
    }

    private static boolean digits(String s, int from, int to) {
        for (int i = from; i < to; i++) if (!Character.isDigit(s.charAt(i))) return false;
        return to > from;
    }

    /** Ends in MySQL's '+hh:mm' / '-hh:mm' after a time of day. */
    private static boolean hasOffset(String s) {
        int n = s.length();
        if (n < 25) return false;
        char sign = s.charAt(n - 6);
        return (sign == '+' || sign == '-') && digits(s, n - 5, n - 3) && s.charAt(n - 3) == ':' && digits(s, n - 2, n);
    }

    /**
     * 'YYYY-MM-DD hh:mm:ss.ffffff', so two temporal literals compare as text; a literal with an
     * offset is moved to UTC, the zone osc-sync carries TIMESTAMP values in.
     */
    static String normalize(String s) {
        if (hasOffset(s)) {
            var offset = ZoneOffset.of(s.substring(s.length() - 6));
            var local = LocalDateTime.parse(normalize(s.substring(0, s.length() - 6)), DATETIME_MICROS);
            return local.atOffset(offset).withOffsetSameInstant(ZoneOffset.UTC).format(DATETIME_MICROS);
        }
        StringBuilder b = new StringBuilder(26);
        b.append(s, 0, 10).append(' ');
        if (s.length() == 10) return b.append("00:00:00.000000").toString();
        b.append(s, 11, 19).append('.');
        int frac = s.length() > 20 ? Math.min(6, s.length() - 20) : 0;
        if (frac > 0) b.append(s, 20, 20 + frac);
        for (int i = frac; i < 6; i++) b.append('0');
        return b.toString();
    }

    /** The value as a date-time, or null when it is none (MySQL gives NULL for an invalid date). */
    static LocalDateTime parse(Object v) {
        String s = Values.toStr(v);
        if (s == null || !looksTemporal(s)) return null;
        try {
            return LocalDateTime.parse(normalize(s), DATETIME_MICROS);
        } catch (RuntimeException e) {
            return null; // '0000-00-00' and other dates Java refuses
        }
    }

    static boolean isDateOnly(Object v) {
        return v instanceof String s && s.length() == 10;
    }

    static String format(LocalDateTime t, boolean dateOnly) {
        if (dateOnly) return t.toLocalDate().toString();
        return t.getNano() == 0 ? t.format(DATETIME) : t.format(DATETIME_MICROS);
    }

    static String now() {
        return LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).format(DATETIME);
    }

    static String today() {
        return LocalDate.now(ZoneOffset.UTC).toString();
    }
}
