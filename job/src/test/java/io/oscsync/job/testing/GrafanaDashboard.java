package io.oscsync.job.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Prometheus queries of a Grafana dashboard (panel targets and query variables), and a check of them. */
public final class GrafanaDashboard {
    /** Where a query is (panel title or variable name) and what it reads. */
    public record Query(String where, String expr, PromQl.Query parsed) {}

    /** Grafana's {@code label_values(selector, label)}, which is not PromQL. */
    private static final Pattern LABEL_VALUES =
            Pattern.compile("\\s*label_values\\((.*),\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*\\)\\s*");

    public static final Path FILE =
            Path.of(System.getProperty("osc.repoRoot", ".."), "deploy/grafana/osc-sync-dashboard.json");

    private GrafanaDashboard() {}

    public static JsonNode read(Path file) throws IOException {
        return new ObjectMapper().readTree(file.toFile());
    }

    public static List<Query> queries(JsonNode dashboard) {
        List<Query> out = new ArrayList<>();
        for (JsonNode panel : panels(dashboard)) {
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText("");
                if (!expr.isBlank())
                    out.add(new Query("panel '" + panel.path("title").asText() + "'", expr, PromQl.parse(expr)));
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (!variable.path("type").asText().equals("query")) continue;
            JsonNode q = variable.path("query");
            String expr = q.isObject() ? q.path("query").asText() : q.asText();
            out.add(new Query("variable '" + variable.path("name").asText() + "'", expr, variableQuery(expr)));
        }
        return out;
    }

    /** Panels, including those inside collapsed rows. */
    public static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode p : dashboard.path("panels")) {
            out.add(p);
            for (JsonNode inner : p.path("panels")) out.add(inner);
        }
        return out;
    }

    /**
     * What of the dashboard the scrape does not have: each query's metrics must be there, with every
     * label it matches on, and every label it groups by on each metric of the query.
     */
    public static List<String> missingIn(PrometheusScrape scrape, List<Query> queries) {
        List<String> problems = new ArrayList<>();
        for (Query q : queries) {
            if (q.parsed().selectors().isEmpty()) problems.add(q.where() + ": no metric in `" + q.expr() + "`");
            for (PromQl.Selector s : q.parsed().selectors()) {
                var labels = scrape.labels(s.metric());
                if (scrape.series(s.metric()).isEmpty()) {
                    problems.add(q.where() + ": metric " + s.metric() + " is not registered");
                    continue;
                }
                for (String label : s.labels()) {
                    if (!labels.contains(label)) problems.add(q.where() + ": " + s.metric() + " has no label " + label);
                }
                for (String label : q.parsed().groupingLabels()) {
                    if (!labels.contains(label)) {
                        problems.add(q.where() + ": " + s.metric() + " has no label " + label + " to group by");
                    }
                }
            }
        }
        return problems;
    }

    private static PromQl.Query variableQuery(String expr) {
        Matcher m = LABEL_VALUES.matcher(expr);
        if (!m.matches()) return PromQl.parse(expr);
        PromQl.Query inner = PromQl.parse(m.group(1));
        var grouping = new java.util.HashSet<>(inner.groupingLabels());
        grouping.add(m.group(2));
        return new PromQl.Query(inner.selectors(), java.util.Set.copyOf(grouping));
    }
}
