-- pt-online-schema-change --history --alter 'ADD COLUMN c INT' D=db,t=t, table t (id INT PRIMARY KEY, a INT, b VARCHAR(40)).
-- Source: percona/percona-toolkit bin/pt-online-schema-change, branch PT-1717_resume_pt-online-schema-change_if_interrupted
-- (57e4008a, PR #783, released in 3.6.0): main() and create_history_table(); see docs/tools/pt-osc-new.md.
-- Statements in the order the binlog has them; "-- rows:" marks DML (ROW events on that table).
-- Only when SHOW DATABASES LIKE 'percona' finds nothing:
CREATE DATABASE IF NOT EXISTS `percona` /* pt-table-checksum */;
-- Only when the table does not exist (an existing one is compared with this definition, and pt-osc stops when it differs):
CREATE TABLE IF NOT EXISTS `percona`.`pt_osc_history` (
     job_id         INT               NOT NULL AUTO_INCREMENT,
     db             CHAR(64)          NOT NULL,
     tbl            CHAR(64)          NOT NULL,
     new_table_name CHAR(64)          DEFAULT NULL,
     altr           TEXT              NOT NULL,
     args           TEXT              NOT NULL,
     lower_boundary TEXT,
     upper_boundary TEXT,
     done           ENUM('yes','no')  NOT NULL DEFAULT 'no',
     ts             TIMESTAMP         NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
     PRIMARY KEY (job_id)
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
-- rows: percona.pt_osc_history (args: the options given, as JSON)
INSERT INTO `percona`.`pt_osc_history` (db, tbl, altr, args)VALUES('db', 't', 'ADD COLUMN c INT', '{"history":1,"execute":1,"alter":"ADD COLUMN c INT"}');
CREATE TABLE `db`.`_t_new` (
  `id` int(11) NOT NULL,
  `a` int(11) DEFAULT NULL,
  `b` varchar(40) DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=latin1;
-- rows: percona.pt_osc_history. 3.6.0 has no WHERE (every job's row gets the name, PT-2422);
-- 3.7.0 limits it to the job (t/pt-online-schema-change/pt-2422.t), written here as WHERE job_id = 1.
UPDATE `percona`.`pt_osc_history` SET new_table_name = '_t_new' WHERE job_id = 1;
ALTER TABLE `db`.`_t_new` ADD COLUMN c INT;
CREATE TRIGGER `pt_osc_db_t_del` AFTER DELETE ON `db`.`t` FOR EACH ROW BEGIN DECLARE CONTINUE HANDLER FOR 1146 begin end; DELETE IGNORE FROM `db`.`_t_new` WHERE `db`.`_t_new`.`id` <=> OLD.`id`; END ;
CREATE TRIGGER `pt_osc_db_t_upd` AFTER UPDATE ON `db`.`t` FOR EACH ROW BEGIN DECLARE CONTINUE HANDLER FOR 1146 begin end; DELETE IGNORE FROM `db`.`_t_new` WHERE !(OLD.`id` <=> NEW.`id`) AND `db`.`_t_new`.`id` <=> OLD.`id`; REPLACE INTO `db`.`_t_new` (`id`, `a`, `b`) VALUES (NEW.`id`, NEW.`a`, NEW.`b`); END ;
CREATE TRIGGER `pt_osc_db_t_ins` AFTER INSERT ON `db`.`t` FOR EACH ROW BEGIN DECLARE CONTINUE HANDLER FOR 1146 begin end; REPLACE INTO `db`.`_t_new` (`id`, `a`, `b`) VALUES (NEW.`id`, NEW.`a`, NEW.`b`);END ;
-- per chunk: rows on db._t_new, then the chunk's boundaries on percona.pt_osc_history
INSERT LOW_PRIORITY IGNORE INTO `db`.`_t_new` (`id`, `a`, `b`) SELECT `id`, `a`, `b` FROM `db`.`t` FORCE INDEX(`PRIMARY`) WHERE ((`id` >= '1')) AND ((`id` <= '1000')) LOCK IN SHARE MODE /*pt-online-schema-change 4242 copy nibble*/;
UPDATE `percona`.`pt_osc_history` SET lower_boundary = '1', upper_boundary = '1000' WHERE job_id = 1;
-- end of the copy
UPDATE `percona`.`pt_osc_history` SET done = 'yes' WHERE job_id = 1;
-- --analyze-before-swap (on by default when innodb_stats_persistent is ON)
ANALYZE TABLE `db`.`_t_new` /* pt-online-schema-change */;
RENAME TABLE `db`.`t` TO `db`.`_t_old`, `db`.`_t_new` TO `db`.`t`;
DROP TABLE IF EXISTS `db`.`_t_old`;
DROP TRIGGER IF EXISTS `db`.`pt_osc_db_t_del`;
DROP TRIGGER IF EXISTS `db`.`pt_osc_db_t_upd`;
DROP TRIGGER IF EXISTS `db`.`pt_osc_db_t_ins`;
