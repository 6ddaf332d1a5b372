package io.oscsync.job.testing;

import io.oscsync.job.testing.PromQl.Selector;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PromQlTest {
    @Test
    void aBareMetricIsASelectorWithoutLabels() {
        assertThat(PromQl.parse("flink_jobmanager_job_uptime").selectors())
                .containsExactly(new Selector("flink_jobmanager_job_uptime", Set.of()));
    }

    @Test
    void functionsAggregationsRangesAndGrafanaVariablesAreNotMetrics() {
        PromQl.Query q = PromQl.parse("sum by (table) (rate(flink_taskmanager_job_task_operator_table_rowsCommitted"
                + "{job_name=~\"$job\", table!=\"\"}[$__rate_interval]))");
        assertThat(q.selectors())
                .containsExactly(new Selector(
                        "flink_taskmanager_job_task_operator_table_rowsCommitted", Set.of("job_name", "table")));
        assertThat(q.groupingLabels()).containsExactly("table");
    }

    @Test
    void groupingAfterTheAggregatedExpressionAndDurationsAndNumbers() {
        PromQl.Query q =
                PromQl.parse("max(increase(a_total{x='1'}[5m] offset 1h)) by (job_name, subtask_index) / 1000 > 0.5e3");
        assertThat(q.metrics()).containsExactly("a_total");
        assertThat(q.groupingLabels()).containsExactlyInAnyOrder("job_name", "subtask_index");
    }

    @Test
    void bothSidesOfABinaryOperatorWithTheirJoinLabels() {
        PromQl.Query q =
                PromQl.parse("a / on(job_id) group_left(job_name) b{c=\"d\"} and bool c or max without (host) (d)");
        assertThat(q.metrics()).containsExactly("a", "b", "c", "d");
        assertThat(q.groupingLabels()).containsExactlyInAnyOrder("job_id", "job_name", "host");
        assertThat(q.selectors().get(1).labels()).containsExactly("c");
    }

    @Test
    void aMetricNamedByItsNameLabelAndMatcherValuesThatLookLikeNames() {
        PromQl.Query q = PromQl.parse("{__name__=\"flink_x\", operator_name=~\"TiDB sink.*\"} + y{a=\"sum(z)\"}");
        assertThat(q.selectors())
                .containsExactly(new Selector("flink_x", Set.of("operator_name")), new Selector("y", Set.of("a")));
    }

    @Test
    void subqueriesAndQuotedEscapes() {
        PromQl.Query q = PromQl.parse("max_over_time(deriv(lag{l=\"a\\\"b\"}[1m])[10m:30s]) * ${factor}");
        assertThat(q.selectors()).containsExactly(new Selector("lag", Set.of("l")));
    }
}
