package io.oscsync.job.source;

import io.oscsync.job.config.ConfigException;
import io.oscsync.job.config.TaskConfig;

import java.util.Map;

/** Connection properties for DM's {@code security} block. */
public final class Tls {
    private Tls() {}

    /** Properties for a MySQL Connector/J connection. */
    public static Map<String, String> jdbcProperties(TaskConfig.Security security) {
        requireUnsupported(security);
        return Map.of("useSSL", "false", "allowPublicKeyRetrieval", "true");
    }

    /** Properties for Debezium's binlog client. */
    public static Map<String, String> debeziumProperties(TaskConfig.Security security) {
        requireUnsupported(security);
        return Map.of("database.ssl.mode", "disabled");
    }

    private static void requireUnsupported(TaskConfig.Security security) {
        if (security != null) {
            throw new ConfigException("security: TLS connections are not implemented yet in this build; "
                    + "remove the security block or connect through a TLS tunnel");
        }
    }
}
