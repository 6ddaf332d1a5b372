package io.oscsync.job.shard;

import io.oscsync.udfs.ddl.AlterClause;
import io.oscsync.udfs.ddl.DdlStatement;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Optimistic shard mode's view of one target table, after DM's optimistic mode (each shard's
 * table, their join, a change judged against the join): for every column and index whose
 * shards do not all agree yet, the definition each shard's DDL gave it and the one the target
 * has. Once every shard has the target's definition the item is forgotten, so the state holds
 * only disagreements in flight. Pure and immutable: {@link #judge} and {@link #leave} are its
 * transitions, each returning the next schema.
 *
 * <pre>
 *   per column or index (an item):
 *   (agreed, not kept) --a shard adds / modifies it--> APPLY: runs now; kept while shards differ
 *   kept --another shard makes it the same--> kept, or forgotten once every shard has it
 *   kept --another shard makes it differently--> CONFLICT (the job fails naming both)
 *   kept --a shard drops it, others still have it--> WAIT: the DROP is kept as pending
 *   kept --the last holder drops it, or leaves--> APPLY the pending DROP; forgotten
 * </pre>
 *
 * <p>A shard not listed in an item has the item's base: {@link #ABSENT} for a column or index
 * the shards' DDL added, {@link #UNKNOWN} for one that existed before (its definition as
 * before any change, which optimistic mode lets the first change replace).
 *
 * @param items by {@link AlterClause#key()}
 */
public record OptimisticSchema(Map<String, Item> items) {
    /** The column or index is not there. */
    public static final String ABSENT = "";
    /** It is there with a definition from before the shards' DDL. */
    public static final String UNKNOWN = "?";

    public static final OptimisticSchema EMPTY = new OptimisticSchema(Map.of());

    public OptimisticSchema {
        items = Collections.unmodifiableMap(new TreeMap<>(items));
    }

    /**
     * @param target      the definition the target has
     * @param base        what a shard not in {@code shards} has
     * @param shards      the definition each shard's DDL gave it
     * @param pendingDrop the DROP to run once no shard has it, or null
     */
    public record Item(String target, String base, Map<String, String> shards, DdlStatement pendingDrop) {
        public Item {
            shards = Collections.unmodifiableMap(new TreeMap<>(shards));
        }

        String of(String shard) {
            return shards.getOrDefault(shard, base);
        }
    }

    public enum Verdict {
        /** Run the change downstream now. */
        APPLY,
        /** The target has it already. */
        SKIP,
        /** A DROP that waits until no other shard has the column or index. */
        WAIT,
        /** Another shard defines it differently, or the change cannot fit the target. */
        CONFLICT
    }

    /**
     * @param run    the statements to run downstream now (target names)
     * @param detail for WAIT the shards that still have it, for CONFLICT what disagrees
     */
    public record Outcome(Verdict verdict, List<DdlStatement> run, String detail, OptimisticSchema schema) {
        public Outcome {
            run = List.copyOf(run);
        }
    }

    public boolean isEmpty() {
        return items.isEmpty();
    }

    /** Whether optimistic mode can merge the change: it adds, modifies or drops a column or a named index. */
    public static boolean canMerge(AlterClause c) {
        return !c.key().isEmpty();
    }

    /**
     * A change by {@code shard} judged against the target and the other shards' definitions.
     *
     * @param statement the one-change statement that makes it downstream (target names)
     * @param members   every shard of the target, {@code shard} included
     */
    public Outcome judge(String shard, AlterClause c, DdlStatement statement, Set<String> members) {
        if (!canMerge(c)) throw new IllegalArgumentException("not mergeable: " + statement.sql());
        String key = c.key();
        String added =
                c.kind() == AlterClause.Kind.ADD_COLUMN || c.kind() == AlterClause.Kind.ADD_INDEX ? ABSENT : UNKNOWN;
        Item item = items.getOrDefault(key, new Item(added, added, Map.of(), null));
        String def = c.isDrop() ? ABSENT : c.definition();
        String target = item.target();
        if (!c.isDrop()) {
            for (String other : members) {
                String d = item.of(other);
                if (!other.equals(shard) && isKnown(d) && !d.equals(def)) {
                    return conflict(
                            key + ": " + other + " has it as [" + d + "], while " + shard + " makes it [" + def + "]");
                }
            }
        }
        Verdict verdict;
        String detail = null;
        DdlStatement pendingDrop = item.pendingDrop();
        switch (c.kind()) {
            case ADD_COLUMN, ADD_INDEX -> {
                if (target.equals(def)) {
                    verdict = Verdict.SKIP;
                } else if (target.equals(ABSENT)) {
                    verdict = Verdict.APPLY;
                } else {
                    return conflict(key + ": " + shard + " adds it as [" + def + "] while the target still has it"
                            + (isKnown(target) ? " as [" + target + "]" : "") + " (not every shard dropped it)");
                }
            }
            case MODIFY_COLUMN -> {
                if (target.equals(ABSENT)) {
                    return conflict(key + ": " + shard + " modifies it, but the target does not have it");
                }
                verdict = target.equals(def) ? Verdict.SKIP : Verdict.APPLY;
            }
            default -> { // a drop
                List<String> holders = holders(item, members, shard);
                if (target.equals(ABSENT)) {
                    verdict = Verdict.SKIP;
                } else if (!holders.isEmpty()) {
                    verdict = Verdict.WAIT;
                    detail = String.join(", ", holders);
                    pendingDrop = statement;
                } else {
                    verdict = Verdict.APPLY;
                    pendingDrop = null;
                }
            }
        }
        Map<String, String> shards = new TreeMap<>(item.shards());
        shards.put(shard, def);
        String newTarget = verdict == Verdict.APPLY ? def : target;
        Map<String, Item> next = new TreeMap<>(items);
        next.put(key, new Item(newTarget, item.base(), shards, pendingDrop));
        return new Outcome(
                verdict, verdict == Verdict.APPLY ? List.of(statement) : List.of(), detail, compact(next, members));
    }

    /** A shard left the target: forget it; a DROP that waited only for it is returned to run now. */
    public Outcome leave(String shard, Set<String> members) {
        Map<String, Item> next = new TreeMap<>();
        List<DdlStatement> drops = new ArrayList<>();
        for (Map.Entry<String, Item> e : items.entrySet()) {
            Item item = e.getValue();
            Map<String, String> shards = new TreeMap<>(item.shards());
            shards.remove(shard);
            String target = item.target();
            DdlStatement pendingDrop = item.pendingDrop();
            if (pendingDrop != null && holders(item, members, shard).isEmpty()) {
                drops.add(pendingDrop);
                target = ABSENT;
                pendingDrop = null;
            }
            next.put(e.getKey(), new Item(target, item.base(), shards, pendingDrop));
        }
        return new Outcome(drops.isEmpty() ? Verdict.SKIP : Verdict.APPLY, drops, null, compact(next, members));
    }

    /**
     * The state kept by releases before this class: the changes applied and the drops waiting,
     * keyed {@code add_column c}, {@code modify_column c}, {@code add_index i},
     * {@code drop_column c}, {@code drop_index i}. Adds are taken first, then modifies, then drops.
     */
    public static OptimisticSchema fromLegacy(Map<String, PessimisticLock> changes) {
        Map<String, Item> items = new TreeMap<>();
        for (String prefix : List.of("add_", "modify_", "drop_")) {
            for (Map.Entry<String, PessimisticLock> e : changes.entrySet()) {
                if (!e.getKey().startsWith(prefix)) continue;
                PessimisticLock lock = e.getValue();
                DdlStatement statement = lock.statements().get(0);
                AlterClause c = statement.alterClauses().size() == 1
                        ? statement.alterClauses().get(0)
                        : null;
                if (c == null || !canMerge(c)) {
                    throw new IllegalStateException("optimistic shard state " + e.getKey() + " holds ["
                            + statement.sql() + "], which is no column or index change; the state is damaged: "
                            + "restore an older checkpoint, or start this target afresh");
                }
                String base = prefix.equals("add_") ? ABSENT : UNKNOWN;
                String def = c.isDrop() ? ABSENT : c.definition();
                Item item = items.getOrDefault(c.key(), new Item(base, base, Map.of(), null));
                Map<String, String> shards = new TreeMap<>(item.shards());
                for (String s : lock.reached()) shards.put(s, def);
                items.put(
                        c.key(),
                        c.isDrop()
                                ? new Item(item.target(), item.base(), shards, statement)
                                : new Item(def, item.base(), shards, item.pendingDrop()));
            }
        }
        return new OptimisticSchema(items);
    }

    /** Forgets what every member agrees on with the target, and shards that left. */
    private static OptimisticSchema compact(Map<String, Item> items, Set<String> members) {
        Map<String, Item> out = new TreeMap<>();
        for (Map.Entry<String, Item> e : items.entrySet()) {
            Item item = e.getValue();
            boolean agreed = members.stream().allMatch(m -> item.of(m).equals(item.target()));
            if (agreed) continue;
            Map<String, String> shards = new TreeMap<>(item.shards());
            shards.keySet().retainAll(members);
            out.put(e.getKey(), new Item(item.target(), item.base(), shards, item.pendingDrop()));
        }
        return new OptimisticSchema(out);
    }

    private static List<String> holders(Item item, Set<String> members, String except) {
        List<String> out = new ArrayList<>();
        for (String m : members) if (!m.equals(except) && !item.of(m).equals(ABSENT)) out.add(m);
        return out;
    }

    private static boolean isKnown(String def) {
        return !def.equals(ABSENT) && !def.equals(UNKNOWN);
    }

    private Outcome conflict(String detail) {
        return new Outcome(Verdict.CONFLICT, List.of(), detail, this);
    }
}
