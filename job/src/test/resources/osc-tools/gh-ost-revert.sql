-- gh-ost v1.1.8, v1.1.9, v1.1.10 (and master 145799ee): --revert --old-table=_t_del after a
-- migration run with --checkpoint and without --ok-to-drop-table (gh-ost-checkpoint.sql: its
-- `_t_del` holds the table as it was before, `_t_ghk` its checkpoint with gh_ost_is_cutover = 1).
-- The revert's "ghost" is `_t_del` (GetGhostTableName returns --old-table when Revert); the table
-- it moves away is `_t_rev_del` (GetOldTableName's suffix is rev_del when Revert; with
-- --timestamp-old-table `_t_<yyyymmddhhmmss>_rev_del`). --alter is ignored; it copies no rows: it
-- replays the binlog from the cut-over checkpoint onto `_t_del` (REPLACE / DELETE / UPDATE on
-- `_t_del`, the replay's code), then cuts over. It writes `_t_ghk` no more and creates no ghost.
-- Sources, tag v1.1.10: go/cmd/gh-ost/main.go (--revert, --old-table); go/logic/migrator.go
-- (Revert, initiateApplier's Revert branch, atomicCutOver, cutOverTwoStep, finalCleanup);
-- go/logic/applier.go (CreateChangelogTable, CreateAtomicCutOverSentryTable,
-- AtomicCutOverMagicLock, AtomicCutoverRename, SwapTablesQuickAndBumpy);
-- go/base/context.go (GetGhostTableName, GetOldTableName). Added by github/gh-ost#1607 (v1.1.8).

-- @step start
-- initiateApplier, Revert: CreateChangelogTable only (it drops a leftover changelog first)
drop /* gh-ost */ table if exists `osc`.`_t_ghc`;
create /* gh-ost */ table `osc`.`_t_ghc` ( id bigint unsigned auto_increment, last_update timestamp not null DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP, hint varchar(64) charset ascii not null, value varchar(4096) charset ascii not null, primary key(id), unique key hint_uidx(hint) ) auto_increment=256 comment='gh-ost changelog';
insert /* gh-ost */ into `osc`.`_t_ghc` (id, hint, value) values (NULLIF(1, 0), 'heartbeat', '2026-11-30T23:20:00.1+00:00') on duplicate key update last_update=NOW(), value=VALUES(value);

-- @step cut-over
-- atomicCutOver with the revert's names: the sentry is `_t_rev_del`
create /* gh-ost */ table `osc`.`_t_rev_del` ( id int auto_increment primary key ) engine=InnoDB comment='ghost-cut-over-sentry';
insert /* gh-ost */ into `osc`.`_t_ghc` (id, hint, value) values (NULLIF(2, 0), 'state', 'AllEventsUpToLockProcessed:1764541300000000000') on duplicate key update last_update=NOW(), value=VALUES(value);
insert /* gh-ost */ into `osc`.`_t_ghc` (id, hint, value) values (NULLIF(0, 0), 'state at 1764541300000000001', 'AllEventsUpToLockProcessed:1764541300000000000') on duplicate key update last_update=NOW(), value=VALUES(value);
drop /* gh-ost */ table if exists `osc`.`_t_rev_del`;
rename /* gh-ost */ table `osc`.`t` to `osc`.`_t_rev_del`, `osc`.`_t_del` to `osc`.`t`;

-- @step cut-over-two-step
-- --cut-over=two-step instead: SwapTablesQuickAndBumpy (new names unqualified)
alter /* gh-ost */ table `osc`.`t` rename `_t_rev_del`;
alter /* gh-ost */ table `osc`.`_t_del` rename `t`;

-- @step cleanup
-- finalCleanup (no checkpoint after a revert's cut-over); without --ok-to-drop-table `_t_rev_del`
-- (the migrated table) and `_t_ghk` stay
insert /* gh-ost */ into `osc`.`_t_ghc` (id, hint, value) values (NULLIF(2, 0), 'state', 'Migrated') on duplicate key update last_update=NOW(), value=VALUES(value);
insert /* gh-ost */ into `osc`.`_t_ghc` (id, hint, value) values (NULLIF(0, 0), 'state at 1764541300000000002', 'Migrated') on duplicate key update last_update=NOW(), value=VALUES(value);
drop /* gh-ost */ table if exists `osc`.`_t_ghc`;

-- @step ok-to-drop-table
drop /* gh-ost */ table if exists `osc`.`_t_rev_del`;
drop /* gh-ost */ table if exists `osc`.`_t_ghk`;
