-- pt-online-schema-change --resume=1 --alter 'ADD COLUMN c INT' D=db,t=t after a first run with
-- --history --no-drop-new-table --no-drop-triggers died mid-copy (pt-osc-3.7-history.sql up to a chunk:
-- _t_new, its ALTER and its three triggers exist; percona.pt_osc_history row 1 has new_table_name
-- '_t_new', upper_boundary '500', done 'no').
-- Source: branch PT-1717_resume_pt-online-schema-change_if_interrupted (57e4008a) main(): reads the job
-- (SELECT, not logged), checks _t_new and the triggers exist (information_schema, not logged), creates
-- neither (create_triggers ... dont => --resume). The ALTER: the branch still runs it (Step 2 is not
-- guarded), so only an idempotent ALTER resumes there; the released test t/pt-online-schema-change/
-- pt-1717-resume.t resumes 'ADD INDEX idx1(f1)', which a repeated ALTER would refuse (duplicate key name):
-- the release skips it. Both shapes are below; osc-sync records an identical repeat once.
-- Without --history on the resumed run (as in pt-1717-resume.t): no history rows.
-- [branch 57e4008a only] ALTER TABLE `db`.`_t_new` ADD COLUMN c INT;
-- the copy goes on after the stored upper boundary: rows on db._t_new
INSERT LOW_PRIORITY IGNORE INTO `db`.`_t_new` (`id`, `a`, `b`) SELECT `id`, `a`, `b` FROM `db`.`t` FORCE INDEX(`PRIMARY`) WHERE ((`id` >= '501')) AND ((`id` <= '1000')) LOCK IN SHARE MODE /*pt-online-schema-change 4343 copy nibble*/;
ANALYZE TABLE `db`.`_t_new` /* pt-online-schema-change */;
RENAME TABLE `db`.`t` TO `db`.`_t_old`, `db`.`_t_new` TO `db`.`t`;
DROP TABLE IF EXISTS `db`.`_t_old`;
DROP TRIGGER IF EXISTS `db`.`pt_osc_db_t_del`;
DROP TRIGGER IF EXISTS `db`.`pt_osc_db_t_upd`;
DROP TRIGGER IF EXISTS `db`.`pt_osc_db_t_ins`;
