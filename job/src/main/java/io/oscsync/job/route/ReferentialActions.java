package io.oscsync.job.route;

import io.oscsync.udfs.ddl.MySqlLexer;
import io.oscsync.udfs.ddl.Token;

import java.util.List;
import java.util.Locale;

/**
 * Foreign keys whose referential action changes rows (CASCADE, SET NULL, SET DEFAULT). MySQL and
 * MariaDB do not write the rows such an action changes to the binlog, so a replica that only
 * applies the binlog silently keeps them: osc-sync refuses these keys rather than diverge.
 */
public final class ReferentialActions {
    private ReferentialActions() {}

    /** The first row-changing action in a CREATE or ALTER TABLE, as words ("ON DELETE CASCADE"), or null. */
    public static String find(String ddl) {
        List<Token> t = MySqlLexer.tokenize(ddl);
        for (int i = 0; i + 2 < t.size(); i++) {
            if (!t.get(i).isWord("on")
                    || !(t.get(i + 1).isWord("delete") || t.get(i + 1).isWord("update"))) continue;
            Token action = t.get(i + 2);
            boolean set = action.isWord("set")
                    && i + 3 < t.size()
                    && (t.get(i + 3).isWord("null") || t.get(i + 3).isWord("default"));
            if (action.isWord("cascade") || set) {
                return ("ON " + t.get(i + 1).text() + " " + action.text()
                                + (set ? " " + t.get(i + 3).text() : ""))
                        .toUpperCase(Locale.ROOT);
            }
        }
        return null;
    }

    /** What to do, for the messages that name such a key. */
    public static final String ADVICE = "MySQL does not write the rows a foreign key's CASCADE, SET NULL or SET "
            + "DEFAULT action changes to the binlog, so the downstream would silently keep them. Change the key's "
            + "actions to RESTRICT or NO ACTION upstream (and change the child rows explicitly), or leave the child "
            + "table out with block-allow-list";
}
