package io.oscsync.job.diff;

import java.util.ArrayList;
import java.util.List;

/** What a set of scenarios covered (tables x rounds x tools) and every failure with its seed. */
public final class DiffReport {
    private final List<Scenario.Result> results = new ArrayList<>();

    public void add(Scenario.Result result) {
        results.add(result);
    }

    public int failures() {
        return results.stream().mapToInt(r -> r.failures().size()).sum();
    }

    public String text() {
        int tables = 0,
                tableRounds = 0,
                statements = 0,
                rejected = 0,
                plain = 0,
                atomic = 0,
                twoStep = 0,
                aborted = 0,
                pt = 0,
                ptRefused = 0,
                kills = 0,
                early = 0,
                savepoints = 0,
                live = 0,
                startup = 0,
                leftovers = 0;
        long millis = 0;
        for (Scenario.Result r : results) {
            tables += r.tablesCreated;
            tableRounds += r.tablesCreated * r.roundsDone;
            statements += r.statements;
            rejected += r.rejected;
            plain += r.plainAlters;
            atomic += r.ghostAtomic;
            twoStep += r.ghostTwoStep;
            aborted += r.ghostAborted;
            pt += r.ptOsc;
            ptRefused += r.ptOscRefused;
            kills += r.kills;
            early += r.killsBeforeFirstCheckpoint;
            savepoints += r.savepoints;
            live += r.liveCreates;
            startup += r.ddlsAtStartup;
            leftovers += r.leftovers;
            millis += r.millis;
        }
        StringBuilder b = new StringBuilder("differential report: ")
                .append(results.size())
                .append(" jobs, ")
                .append(tables)
                .append(" tables, ")
                .append(tableRounds)
                .append(" table-rounds, ")
                .append(statements)
                .append(" statements (")
                .append(rejected)
                .append(" refused upstream and skipped), ")
                .append(String.format("%.0f s", millis / 1000.0))
                .append("\n  schema changes: ")
                .append(plain)
                .append(" plain ALTER, ")
                .append(atomic)
                .append(" gh-ost atomic, ")
                .append(twoStep)
                .append(" gh-ost two-step, ")
                .append(aborted)
                .append(" gh-ost aborted, ")
                .append(pt)
                .append(" pt-osc, ")
                .append(ptRefused)
                .append(" refused by pt-osc, ")
                .append(live)
                .append(" tables created live, ")
                .append(startup)
                .append(" ALTERs at start-up, ")
                .append(leftovers)
                .append(" tool leftovers at start")
                .append("\n  failures injected: ")
                .append(kills)
                .append(" TaskManager kills (")
                .append(early)
                .append(" before the first checkpoint), ")
                .append(savepoints)
                .append(" savepoint restarts");
        for (Scenario.Result r : results) b.append("\n  ").append(r.summary());
        b.append("\n  ").append(failures()).append(" failures");
        for (Scenario.Result r : results) {
            for (Scenario.Failure f : r.failures()) b.append("\n\n").append(f);
        }
        return b.toString();
    }
}
