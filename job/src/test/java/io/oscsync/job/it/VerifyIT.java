package io.oscsync.job.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.oscsync.job.testing.AppLoad;
import io.oscsync.job.testing.Await;
import io.oscsync.job.testing.MariaDbServer;
import io.oscsync.job.testing.MigrationFixture;
import io.oscsync.job.testing.ShardFixture;
import io.oscsync.job.testing.TableComparison;
import io.oscsync.job.testing.TestJob;
import io.oscsync.job.testing.UpstreamDownstream;
import io.oscsync.job.verify.VerifyCommand;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code verify} against a running job: equal tables stay equal while an app writes (the chunks
 * it is writing into differ for a moment and are rechecked), and rows changed on the downstream
 * behind the job's back are found, by key range and, with --rows, row by row; for one table, a
 * composite-key table, a keyless table with duplicate rows, and four shards merged into one.
 */
@ExtendWith(UpstreamDownstream.class)
class VerifyIT {
    private static final int ROWS = 3000;
    private static final int COMPOSITE_ROWS = 1200;

    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.extension();

    /** The exit code and what verify printed. */
    record Run(int code, String out, String err) {}

    @Test
    void equalWhileAnAppWritesThenFindsRowsChangedBehindTheJobsBack(UpstreamDownstream.Pair pair, @TempDir Path dir)
            throws Exception {
        String db = MigrationFixture.seed(pair, "verify", ROWS);
        MariaDbServer up = pair.upstream();
        StringJoiner composite = new StringJoiner(",");
        for (int i = 1; i <= COMPOSITE_ROWS; i++) {
            composite.add("(" + (i % 7) + ", 'k" + i + "', " + (i % 5 == 0 ? "NULL" : String.valueOf(i)) + ")");
        }
        up.exec(
                "CREATE TABLE " + db + ".c (a INT, b VARCHAR(10), v INT NULL, PRIMARY KEY (a, b))",
                "INSERT INTO " + db + ".c VALUES " + composite,
                "CREATE TABLE " + db + ".k (x INT, y VARCHAR(10))",
                "INSERT INTO " + db + ".k VALUES (1, 'dup'), (1, 'dup'), (2, NULL), (2, NULL), (NULL, NULL), (3, '')");
        Path task = dir.resolve("task.yaml");
        Files.writeString(task, TestJob.taskYaml(pair, db, "", ""));

        try (TestJob job = MigrationFixture.startPastSnapshot(pair, db, TestJob.task(pair, db, "", ""), ROWS)) {
            TableComparison.awaitSame(pair, db, Duration.ofMinutes(2), "c", "k");
            try (AppLoad app = new AppLoad(up, db, "t", ROWS + 1)) {
                Await.until("the app writing", Duration.ofSeconds(30), () -> app.operations() > 50);
                int before = app.operations();
                Run equal = verify(task, "--chunk-rows", "500");
                assertThat(equal.code()).as(equal.out() + equal.err()).isZero();
                assertThat(app.operations()).as("the app wrote during verify").isGreaterThan(before);
                assertThat(equal.out())
                        .contains("EQUAL     " + db + ".t ", "EQUAL     " + db + ".c ", "EQUAL     " + db + ".k ")
                        // every row in exactly one chunk: the chunks' counts add up to the table's
                        .containsPattern("EQUAL     " + db + "\\.c +\\(1,200 rows, 3 chunks\\)")
                        .containsPattern("EQUAL     " + db + "\\.k +\\(6 rows, keyless, compared as a multiset\\)")
                        .contains("result: all 4 table(s) equal")
                        .doesNotContain("DIFFERENT");

                // Behind the job's back, on the downstream: one changed row in the composite-key table,
                // an extra row in t beyond the app's ids (in the chunk the app is inserting into), and the
                // keyless table's two copies of a row replaced by two copies of another.
                pair.downstream()
                        .exec(
                                "UPDATE " + db + ".c SET v = 99 WHERE a = 0 AND b = 'k1001'",
                                "INSERT INTO " + db + ".t VALUES (900000, 1, 'sneaked in')",
                                "DELETE FROM " + db + ".k WHERE x = 1",
                                "INSERT INTO " + db + ".k VALUES (4, 'ghost'), (4, 'ghost')");
                Run different = verify(task, "--chunk-rows", "500", "--rows");
                assertThat(different.code())
                        .as(different.out() + different.err())
                        .isEqualTo(1);
                assertThat(different.out())
                        .contains("DIFFERENT " + db + ".c ", "DIFFERENT " + db + ".t ", "DIFFERENT " + db + ".k ")
                        .contains("EQUAL     " + db + ".binlog_probe")
                        .contains("result: 3 of 4 table(s) differ")
                        // c's chunks are ranges of (a, b); (0, 'k1001') is in the first
                        .containsPattern("key range \\[-inf, \\(\\d, 'k\\d+'\\)\\) on \\(a, b\\): "
                                + "\\d+ rows upstream, \\d+ downstream; 1 row\\(s\\) differ \\(1 changed\\)")
                        .contains("changed: (a='0', b='k1001')")
                        .contains("upstream   (a='0', b='k1001', v='1001')")
                        .contains("downstream (a='0', b='k1001', v='99')")
                        .containsPattern("key range \\[\\d+, \\+inf\\) on id: \\d+ rows upstream, \\d+ downstream; "
                                + "1 row\\(s\\) differ \\(1 extra downstream\\)")
                        .contains("extra downstream: (id='900000')")
                        .contains("downstream (id='900000', a='1', b='sneaked in')")
                        .contains("the whole table: 6 rows upstream, 6 downstream; 2 row(s) differ")
                        .contains("missing downstream: (x='1', y='dup'), 2 upstream, 0 downstream")
                        .contains("extra downstream: (x='4', y='ghost'), 0 upstream, 2 downstream");
                assertThat(differenceLines(different.out()))
                        .as("only the rows changed behind the job's back, not the app's rows in flight")
                        .isEqualTo(4);
            }
        }
    }

