package io.oscsync.job.config;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * YAML anchors, aliases and {@code <<} merge keys, which DM's YAML library resolves and Jackson's
 * does not (it reads an alias as its name, and {@code <<} as a key): the text is composed with
 * SnakeYAML, merges and aliases expanded, and written back without them for Jackson to read.
 * Text without them is returned as it is, so it is read exactly as before.
 */
final class YamlAliases {
    private YamlAliases() {}

    /** @throws org.yaml.snakeyaml.error.MarkedYAMLException when the text is not valid YAML */
    static String expand(String yaml) {
        LoaderOptions options = new LoaderOptions();
        Yaml parser = new Yaml(new SafeConstructor(options), new Representer(new DumperOptions()));
        // The first document, as Jackson and DM read it.
        Iterator<Node> docs = parser.composeAll(new StringReader(yaml)).iterator();
        if (!docs.hasNext()) return yaml;
        Node root = docs.next();
        if (root == null || !usesAliasesOrMerges(root, identitySet())) {
            return yaml;
        }
        Node expanded = copy(root, identitySet());
        StringWriter out = new StringWriter();
        new Yaml(new DumperOptions()).serialize(expanded, out);
        return out.toString();
    }

    private static Set<Node> identitySet() {
        return Collections.newSetFromMap(new IdentityHashMap<>());
    }

    /** An alias is the same node object reached twice; a merge is a {@code <<} key. */
    private static boolean usesAliasesOrMerges(Node n, Set<Node> seen) {
        if (!seen.add(n)) return true;
        if (n instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode().getTag().equals(Tag.MERGE)) return true;
                if (usesAliasesOrMerges(t.getKeyNode(), seen) || usesAliasesOrMerges(t.getValueNode(), seen)) {
                    return true;
                }
            }
        } else if (n instanceof SequenceNode s) {
            for (Node c : s.getValue()) if (usesAliasesOrMerges(c, seen)) return true;
        }
        return false;
    }

    /** A deep copy (so no node is shared, and nothing is written as an alias), merges applied. */
    private static Node copy(Node n, Set<Node> path) {
        if (n instanceof ScalarNode sc)
            return new ScalarNode(sc.getTag(), sc.getValue(), null, null, sc.getScalarStyle());
        if (!path.add(n)) {
            throw new ConfigException("not valid YAML: an alias refers to a node that contains it (line "
                    + (n.getStartMark().getLine() + 1) + ")");
        }
        Node copy;
        if (n instanceof MappingNode m) {
            copy = new MappingNode(m.getTag(), merged(m, path), m.getFlowStyle());
        } else {
            List<Node> items = new ArrayList<>();
            for (Node c : ((SequenceNode) n).getValue()) items.add(copy(c, path));
            copy = new SequenceNode(n.getTag(), items, ((SequenceNode) n).getFlowStyle());
        }
        path.remove(n);
        return copy;
    }

    /**
     * The mapping's own keys, then each merged mapping's keys not set yet, in order (YAML's merge
     * key: explicit keys win, then earlier merged mappings). A merged mapping is itself merged
     * first, so its own keys win over what it merges (SnakeYAML's constructor gets that wrong).
     */
    private static List<NodeTuple> merged(MappingNode m, Set<Node> path) {
        List<NodeTuple> out = new ArrayList<>();
        List<MappingNode> sources = new ArrayList<>();
        for (NodeTuple t : m.getValue()) {
            if (!t.getKeyNode().getTag().equals(Tag.MERGE)) {
                out.add(new NodeTuple(copy(t.getKeyNode(), path), copy(t.getValueNode(), path)));
            } else if (t.getValueNode() instanceof MappingNode source) {
                sources.add(source);
            } else if (t.getValueNode() instanceof SequenceNode list) {
                for (Node source : list.getValue()) {
                    if (!(source instanceof MappingNode ms)) throw notAMapping(source);
                    sources.add(ms);
                }
            } else {
                throw notAMapping(t.getValueNode());
            }
        }
        Set<String> keys = new HashSet<>();
        for (NodeTuple t : out) keys.add(keyOf(t));
        for (MappingNode source : sources) {
            for (NodeTuple t : merged(source, path)) {
                if (keys.add(keyOf(t))) out.add(t);
            }
        }
        return out;
    }

    private static String keyOf(NodeTuple t) {
        return t.getKeyNode() instanceof ScalarNode k ? k.getValue() : "\0" + System.identityHashCode(t);
    }

    private static ConfigException notAMapping(Node n) {
        return new ConfigException("not valid YAML: a '<<' merge key takes a mapping or a list of mappings (line "
                + (n.getStartMark().getLine() + 1) + ")");
    }
}
