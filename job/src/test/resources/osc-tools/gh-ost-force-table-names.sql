-- gh-ost --force-table-names=foo on table `t` (the option exists since before v1.0.48; unchanged in
-- v1.1.8 .. v1.1.10 and master 145799ee): every table gh-ost makes is named after foo, not t:
-- `_foo_gho`, `_foo_ghc`, `_foo_del`, and with --checkpoint `_foo_ghk`. The RENAME still names t.
-- Table `osc`.`t` (id int primary key, a int, b varchar(40)), --alter "ADD COLUMN c3 INT NULL".
-- Sources, tag v1.1.10: go/cmd/gh-ost/main.go (--force-table-names sets ForceTmpTableName);
-- go/base/context.go (getSafeTableName, GetGhostTableName, GetOldTableName,
-- GetChangelogTableName, GetCheckpointTableName); go/logic/applier.go as in gh-ost-checkpoint.sql.

-- @step start
drop /* gh-ost */ table if exists `osc`.`_foo_ghc`;
create /* gh-ost */ table `osc`.`_foo_ghc` ( id bigint unsigned auto_increment, last_update timestamp not null DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP, hint varchar(64) charset ascii not null, value varchar(4096) charset ascii not null, primary key(id), unique key hint_uidx(hint) ) auto_increment=256 comment='gh-ost changelog';
create /* gh-ost */ table `osc`.`_foo_gho` like `osc`.`t`;
alter /* gh-ost */ table `osc`.`_foo_gho` ADD COLUMN c3 INT NULL;
insert /* gh-ost */ into `osc`.`_foo_ghc` (id, hint, value) values (NULLIF(2, 0), 'state', 'GhostTableMigrated') on duplicate key update last_update=NOW(), value=VALUES(value);

-- @step cut-over
create /* gh-ost */ table `osc`.`_foo_del` ( id int auto_increment primary key ) engine=InnoDB comment='ghost-cut-over-sentry';
drop /* gh-ost */ table if exists `osc`.`_foo_del`;
rename /* gh-ost */ table `osc`.`t` to `osc`.`_foo_del`, `osc`.`_foo_gho` to `osc`.`t`;
drop /* gh-ost */ table if exists `osc`.`_foo_ghc`;
