package io.oscsync.job.coordinator;

import io.oscsync.udfs.TableId;
import io.oscsync.udfs.ddl.DdlStatement;
import io.oscsync.udfs.ddl.Token;

import java.util.ArrayList;
import java.util.List;

/**
 * pt-online-schema-change builds its new table with a full CREATE TABLE and renames each foreign
 * key on it, as names are unique per schema: {@code fk} becomes {@code _fk}, {@code _fk} becomes
 * {@code __fk}, and {@code __fk} becomes {@code fk} again. After the swap the real table has the
 * new names, and later DDL (pt-osc's own rebuild of a child's keys) drops them by that name, so
 * the downstream table must be given the same names at the cut-over.
 */
final class ShadowForeignKeys {
    private ShadowForeignKeys() {}

    /**
     * One ALTER on the shadow per foreign key in its CREATE TABLE: drop the key under the name the
     * real table has, add it under the shadow's. Applied at the cut-over, before the tool's ALTER.
     */
    static List<DdlStatement> renames(DdlStatement create, TableId shadow) {
        List<DdlStatement> out = new ArrayList<>();
        if (create.kind() != DdlStatement.Kind.CREATE_TABLE) return out;
        for (List<Token> def : create.clauses()) {
            if (def.size() < 4
                    || !def.get(0).isWord("constraint")
                    || !def.get(1).isIdentifier()
                    || !def.get(2).isWord("foreign")) {
                continue;
            }
            String name = def.get(1).identifier();
            String text = create.sql()
                    .substring(def.get(0).start(), def.get(def.size() - 1).end());
            out.add(DdlStatement.parse("ALTER TABLE " + shadow.quoted() + " DROP FOREIGN KEY "
                    + TableId.quote(realName(name)) + ", ADD " + text));
        }
        return out;
    }

    /** The name on the real table that pt-osc renamed to {@code shadowName}. */
    static String realName(String shadowName) {
        return shadowName.startsWith("_") ? shadowName.substring(1) : "__" + shadowName;
    }
}
