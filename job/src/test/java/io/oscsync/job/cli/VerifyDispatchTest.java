package io.oscsync.job.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code osc-sync verify ...} reaches the verify command, and its errors keep the password out. */
class VerifyDispatchTest {
    /** Servers on port 1, where nothing listens. */
    private static final String TASK = """
            name: t
            target-database: {host: 127.0.0.1, port: 1, user: root, password: "s3cret-down"}
            mysql-instances:
              - {source-id: m1, host: 127.0.0.1, port: 1, user: repl, password: "s3cret-up", server-id: 5401}
            """;

    @Test
    void anUnreachableServerExitsThreeNamingItButNotThePassword(@TempDir Path dir) throws Exception {
        Path task = Files.writeString(dir.resolve("task.yaml"), TASK);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = runCapturingErr(err, "verify", "--task", task.toString());
        String text = err.toString(StandardCharsets.UTF_8);
        assertThat(code).as(text).isEqualTo(3);
        assertThat(text).contains("osc-sync verify: cannot connect to 127.0.0.1:1 as repl");
        assertThat(text).doesNotContain("s3cret");
    }

    @Test
    void aBadOptionExitsTwoWithTheUsage(@TempDir Path dir) throws Exception {
        Path task = Files.writeString(dir.resolve("task.yaml"), TASK);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = runCapturingErr(err, "verify", "--task", task.toString(), "--chunk-rows", "0");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains(
                        "osc-sync verify: --chunk-rows needs a whole number of at least 1, not '0'",
                        "verify --task FILE");
    }

    private static int runCapturingErr(ByteArrayOutputStream err, String... args) throws Exception {
        PrintStream old = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return OscSyncCli.run(args);
        } finally {
            System.setErr(old);
        }
    }
}
