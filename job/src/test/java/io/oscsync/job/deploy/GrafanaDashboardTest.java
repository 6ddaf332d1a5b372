package io.oscsync.job.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.oscsync.job.testing.GrafanaDashboard;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's shape, without servers (DashboardMetricsIT checks its queries against the job):
 * it imports into any Grafana with a Prometheus data source, and each panel queries something.
 */
class GrafanaDashboardTest {
    private static final String DS = "${DS_PROMETHEUS}";

    @Test
    void everyPanelQueriesMetricsThroughTheChosenDataSource() throws Exception {
        JsonNode dashboard = GrafanaDashboard.read(GrafanaDashboard.FILE);
        JsonNode variables = dashboard.path("templating").path("list");
        assertThat(variables.get(0).path("type").asText()).isEqualTo("datasource");
        assertThat(variables.get(0).path("name").asText()).isEqualTo("DS_PROMETHEUS");
        assertThat(variables.get(0).path("query").asText()).isEqualTo("prometheus");

        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : GrafanaDashboard.panels(dashboard)) {
            String title = panel.path("title").asText();
            assertThat(ids.add(panel.path("id").asInt()))
                    .as("id of " + title + " unique")
                    .isTrue();
            if (panel.path("type").asText().equals("row")) continue;
            assertThat(panel.path("datasource").path("uid").asText()).as(title).isEqualTo(DS);
            assertThat(panel.path("description").asText())
                    .as("description of " + title)
                    .isNotBlank();
            assertThat(panel.path("targets")).as("targets of " + title).isNotEmpty();
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("datasource").path("uid").asText())
                        .as(title)
                        .isEqualTo(DS);
            }
        }
        for (GrafanaDashboard.Query q : GrafanaDashboard.queries(dashboard)) {
            assertThat(q.parsed().metrics()).as(q.where() + ": " + q.expr()).isNotEmpty();
            if (q.where().startsWith("panel")) {
                assertThat(q.expr()).as(q.where() + ": the jobs chosen").contains("job_name=~\"$job\"");
            }
        }
    }
}
