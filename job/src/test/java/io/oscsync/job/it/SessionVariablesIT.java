package io.oscsync.job.it;

import io.oscsync.job.config.TaskConfig;
import io.oscsync.job.config.TaskConfigLoader;
import io.oscsync.job.jdbc.MySqlConnections;
import io.oscsync.job.source.PreconditionException;
import io.oscsync.job.source.UpstreamChecks;
import io.oscsync.job.testing.MariaDbServer;
import io.oscsync.job.testing.UpstreamDownstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** DM's target-database.session on a real downstream: set on osc-sync's connections, or refused at start. */
@ExtendWith(UpstreamDownstream.class)
class SessionVariablesIT {

    @Test
    void sessionVariablesAreSetOnTheWritingConnection(UpstreamDownstream.Pair pair) throws Exception {
        TaskConfig task = task(pair, """
                  session:
                    sql_mode: "STRICT_TRANS_TABLES,ANSI_QUOTES,NO_ZERO_DATE"
                    lock_wait_timeout: 77
                    unique_checks: off
                    foreign_key_checks: 1
                    time_zone: "+08:00"
                """);
        try (Connection c = MySqlConnections.connectForWrites(task.targetDatabase())) {
            String mode = selectOne(c, "@@session.sql_mode");
            // The task's sql_mode is the base; osc-sync's changes for upstream values still apply.
            assertThat(mode).contains("ANSI_QUOTES", "STRICT_TRANS_TABLES", "ALLOW_INVALID_DATES");
            assertThat(mode).doesNotContain("NO_ZERO_DATE");
            // ANSI_QUOTES is live on this session: a double-quoted word is a column, not a string.
            assertEquals(
                    "LOCK_WAIT_TIMEOUT",
                    selectOne(
                            c,
                            "\"VARIABLE_NAME\" FROM information_schema.SESSION_VARIABLES"
                                    + " WHERE VARIABLE_NAME = 'LOCK_WAIT_TIMEOUT'"));
            assertEquals("77", selectOne(c, "@@session.lock_wait_timeout"));
            assertEquals("0", selectOne(c, "@@session.unique_checks"));
            assertEquals("1", selectOne(c, "@@session.foreign_key_checks")); // the task's, as in DM
            assertEquals("+00:00", selectOne(c, "@@session.time_zone")); // osc-sync writes TIMESTAMPs in UTC
        }
        // Plain connections to the target get them too; without the task's foreign_key_checks, DM's 0.
        TaskConfig plain = task(pair, "  session: {lock_wait_timeout: 78}\n");
        try (Connection c = MySqlConnections.connect(plain.targetDatabase())) {
            assertEquals("78", selectOne(c, "@@session.lock_wait_timeout"));
        }
        try (Connection c = MySqlConnections.connectForWrites(plain.targetDatabase())) {
            assertEquals("0", selectOne(c, "@@session.foreign_key_checks"));
        }
    }

    /** The start-up checks (what the CLI runs before the job, exit code 3) refuse it, naming it. */
    @Test
    void aVariableTheTargetRejectsStopsTheStartNamingIt(UpstreamDownstream.Pair pair) {
        for (String session : new String[] {"{tidb_txn_mode: optimistic}", "{sql_mode: NO_SUCH_MODE}"}) {
            String name = session.substring(1, session.indexOf(':'));
            TaskConfig task = task(pair, "  session: " + session + "\n");
            PreconditionException e = assertThrows(PreconditionException.class, () -> UpstreamChecks.run(task));
            assertThat(e.getMessage())
                    // The shared upstream may hold other tests' tables: their problems are listed too.
                    .contains("target-database: target-database.session." + name + " is rejected by the server")
                    .doesNotContain(MariaDbServer.PASSWORD);
        }
    }

    private static TaskConfig task(UpstreamDownstream.Pair pair, String targetExtra) {
        return new TaskConfigLoader(k -> null).parse(yaml(pair, targetExtra));
    }

    private static String yaml(UpstreamDownstream.Pair pair, String targetExtra) {
        return """
                name: session-vars
                task-mode: incremental
                target-database:
                  host: 127.0.0.1
                  port: %d
                  user: %s
                  password: "%s"
                %smysql-instances:
                  - source-id: up1
                    host: 127.0.0.1
                    port: %d
                    user: %s
                    password: "%s"
                    server-id: 9200
                """.formatted(
                        pair.downstream().port(),
                        MariaDbServer.USER,
                        MariaDbServer.PASSWORD,
                        targetExtra,
                        pair.upstream().port(),
                        MariaDbServer.USER,
                        MariaDbServer.PASSWORD);
    }

    private static String selectOne(Connection c, String expr) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT " + expr)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
