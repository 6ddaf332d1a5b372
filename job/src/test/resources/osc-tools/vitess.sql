-- Vitess online DDL, strategy "vitess" (= "online", VReplication), v20 and later: the statements
-- the tablet's Online DDL executor and table GC send to MySQL for one ALTER migration, in binlog
-- order, as the replay tests run them. Sources (vitessio/vitess main, executor.go at 001bb356):
-- go/vt/vttablet/onlineddl/executor.go (initVreplicationOriginalMigration,
-- postInitVreplicationOriginalMigration, cutOverVReplMigration, gcArtifacts), schema.go (the
-- statement templates), go/vt/schemadiff (DuplicateCreateTable, ValidateAndEditAlterTableStatement),
-- go/vt/schema/name.go (names), go/vt/vttablet/tabletserver/gc/tablegc.go (table GC).
-- The shadow is a full CREATE TABLE of the OLD definition (constraint names changed), then the
-- user's ALTER on it: osc-sync can record it like gh-ost's.
--
-- Format: "-- @step <name>" starts a step; a statement ends at a line ending in ";" (not sent).
-- Placeholders: ${t} the table; ${shadow} _vt_vrp_<uuid>_<ts>_ (v20+; before: _<uuid with _>_<ts>_vrepl),
-- <uuid> the migration UUID without dashes, <ts> when the shadow was named; ${sentry}
-- _vt_hld_<fresh uuid>_<now+24h>_ (v16-v19: _vt_HOLD_<uuid>_<ts>); ${gc_hold} ${gc_purge}
-- ${gc_evac} ${gc_drop} the old table's table-GC names, _vt_hld_/_vt_prg_/_vt_evc_/_vt_drp_ +
-- <migration uuid>_<due time>_ (before v20: _vt_HOLD_/_PURGE_/_EVAC_/_DROP_ + <uuid>_<ts>; which
-- state gcArtifacts() enters first varies by version); ${from} ${to} a key range.
-- The executor's connections have the database selected; names are never qualified.

-- The table before the migration (made by the test, not by Vitess).
-- @step before
CREATE TABLE `${t}` (
  `id` int(11) NOT NULL,
  `a` int(11) DEFAULT NULL,
  `b` varchar(40) DEFAULT NULL,
  `old_col` int(11) DEFAULT NULL,
  `note` varchar(20) DEFAULT NULL,
  PRIMARY KEY (`id`),
  KEY `idx_old` (`old_col`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='before';

-- initVreplicationOriginalMigration(): createDuplicateTableLike() runs SHOW CREATE TABLE t and
-- sends it back renamed (sqlparser.CanonicalString: lower-case types, "ENGINE InnoDB" options),
-- CHECK/FOREIGN KEY constraint names rewritten; then the user's ALTER on the shadow, with
-- ALGORITHM=COPY appended where the server cannot do INSTANT DDL with xtrabackup (MySQL < 8.0.32),
-- several statements when it adds several FULLTEXT keys.
-- The migration: b moved before a, added added, dropped old_col, widened note, idx_old replaced by
-- idx_a, comment changed.
-- @step shadow
CREATE TABLE `${shadow}` (
	`id` int(11) NOT NULL,
	`a` int(11) DEFAULT NULL,
	`b` varchar(40) DEFAULT NULL,
	`old_col` int(11) DEFAULT NULL,
	`note` varchar(20) DEFAULT NULL,
	PRIMARY KEY (`id`),
	KEY `idx_old` (`old_col`)
) ENGINE InnoDB,
  CHARSET utf8mb4,
  COMMENT 'before';
ALTER TABLE `${shadow}` MODIFY COLUMN `b` varchar(40) DEFAULT NULL AFTER `id`, ADD COLUMN `added` varchar(10) DEFAULT 'new' AFTER `b`, DROP COLUMN `old_col`, MODIFY COLUMN `note` varchar(50) DEFAULT '', DROP KEY `idx_old`, ADD KEY `idx_a` (`a`), COMMENT 'after', ALGORITHM = COPY;
-- postInitVreplicationOriginalMigration(), only when t has an AUTO_INCREMENT counter and the
-- ALTER sets none (this table has none: not replayed).
-- @step auto-increment
ALTER TABLE `${shadow}` AUTO_INCREMENT=${auto_increment};

-- VReplication's row copy (rows on the shadow, ordered by the shared unique key) and binlog catch-up
-- (the app's changes on t re-applied to the shadow). Row events only; these stand in for them.
-- @step copy
INSERT INTO `${shadow}` (`id`, `a`, `b`, `note`) SELECT `id`, `a`, `b`, `note` FROM `${t}` WHERE `id` > ${from} AND `id` <= ${to};
-- @step catch-up
REPLACE INTO `${shadow}` (`id`, `a`, `b`, `note`) SELECT `id`, `a`, `b`, `note` FROM `${t}`;
DELETE FROM `${shadow}` WHERE `id` NOT IN (SELECT `id` FROM `${t}`);

-- cutOverVReplMigration(): ANALYZE the shadow (first attempt only, since vitessio/vitess#17201),
-- create the sentry, LOCK TABLES sentry WRITE, t WRITE (not in the binlog), start the RENAME on
-- another connection (it blocks), DROP the sentry under the lock, UNLOCK TABLES: the RENAME runs.
-- Three pairs (since vitessio/vitess#11460, v16): t becomes the sentry's name, the shadow becomes
-- t, and the old table ends under the shadow's name.
-- @step cut-over
ANALYZE TABLE `${shadow}`;
CREATE TABLE IF NOT EXISTS `${sentry}` (id INT PRIMARY KEY);
DROP TABLE `${sentry}`;
RENAME TABLE `${t}` TO `${sentry}`, `${shadow}` TO `${t}`, `${sentry}` TO `${shadow}`;

-- gcArtifacts(), --retain-online-ddl-tables (24h) after completion: the artifact (the OLD table,
-- under the shadow's name) renamed to a HOLD name with the migration's UUID and a past time.
-- Then table GC (tablegc.go): hold -> purge (DELETE ... LIMIT 50 rounds, with sql_log_bin=0 when
-- it may) -> evac -> drop; MySQL 8.0.23+ skips purge and evac.
-- @step gc
RENAME TABLE `${shadow}` TO `${gc_hold}`;
RENAME TABLE `${gc_hold}` TO `${gc_purge}`;
delete from `${gc_purge}` limit 50;
RENAME TABLE `${gc_purge}` TO `${gc_evac}`;
RENAME TABLE `${gc_evac}` TO `${gc_drop}`;
drop table if exists `${gc_drop}`;
