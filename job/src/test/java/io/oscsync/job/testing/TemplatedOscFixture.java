package io.oscsync.job.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tool's templated statement sequence from {@code src/test/resources/osc-tools/<tool>.sql}: named steps
 * ({@code -- @step name}), each a list of statements ending in {@code ;} at the end of a line
 * ({@code ;;} keeps one {@code ;}), with {@code ${name}} placeholders.
 */
public final class TemplatedOscFixture {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z_]+)}");

    private final String tool;
    private final Map<String, List<String>> steps;

    private TemplatedOscFixture(String tool, Map<String, List<String>> steps) {
        this.tool = tool;
        this.steps = steps;
    }

    public static TemplatedOscFixture load(String tool) {
        String path = "/osc-tools/" + tool + ".sql";
        try (InputStream in = TemplatedOscFixture.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalArgumentException("no fixture " + path);
            return new TemplatedOscFixture(tool, parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, List<String>> parse(String text) {
        Map<String, List<String>> steps = new LinkedHashMap<>();
        List<String> current = null;
        StringBuilder statement = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            String trimmed = line.strip();
            if (statement.isEmpty() && trimmed.startsWith("-- @step ")) {
                current = new ArrayList<>();
                steps.put(trimmed.substring("-- @step ".length()).strip(), current);
            } else if (statement.isEmpty() && (trimmed.startsWith("--") || trimmed.isEmpty())) {
                // a comment between statements
            } else {
                if (current == null) throw new IllegalArgumentException("a statement before the first step: " + line);
                statement.append(statement.isEmpty() ? "" : "\n").append(line);
                if (trimmed.endsWith(";")) {
                    String s = statement.toString().stripTrailing();
                    current.add(s.substring(0, s.length() - 1));
                    statement.setLength(0);
                }
            }
        }
        if (!statement.isEmpty()) throw new IllegalArgumentException("a statement without its ';': " + statement);
        return steps;
    }

    /** The step names, in file order. */
    public java.util.Set<String> steps() {
        return steps.keySet();
    }

    /** The step's statements with every placeholder replaced; a placeholder without a value fails. */
    public List<String> step(String name, Map<String, String> values) {
        List<String> templates = steps.get(name);
        if (templates == null) throw new IllegalArgumentException(tool + " fixture has no step " + name);
        List<String> out = new ArrayList<>();
        for (String template : templates) {
            Matcher m = PLACEHOLDER.matcher(template);
            StringBuilder s = new StringBuilder();
            while (m.find()) {
                String value = values.get(m.group(1));
                if (value == null) throw new IllegalArgumentException("no value for ${" + m.group(1) + "} in " + name);
                m.appendReplacement(s, Matcher.quoteReplacement(value));
            }
            out.add(m.appendTail(s).toString());
        }
        return out;
    }
}
