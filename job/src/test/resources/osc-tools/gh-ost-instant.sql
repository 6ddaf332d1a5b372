-- gh-ost --attempt-instant-ddl (since v1.1.6; v1.1.8 added the cleanup after success, #1520;
-- v1.1.9 retries on lock wait timeout, #1667, #1651), as in v1.1.10 and master 145799ee.
-- The attempt comes AFTER initiateApplier has made the changelog and the ghost and altered it.
-- On success gh-ost runs finalCleanup and ends: the changelog is dropped, the ghost `_t_gho` is
-- NOT (finalCleanup drops it only for --noop), so it stays upstream, altered. A refused attempt
-- is not in the binlog (MySQL logs no failed DDL) and the normal migration follows.
-- Table `osc`.`t` (id int primary key, a int, b varchar(40)), --alter "ADD COLUMN c3 INT NULL".
-- Sources, tag v1.1.10: go/logic/migrator.go (Migrate, initiateApplier, finalCleanup);
-- go/logic/applier.go (generateInstantDDLQuery, AttemptInstantDDL, CreateChangelogTable,
-- CreateGhostTable, AlterGhost); go/sql/parser.go (ParseAlterStatement: the --alter without
-- "ALTER TABLE x" is AlterStatementOptions).

-- @step start
drop /* gh-ost */ table if exists `osc`.`_t_gho`;
drop /* gh-ost */ table if exists `osc`.`_t_del`;
drop /* gh-ost */ table if exists `osc`.`_t_ghc`;
create /* gh-ost */ table `osc`.`_t_ghc` ( id bigint unsigned auto_increment, last_update timestamp not null DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP, hint varchar(64) charset ascii not null, value varchar(4096) charset ascii not null, primary key(id), unique key hint_uidx(hint) ) auto_increment=256 comment='gh-ost changelog';
create /* gh-ost */ table `osc`.`_t_gho` like `osc`.`t`;
alter /* gh-ost */ table `osc`.`_t_gho` ADD COLUMN c3 INT NULL;
insert /* gh-ost */ into `osc`.`_t_ghc` (id, hint, value) values (NULLIF(2, 0), 'state', 'GhostTableMigrated') on duplicate key update last_update=NOW(), value=VALUES(value);
insert /* gh-ost */ into `osc`.`_t_ghc` (id, hint, value) values (NULLIF(0, 0), 'state at 1764540000000000001', 'GhostTableMigrated') on duplicate key update last_update=NOW(), value=VALUES(value);

-- @step instant
-- generateInstantDDLQuery, on the real table (after `set session lock_wait_timeout`, not logged)
ALTER /* gh-ost */ TABLE `osc`.`t` ADD COLUMN c3 INT NULL, ALGORITHM=INSTANT;

-- @step cleanup
-- finalCleanup after the instant success (--ok-to-drop-table would add DROP IF EXISTS of `_t_del`
-- and `_t_ghk`, neither of which exists here)
insert /* gh-ost */ into `osc`.`_t_ghc` (id, hint, value) values (NULLIF(2, 0), 'state', 'Migrated') on duplicate key update last_update=NOW(), value=VALUES(value);
insert /* gh-ost */ into `osc`.`_t_ghc` (id, hint, value) values (NULLIF(0, 0), 'state at 1764540000000000002', 'Migrated') on duplicate key update last_update=NOW(), value=VALUES(value);
drop /* gh-ost */ table if exists `osc`.`_t_ghc`;
