-- Spirit (block/spirit, formerly cashapp/spirit) v0.16.0 (commit 9d6bdd67): the statements one
-- `spirit migrate` sends when MySQL cannot do the ALTER as INSTANT (or safe INPLACE) itself, in
-- order, as the binlog sees them. See docs/tools/spirit.md for the sources of each line.
-- Spirit's connection has the migrated database selected: every name is unqualified (v0.16.0;
-- up to v0.15 CREATE/ALTER/DROP named `db`.`t`, up to v0.12 the RENAME did too).
--
-- Sections (`-- @name`) are run by job/src/test/java/io/oscsync/job/testing/SpiritReplay.java;
-- a section marked "per table" runs once for each table of the migration, in statement order.
-- Placeholders: ${t} table, ${alter} the user's ALTER clauses, ${cols} the copied columns,
-- ${from} ${to} a chunk's id range, ${chkpnt} _${t}_chkpnt (one table) or _spirit_checkpoint
-- (several), ${old} _${t}_old or, with --skip-drop-after-cutover, _${t}_old_<YYYYMMDD_HHMMSS>
-- (the start time in UTC), ${pairs} the cut-over pairs of every table joined with ", ".

-- @new-table (per table) pkg/migration/change.go createNewTable, alterNewTable
DROP TABLE IF EXISTS `_${t}_new`;
CREATE TABLE `_${t}_new` LIKE `${t}`;
ALTER TABLE `_${t}_new` ${alter}, ALGORITHM=COPY;

-- @checkpoint pkg/checkpoint/checkpoint.go Create (Transient)
DROP TABLE IF EXISTS `${chkpnt}`;
CREATE TABLE `${chkpnt}` (
	id int NOT NULL AUTO_INCREMENT PRIMARY KEY,
	copier_watermark TEXT,
	checksum_watermark TEXT,
	binlog_position TEXT,
	statement TEXT,
	original_table_name VARCHAR(64) NOT NULL DEFAULT '',
	move_phase VARCHAR(32) NOT NULL DEFAULT '',
	cutover_at TEXT,
	created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- @sentinel --defer-cutover: pkg/sentinel/sentinel.go Create
CREATE TABLE IF NOT EXISTS `_spirit_sentinel` (id int NOT NULL PRIMARY KEY);

-- @copy-chunk (per table) pkg/copier/unbuffered.go (--unbuffered; the default buffered copier
-- sends INSERT IGNORE INTO `_${t}_new` (...) VALUES (...) with the rows it read)
INSERT IGNORE INTO `_${t}_new` (${cols}) SELECT ${cols} FROM `${t}` FORCE INDEX (PRIMARY) WHERE `id` >= ${from} AND `id` < ${to};

-- @checkpoint-row pkg/checkpoint/checkpoint.go Write (the replay leaves the statement column empty)
REPLACE INTO `${chkpnt}` (id, copier_watermark, checksum_watermark, binlog_position, statement, original_table_name, move_phase, cutover_at) VALUES (1, '{"Key":["${to}"]}', '', 'mysql-bin.000001:4', '', '${t}', '', '');

-- @apply (per table) pkg/applier/single_target.go: the app's changes since the copy, replayed
-- on the shadow (Spirit sends REPLACE INTO ... VALUES and DELETE ... WHERE (`id`) IN (...) with
-- the rows it read from the binlog; the replay sends the same rows by SELECT)
REPLACE INTO `_${t}_new` (${cols}) SELECT ${cols} FROM `${t}`;
DELETE FROM `_${t}_new` WHERE `id` NOT IN (SELECT `id` FROM `${t}`);

-- @analyze (per table) pkg/migration/runner.go postCopyPhase
ANALYZE TABLE `${db}`.`_${t}_new`;

-- @release-sentinel the operator ends the --defer-cutover wait
DROP TABLE `_spirit_sentinel`;

-- @drop-old (per table) pkg/migration/runner.go: before the cut-over, and after it unless
-- --skip-drop-after-cutover
DROP TABLE IF EXISTS `${old}`;

-- @cut-over pkg/migration/cutover.go algorithmRenameUnderLock: one statement for every table,
-- under LOCK TABLES (not logged)
RENAME TABLE ${pairs};

-- @cut-over-pair (per table)
`${t}` TO `${old}`, `_${t}_new` TO `${t}`

-- @cleanup (per table) pkg/migration/change.go cleanup: the shadow is gone already
DROP TABLE IF EXISTS `_${t}_new`;

-- @drop-checkpoint pkg/checkpoint/checkpoint.go Drop
DROP TABLE IF EXISTS `${chkpnt}`;
