package io.oscsync.udfs.osc;

/** What a table is to an online schema change tool. */
public enum TableRole {
    /** A table the application owns. */
    REAL,
    /** The tool's copy being altered (gh-ost {@code _t_gho}, pt-osc {@code _t_new}); becomes the real table at cut-over. */
    GHOST,
    /** The tool's bookkeeping or the old table after cut-over (gh-ost {@code _t_ghc}, {@code _t_del}; pt-osc {@code _t_old}). */
    TRASH
}
