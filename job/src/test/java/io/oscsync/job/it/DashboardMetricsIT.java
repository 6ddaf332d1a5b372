package io.oscsync.job.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.oscsync.job.testing.Await;
import io.oscsync.job.testing.GhostReplay;
import io.oscsync.job.testing.GrafanaDashboard;
import io.oscsync.job.testing.MariaDbServer;
import io.oscsync.job.testing.MigrationFixture;
import io.oscsync.job.testing.PrometheusScrape;
import io.oscsync.job.testing.TableComparison;
import io.oscsync.job.testing.TestJob;
import io.oscsync.job.testing.UpstreamDownstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboard (deploy/grafana) against the packaged jar run as a user runs it with
 * {@code --metrics-port}: every metric a panel or variable queries is in the reporter's output,
 * with the labels the query matches and groups on, once the job has committed rows and a checkpoint.
 */
@ExtendWith(UpstreamDownstream.class)
class DashboardMetricsIT {
    private static final Logger LOG = LoggerFactory.getLogger(DashboardMetricsIT.class);
    private static final String OPERATOR = "flink_taskmanager_job_task_operator_";
    private static final String ROWS_PER_TABLE = OPERATOR + "table_rowsCommitted";
    private static final String CHECKPOINTS = "flink_jobmanager_job_numberOfCompletedCheckpoints";