    @Test
    void aShardMergedTargetIsComparedWithTheUnionOfItsShards(UpstreamDownstream.Pair pair, @TempDir Path dir)
            throws Exception {
        try (ShardFixture f = ShardFixture.start(pair, "vshard", 300)) {
            Path task = dir.resolve("task.yaml");
            Files.writeString(task, f.taskYaml("pessimistic", ""));
            try (TestJob job = TestJob.start(f.task("pessimistic", ""))) {
                Await.until("the union of the shards downstream", Duration.ofMinutes(3), () -> {
                    TableComparison.assertUnion(f.shards(), pair.downstream(), f.targetDb(), ShardFixture.TABLE);
                    return true;
                });
                String target = f.targetDb() + "." + ShardFixture.TABLE;
                ShardFixture.Shard third = f.shards().get(2);
                List<AppLoad> apps = new ArrayList<>();
                try {
                    // Apps write on every shard but the third, whose row is altered below.
                    for (ShardFixture.Shard s : f.shards()) if (s != third) apps.add(new AppLoad(s, 301));
                    Run equal = verify(task, "--chunk-rows", "100", "--tables", target);
                    assertThat(equal.code()).as(equal.out() + equal.err()).isZero();
                    assertThat(equal.out())
                            .contains("EQUAL     " + target + "  (1,2")
                            .contains("<- up1:" + f.shards().get(0).db() + ".orders, up1:"
                                    + f.shards().get(1).db() + ".orders, up2:" + third.db() + ".orders, up2:"
                                    + f.shards().get(3).db() + ".orders")
                            .contains("result: all 1 table(s) equal");

                    int id = third.base() + 7;
                    pair.downstream().exec("UPDATE " + target + " SET b = 'tampered' WHERE id = " + id);
                    Run different = verify(task, "--chunk-rows", "100", "--tables", target, "--rows");
                    assertThat(different.code())
                            .as(different.out() + different.err())
                            .isEqualTo(1);
                    assertThat(different.out())
                            .contains("DIFFERENT " + target + " ")
                            .containsPattern("key range \\[\\d+, \\d+\\) on id: \\d+ rows upstream, \\d+ downstream; "
                                    + "1 row\\(s\\) differ \\(1 changed\\)")
                            .contains("changed: (id='" + id + "')")
                            .contains("upstream   (id='" + id + "', a='7', b='row 7')")
                            .contains("downstream (id='" + id + "', a='7', b='tampered')");
                    assertThat(differenceLines(different.out())).isEqualTo(1);
                    Run json = verify(task, "--tables", target, "--rows", "--json");
                    assertThat(json.code()).isEqualTo(1);
                    JsonNode report = new ObjectMapper().readTree(json.out());
                    assertThat(report.get("equal").asBoolean()).isFalse();
                    JsonNode row = report.get("tables")
                            .get(0)
                            .get("differences")
                            .get(0)
                            .get("rows")
                            .get(0);
                    assertThat(row.get("kind").asText()).isEqualTo("changed");
                    assertThat(row.get("key").get("id").asText()).isEqualTo(String.valueOf(id));
                    assertThat(row.get("downstream").get("b").asText()).isEqualTo("tampered");
                    Matcher range =
                            Pattern.compile("key range \\[(\\d+), (\\d+)\\)").matcher(different.out());
                    assertThat(range.find()).isTrue();
                    assertThat(id)
                            .as("the reported range holds the row")
                            .isBetween(Integer.parseInt(range.group(1)), Integer.parseInt(range.group(2)) - 1);
                } finally {
                    for (AppLoad a : apps) a.close();
                }
            }
        }
    }

    private static long differenceLines(String out) {
        return out.lines()
                .filter(l -> l.matches("\\s+(changed|missing downstream|extra downstream|copies differ): .*"))
                .count();
    }

    static Run verify(Path task, String... options) throws IOException {
        List<String> args = new ArrayList<>(List.of("--task", task.toString()));
        args.addAll(List.of(options));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = VerifyCommand.run(
                args.toArray(String[]::new),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        Run run = new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        // In the test's output, for a reader of the report (and the README's example).
        System.out.println("$ verify " + String.join(" ", options) + "\n" + run.out() + run.err() + "exit " + code);
        return run;
    }
}
