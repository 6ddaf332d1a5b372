package io.oscsync.job.it;

import io.oscsync.job.diff.DiffReport;
import io.oscsync.job.diff.DiffRunner;
import io.oscsync.job.diff.Feature;
import io.oscsync.job.diff.Scenario;
import io.oscsync.job.testing.UpstreamDownstream;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A seeded differential test: generated schemas (every column type, keys, generated columns,
 * foreign keys, charsets, odd and keyword names), values (NULLs, extremes, zero dates, binary
 * and multi-byte text, large rows) and changes (rows, plain ALTER, the gh-ost replay with both
 * cut-overs, real pt-osc), with the job killed or stopped and resumed at random points; after
 * every round each table downstream must equal upstream (columns and rows), with no ghost or
 * trash table downstream. What the generator may produce is a set of {@link Feature}s; the
 * normal run uses {@link Feature#CI}, which leaves out features whose bugs are not fixed yet.
 *
 * <p>Every run logs its seeds first. A failure names the seed, the table, the table's statement
 * history and the first differing column or row, and prints the command that reruns it:
 * <pre>
 * mvn -B -ntp -o verify -pl job -am -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=DifferentialIT -Dosc.diff.seed=12345 [-Dosc.diff.tables=6 -Dosc.diff.rounds=3 -Dosc.diff.features=...]
 * </pre>
 * The normal test command runs the seeds of {@link #SHORT_SET} and the first regression, with
 * {@link Feature#CI}; {@code -Dosc.diff.regressions=true} runs every regression whose bug is fixed.
 * Properties: {@code osc.diff.seed} (run that one scenario; {@code random} for a new one), {@code osc.diff.tables},
 * {@code osc.diff.rounds}, {@code osc.diff.features} (e.g. {@code ci,ZERO_DATES,-PT_OSC} or
 * {@code all}), and {@code osc.diff.long=true} for a long run: {@code osc.diff.tables} tables
 * (default 300) split into jobs of {@code osc.diff.tablesPerJob} (default 20), seeds from
 * {@code osc.diff.masterSeed}, with a report of tables x rounds x tools covered and every
 * failure with its seed; {@code osc.diff.perFeature=true} runs one scenario per feature that is
 * off, with just that feature added, to show which feature exposes which bug. A generator change may change what an old seed generates: the notes
 * below say what each seed found, so the case can be rebuilt.
 */
@ExtendWith(UpstreamDownstream.class)
class DifferentialIT {
    private static final Logger LOG = LoggerFactory.getLogger(DifferentialIT.class);

    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.extension();

    /** A seed that found a bug, with the scenario it ran and a one-line note of the bug. */
    record Regression(long seed, int tables, int rounds, String features, String bug) {
        Scenario scenario() {
            return new Scenario(seed, tables, rounds, Feature.parse(features));
        }
    }

    /**
     * Every seed that ever found a bug. One runs in the normal command once every feature it
     * needs is on (that is, once the bug its feature exposes is fixed and the feature is in CI).
     */
    /** The CI feature set when most seeds below were found: each regression adds the feature that exposed its bug. */
    /** The normal run's features at the long run of issue 11's final code. */
    private static final String CI_1130 =
            "all,-FK_CASCADE,-BACKTICK_NAMES,-NEGATIVE_TIME,-ZERO_DATES," + "-COLUMN_TWICE_IN_ALTER,-DDL_AT_STARTUP";

    private static final String CI_0401 = "all,-KEYLESS_TABLES,-GENERATED_COLUMNS,-FOREIGN_KEYS,-BINARY_CHARSET,"
            + "-LATIN1_KEYS,-NON_ASCII_DDL,-BACKTICK_NAMES,-KEYWORD_NAMES,-BINARY_DEFAULTS,-BINARY_ENUM_SET,-NEGATIVE_TIME,"
            + "-COMMA_ENUM_MEMBERS,-NULL_WITH_DEFAULT,-ZERO_DATES,-LARGE_ROWS,-EMPTY_START,-DDL_AT_STARTUP,"
            + "-TOOL_LEFTOVERS_AT_START,-SAVEPOINT_RESTART";

    /** The seeds the normal test command runs. */
    static final long[] SHORT_SET = {11, 14};

    static final List<Regression> REGRESSIONS = List.of(
            new Regression(
                    814790669128L,
                    6,
                    3,
                    "all,-GENERATED_COLUMNS,-FOREIGN_KEYS,-BACKTICK_NAMES,-KEYWORD_NAMES,"
                            + "-NULL_WITH_DEFAULT,-ZERO_DATES,-LARGE_ROWS,-EMPTY_START,-DDL_AT_STARTUP,-TOOL_LEFTOVERS_AT_START",
                    "t5 keyless snapshot lost 5 of 14 rows; t0 VARBINARY DEFAULT x'e3ff' changed downstream; t3 SET in a"
                            + " binary-charset table arrived as NULL; t2 pt-osc after a savepoint resume failed the job"),
            new Regression(
                    14,
                    6,
                    3,
                    CI_0401,
                    "t0: ALTER ADD COLUMN TIMESTAMP(5) NOT NULL DEFAULT '1977-03-14 09:54:29'"
                            + " has default 02:54:29 downstream (shifted by the upstream's +03:00)"),
            new Regression(
                    20260402,
                    20,
                    4,
                    CI_0401,
                    "the source's table schema out of step with the binlog rows:"
                            + " 'Unexpected value for JDBC type 1 and column k0_char CHAR(3): class=Float' (cause not isolated)"),
            new Regression(
                    20260602,
                    20,
                    4,
                    "all,-KEYLESS_TABLES,-GENERATED_COLUMNS,-FOREIGN_KEYS,-FK_CASCADE,-BINARY_CHARSET,-LATIN1_KEYS,-"
                            + "NON_ASCII_DDL,-BACKTICK_NAMES,-KEYWORD_NAMES,-TIMESTAMP_DEFAULT_IN_ALTER,-BINARY_DEFAULTS,-BINA"
                            + "RY_ENUM_SET,-NEGATIVE_TIME,-COMMA_ENUM_MEMBERS,-NULL_WITH_DEFAULT,-ZERO_DATES,-LARGE_ROWS,-EMPT"
                            + "Y_START,-DDL_AT_STARTUP,-TOOL_LEFTOVERS_AT_START,-TASKMANAGER_KILL,-SAVEPOINT_RESTART",
                    "t19: ALTER ... ADD COLUMN c6_bit_a BIT(5) NULL AFTER k0_binary, MODIFY COLUMN c6_bit_a BIT(6) NULL;"
                            + " then 'Unexpected value for JDBC type -7 and column c6_bit_a: class=LocalDateTime', the job fails"),
            new Regression(
                    20260502,
                    20,
                    4,
                    "all,-KEYLESS_TABLES,-GENERATED_COLUMNS,-FOREIGN_KEYS,-FK_CASCADE,"
                            + "-BINARY_CHARSET,-LATIN1_KEYS,-NON_ASCII_DDL,-BACKTICK_NAMES,-KEYWORD_NAMES,-TIMESTAMP_DEFAULT_IN_ALTER,"
                            + "-BINARY_DEFAULTS,-BINARY_ENUM_SET,-NEGATIVE_TIME,-COMMA_ENUM_MEMBERS,-NULL_WITH_DEFAULT,-ZERO_DATES,"
                            + "-LARGE_ROWS,-EMPTY_START,-DDL_AT_STARTUP,-TOOL_LEFTOVERS_AT_START,-SAVEPOINT_RESTART",
                    "'Unexpected value for JDBC type -5 and column k0_bigint BIGINT UNSIGNED: class=[B' after TaskManager"
                            + " kills (cause not isolated: the kills, or an ALTER touching one column twice)"),
            new Regression(
                    20260303,
                    20,
                    4,
                    CI_0401 + ",BINARY_CHARSET",
                    "t5, t19: values of TEXT/CHAR CHARACTER SET binary"
                            + " columns double-encoded downstream (x'E6' -> x'C3A6') after gh-ost / ALTER"),
            new Regression(
                    13,
                    6,
                    3,
                    CI_0401 + ",GENERATED_COLUMNS",
                    "the sink writes values into generated columns:" + " error 1906, the job fails"),
            new Regression(
                    14,
                    6,
                    3,
                    CI_0401 + ",KEYLESS_TABLES",
                    "keyless table with a UNIQUE key: the sink fails on" + " 'Duplicate entry' for the unique key"),
            new Regression(
                    14,
                    6,
                    3,
                    CI_0401 + ",FOREIGN_KEYS",
                    "ON DELETE SET NULL: the child row keeps the deleted"
                            + " parent's id downstream (cascades are not in the binlog; the sink has foreign_key_checks=0)"),
            new Regression(14, 6, 3, CI_0401 + ",BINARY_CHARSET", "'Data too long' for a CHARACTER SET binary column"),
            new Regression(
                    13, 6, 3, CI_0401 + ",NEGATIVE_TIME", "TIME(fsp) '-838:59:59' written as '-839:00:00.147483'"),
            new Regression(13, 6, 3, CI_0401 + ",COMMA_ENUM_MEMBERS", "ENUM value with a comma: 'Data truncated'"),
            new Regression(
                    13, 6, 3, CI_0401 + ",BACKTICK_NAMES", "known: backtick in a column name, chunk splitting fails"),
            new Regression(13, 6, 3, CI_0401 + ",NULL_WITH_DEFAULT", "known: NULL read as the column default"),
            new Regression(13, 6, 3, CI_0401 + ",ZERO_DATES", "known: zero TIMESTAMP written as the epoch, refused"),
            new Regression(13, 6, 3, CI_0401 + ",LARGE_ROWS", "known: 9 MB rows, PacketTooBigException"),
            new Regression(
                    13,
                    6,
                    3,
                    CI_0401 + ",EMPTY_START",
                    "known: rows of a table created at start-up arrive before" + " its CREATE ('Table doesn't exist')"),
            new Regression(
                    13,
                    6,
                    3,
                    CI_0401 + ",DDL_AT_STARTUP",
                    "known: ALTER between start-up and snapshot lost" + " ('Unknown column')"),
            // The long run on the final code of issue 11 (masterSeed 20261130, 20 tables a job): open, not
            // investigated.
            new Regression(
                    20261130,
                    20,
                    3,
                    CI_1130,
                    "16 tables differ after round 3 (rows missing and extra, column"
                            + " definitions) after 2 TaskManager kills and 2 savepoint restarts"),
            new Regression(
                    20261131,
                    20,
                    3,
                    CI_1130,
                    "fixed: a table without keys was split for its snapshot on a LONGBLOB of 9 MB values, and Flink "
                            + "CDC's splitter failed (chunkStartVal is null); it now splits on a column it can order"),
            new Regression(
                    20261132,
                    20,
                    3,
                    CI_1130,
                    "fixed: ENUM/SET members a latin1 or binary column stores otherwise than the DDL wrote them "
                            + "('Data truncated'), and a restored batch's ALTER run again after a stop-with-savepoint"),
            new Regression(
                    20261135,
                    20,
                    3,
                    CI_1130,
                    "fixed: a binary-charset text column's DEFAULT stopped the binlog reader, and a gh-ost "
                            + "cut-over of a table keyed only by a UNIQUE key was refused"));

    @Test
    void generatedChangesEndEqualDownstream(
            UpstreamDownstream.Pair pair, @InjectMiniCluster MiniCluster mini, @TempDir Path savepoints)
            throws Exception {
        Set<Feature> features = Feature.parse(System.getProperty("osc.diff.features", "ci"));
        boolean longRun = Boolean.getBoolean("osc.diff.long");
        int tables = Integer.getInteger("osc.diff.tables", longRun ? 300 : 6);
        int rounds = Integer.getInteger("osc.diff.rounds", 3);
        List<Scenario> scenarios = new ArrayList<>();
        String seed = System.getProperty("osc.diff.seed");
        if (seed != null && !seed.isBlank()) {
            long s = seed.trim().equals("random") ? System.nanoTime() : Long.parseLong(seed.trim());
            scenarios.add(new Scenario(s, tables, rounds, features));
        } else if (Boolean.getBoolean("osc.diff.perFeature")) {
            // Which feature exposes what: one scenario per feature that is off, with only that one added.
            long master = Long.getLong("osc.diff.masterSeed", System.nanoTime());
            for (Feature f : Feature.values()) {
                if (features.contains(f)) continue;
                Set<Feature> plus = EnumSet.copyOf(features);
                plus.add(f);
                scenarios.add(new Scenario(master, tables, rounds, plus));
            }
        } else if (longRun) {
            long master = Long.getLong("osc.diff.masterSeed", System.nanoTime());
            int perJob = Integer.getInteger("osc.diff.tablesPerJob", 20);
            for (int i = 0, left = tables; left > 0; i++, left -= perJob) {
                scenarios.add(new Scenario(master + i, Math.min(perJob, left), rounds, features));
            }
        } else if (Boolean.getBoolean("osc.diff.regressions")) {
            // Every regression whose bug is fixed (all its features are in the set).
            for (Regression reg : REGRESSIONS) {
                if (features.containsAll(reg.scenario().features())) scenarios.add(reg.scenario());
            }
        } else {
            // The short set of the normal test command: fixed seeds, so a red build always reproduces,
            // and the first regression (the bugs the outside suite found). New seeds: -Dosc.diff.seed=random.
            for (long s : SHORT_SET) scenarios.add(new Scenario(s, tables, rounds, features));
            Regression first = REGRESSIONS.get(0);
            if (features.containsAll(first.scenario().features())) scenarios.add(first.scenario());
        }
        LOG.info(
                "differential seeds: {} (features {})",
                scenarios.stream().map(Scenario::seed).toList(),
                Feature.spec(features));
        DiffReport report = new DiffReport();
        for (Scenario s : scenarios) report.add(new DiffRunner(pair, mini, savepoints, s).run());
        String text = report.text();
        LOG.info("differential report:\n{}", text);
        System.out.println(text);
        if (report.failures() > 0) throw new AssertionError(text);
    }
}
