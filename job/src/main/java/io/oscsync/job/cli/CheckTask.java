package io.oscsync.job.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.oscsync.job.config.ConfigException;
import io.oscsync.job.config.TaskConfig;
import io.oscsync.job.config.TaskConfigLoader;
import io.oscsync.job.route.InstanceRules;
import io.oscsync.job.source.UpstreamChecks;
import io.oscsync.job.source.UpstreamInfo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code check --task FILE [--state-dir DIR] [--json]}: every start-up check, every problem at
 * once, nothing started and nothing written (DM's check-task). Exit 0 when the task can start,
 * 2 for a task file problem, 3 for a server or folder problem, as a start would.
 */
final class CheckTask {
    private CheckTask() {}

    static int run(Path task, Path stateDir, boolean json, PrintStream out) {
        TaskConfig config;
        try {
            config = TaskConfigLoader.load(task);
            // The name rules (patterns, regexes, filters) are read here: a bad one is a task file problem.
            for (TaskConfig.Instance inst : config.mysqlInstances()) InstanceRules.of(config, inst);
        } catch (ConfigException e) {
            return print(json, out, task.toString(), null, List.of("task file: " + e.getMessage()), List.of(), 2);
        }
        UpstreamChecks.Report report = UpstreamChecks.check(config);
        List<String> problems = new ArrayList<>(report.problems());
        String folder = stateDir == null ? null : StateDirs.problem(stateDir);
        if (folder != null) problems.add(folder);
        return print(json, out, config.name(), report, problems, report.warnings(), problems.isEmpty() ? 0 : 3);
    }

    private static int print(
            boolean json,
            PrintStream out,
            String name,
            UpstreamChecks.Report report,
            List<String> problems,
            List<String> warnings,
            int code) {
        if (json) {
            out.println(json(name, report, problems, warnings, code));
            return code;
        }
        out.println("osc-sync check: task " + name);
        if (report != null) {
            for (Map.Entry<String, UpstreamInfo> e : report.infos().entrySet()) {
                UpstreamInfo i = e.getValue();
                out.println("  upstream " + e.getKey() + ": " + i.tables().size() + " table(s) to replicate, "
                        + "time zone " + i.timeZone()
                        + (i.binlogAtStart() == null ? "" : ", binlog at " + i.binlogAtStart()));
            }
            if (report.target() != null) out.println("  target-database: " + report.target());
        }
        list(out, "problems", problems);
        list(out, "warnings", warnings);
        out.println(
                code == 0
                        ? "result: the task can start"
                        : "result: the task cannot start (" + problems.size() + " problem"
                                + (problems.size() == 1 ? "" : "s") + ")");
        return code;
    }

    private static void list(PrintStream out, String title, List<String> items) {
        if (items.isEmpty()) return;
        out.println(title + " (" + items.size() + "):");
        for (String i : items) out.println("  - " + i);
    }

    private static String json(
            String name, UpstreamChecks.Report report, List<String> problems, List<String> warnings, int code) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode()
                .put("task", name)
                .put("passed", code == 0)
                .put("exitCode", code);
        ObjectNode upstreams = root.putObject("upstreams");
        if (report != null) {
            report.infos().forEach((id, i) -> {
                ObjectNode u =
                        upstreams.putObject(id).put("tables", i.tables().size()).put("timeZone", i.timeZone());
                if (i.binlogAtStart() != null) u.put("binlog", i.binlogAtStart().toString());
            });
            root.put("target", report.target());
        }
        ArrayNode p = root.putArray("problems");
        problems.forEach(p::add);
        ArrayNode w = root.putArray("warnings");
        warnings.forEach(w::add);
        try {
            return mapper.writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