    @Test
    void everyMetricTheDashboardQueriesIsServedByTheEmbeddedRun(UpstreamDownstream.Pair pair, @TempDir Path dir)
            throws Exception {
        String db = UpstreamDownstream.uniqueDatabase("dash");
        pair.upstream()
                .exec(
                        "CREATE DATABASE " + db,
                        "CREATE TABLE " + db + ".t (id INT PRIMARY KEY, a VARCHAR(20))",
                        "INSERT INTO " + db + ".t VALUES (1, 'one'), (2, 'two'), (3, 'three')");
        Path task = Files.writeString(dir.resolve("task.yaml"), TestJob.taskYaml(pair, db, "", ""));
        int port = freeLoopbackPort();
        URI endpoint = URI.create("http://127.0.0.1:" + port + "/");
        Path log = dir.resolve("job.log");
        Process job = embedded(task, dir.resolve("state"), port, log);
        try {
            MigrationFixture.awaitBinlogPhase(pair, db, db);
            pair.upstream().exec("INSERT INTO " + db + ".t VALUES (4, 'four'), (5, 'five')");
            TableComparison.awaitSame(pair, db, Duration.ofMinutes(2), "t");

            // A gh-ost migration of t: in flight, then cut over (the migration panels' numbers).
            GhostReplay ghost = new GhostReplay(pair.upstream(), db, "t");
            ghost.start("ADD COLUMN c INT NULL");
            ghost.copyRows("`id`, `a`", 100, 10);
            Await.until("the migration in flight, in the scrape", Duration.ofMinutes(2), () -> {
                PrometheusScrape s = scrapeOrNull(endpoint);
                return s != null && sum(s, OPERATOR + "ghostMigrationsInFlight", null, null) == 1;
            });
            ghost.syncAndCutOverAtomic("`id`, `a`");
            TableComparison.awaitSame(pair, db, Duration.ofMinutes(2), "t");

            // The five rows of t committed (three by the snapshot, two from the binlog), the ghost's copy of
            // them skipped, the migration cut over, and a checkpoint since.
            AtomicReference<PrometheusScrape> scrape = new AtomicReference<>();
            Await.until(
                    "t's 5 rows, the cut-over and a checkpoint in the scrape of " + endpoint,
                    Duration.ofMinutes(2),
                    () -> {
                        PrometheusScrape s = scrapeOrNull(endpoint);
                        assertThat(s).as("an answer from " + endpoint).isNotNull();
                        scrape.set(s);
                        // The reporter writes label values with each character outside [A-Za-z0-9_:] as '_'.
                        assertThat(sum(s, ROWS_PER_TABLE, "table", db + "_t"))
                                .as("rows committed to t")
                                .isEqualTo(5);
                        assertThat(sum(s, CHECKPOINTS, null, null))
                                .as("checkpoints")
                                .isGreaterThanOrEqualTo(1);
                        assertThat(sum(s, OPERATOR + "ghostCutOvers", null, null))
                                .as("cut-overs")
                                .isEqualTo(1);
                        assertThat(sum(s, OPERATOR + "ghostMigrationsInFlight", null, null))
                                .as("migrations in flight")
                                .isEqualTo(0);
                        assertThat(sum(s, OPERATOR + "ghostRowsSkipped", null, null))
                                .as("ghost rows skipped")
                                .isEqualTo(5);
                        return true;
                    });
            PrometheusScrape metrics = scrape.get();
            LOG.info("scraped metrics: {}", metrics.metrics());

            JsonNode dashboard = GrafanaDashboard.read(GrafanaDashboard.FILE);
            List<GrafanaDashboard.Query> queries = GrafanaDashboard.queries(dashboard);
            assertThat(queries).as("queries in " + GrafanaDashboard.FILE).hasSizeGreaterThan(20);
            assertThat(GrafanaDashboard.missingIn(metrics, queries))
                    .as("what the dashboard queries and the job does not register")
                    .isEmpty();

            // The check sees a metric renamed and a label misspelt.
            JsonNode broken = new ObjectMapper()
                    .readTree(dashboard
                            .toString()
                            .replace("operator_ghostCutOvers{", "operator_ghostCutovers{")
                            .replace("sum by (table)", "sum by (tabel)"));
            assertThat(GrafanaDashboard.missingIn(metrics, GrafanaDashboard.queries(broken)))
                    .containsExactly(
                            "panel 'Rows committed / s per table': " + ROWS_PER_TABLE
                                    + " has no label tabel to group by",
                            "panel 'Migration events': metric flink_taskmanager_job_task_operator_ghostCutovers"
                                    + " is not registered");

            // What the lag panel shows: the snapshot's rows and table definitions, which have no binlog
            // time, must not count as changes from 1970.
            assertThat(metrics.series("flink_taskmanager_job_task_operator_replicationLagMs"))
                    .isNotEmpty()
                    .allSatisfy(lag -> assertThat(lag.value())
                            .as("replicationLagMs of committer " + lag.labels().get("subtask_index"))
                            .isBetween(0.0, (double) Duration.ofMinutes(5).toMillis()));

            assertThat(rawScrape(endpoint)).as("the metrics hold no password").doesNotContain(MariaDbServer.PASSWORD);

            job.destroy(); // SIGTERM: stop with a savepoint
            assertThat(job.waitFor(2, TimeUnit.MINUTES))
                    .as("stopped within 2 minutes")
                    .isTrue();
            assertThat(job.exitValue())
                    .as("exit code after SIGTERM; see " + log)
                    .isZero();
        } finally {
            job.destroyForcibly();
        }
    }

    /** The sum over the metric's series whose label has that value (all series when label is null); -1 if none. */
    private static double sum(PrometheusScrape s, String metric, String label, String labelValue) {
        return s.series(metric).stream()
                .filter(x -> label == null || labelValue.equals(x.labels().get(label)))
                .mapToDouble(PrometheusScrape.Series::value)
                .reduce(Double::sum)
                .orElse(-1);
    }

    private static PrometheusScrape scrapeOrNull(URI endpoint) {
        try {
            return PrometheusScrape.fetch(endpoint);
        } catch (IOException e) {
            return null; // the reporter starts with the MiniCluster
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String rawScrape(URI endpoint) throws IOException, InterruptedException {
        return HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(endpoint).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static Process embedded(Path task, Path state, int metricsPort, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String jar = System.getProperty("osc.jobJar");
        assertThat(jar).as("osc.jobJar is set by failsafe to the packaged jar").isNotNull();
        return new ProcessBuilder(
                        java,
                        "-Xmx1g",
                        "-jar",
                        jar,
                        "--task",
                        task.toString(),
                        "--state-dir",
                        state.toString(),
                        "--metrics-port",
                        String.valueOf(metricsPort))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }
}
