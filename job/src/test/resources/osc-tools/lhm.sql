-- Shopify's Large Hadron Migrator (Shopify/lhm) v4.5.1 (commit 3374b607): the statements one
-- Lhm.change_table sends, in order, as the binlog sees them. See docs/tools/lhm.md for the
-- sources of each line. LHM's connection has the database selected: names are unqualified.
--
-- Sections (`-- @name`) are run by job/src/test/java/io/oscsync/job/testing/LhmReplay.java.
-- Placeholders: ${t} table, ${create} the origin's SHOW CREATE TABLE with `CREATE TABLE `${t}``
-- replaced by `CREATE TABLE `lhmn_${t}``, ${cols} the intersection's destination columns,
-- ${new_cols} / ${origin_cols} the same as `NEW`.`c` / `${t}`.`c`, ${from} ${to} a chunk,
-- ${archive} lhma_<YYYY_MM_DD_HH_MM_SS_mmm>_${t} (the time the Migration was built), ${failed}
-- the archive name cut to 57 characters + _failed; the Migrator helpers' ${column}
-- ${definition} ${index} ${columns} ${statement}.

-- @create lib/lhm/migrator.rb destination_create (tagged: lib/lhm/sql_helper.rb)
${create} /* large hadron migration */;

-- @add-column lib/lhm/migrator.rb add_column (algorithm: 'COPY' since v4.5.0; ALGORITHM=INPLACE
-- in v4.3-v4.4, none before)
alter table `lhmn_${t}` add column `${column}` ${definition}, ALGORITHM=COPY /* large hadron migration */;

-- @change-column lib/lhm/migrator.rb change_column
alter table `lhmn_${t}` modify column `${column}` ${definition} /* large hadron migration */;

-- @add-index lib/lhm/migrator.rb add_index (index_ddl); the default name is index_<t>_on_<c1>_and_<c2>
create index `${index}` on `lhmn_${t}` (${columns}) /* large hadron migration */;

-- @add-unique-index lib/lhm/migrator.rb add_unique_index
create unique index `${index}` on `lhmn_${t}` (${columns}) /* large hadron migration */;

-- @remove-index lib/lhm/migrator.rb remove_index
drop index `${index}` on `lhmn_${t}` /* large hadron migration */;

-- @ddl lib/lhm/migrator.rb ddl: the user's own statement, written against m.name (lhmn_${t})
${statement} /* large hadron migration */;

-- @entangle lib/lhm/entangler.rb entangle (delete, update, insert since v4.5.1, commit 94b9d06)
create trigger `lhmt_del_${t}`
after delete on `${t}` for each row
delete ignore from `lhmn_${t}` /* large hadron migration */
where `lhmn_${t}`.`id` = OLD.`id`;
create trigger `lhmt_upd_${t}`
after update on `${t}` for each row
replace into `lhmn_${t}` (${cols}) /* large hadron migration */
values (${new_cols});
create trigger `lhmt_ins_${t}`
after insert on `${t}` for each row
replace into `lhmn_${t}` (${cols}) /* large hadron migration */
values (${new_cols});

-- @copy-chunk lib/lhm/chunk_insert.rb sql (not tagged)
insert ignore into `lhmn_${t}` (${cols}) select ${origin_cols} from `${t}` where `${t}`.`id` between ${from} and ${to};

-- @atomic-switch lib/lhm/atomic_switcher.rb atomic_switch (the default; not tagged)
RENAME TABLE `${t}` TO `${archive}`, `lhmn_${t}` TO `${t}`;

-- @locked-switch lib/lhm/locked_switcher.rb (atomic_switch: false): only the two ALTERs are
-- logged; the second statement's lock is taken under autocommit = 0
set @lhm_auto_commit = @@session.autocommit /* large hadron migration */;
set session autocommit = 0 /* large hadron migration */;
lock table `${t}` write, `lhmn_${t}` write /* large hadron migration */;
alter table `${t}` rename `${archive}` /* large hadron migration */;
alter table `lhmn_${t}` rename `${t}` /* large hadron migration */;
commit /* large hadron migration */;
unlock tables /* large hadron migration */;
set session autocommit = @lhm_auto_commit /* large hadron migration */;

-- @untangle lib/lhm/entangler.rb untangle (after the switch, or on a failure)
drop trigger if exists `lhmt_del_${t}`;
drop trigger if exists `lhmt_ins_${t}`;
drop trigger if exists `lhmt_upd_${t}`;

-- @cleanup-current-run lib/lhm/cleanup/current.rb (Lhm.cleanup_current_run(true, t) after a
-- failed run): unquoted names
drop trigger if exists lhmt_del_${t};
drop trigger if exists lhmt_ins_${t};
drop trigger if exists lhmt_upd_${t};
rename table lhmn_${t} to ${failed};

-- @cleanup-table lib/lhm.rb cleanup (Lhm.cleanup(true)): each lhma_/lhmn_ table, unquoted
drop table if exists ${table};
