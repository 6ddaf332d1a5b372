package io.oscsync.job.it;

import io.oscsync.job.cli.OscSyncCli;
import io.oscsync.job.testing.MariaDbServer;
import io.oscsync.job.testing.UpstreamDownstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** What a user sees when the task cannot start: a clear message, a non-zero exit, nothing run. */
@ExtendWith(UpstreamDownstream.class)
class StartupChecksIT {

    @Test
    void upstreamWithoutRowBinlogEndsWithAMessageSayingWhatToSet(UpstreamDownstream.Pair pair, @TempDir Path dir)
            throws Exception {
        try (MariaDbServer statementBinlog = MariaDbServer.start(
                "stmt-binlog", List.of("--log-bin=mysql-bin", "--binlog-format=STATEMENT", "--server-id=77"))) {
            Result r =
                    runCli(dir, task(statementBinlog.port(), pair.downstream().port(), MariaDbServer.PASSWORD));
            assertEquals(3, r.exitCode, r.stderr);
            assertThat(r.stderr)
                    .contains("binlog_format=STATEMENT")
                    .contains("needs ROW")
                    .contains("restart");
        }
    }

    @Test
    void unreachableUpstreamIsNamedWithoutThePassword(UpstreamDownstream.Pair pair, @TempDir Path dir)
            throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Result r = runCli(dir, task(closedPort, pair.downstream().port(), "s3cret-never-shown"));
        assertEquals(3, r.exitCode, r.stderr);
        assertThat(r.stderr)
                .contains("upstream up1 (127.0.0.1:" + closedPort + ")")
                .contains("cannot connect")
                .doesNotContain("s3cret-never-shown");
    }

    @Test
    void wrongPasswordIsReportedWithoutEchoingIt(UpstreamDownstream.Pair pair, @TempDir Path dir) throws Exception {
        Result r = runCli(dir, task(pair.upstream().port(), pair.downstream().port(), "wrong-pass-xyz"));
        assertEquals(3, r.exitCode, r.stderr);
        assertThat(r.stderr).contains("Access denied").doesNotContain("wrong-pass-xyz");
    }

    @Test
    void fullModeWithNoTableToCopyIsRefusedSayingWhatToDo(UpstreamDownstream.Pair pair, @TempDir Path dir)
            throws Exception {
        String db = UpstreamDownstream.uniqueDatabase("full_empty");
        pair.upstream().exec("CREATE DATABASE " + db);
        Result r = runCli(
                dir,
                io.oscsync.job.testing.TestJob.taskYaml(pair, db, "", "").replace("task-mode: all", "task-mode: full"));
        assertEquals(3, r.exitCode, r.stderr);
        assertThat(r.stderr)
                .contains("no table matches the task's block-allow list")
                .contains("task-mode all");
    }

    @Test
    void badTaskFileFailsBeforeAnythingRuns(@TempDir Path dir) throws Exception {
        Result r = runCli(dir, """
                name: bad
                target-database: {host: 127.0.0.1, port: 1, user: u}
                mysql-instances:
                  - source-id: a
                    host: 127.0.0.1
                    port: 1
                    user: u
                    server-id: 1
                    hots: typo
                """);
        assertEquals(2, r.exitCode, r.stderr);
        assertThat(r.stderr).contains("mysql-instances[0]").contains("unknown field 'hots'");
    }

    @Test
    void aForeignKeyThatChangesRowsIsRefusedNamingIt(UpstreamDownstream.Pair pair, @TempDir Path dir) throws Exception {
        String db = UpstreamDownstream.uniqueDatabase("cascade");
        pair.upstream()
                .exec(
                        "CREATE DATABASE " + db,
                        "CREATE TABLE " + db + ".p (id INT PRIMARY KEY)",
                        "CREATE TABLE " + db + ".c (id INT PRIMARY KEY, pid INT, "
                                + "CONSTRAINT fk_c FOREIGN KEY (pid) REFERENCES p (id) ON DELETE CASCADE)");
        try {
            Result r = runCli(
                    dir,
                    task(pair.upstream().port(), pair.downstream().port(), MariaDbServer.PASSWORD)
                            + "    block-allow-list: one\nblock-allow-list:\n  one:\n    do-dbs: [\"" + db + "\"]\n");
            assertEquals(3, r.exitCode, r.stderr);
            assertThat(r.stderr)
                    .contains(db + ".c (fk_c: ON UPDATE RESTRICT ON DELETE CASCADE)")
                    .contains("does not write the rows")
                    .contains("RESTRICT or NO ACTION");
        } finally {
            pair.upstream().exec("DROP DATABASE " + db);
        }
    }

    private static String task(int upstreamPort, int downstreamPort, String password) {
        return """
                name: startup-check
                target-database: {host: 127.0.0.1, port: %d, user: osc, password: "%s"}
                mysql-instances:
                  - source-id: up1
                    host: 127.0.0.1
                    port: %d
                    user: osc
                    password: "%s"
                    server-id: 9100
                """.formatted(downstreamPort, MariaDbServer.PASSWORD, upstreamPort, password);
    }

    record Result(int exitCode, String stderr) {}

    private static Result runCli(Path dir, String yaml) throws Exception {
        Path file = dir.resolve("task.yaml");
        Files.writeString(file, yaml);
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = OscSyncCli.run(new String[] {"--task", file.toString()});
            return new Result(code, err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(original);
        }
    }
}
