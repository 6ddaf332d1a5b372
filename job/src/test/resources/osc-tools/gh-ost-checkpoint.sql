-- gh-ost v1.1.8, v1.1.9, v1.1.10 (and master 145799ee): a migration run with --checkpoint
-- --initially-drop-ghost-table --initially-drop-old-table, WITHOUT --ok-to-drop-table (so `_t_del`
-- and `_t_ghk` stay, as --revert needs), killed during the row copy and run again with --resume.
-- Table `osc`.`t` (id int primary key, a int, b varchar(40)), --alter "ADD COLUMN c3 INT NULL".
-- Sources, tag v1.1.10: go/logic/migrator.go (Migrate, initiateApplier, Checkpoint,
-- CheckpointAfterCutOver, finalCleanup); go/logic/applier.go (CreateChangelogTable,
-- CreateGhostTable, AlterGhost, CreateCheckpointTable, WriteChangelog, WriteCheckpoint,
-- CreateAtomicCutOverSentryTable, AtomicCutOverMagicLock, AtomicCutoverRename, dropTable);
-- go/sql/builder.go (NewCheckpointQueryBuilder); go/base/context.go (GetCheckpointTableName).

-- @step start
-- initiateApplier: ValidateOrDropExistingTables, CreateChangelogTable, CreateGhostTable, AlterGhost,
-- WriteChangelogState(GhostTableMigrated) = WriteAndLogChangelog: the 'state' row and a logged copy.
drop /* gh-ost */ table if exists `osc`.`_t_gho`;
drop /* gh-ost */ table if exists `osc`.`_t_del`;
drop /* gh-ost */ table if exists `osc`.`_t_ghc`;
create /* gh-ost */ table `osc`.`_t_ghc` ( id bigint unsigned auto_increment, last_update timestamp not null DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP, hint varchar(64) charset ascii not null, value varchar(4096) charset ascii not null, primary key(id), unique key hint_uidx(hint) ) auto_increment=256 comment='gh-ost changelog';
create /* gh-ost */ table `osc`.`_t_gho` like `osc`.`t`;
alter /* gh-ost */ table `osc`.`_t_gho` ADD COLUMN c3 INT NULL;
insert /* gh-ost */ into `osc`.`_t_ghc` (id, hint, value) values (NULLIF(2, 0), 'state', 'GhostTableMigrated') on duplicate key update last_update=NOW(), value=VALUES(value);
insert /* gh-ost */ into `osc`.`_t_ghc` (id, hint, value) values (NULLIF(0, 0), 'state at 1764540000000000001', 'GhostTableMigrated') on duplicate key update last_update=NOW(), value=VALUES(value);
-- Migrate, after inspectOriginalAndGhostTables, when --checkpoint and not --resume:
-- CreateCheckpointTable (drop first; one _min and one _max column per column of the shared unique key, typed as it is)
drop /* gh-ost */ table if exists `osc`.`_t_ghk`;
create /* gh-ost */ table `osc`.`_t_ghk` ( `gh_ost_chk_id` bigint auto_increment primary key, `gh_ost_chk_timestamp` bigint, `gh_ost_chk_coords` text charset ascii, `gh_ost_chk_iteration` bigint, `gh_ost_rows_copied` bigint, `gh_ost_dml_applied` bigint, `gh_ost_is_cutover` tinyint(1) DEFAULT '0', `id_min` int(11), `id_max` int(11) );

-- @step heartbeat
-- InitiateHeartbeat, every --heartbeat-interval-millis (100 ms by default)
insert /* gh-ost */ into `osc`.`_t_ghc` (id, hint, value) values (NULLIF(1, 0), 'heartbeat', '2026-11-30T23:00:00.1+00:00') on duplicate key update last_update=NOW(), value=VALUES(value);

