package io.oscsync.job.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.oscsync.job.cli.OscSyncCli;
import io.oscsync.job.testing.MariaDbServer;
import io.oscsync.job.testing.UpstreamDownstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code check --task}: every start-up problem at once, nothing started, a report for people and for scripts. */
@ExtendWith(UpstreamDownstream.class)
class CheckTaskIT {

    @Test
    void everyProblemIsReportedAtOnceWithWhatToDo(UpstreamDownstream.Pair pair, @TempDir Path dir) throws Exception {
        Path notAFolder = Files.writeString(dir.resolve("state"), "a file");
        try (MariaDbServer up = MariaDbServer.start(
                "check-stmt", List.of("--log-bin=mysql-bin", "--binlog-format=STATEMENT", "--server-id=9100"))) {
            Path task = write(dir, task(up.port(), pair.downstream().port()));
            Result r = check(task, "--state-dir", notAFolder.toString());
            assertEquals(3, r.exitCode, r.out);
            assertThat(r.out)
                    .contains("problems (3):")
                    .contains("binlog_format=STATEMENT; osc-sync needs ROW")
                    .contains("has server_id 9100, which the task's server-id 9100 includes")
                    .contains(notAFolder + " is a file, not a folder")
                    .contains("result: the task cannot start (3 problems)");

            JsonNode json = new ObjectMapper().readTree(check(task, "--json").out);
            assertThat(json.get("passed").asBoolean()).isFalse();
            assertThat(json.get("problems")).hasSize(2);
            assertThat(json.get("exitCode").asInt()).isEqualTo(3);
        }
    }

    @Test
    void aCleanTaskPassesAndAMigrationInFlightIsAWarning(UpstreamDownstream.Pair pair, @TempDir Path dir)
            throws Exception {
        String db = UpstreamDownstream.uniqueDatabase("check_ok");
        pair.upstream()
                .exec(
                        "CREATE DATABASE " + db,
                        "CREATE TABLE " + db + ".t (id INT PRIMARY KEY)",
                        "CREATE TABLE " + db + "._t_gho LIKE " + db + ".t",
                        "CREATE TABLE " + db + "._orphan_old (id INT PRIMARY KEY)");
        try {
            Path task = write(
                    dir,
                    task(pair.upstream().port(), pair.downstream().port())
                            + "    block-allow-list: one\nonline-ddl: true\nblock-allow-list:\n  one:\n    do-dbs: [\""
                            + db
                            + "\"]\n");
            Result r = check(task, "--state-dir", dir.resolve("state").toString());
            assertEquals(0, r.exitCode, r.out);
            assertThat(r.out)
                    .contains("upstream up1: 1 table(s) to replicate")
                    .contains("warnings (2):")
                    .contains("table " + db + "._orphan_old is named like a trash table of " + db
                            + ".orphan, which does not exist: its rows are NOT replicated")
                    .contains("a migration of " + db + ".t is in flight (ghost table " + db + "._t_gho exists)")
                    .contains("online-ddl-derive-missing")
                    .contains("result: the task can start")
                    .doesNotContain("problems");
            assertThat(pair.downstream().query("SHOW DATABASES LIKE '" + db + "'"))
                    .as("nothing written")
                    .isEmpty();
        } finally {
            pair.upstream().exec("DROP DATABASE " + db);
        }
    }

    private static String task(int upstreamPort, int downstreamPort) {
        return """
                name: check-task
                target-database: {host: 127.0.0.1, port: %d, user: osc, password: "%s", dialect: mysql}
                mysql-instances:
                  - source-id: up1
                    host: 127.0.0.1
                    port: %d
                    user: osc
                    password: "%s"
                    server-id: 9100
                """.formatted(downstreamPort, MariaDbServer.PASSWORD, upstreamPort, MariaDbServer.PASSWORD);
    }

    private static Path write(Path dir, String yaml) throws Exception {
        return Files.writeString(dir.resolve("task.yaml"), yaml);
    }

    record Result(int exitCode, String out) {}

    private static Result check(Path task, String... more) throws Exception {
        String[] args = new String[3 + more.length];
        args[0] = "check";
        args[1] = "--task";
        args[2] = task.toString();
        System.arraycopy(more, 0, args, 3, more.length);
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            int code = OscSyncCli.run(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
        }
    }
}
