package io.oscsync.job.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An online schema change tool's statement sequence as written down in
 * {@code src/test/resources/osc-tools/<tool>.sql}: sections started by {@code -- @name}, each a
 * run of statements that end with {@code ;} at the end of a line, with {@code ${placeholders}}.
 * Other {@code --} lines are comments.
 */
public final class ToolFixture {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z_]+)}");

    private final String tool;
    private final Map<String, List<String>> sections = new LinkedHashMap<>();

    private ToolFixture(String tool, String text) {
        this.tool = tool;
        List<String> current = null;
        StringBuilder statement = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("-- @")) {
                flush(current, statement);
                current = new ArrayList<>();
                sections.put(trimmed.substring(4).split("\\s+")[0], current);
            } else if (trimmed.startsWith("--") || (trimmed.isEmpty() && statement.isEmpty())) {
                continue;
            } else if (current != null) {
                statement.append(statement.isEmpty() ? "" : "\n").append(line);
                if (trimmed.endsWith(";")) {
                    statement.setLength(statement.lastIndexOf(";"));
                    flush(current, statement);
                }
            }
        }
        flush(current, statement);
    }

    private static void flush(List<String> into, StringBuilder statement) {
        if (into != null && !statement.toString().isBlank())
            into.add(statement.toString().strip());
        statement.setLength(0);
    }

    public static ToolFixture load(String tool) {
        String path = "/osc-tools/" + tool + ".sql";
        try (InputStream in = ToolFixture.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalArgumentException("no fixture " + path);
            return new ToolFixture(tool, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The section's statements, every placeholder filled from {@code values}. */
    public List<String> statements(String section, Map<String, String> values) {
        List<String> body = sections.get(section);
        if (body == null) throw new IllegalArgumentException(tool + " fixture has no section " + section);
        return body.stream().map(s -> fill(section, s, values)).toList();
    }

    /** A section that holds one fragment (not a whole statement), filled. */
    public String fragment(String section, Map<String, String> values) {
        List<String> body = statements(section, values);
        if (body.size() != 1) throw new IllegalArgumentException(tool + " section " + section + " is not one part");
        return body.get(0);
    }

    private String fill(String section, String statement, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(statement);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException(
                        tool + " section " + section + ": no value for ${" + m.group(1) + "} in " + statement);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return m.appendTail(out).toString();
    }
}
