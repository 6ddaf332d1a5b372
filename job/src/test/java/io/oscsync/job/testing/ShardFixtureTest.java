package io.oscsync.job.testing;

import io.oscsync.job.config.TaskConfig;
import io.oscsync.job.config.TaskConfigLoader;
import io.oscsync.udfs.name.Wildcard;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shard task file, checked without servers: the ITs would only see a bad one as a failed start. */
class ShardFixtureTest {
    private static final String PREFIX = "shard_1_abcdef";

    @Test
    void taskFileRoutesEveryShardOfBothInstancesIntoOneTable() {
        TaskConfig task = parse("pessimistic", "online-ddl: true");
        assertEquals(TaskConfig.ShardMode.PESSIMISTIC, task.shardMode());
        assertEquals(
                List.of("up1", "up2"),
                task.mysqlInstances().stream()
                        .map(TaskConfig.Instance::sourceId)
                        .toList());
        TaskConfig.RouteRuleConfig route = task.routes().get("orders-merge");
        assertEquals(PREFIX + "_merged", route.targetSchema());
        assertEquals("orders", route.targetTable());
        for (int k = 1; k <= 4; k++)
            assertTrue(Wildcard.of(route.schemaPattern()).matches(PREFIX + "_s" + k));
        assertFalse(Wildcard.of(route.schemaPattern()).matches(PREFIX + "_merged"));
    }

    @Test
    void emptyShardModeMeansNoShardMerging() {
        assertEquals(TaskConfig.ShardMode.NONE, parse("", "").shardMode());
    }

    private static TaskConfig parse(String shardMode, String extra) {
        return new TaskConfigLoader(k -> null).parse(ShardFixture.taskYaml(PREFIX, 3306, 3307, 4000, shardMode, extra));
    }
}
