package io.oscsync.job.source;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Nanoseconds per DATETIME / TIMESTAMP / TIME value, the java.time rendering before against
 * TemporalText (a figure, not a test). Run with the test classpath:
 * {@code java -cp job/target/classes:job/target/test-classes:<deps> io.oscsync.job.source.TemporalTextBench}.
 */
public final class TemporalTextBench {
    private TemporalTextBench() {}

    public static void main(String[] args) {
        int n = 2_000_000;
        long[] micros = new long[n];
        String[] iso = new String[n];
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < n; i++) {
            micros[i] = (1_000_000_000L + r.nextInt(1_000_000_000)) * 1_000_000L + r.nextInt(1_000_000);
            iso[i] = Instant.ofEpochSecond(micros[i] / 1_000_000, micros[i] % 1_000_000 * 1000)
                    .atOffset(ZoneOffset.UTC)
                    .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        }
        for (int round = 0; round < 5; round++) {
            report("datetime before", n, () -> {
                long h = 0;
                for (long m : micros) h += TemporalTextTest.referenceDatetime(m).length();
                return h;
            });
            report("datetime after ", n, () -> {
                long h = 0;
                for (long m : micros) h += TemporalText.datetime(m).length();
                return h;
            });
            report("timestamp before", n, () -> {
                long h = 0;
                for (String s : iso) h += TemporalTextTest.referenceZoned(s).length();
                return h;
            });
            report("timestamp after ", n, () -> {
                long h = 0;
                for (String s : iso) h += TemporalText.zonedUtc(s).length();
                return h;
            });
            report("time before", n, () -> {
                long h = 0;
                for (long m : micros)
                    h += TemporalTextTest.referenceTime(m % 3_000_000_000_000L).length();
                return h;
            });
            report("time after ", n, () -> {
                long h = 0;
                for (long m : micros)
                    h += TemporalText.time(m % 3_000_000_000_000L).length();
                return h;
            });
        }
    }

    private static void report(String what, int n, java.util.function.LongSupplier work) {
        long start = System.nanoTime();
        long sink = work.getAsLong();
        long ns = System.nanoTime() - start;
        System.out.printf("%-17s %6.1f ns/value (%d)%n", what, (double) ns / n, sink % 7);
    }
}
