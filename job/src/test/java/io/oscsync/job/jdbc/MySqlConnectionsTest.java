package io.oscsync.job.jdbc;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The write session accepts every value an upstream stored, and stays strict otherwise. */
class MySqlConnectionsTest {
    @Test
    void writeSqlModeAllowsZeroDatesAndKeepsStrictness() {
        String tidb = "ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,"
                + "ERROR_FOR_DIVISION_BY_ZERO,NO_AUTO_CREATE_USER,NO_ENGINE_SUBSTITUTION";
        assertThat(MySqlConnections.writeSqlMode(tidb))
                .isEqualTo("ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,"
                        + "ERROR_FOR_DIVISION_BY_ZERO,NO_AUTO_CREATE_USER,NO_ENGINE_SUBSTITUTION,ALLOW_INVALID_DATES,"
                        + "NO_AUTO_VALUE_ON_ZERO");
    }

    @Test
    void anEmptyModeGetsOnlyWhatIsNeeded() {
        assertThat(MySqlConnections.writeSqlMode("")).isEqualTo("ALLOW_INVALID_DATES,NO_AUTO_VALUE_ON_ZERO");
        assertThat(MySqlConnections.writeSqlMode("no_auto_value_on_zero"))
                .isEqualTo("NO_AUTO_VALUE_ON_ZERO,ALLOW_INVALID_DATES");
    }
}
