package io.oscsync.job.testing;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The shipped {@code conf/} folder, read the way its users' tools read it. */
public final class ShippedConf {
    public static final Path DIR =
            Path.of(System.getProperty("osc.repoRoot", "..")).resolve("conf");

    private ShippedConf() {}

    /** conf/flink-config.yaml through Flink's own parser, which reads standard YAML only from a file named config.yaml. */
    public static Configuration flinkConfig(Path scratch) throws IOException {
        Files.copy(DIR.resolve("flink-config.yaml"), scratch.resolve(GlobalConfiguration.FLINK_CONF_FILENAME));
        boolean standardYaml = GlobalConfiguration.isStandardYaml();
        try {
            return GlobalConfiguration.loadConfiguration(scratch.toString());
        } finally {
            GlobalConfiguration.setStandardYaml(standardYaml);
        }
    }
}
