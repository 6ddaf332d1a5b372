package io.oscsync.job.it;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

import java.time.Duration;

/** The MiniCluster the job ITs run on: one TaskManager with a few slots, like the embedded runner. */
final class MiniClusters {
    private MiniClusters() {}

    static MiniClusterExtension extension() {
        Configuration conf = new Configuration();
        // The ITs wait on metrics through the REST API (FlinkRest); the default refreshes every 10 s.
        conf.set(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL, Duration.ofMillis(500));
        return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
                .setConfiguration(conf)
                .setNumberTaskManagers(1)
                .setNumberSlotsPerTaskManager(4)
                .build());
    }
}
