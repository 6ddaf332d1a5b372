package io.oscsync.job.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.oscsync.udfs.expr.ExpressionException;
import io.oscsync.udfs.expr.RowExpression;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads a task file: YAML -> {@code ${ENV}} substitution -> strict binding -> defaults -> checks.
 * Every failure is a {@link ConfigException} naming the field, before anything runs.
 */
public final class TaskConfigLoader {
    private static final Logger LOG = LoggerFactory.getLogger(TaskConfigLoader.class);
    private static final Pattern HIDDEN_NAME = Pattern.compile("\\b(alias|anchor)\\s+\\S+");
    private static final Pattern ENV_REF = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    /**
     * DM fields a DM user's task may carry that osc-sync accepts and does not use as such. The
     * mydumper and syncer blocks' thread counts are read first (DmTaskFields: mydumper-thread,
     * syncer-thread).
     */
    private static final Set<String> DM_TOP_LEVEL_IGNORED = Set.of(
            "ignore-checking-items",
            "ansi-quotes",
            "experimental",
            "clean-dump-file",
            "mydumpers",
            "loaders",
            "syncers",
            "validators",
            "enable-heartbeat",
            "heartbeat-update-interval",
            "heartbeat-report-interval",
            "remove-meta",
            "strict-optimistic-shard-mode",
            "on-duplicate");

    private static final Set<String> DM_INSTANCE_IGNORED = Set.of(
            "mydumper-config-name",
            "mydumper",
            "loader-config-name",
            "loader",
            "loader-thread",
            "syncer-config-name",
            "syncer",
            "validator-config-name");

