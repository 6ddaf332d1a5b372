package io.oscsync.job.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A statement fixture of an online schema change tool (job/src/test/resources/osc-tools/, see its
 * README): named steps, each a list of statements, on the database {@code osc}.
 */
public final class OscToolFixture {
    private final String name;
    private final Map<String, List<String>> steps;

    private OscToolFixture(String name, Map<String, List<String>> steps) {
        this.name = name;
        this.steps = steps;
    }

    /** @param name e.g. "gh-ost-revert" for osc-tools/gh-ost-revert.sql */
    public static OscToolFixture load(String name) {
        String path = "/osc-tools/" + name + ".sql";
        try (InputStream in = OscToolFixture.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalArgumentException("no fixture " + path);
            return parse(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static OscToolFixture parse(String name, String text) {
        Map<String, List<String>> steps = new LinkedHashMap<>();
        List<String> current = null;
        StringBuilder statement = new StringBuilder();
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.startsWith("-- @step ")) {
                current = new ArrayList<>();
                steps.put(l.substring("-- @step ".length()).strip(), current);
            } else if (!l.isEmpty() && !l.startsWith("--")) {
                if (current == null) throw new IllegalArgumentException(name + ": a statement before the first step");
                statement.append(statement.length() == 0 ? "" : " ").append(l);
                if (l.endsWith(";")) {
                    current.add(statement.substring(0, statement.length() - 1));
                    statement.setLength(0);
                }
            }
        }
        if (statement.length() > 0) throw new IllegalArgumentException(name + ": a statement without ';'");
        return new OscToolFixture(name, steps);
    }

    /** The step's statements on database {@code db} instead of {@code osc}. */
    public List<String> step(String step, String db) {
        List<String> statements = steps.get(step);
        if (statements == null) throw new IllegalArgumentException(name + " has no step " + step);
        String quoted = "`" + db.replace("`", "``") + "`.";
        return statements.stream().map(s -> s.replace("`osc`.", quoted)).toList();
    }
}
