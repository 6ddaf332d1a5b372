package io.oscsync.job.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A bad --state-dir is refused at start, before any server is contacted. */
class StateDirCheckTest {
    /** Servers on port 1, where nothing listens: reaching the server checks would exit 3, not 2. */
    private static final String TASK = """
            name: t
            target-database: {host: 127.0.0.1, port: 1, user: root}
            mysql-instances:
              - {source-id: m1, host: 127.0.0.1, port: 1, user: repl, server-id: 5401}
            """;

    @Test
    void aFileInTheWayIsRefusedBeforeTheServers(@TempDir Path dir) throws Exception {
        Path task = Files.writeString(dir.resolve("task.yaml"), TASK);
        Path file = Files.writeString(dir.resolve("state"), "not a folder");
        String err = runCapturingErr("--task", task.toString(), "--state-dir", file.toString());
        assertTrue(err.contains("--state-dir " + file + " is not a writable folder"), err);

        Path under = file.resolve("deeper");
        err = runCapturingErr("--task", task.toString(), "--state-dir", under.toString());
        assertTrue(err.contains("is not a writable folder"), err);
    }

    @Test
    void aBadHandleDdlFlagIsRefusedBeforeTheServers(@TempDir Path dir) throws Exception {
        Path task = Files.writeString(dir.resolve("task.yaml"), TASK);
        String err =
                runCapturingErr("--task", task.toString(), "--handle-ddl", "0123456789ab=replace:" + dir.resolve("x"));
        assertTrue(err.contains("--handle-ddl 0123456789ab=replace:") && err.contains("does not exist"), err);
        err = runCapturingErr("--task", task.toString(), "--handle-ddl", "nope=skip");
        assertTrue(err.contains("'nope' is not a DDL fingerprint"), err);
    }

    @Test
    void aMissingFolderIsCreated(@TempDir Path dir) {
        Path state = dir.resolve("a/b/state");
        StateDirs.prepare(state);
        assertTrue(Files.isDirectory(state));
    }

    private static String runCapturingErr(String... args) throws Exception {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true));
        int code;
        try {
            code = OscSyncCli.run(args);
        } finally {
            System.setErr(old);
        }
        assertEquals(2, code, err.toString());
        return err.toString();
    }
}
