package io.oscsync.job.source;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The digit-by-digit rendering gives exactly the text java.time gave before, value for value. */
class TemporalTextTest {
    private static final DateTimeFormatter PATTERN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");
    /** MySQL's DATETIME range, '1000-01-01' to '9999-12-31', widened to years 1 to 9999. */
    private static final long MIN_MICROS = LocalDateTime.of(1, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC) * 1_000_000L;

    private static final long MAX_MICROS =
            LocalDateTime.of(9999, 12, 31, 23, 59, 59).toEpochSecond(ZoneOffset.UTC) * 1_000_000L + 999_999;

    /** What DebeziumValues and TemporalConverter did before. */
    static String referenceDatetime(long epochMicros) {
        Instant i = Instant.ofEpochSecond(
                Math.floorDiv(epochMicros, 1_000_000L), Math.floorMod(epochMicros, 1_000_000L) * 1_000L);
        return LocalDateTime.ofInstant(i, ZoneOffset.UTC).format(PATTERN);
    }

    static String referenceZoned(String iso) {
        Instant instant = OffsetDateTime.parse(iso).toInstant();
        if (instant.equals(Instant.EPOCH)) return "0000-00-00 00:00:00.000000";
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC).format(PATTERN);
    }

    static String referenceTime(long micros) {
        String sign = micros < 0 ? "-" : "";
        long m = Math.abs(micros);
        return String.format(
                "%s%02d:%02d:%02d.%06d",
                sign, m / 3_600_000_000L, m / 60_000_000L % 60, m / 1_000_000L % 60, m % 1_000_000L);
    }

    @Test
    void datetimesAsBeforeOverTheWholeRange() {
        Random r = new Random(15);
        long[] edges = {
            MIN_MICROS, MAX_MICROS, 0, -1, 1, 951_782_400_000_000L /* 2000-02-29 */, -62_135_596_800_000_000L
        };
        for (long e : edges) {
            assertThat(TemporalText.datetime(e)).isEqualTo(referenceDatetime(e));
            LocalDateTime t = LocalDateTime.ofEpochSecond(
                    Math.floorDiv(e, 1_000_000L), (int) Math.floorMod(e, 1_000_000L) * 1000, ZoneOffset.UTC);
            assertThat(TemporalText.datetime(t)).isEqualTo(t.format(PATTERN));
        }
        for (int i = 0; i < 200_000; i++) {
            long micros = MIN_MICROS + Math.floorMod(r.nextLong(), MAX_MICROS - MIN_MICROS);
            assertThat(TemporalText.datetime(micros)).isEqualTo(referenceDatetime(micros));
            LocalDateTime t = LocalDateTime.ofEpochSecond(
                    Math.floorDiv(micros, 1_000_000L),
                    (int) Math.floorMod(micros, 1_000_000L) * 1000 + r.nextInt(1000),
                    ZoneOffset.UTC);
            assertThat(TemporalText.datetime(t)).isEqualTo(t.format(PATTERN)); // nanos cut, not rounded
        }
        // Outside years 1 to 9999: the formatter, as before.
        LocalDateTime far = LocalDateTime.of(12_345, 1, 1, 0, 0);
        assertThat(TemporalText.datetime(far)).isEqualTo(far.format(PATTERN));
    }

    @Test
    void zonedTimestampsAsBefore() {
        Random r = new Random(7);
        DateTimeFormatter debezium = DateTimeFormatter.ISO_OFFSET_DATE_TIME; // Debezium's ZonedTimestamp text
        for (int i = 0; i < 200_000; i++) {
            long seconds = 1 + Math.floorMod(r.nextLong(), 2_147_483_647L); // TIMESTAMP's range
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> r.nextInt(1000) * 1_000_000;
                case 2 -> r.nextInt(1_000_000) * 1000;
                default -> r.nextInt(1_000_000_000);
            };
            String iso = Instant.ofEpochSecond(seconds, nanos)
                    .atOffset(ZoneOffset.UTC)
                    .format(debezium);
            assertThat(TemporalText.zonedUtc(iso)).as(iso).isEqualTo(referenceZoned(iso));
        }
        for (String iso : new String[] {
            "1970-01-01T00:00:00Z",
            "1970-01-01T00:00:00.000Z",
            "1970-01-01T00:00:00.000001Z",
            "2038-01-19T03:14:07.999999Z",
            "2024-01-02T03:04:05+03:00",
            "2024-01-02T03:04:05.123456789Z"
        }) {
            assertThat(TemporalText.zonedUtc(iso)).as(iso).isEqualTo(referenceZoned(iso));
        }
    }

    @Test
    void timesAsBefore() {
        Random r = new Random(3);
        long max = 838L * 3_600_000_000L + 59 * 60_000_000L + 59_999_999L;
        for (long e : new long[] {0, 1, -1, max, -max, 3_600_000_000L * 9, 3_600_000_000L * 10, 3_600_000_000L * 100}) {
            assertThat(TemporalText.time(e)).isEqualTo(referenceTime(e));
        }
        for (int i = 0; i < 100_000; i++) {
            long micros = Math.floorMod(r.nextLong(), 2 * max + 1) - max;
            assertThat(TemporalText.time(micros)).isEqualTo(referenceTime(micros));
        }
    }
}
