package io.oscsync.job.cli;

import io.oscsync.job.config.ConfigException;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** --metrics-port: what Flink would only log (no such port, port taken) is refused at start with exit code 2. */
class MetricsPortTest {
    @Test
    void aPortOrARangeWithAFreePortTurnsOnFlinksPrometheusReporter() throws Exception {
        int free;
        try (ServerSocket s = new ServerSocket(0)) {
            free = s.getLocalPort();
        }
        assertThat(MetricsPort.check(String.valueOf(free))).isEqualTo(String.valueOf(free));
        Configuration conf = new Configuration();
        MetricsPort.enable(conf, free + "-" + (free + 1));
        assertThat(conf.toMap())
                .containsEntry("metrics.reporter.prom.factory.class", MetricsPort.FACTORY)
                .containsEntry("metrics.reporter.prom.port", free + "-" + (free + 1));
    }

    @Test
    void notAPortIsRefusedBeforeTheTaskIsRead() throws Exception {
        for (String bad : new String[] {"0", "65536", "9259-9249", "http", "9249,9250", ""}) {
            String err = runCapturingErr("--task", "/nonexistent/task.yaml", "--metrics-port", bad);
            assertThat(err).contains("--metrics-port: '" + bad + "' is not a port (1-65535) or a range");
        }
    }

    @Test
    void aPortInUseIsRefused() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            String port = String.valueOf(taken.getLocalPort());
            assertThatThrownBy(() -> MetricsPort.check(port))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("--metrics-port: port " + port + " is in use; name a free port or a range");
            assertThat(runCapturingErr("--task", "/nonexistent/task.yaml", "--metrics-port", port))
                    .contains("port " + port + " is in use");
        }
    }

    private static String runCapturingErr(String... args) throws Exception {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true));
        int code;
        try {
            code = OscSyncCli.run(args);
        } finally {
            System.setErr(old);
        }
        assertThat(code).as(err.toString()).isEqualTo(2);
        return err.toString();
    }
}
