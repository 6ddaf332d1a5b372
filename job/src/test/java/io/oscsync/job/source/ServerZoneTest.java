package io.oscsync.job.source;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ServerZoneTest {
    @Test
    void aNamedZoneIsKeptSoDaylightSavingIsFollowed() {
        assertThat(UpstreamChecks.serverZone("Europe/Berlin", "CET", "01:00")).isEqualTo("Europe/Berlin");
        assertThat(UpstreamChecks.serverZone("SYSTEM", "UTC", "00:00")).isEqualTo("UTC");
        assertThat(UpstreamChecks.serverZone("+03:00", "UTC", "03:00")).isEqualTo("+03:00");
    }

    @Test
    void anUnknownNameFallsBackToTheCurrentOffset() {
        assertThat(UpstreamChecks.serverZone("SYSTEM", "XYZT", "-07:00")).isEqualTo("-07:00");
        assertThat(UpstreamChecks.serverZone("SYSTEM", "XYZT", "05:30")).isEqualTo("+05:30");
    }
}
