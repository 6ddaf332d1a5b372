-- Facebook OnlineSchemaChange (facebookincubator/OnlineSchemaChange, master 3a4bd11, 2025-02-12):
-- the statements "osc_cli copy" sends for one migration, in order, as the replay tests run them.
-- Sources: core/lib/payload/copy.py (run_ddl: the order of the stages), core/lib/sql.py (each
-- statement's text), core/lib/constant.py (names), core/lib/payload/cleanup.py (the drops).
-- FB OSC takes the NEW definition as a full CREATE TABLE and builds its shadow from it: no ALTER.
--
-- Format: "-- @step <name>" starts a step; a statement ends at a line ending in ";" (the ";" is
-- not sent, except where FB OSC itself sends one, written ";;"). Placeholders: ${t} the table,
-- ${outfile} a dump file, ${ids} a list of change ids. The connection has the database selected:
-- FB OSC never qualifies a name.

-- The table before the migration (made by the test, not by FB OSC).
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

-- Stage 1 create_delta_table(): the change log, CREATE ... SELECT of the columns both definitions
-- share (old_col is dropped by the migration, so it is not logged); then its index on the key.
-- @step delta
CREATE TABLE `__osc_chg_${t}` (`_osc_ID_` BIGINT AUTO_INCREMENT, `_osc_dml_type_` BIGINT, PRIMARY KEY(_osc_ID_))ENGINE=InnoDB AS (SELECT `id`, `a`, `b`, `note` FROM `${t}` LIMIT 0);
CREATE INDEX `ix_pri` ON `__osc_chg_${t}` (`id`);

-- create_copy_table(): the user's CREATE TABLE under the shadow's name (sqlparse/models.py to_sql()).
-- This is the migration: b moved before a, added added, dropped old_col, widened note, idx_old
-- replaced by idx_a, comment changed.
-- @step shadow
CREATE TABLE `__osc_new_${t}` (
    `id` int(11) NOT NULL,
    `b` varchar(40) DEFAULT NULL,
    `added` varchar(10) DEFAULT 'new',
    `a` int(11) DEFAULT NULL,
    `note` varchar(50) DEFAULT '',
    PRIMARY KEY (`id`),
    KEY `idx_a` (`a`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='after' ;

-- create_triggers(), under LOCK TABLE `${t}` WRITE (not in the binlog): every app change on t
-- also writes a row of __osc_chg_t in the same transaction. 1 insert, 2 delete, 3 update.
-- @step triggers
CREATE TRIGGER `__osc_ins_${t}` AFTER INSERT ON `${t}` FOR EACH ROW INSERT INTO `__osc_chg_${t}` (_osc_dml_type_, `id`, `a`, `b`, `note`) VALUES (1, `NEW`.`id`, `NEW`.`a`, `NEW`.`b`, `NEW`.`note`);
CREATE TRIGGER `__osc_del_${t}` AFTER DELETE ON `${t}` FOR EACH ROW INSERT INTO `__osc_chg_${t}` (_osc_dml_type_, `id`, `a`, `b`, `note`) VALUES (2, `OLD`.`id`, `OLD`.`a`, `OLD`.`b`, `OLD`.`note`);
CREATE TRIGGER `__osc_upd_${t}` AFTER UPDATE ON `${t}` FOR EACH ROW IF (`OLD`.`id` = `NEW`.`id`) THEN     insert into `__osc_chg_${t}` (_osc_dml_type_, `id`, `a`, `b`, `note`)     VALUES (3, `NEW`.`id`, `NEW`.`a`, `NEW`.`b`, `NEW`.`note`); ELSE     insert into `__osc_chg_${t}` (_osc_dml_type_, `id`, `a`, `b`, `note`)     VALUES (2, `OLD`.`id`, `OLD`.`a`, `OLD`.`b`, `OLD`.`note`),     (1, `NEW`.`id`, `NEW`.`a`, `NEW`.`b`, `NEW`.`note`);END IF;

-- start_snapshot() + dump_table(): in one consistent-snapshot transaction, the last change id
-- the dump already contains, then the dump (SELECT ... INTO OUTFILE writes no binlog event).
-- @step dump
SELECT ifnull(max(`_osc_ID_`), 0) as max_id FROM `__osc_chg_${t}`;
SELECT `id`, `a`, `b`, `note` FROM `${t}`  INTO OUTFILE '${outfile}';

-- load_data(): in a ROW binlog, one insert row event per line of the file, on the shadow.
-- @step load
LOAD DATA INFILE '${outfile}'  INTO TABLE `__osc_new_${t}` CHARACTER SET BINARY (`id`, `a`, `b`, `note`);

-- --idx-recreation only: drop_non_unique_indexes() before the load, recreate_non_unique_indexes()
-- after it (DDL on the shadow that leaves it as created).
-- @step drop-indexes
DROP INDEX `idx_a` ON `__osc_new_${t}`;
-- @step recreate-indexes
ALTER TABLE `__osc_new_${t}` ADD KEY `idx_a` (`a`);

-- analyze_table()
-- @step analyze
ANALYZE TABLE `__osc_new_${t}`;
ANALYZE TABLE `__osc_chg_${t}`;

-- replay_changes(): changes with ids above the dump's, in id order, consecutive changes of one
-- type as one statement (sql.py replay_delete_row / replay_insert_row / replay_update_row).
-- @step replay-delete
DELETE `__osc_new_${t}` FROM `__osc_new_${t}`, `__osc_chg_${t}` WHERE `__osc_chg_${t}`.`_osc_ID_` IN (${ids}) AND `__osc_new_${t}`.`id` = `__osc_chg_${t}`.`id`;
-- @step replay-insert
INSERT  INTO `__osc_new_${t}` (`id`, `a`, `b`, `note`)SELECT `id`, `a`, `b`, `note` FROM `__osc_chg_${t}` FORCE INDEX (PRIMARY) WHERE `__osc_chg_${t}`.`_osc_ID_` IN (${ids}) ;
-- @step replay-update
UPDATE  `__osc_new_${t}`, `__osc_chg_${t}` SET `__osc_new_${t}`.`a` = `__osc_chg_${t}`.`a`, `__osc_new_${t}`.`b` = `__osc_chg_${t}`.`b`, `__osc_new_${t}`.`note` = `__osc_chg_${t}`.`note` WHERE `__osc_chg_${t}`.`_osc_ID_` IN (${ids}) AND `__osc_new_${t}`.`id` = `__osc_chg_${t}`.`id` ;

-- swap_tables(), under LOCK TABLE `__osc_new_t` WRITE, `t` WRITE, `__osc_chg_t` WRITE after a last
-- replay. MySQL 8 (since commit 2118440, 2022-10-14): one RENAME, sent with its trailing ";".
-- @step swap
RENAME TABLE `${t}` TO `__osc_old_${t}`, `__osc_new_${t}` TO `${t}`;;
-- Any other server version: two statements.
-- @step swap-two-step
ALTER TABLE `${t}` rename `__osc_old_${t}`;
ALTER TABLE `__osc_new_${t}` rename `${t}`;

-- cleanup(): triggers first, then the tables in the order they were registered.
-- @step cleanup
DROP TRIGGER IF EXISTS `__osc_ins_${t}`;
DROP TRIGGER IF EXISTS `__osc_del_${t}`;
DROP TRIGGER IF EXISTS `__osc_upd_${t}`;
DROP TABLE IF EXISTS `__osc_chg_${t}`;
DROP TABLE IF EXISTS `__osc_old_${t}`;