    private final ObjectMapper mapper = JsonMapper.builder(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .build();
    private final UnaryOperator<String> env;

    public TaskConfigLoader(UnaryOperator<String> env) {
        this.env = env;
    }

    public static TaskConfig load(Path file) {
        return new TaskConfigLoader(System::getenv).read(file);
    }

    public TaskConfig read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("task file " + file + " does not exist: pass an existing file with --task");
        } catch (IOException e) {
            throw new ConfigException("task file " + file + " cannot be read: " + e.getMessage());
        }
        try {
            return parse(text);
        } catch (ConfigException e) {
            throw new ConfigException("task file " + file + ": " + e.getMessage(), e.getCause());
        }
    }

    public TaskConfig parse(String yaml) {
        JsonNode tree;
        try {
            tree = mapper.readTree(YamlAliases.expand(yaml));
        } catch (MarkedYAMLException e) { // from YamlAliases
            throw new ConfigException("not valid YAML: " + yamlProblem(e));
        } catch (JsonProcessingException e) {
            throw new ConfigException("not valid YAML: " + yamlProblem(e));
        }
        if (!(tree instanceof ObjectNode root)) {
            throw new ConfigException(
                    "expected a YAML mapping with at least name, target-database and mysql-instances");
        }
        DmTaskFields.adapt(root);
        dropDmOnlyFields(root);
        JsonNode substituted = substitute(root, "");
        TaskConfig raw;
        try {
            raw = mapper.treeToValue(substituted, TaskConfig.class);
        } catch (JsonProcessingException e) {
            throw bindingError(e);
        }
        TaskConfig config = TaskDefaults.apply(raw);
        TaskValidator.validate(config);
        checkExpressionFilters(config);
        return config;
    }

    /**
     * DM's expression filters: each instance's names exist, no rule has two kinds of expression,
     * and every expression is one osc-sync can evaluate (refused here, naming rule and expression).
     */
    private static void checkExpressionFilters(TaskConfig config) {
        for (TaskConfig.Instance inst : config.mysqlInstances()) {
            for (String name : inst.expressionFilters()) {
                if (!config.expressionFilter().containsKey(name)) {
                    throw new ConfigException("mysql-instances[source-id=" + inst.sourceId()
                            + "].expression-filters: no rule '" + name + "' in expression-filter; known: "
                            + String.join(", ", config.expressionFilter().keySet()));
                }
            }
        }
        config.expressionFilter().forEach((name, rule) -> {
            String at = "expression-filter." + name;
            if (rule == null) throw new ConfigException(at + ": empty rule");
            boolean update = given(rule.updateOldValueExpr()) || given(rule.updateNewValueExpr());
            int kinds = (given(rule.insertValueExpr()) ? 1 : 0)
                    + (update ? 1 : 0)
                    + (given(rule.deleteValueExpr()) ? 1 : 0);
            if (kinds > 1) {
                throw new ConfigException(at + ": give one of insert-value-expr, update-old-value-expr / "
                        + "update-new-value-expr, delete-value-expr, not several (as DM requires)");
            }
            check(at + ".insert-value-expr", rule.insertValueExpr());
            check(at + ".update-old-value-expr", rule.updateOldValueExpr());
            check(at + ".update-new-value-expr", rule.updateNewValueExpr());
            check(at + ".delete-value-expr", rule.deleteValueExpr());
        });
    }

    /** DM reads an empty expression as none. */
    public static boolean given(String expression) {
        return expression != null && !expression.isBlank();
    }

    private static void check(String at, String expression) {
        if (!given(expression)) return;
        try {
            RowExpression.parse(expression);
        } catch (ExpressionException e) {
            throw new ConfigException(at + ": osc-sync cannot evaluate \"" + expression + "\": " + e.getMessage());
        }
    }

    private void dropDmOnlyFields(ObjectNode root) {
        List<String> ignored = new ArrayList<>();
        for (String f : DM_TOP_LEVEL_IGNORED) {
            if (root.remove(f) != null) ignored.add(f);
        }
        JsonNode instances = root.get("mysql-instances");
        if (instances != null && instances.isArray()) {
            for (JsonNode inst : instances) {
                if (inst instanceof ObjectNode o) {
                    for (String f : DM_INSTANCE_IGNORED) {
                        if (o.remove(f) != null) ignored.add("mysql-instances[]." + f);
                    }
                }
            }
        }
        if (!ignored.isEmpty()) {
            LOG.info("DM task fields accepted and not used by osc-sync: {}", ignored);
        }
    }

    private JsonNode substitute(JsonNode node, String path) {
        if (node.isTextual()) {
            return new TextNode(substituteText(node.asText(), path));
        }
        if (node.isObject()) {
            ObjectNode copy = ((ObjectNode) node).objectNode();
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                copy.set(e.getKey(), substitute(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey()));
            }
            return copy;
        }
        if (node.isArray()) {
            var copy = mapper.createArrayNode();
            for (int i = 0; i < node.size(); i++) copy.add(substitute(node.get(i), path + "[" + i + "]"));
            return copy;
        }
        return node;
    }

    private String substituteText(String text, String path) {
        Matcher m = ENV_REF.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = env.apply(m.group(1));
            if (value == null) value = m.group(2);
            if (value == null) {
                throw new ConfigException(path + ": environment variable " + m.group(1)
                        + " is not set: export it, or write ${" + m.group(1) + ":-default}");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * The parser's complaint without the quoted source line (SnakeYAML's message shows it, and the
     * line may hold a password) and without alias/anchor names (an unquoted password starting with
     * '*' or '&' is read as one).
     */
    private static String yamlProblem(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException y) return yamlProblem(y);
        return "cannot be parsed"
                + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")");
    }

    private static String yamlProblem(MarkedYAMLException y) {
        String text = y.getContext() == null
                ? y.getProblem()
                : y.getProblem() == null ? y.getContext() : y.getContext() + ": " + y.getProblem();
        text = text == null ? "cannot be parsed" : HIDDEN_NAME.matcher(text).replaceAll("$1 (name not shown)");
        Mark at = y.getProblemMark() != null ? y.getProblemMark() : y.getContextMark();
        return text + (at == null ? "" : " (line " + (at.getLine() + 1) + ", column " + (at.getColumn() + 1) + ")");
    }

    private static ConfigException bindingError(JsonProcessingException e) {
        String path = e instanceof JsonMappingException jm ? pathOf(jm.getPath()) : "";
        String at = path.isEmpty() ? "" : path + ": ";
        if (e instanceof UnrecognizedPropertyException u) {
            String known = u.getKnownPropertyIds() == null
                    ? ""
                    : u.getKnownPropertyIds().stream()
                            .map(Object::toString)
                            .sorted()
                            .collect(Collectors.joining(", "));
            return new ConfigException(at + "unknown field '" + u.getPropertyName() + "'; known fields here: " + known);
        }
        if (e instanceof InvalidFormatException f) {
            // Never echo the value: it may be a password.
            String expected = f.getTargetType() == null
                    ? "another value"
                    : f.getTargetType().isEnum()
                            ? "one of " + enumValues(f.getTargetType())
                            : describe(f.getTargetType());
            return new ConfigException(at + "invalid value; expected " + expected);
        }
        if (e.getCause() instanceof InputCoercionException c) {
            // Jackson's message quotes the number; it could be a misplaced password.
            Class<?> t = c.getTargetType();
            return new ConfigException(at + "number out of range; expected a smaller "
                    + (t == int.class || t == Integer.class ? "integer" : "number"));
        }
        if (e instanceof MismatchedInputException m && m.getOriginalMessage().startsWith("Missing required")) {
            String field = m.getOriginalMessage().replaceAll("(?s).*'([^']+)'.*", "$1");
            return new ConfigException(at + "missing required field '" + field + "'");
        }
        if (e instanceof MismatchedInputException m) {
            String target = m.getTargetType() == null ? "another shape" : describe(m.getTargetType());
            return new ConfigException(at + "wrong shape; expected " + target);
        }
        return new ConfigException(at + e.getOriginalMessage());
    }

    private static String describe(Class<?> type) {
        if (List.class.isAssignableFrom(type)) return "a list";
        if (Map.class.isAssignableFrom(type)) return "a mapping of named rules";
        if (type.isRecord()) return "a mapping";
        if (type.isEnum()) return "one of " + enumValues(type);
        String name = type.getSimpleName().toLowerCase();
        return ("aeiou".indexOf(name.charAt(0)) >= 0 ? "an " : "a ") + name;
    }

    private static String enumValues(Class<?> type) {
        List<String> names = new ArrayList<>();
        for (Object c : type.getEnumConstants()) {
            try {
                JsonProperty p = type.getField(((Enum<?>) c).name()).getAnnotation(JsonProperty.class);
                names.add(p == null ? c.toString() : "'" + p.value() + "'");
            } catch (NoSuchFieldException ex) {
                names.add(c.toString());
            }
        }
        return String.join(", ", names);
    }

    private static String pathOf(List<JsonMappingException.Reference> refs) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : refs) {
            if (r.getFieldName() != null) {
                if (sb.length() > 0) sb.append('.');
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }
}
