package io.oscsync.job.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** One generated run: what fixes its statements (seed, table and round counts, features), and the command to rerun it. */
public record Scenario(long seed, int tables, int rounds, Set<Feature> features) {
    /** The command that runs exactly this scenario again. */
    public String reproduce() {
        return "mvn -B -ntp -o verify -pl job -am -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false "
                + "-Dit.test=DifferentialIT -Dosc.diff.seed=" + seed + " -Dosc.diff.tables=" + tables
                + " -Dosc.diff.rounds=" + rounds + " -Dosc.diff.features=" + Feature.spec(features);
    }

    /** Counts of what a run did, and what it found. */
    public static final class Result {
        final Scenario scenario;
        int tablesCreated;
        int roundsDone;
        int statements;
        int rejected;
        int plainAlters;
        int ghostAtomic;
        int ghostTwoStep;
        int ghostAborted;
        int ptOsc;
        int ptOscRefused;
        int liveCreates;
        int ddlsAtStartup;
        int leftovers;
        int kills;
        int killsBeforeFirstCheckpoint;
        int savepoints;
        long millis;
        final List<Failure> failures = new ArrayList<>();

        Result(Scenario scenario) {
            this.scenario = scenario;
        }

        public Scenario scenario() {
            return scenario;
        }

        public List<Failure> failures() {
            return failures;
        }

        public int tablesCreated() {
            return tablesCreated;
        }

        public int roundsDone() {
            return roundsDone;
        }

        public long millis() {
            return millis;
        }

        /** One line: tables x rounds, every path and failure kind counted. */
        public String summary() {
            return String.format(
                    "seed %d (features " + Feature.spec(scenario.features())
                            + "): %d tables x %d rounds in %.0f s; %d statements (%d rejected upstream, skipped);"
                            + " schema changes: %d plain ALTER, %d gh-ost atomic, %d gh-ost two-step (%d aborted),"
                            + " %d pt-osc (%d refused by the tool); %d tables created live, %d ALTERs at start-up,"
                            + " %d tool leftovers at start; failures injected: %d TaskManager kills"
                            + " (%d before the first checkpoint), %d savepoint restarts; %d failures",
                    scenario.seed(),
                    tablesCreated,
                    roundsDone,
                    millis / 1000.0,
                    statements,
                    rejected,
                    plainAlters,
                    ghostAtomic,
                    ghostTwoStep,
                    ghostAborted,
                    ptOsc,
                    ptOscRefused,
                    liveCreates,
                    ddlsAtStartup,
                    leftovers,
                    kills,
                    killsBeforeFirstCheckpoint,
                    savepoints,
                    failures.size());
        }
    }

    /** A difference found: the table, what differs, and the table's statement history. */
    public record Failure(Scenario scenario, String table, String what, String detail, List<String> history) {
        @Override
        public String toString() {
            StringBuilder b = new StringBuilder("seed " + scenario.seed() + ", table " + table + ": " + what + "\n  "
                    + detail.replace("\n", "\n  ") + "\n  statement history of " + table + ":");
            int from = Math.max(0, history.size() - 60);
            if (from > 0) b.append("\n    ... ").append(from).append(" earlier statements");
            for (String h : history.subList(from, history.size()))
                b.append("\n    ").append(h);
            return b.append("\n  reproduce: ").append(scenario.reproduce()).toString();
        }
    }
}
