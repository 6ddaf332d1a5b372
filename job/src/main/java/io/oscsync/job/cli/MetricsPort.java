package io.oscsync.job.cli;

import io.oscsync.job.config.ConfigException;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --metrics-port PORT}: the embedded run serves its metrics for Prometheus through Flink's
 * own reporter (its jar is in {@code lib/} beside the job jar), as a cluster does when its config
 * names the reporter. A range ({@code 9249-9259}) takes the first free port, as Flink does.
 *
 * <p>Flink only logs a reporter it cannot find or start, and runs on without it; so what makes it
 * fail (the jar missing, no free port) is checked here first, and refused with a message.
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

    /** @return the port or range, checked: well formed, with a port free now, and the reporter present */
    static String check(String value) {
        Matcher m = PORTS.matcher(value);
        int from = m.matches() ? Integer.parseInt(m.group(1)) : -1;
        int to = m.matches() && m.group(2) != null ? Integer.parseInt(m.group(2)) : from;
        if (from < 1 || to > 65535 || from > to) {
            throw new ConfigException(
                    "--metrics-port: '" + value + "' is not a port (1-65535) or a range of them such as 9249-9259");
        }
        if (!anyFree(from, to)) {
            throw new ConfigException(
                    "--metrics-port: " + (from == to ? "port " + value + " is" : "ports " + value + " are")
                            + " in use; name a free port or a range");
        }
        try {
            Class.forName(FACTORY, false, MetricsPort.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new ConfigException(
                    "--metrics-port: Flink's Prometheus reporter (flink-metrics-prometheus) is "
                            + "not on the classpath; it belongs in the lib/ folder beside the job jar (mvn package puts it there)");
        }
        return value;
    }

    static void enable(Configuration conf, String ports) {
        conf.set(FACTORY_CLASS, FACTORY);
        conf.set(PORT, ports);
    }

    /** The reporter listens on all interfaces, so that is where a port must be free. */
    private static boolean anyFree(int from, int to) {
        for (int port = from; port <= to; port++) {
            try (ServerSocket s = new ServerSocket(port)) {
                return true;
            } catch (IOException e) {
                // taken: try the next one
            }
        }
        return false;
    }
}
