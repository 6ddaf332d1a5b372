package io.oscsync.job.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real pt-online-schema-change (Debian's percona-toolkit) against a test server. */
public final class PtOsc {
    private PtOsc() {}

    /** Runs it to the end; fails with its output if it did not succeed. */
    public static String run(MariaDbServer server, String db, String table, String alter, String... options)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(
                "pt-online-schema-change",
                "--alter",
                alter,
                "--execute",
                "--recursion-method=none",
                "--chunk-size=500",
                "--no-check-unique-key-change",
                "--set-vars=lock_wait_timeout=30,innodb_lock_wait_timeout=30"));
        cmd.addAll(List.of(options));
        cmd.add("h=" + server.host() + ",P=" + server.port() + ",u=" + MariaDbServer.USER + ",p="
                + MariaDbServer.PASSWORD + ",D=" + db + ",t=" + table);
        Path log = Files.createTempFile("pt-osc", ".log");
        try {
            Process p = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError(
                        "pt-online-schema-change did not finish in 5 minutes:\n" + Files.readString(log));
            }
            String out = Files.readString(log);
            if (p.exitValue() != 0) {
                throw new AssertionError("pt-online-schema-change exited " + p.exitValue() + ":\n" + out);
            }
            return out;
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
