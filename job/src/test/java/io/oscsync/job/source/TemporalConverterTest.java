package io.oscsync.job.source;

import org.junit.jupiter.api.Test;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Year;

import static org.assertj.core.api.Assertions.assertThat;

/** The values Debezium hands the converter, as MySQL literals. */
class TemporalConverterTest {
    @Test
    void yearZeroIsZeroFromTheBinlogAndTheSnapshot() {
        assertThat(TemporalConverter.year(Year.of(1900))).isEqualTo(0); // binlog: 1900 + stored byte 0
        assertThat(TemporalConverter.year(Year.of(1901))).isEqualTo(1901);
        assertThat(TemporalConverter.year((short) 0)).isEqualTo(0); // snapshot, yearIsDateType=false
        assertThat(TemporalConverter.year(2155)).isEqualTo(2155);
    }

    @Test
    void datesAndDatetimesKeepEveryDigit() {
        assertThat(TemporalConverter.literal(LocalDate.of(1000, 1, 1))).isEqualTo("1000-01-01");
        assertThat(TemporalConverter.literal(LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000)))
                .isEqualTo("9999-12-31 23:59:59.999999");
        assertThat(TemporalConverter.literal(Timestamp.valueOf("1970-01-01 00:00:00.000001")))
                .isEqualTo("1970-01-01 00:00:00.000001");
    }

    @Test
    void aDefaultDebeziumAlreadyConvertedIsNeverPassedOnAsAValue() {
        assertThat(TemporalConverter.literal(0L))
                .isEqualTo(TemporalConverter.LOST); // DATETIME DEFAULT CURRENT_TIMESTAMP
    }
}
