package io.oscsync.udfs.ddl;

import io.oscsync.udfs.TableId;

import java.io.Serializable;

/** One table rename of a RENAME TABLE statement or of an ALTER TABLE ... RENAME clause. */
public record RenamePair(TableId from, TableId to) implements Serializable {}