-- @step checkpoint
-- checkpointLoop, every --checkpoint-seconds (300 by default, at least 10): WriteCheckpoint, the
-- last copied chunk's range and the binlog coordinates the applier has reached
insert /* gh-ost */ into `osc`.`_t_ghk` (gh_ost_chk_timestamp, gh_ost_chk_coords, gh_ost_chk_iteration, gh_ost_rows_copied, gh_ost_dml_applied, gh_ost_is_cutover, `id_min`, `id_max`) values (unix_timestamp(now()), 'mysql-bin.000001:4', 2, 1000, 17, 0, 501, 1000);

-- @step resume
-- A second gh-ost process with --resume: initiateApplier skips ValidateOrDropExistingTables,
-- CreateChangelogTable, CreateGhostTable and AlterGhost; Migrate skips CreateCheckpointTable and reads
-- the last checkpoint (SELECT). Nothing reaches the binlog until its first heartbeat and chunk.
insert /* gh-ost */ into `osc`.`_t_ghc` (id, hint, value) values (NULLIF(1, 0), 'heartbeat', '2026-11-30T23:05:00.1+00:00') on duplicate key update last_update=NOW(), value=VALUES(value);

-- @step cut-over
-- atomicCutOver: AtomicCutOverMagicLock creates the sentry (CreateAtomicCutOverSentryTable) and
-- takes LOCK TABLES t WRITE, _t_del WRITE; waitForEventsUpToLock writes its state; the rename
-- session's RENAME blocks; the lock session drops the sentry and unlocks; the RENAME runs: one
-- statement, two pairs.
create /* gh-ost */ table `osc`.`_t_del` ( id int auto_increment primary key ) engine=InnoDB comment='ghost-cut-over-sentry';
insert /* gh-ost */ into `osc`.`_t_ghc` (id, hint, value) values (NULLIF(2, 0), 'state', 'AllEventsUpToLockProcessed:1764540300000000000') on duplicate key update last_update=NOW(), value=VALUES(value);
insert /* gh-ost */ into `osc`.`_t_ghc` (id, hint, value) values (NULLIF(0, 0), 'state at 1764540300000000001', 'AllEventsUpToLockProcessed:1764540300000000000') on duplicate key update last_update=NOW(), value=VALUES(value);
drop /* gh-ost */ table if exists `osc`.`_t_del`;
rename /* gh-ost */ table `osc`.`t` to `osc`.`_t_del`, `osc`.`_t_gho` to `osc`.`t`;

-- @step after-cut-over
-- CheckpointAfterCutOver (gh_ost_is_cutover = 1: what --revert reads), then finalCleanup:
-- WriteChangelogState(Migrated), DropChangelogTable. Without --ok-to-drop-table `_t_del` and
-- `_t_ghk` stay (gh-ost logs the DROP statements to run by hand).
insert /* gh-ost */ into `osc`.`_t_ghk` (gh_ost_chk_timestamp, gh_ost_chk_coords, gh_ost_chk_iteration, gh_ost_rows_copied, gh_ost_dml_applied, gh_ost_is_cutover, `id_min`, `id_max`) values (unix_timestamp(now()), 'mysql-bin.000001:9999', 9, 4000, 80, 1, 3501, 4000);
insert /* gh-ost */ into `osc`.`_t_ghc` (id, hint, value) values (NULLIF(2, 0), 'state', 'Migrated') on duplicate key update last_update=NOW(), value=VALUES(value);
insert /* gh-ost */ into `osc`.`_t_ghc` (id, hint, value) values (NULLIF(0, 0), 'state at 1764540300000000002', 'Migrated') on duplicate key update last_update=NOW(), value=VALUES(value);
drop /* gh-ost */ table if exists `osc`.`_t_ghc`;

-- @step ok-to-drop-table
-- finalCleanup with --ok-to-drop-table instead: DropOldTable, DropCheckpointTable
drop /* gh-ost */ table if exists `osc`.`_t_del`;
drop /* gh-ost */ table if exists `osc`.`_t_ghk`;
