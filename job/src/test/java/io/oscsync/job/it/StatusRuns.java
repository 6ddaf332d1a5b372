package io.oscsync.job.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.oscsync.job.cli.OscSyncCli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs {@code status} in this JVM, as {@code java -jar osc-sync-job.jar status ...} would, capturing its output. */
final class StatusRuns {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Result(int code, String out, String err) {}

    private StatusRuns() {}

    static synchronized Result run(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "status";
        System.arraycopy(args, 0, all, 1, args.length);
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            code = OscSyncCli.run(all);
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return new Result(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    /** {@code status --json} of a running job; fails unless it exits 0. */
    static JsonNode json(String rest, String jobId) {
        Result r = run("--rest", rest, "--job", jobId, "--json");
        if (r.code() != 0) throw new AssertionError("status exited " + r.code() + ": " + r.err() + r.out());
        try {
            return JSON.readTree(r.out());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
