-- pt-online-schema-change --new-table-name=%T_tmp --alter 'ADD COLUMN c INT' D=db,t=t
-- Source: create_new_table() in v3.2.1, 3.x (3.5.7) and branch 57e4008a (unchanged): %T is replaced by the
-- table's name; a name the user gives gets no '_' prefix and is tried once (the default %T_new gets one more
-- '_' per try, 10 tries); a name over 64 characters is cut to its first 64.
CREATE TABLE `db`.`t_tmp` (
  `id` int(11) NOT NULL,
  `a` int(11) DEFAULT NULL,
  `b` varchar(40) DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=latin1;
ALTER TABLE `db`.`t_tmp` ADD COLUMN c INT;
CREATE TRIGGER `pt_osc_db_t_del` AFTER DELETE ON `db`.`t` FOR EACH ROW BEGIN DECLARE CONTINUE HANDLER FOR 1146 begin end; DELETE IGNORE FROM `db`.`t_tmp` WHERE `db`.`t_tmp`.`id` <=> OLD.`id`; END ;
CREATE TRIGGER `pt_osc_db_t_upd` AFTER UPDATE ON `db`.`t` FOR EACH ROW BEGIN DECLARE CONTINUE HANDLER FOR 1146 begin end; DELETE IGNORE FROM `db`.`t_tmp` WHERE !(OLD.`id` <=> NEW.`id`) AND `db`.`t_tmp`.`id` <=> OLD.`id`; REPLACE INTO `db`.`t_tmp` (`id`, `a`, `b`) VALUES (NEW.`id`, NEW.`a`, NEW.`b`); END ;
CREATE TRIGGER `pt_osc_db_t_ins` AFTER INSERT ON `db`.`t` FOR EACH ROW BEGIN DECLARE CONTINUE HANDLER FOR 1146 begin end; REPLACE INTO `db`.`t_tmp` (`id`, `a`, `b`) VALUES (NEW.`id`, NEW.`a`, NEW.`b`);END ;
INSERT LOW_PRIORITY IGNORE INTO `db`.`t_tmp` (`id`, `a`, `b`) SELECT `id`, `a`, `b` FROM `db`.`t` FORCE INDEX(`PRIMARY`) WHERE ((`id` >= '1')) AND ((`id` <= '1000')) LOCK IN SHARE MODE /*pt-online-schema-change 4444 copy nibble*/;
ANALYZE TABLE `db`.`t_tmp` /* pt-online-schema-change */;
-- the old table keeps pt-osc's own name (suffix _old, leading '_'), whatever --new-table-name says
RENAME TABLE `db`.`t` TO `db`.`_t_old`, `db`.`t_tmp` TO `db`.`t`;
DROP TABLE IF EXISTS `db`.`_t_old`;
DROP TRIGGER IF EXISTS `db`.`pt_osc_db_t_del`;
DROP TRIGGER IF EXISTS `db`.`pt_osc_db_t_upd`;
DROP TRIGGER IF EXISTS `db`.`pt_osc_db_t_ins`;
