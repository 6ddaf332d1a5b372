package io.oscsync.job.cli;

import io.oscsync.job.config.ConfigException;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --metrics-port PORT}: the embedded run serves its metrics for Prometheus through Flink's
 * own reporter (its jar is in {@code lib/} beside the job jar), as a cluster does when its config
 * names the reporter. A range ({@code 9249-9259}) takes the first free port, as Flink does.
 */
final class MetricsPort {
    static final String FACTORY = "org.apache.flink.metrics.prometheus.PrometheusReporterFactory";
    private static final ConfigOption<String> FACTORY_CLASS = ConfigOptions.key("metrics.reporter.prom.factory.class")
            .stringType()
            .noDefaultValue();
    private static final ConfigOption<String> PORT =
            ConfigOptions.key("metrics.reporter.prom.port").stringType().noDefaultValue();
    private static final Pattern PORTS = Pattern.compile("(\\d{1,5})(?:-(\\d{1,5}))?");

    private MetricsPort() {}

    /** @return the port or range, checked */
    static String parse(String value) {
        Matcher m = PORTS.matcher(value);
        if (m.matches()) {
            int from = Integer.parseInt(m.group(1));
            int to = m.group(2) == null ? from : Integer.parseInt(m.group(2));
            if (from >= 1 && to <= 65535 && from <= to) return value;
        }
        throw new ConfigException(
                "--metrics-port: '" + value + "' is not a port (1-65535) or a range of them such as 9249-9259");
    }

    static void enable(Configuration conf, String ports) {
        conf.set(FACTORY_CLASS, FACTORY);
        conf.set(PORT, ports);
    }
}
