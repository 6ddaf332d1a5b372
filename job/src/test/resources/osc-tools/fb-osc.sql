-- Facebook OnlineSchemaChange (facebookincubator/OnlineSchemaChange, master 3a4bd11, 2025-02-12):
-- the statements "osc_cli copy" sends for one migration, in order, as the replay tests run them.
-- Sources: core/lib/payload/copy.py (run_ddl: the order of the stages), core/lib/sql.py (each
-- statement's text), core/lib/constant.py (names), core/lib/payload/cleanup.py (the drops).
-- FB OSC takes the NEW definition as a full CREATE TABLE and builds its shadow from it: no ALTER.
--
-- Format: "-- @step <name>" starts a step; a statement ends at a line ending in ";" (the ";" is
-- not sent, except where FB OSC itself sends one, written ";;"). Placeholders: ${t} the table;
-- ${new} ${chg} ${old} the shadow, change log and old table, ${ins} ${upd} ${del} the triggers:
-- __osc_new_<t> ... for a table name under 54 characters, n!<t> c!<t> o!<t> i!<t> u!<t> d!<t>
-- for 54..61, __osc_new_online_schema_change_temp_tbl ... for 62+; ${outfile} a dump file,
-- ${ids} a list of change ids. The connection has the database selected:
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
CREATE TABLE `${chg}` (`_osc_ID_` BIGINT AUTO_INCREMENT, `_osc_dml_type_` BIGINT, PRIMARY KEY(_osc_ID_))ENGINE=InnoDB AS (SELECT `id`, `a`, `b`, `note` FROM `${t}` LIMIT 0);
CREATE INDEX `ix_pri` ON `${chg}` (`id`);

-- create_copy_table(): the user's CREATE TABLE under the shadow's name (sqlparse/models.py to_sql()).
-- This is the migration: b moved before a, added added, dropped old_col, widened note, idx_old
-- replaced by idx_a, comment changed.
-- @step shadow
CREATE TABLE `${new}` (
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
CREATE TRIGGER `${ins}` AFTER INSERT ON `${t}` FOR EACH ROW INSERT INTO `${chg}` (_osc_dml_type_, `id`, `a`, `b`, `note`) VALUES (1, `NEW`.`id`, `NEW`.`a`, `NEW`.`b`, `NEW`.`note`);
CREATE TRIGGER `${del}` AFTER DELETE ON `${t}` FOR EACH ROW INSERT INTO `${chg}` (_osc_dml_type_, `id`, `a`, `b`, `note`) VALUES (2, `OLD`.`id`, `OLD`.`a`, `OLD`.`b`, `OLD`.`note`);
CREATE TRIGGER `${upd}` AFTER UPDATE ON `${t}` FOR EACH ROW IF (`OLD`.`id` = `NEW`.`id`) THEN     insert into `${chg}` (_osc_dml_type_, `id`, `a`, `b`, `note`)     VALUES (3, `NEW`.`id`, `NEW`.`a`, `NEW`.`b`, `NEW`.`note`); ELSE     insert into `${chg}` (_osc_dml_type_, `id`, `a`, `b`, `note`)     VALUES (2, `OLD`.`id`, `OLD`.`a`, `OLD`.`b`, `OLD`.`note`),     (1, `NEW`.`id`, `NEW`.`a`, `NEW`.`b`, `NEW`.`note`);END IF;

-- start_snapshot() + dump_table(): in one consistent-snapshot transaction, the last change id
-- the dump already contains, then the dump (SELECT ... INTO OUTFILE writes no binlog event).
-- @step dump
SELECT ifnull(max(`_osc_ID_`), 0) as max_id FROM `${chg}`;
SELECT `id`, `a`, `b`, `note` FROM `${t}`  INTO OUTFILE '${outfile}';

-- load_data(): in a ROW binlog, one insert row event per line of the file, on the shadow.
-- @step load
LOAD DATA INFILE '${outfile}'  INTO TABLE `${new}` CHARACTER SET BINARY (`id`, `a`, `b`, `note`);

-- --idx-recreation only: drop_non_unique_indexes() before the load, recreate_non_unique_indexes()
-- after it (DDL on the shadow that leaves it as created).
-- @step drop-indexes
DROP INDEX `idx_a` ON `${new}`;
-- @step recreate-indexes
ALTER TABLE `${new}` ADD KEY `idx_a` (`a`);

-- analyze_table()
-- @step analyze
ANALYZE TABLE `${new}`;
ANALYZE TABLE `${chg}`;

-- replay_changes(): changes with ids above the dump's, in id order, consecutive changes of one
-- type as one statement (sql.py replay_delete_row / replay_insert_row / replay_update_row).
-- @step replay-delete
DELETE `${new}` FROM `${new}`, `${chg}` WHERE `${chg}`.`_osc_ID_` IN (${ids}) AND `${new}`.`id` = `${chg}`.`id`;
-- @step replay-insert
INSERT  INTO `${new}` (`id`, `a`, `b`, `note`)SELECT `id`, `a`, `b`, `note` FROM `${chg}` FORCE INDEX (PRIMARY) WHERE `${chg}`.`_osc_ID_` IN (${ids}) ;
-- @step replay-update
UPDATE  `${new}`, `${chg}` SET `${new}`.`a` = `${chg}`.`a`, `${new}`.`b` = `${chg}`.`b`, `${new}`.`note` = `${chg}`.`note` WHERE `${chg}`.`_osc_ID_` IN (${ids}) AND `${new}`.`id` = `${chg}`.`id` ;

-- swap_tables(), under LOCK TABLE `__osc_new_t` WRITE, `t` WRITE, `__osc_chg_t` WRITE after a last
-- replay. MySQL 8 (since commit 2118440, 2022-10-14): one RENAME, sent with its trailing ";".
-- @step swap
RENAME TABLE `${t}` TO `${old}`, `${new}` TO `${t}`;;
-- Any other server version: two statements.
-- @step swap-two-step
ALTER TABLE `${t}` rename `${old}`;
ALTER TABLE `${new}` rename `${t}`;

-- cleanup(): triggers first, then the tables in the order they were registered.
-- @step cleanup
DROP TRIGGER IF EXISTS `${ins}`;
DROP TRIGGER IF EXISTS `${del}`;
DROP TRIGGER IF EXISTS `${upd}`;
DROP TABLE IF EXISTS `${chg}`;
DROP TABLE IF EXISTS `${old}`;
