-- pt-online-schema-change --where 'id % 2 = 0' --no-swap-tables --no-drop-new-table --alter 'ADD COLUMN c INT' D=db,t=t
-- (--where without both --no-swap-tables and --no-drop-new-table needs --force: main() in 3.x 3.5.7 and
-- branch 57e4008a). Source: NibbleIterator (the WHERE is ANDed after the chunk boundaries) and main().
CREATE TABLE `db`.`_t_new` (
  `id` int(11) NOT NULL,
  `a` int(11) DEFAULT NULL,
  `b` varchar(40) DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=latin1;
ALTER TABLE `db`.`_t_new` ADD COLUMN c INT;
CREATE TRIGGER `pt_osc_db_t_del` AFTER DELETE ON `db`.`t` FOR EACH ROW BEGIN DECLARE CONTINUE HANDLER FOR 1146 begin end; DELETE IGNORE FROM `db`.`_t_new` WHERE `db`.`_t_new`.`id` <=> OLD.`id`; END ;
CREATE TRIGGER `pt_osc_db_t_upd` AFTER UPDATE ON `db`.`t` FOR EACH ROW BEGIN DECLARE CONTINUE HANDLER FOR 1146 begin end; DELETE IGNORE FROM `db`.`_t_new` WHERE !(OLD.`id` <=> NEW.`id`) AND `db`.`_t_new`.`id` <=> OLD.`id`; REPLACE INTO `db`.`_t_new` (`id`, `a`, `b`) VALUES (NEW.`id`, NEW.`a`, NEW.`b`); END ;
CREATE TRIGGER `pt_osc_db_t_ins` AFTER INSERT ON `db`.`t` FOR EACH ROW BEGIN DECLARE CONTINUE HANDLER FOR 1146 begin end; REPLACE INTO `db`.`_t_new` (`id`, `a`, `b`) VALUES (NEW.`id`, NEW.`a`, NEW.`b`);END ;
-- the triggers copy every change of t, the chunks only the rows matching --where
INSERT LOW_PRIORITY IGNORE INTO `db`.`_t_new` (`id`, `a`, `b`) SELECT `id`, `a`, `b` FROM `db`.`t` FORCE INDEX(`PRIMARY`) WHERE ((`id` >= '1')) AND ((`id` <= '1000')) AND (id % 2 = 0) LOCK IN SHARE MODE /*pt-online-schema-change 4545 copy nibble*/;
-- no ANALYZE (it is part of the swap), no RENAME; the triggers go (unless --no-drop-triggers), _t_new stays
DROP TRIGGER IF EXISTS `db`.`pt_osc_db_t_del`;
DROP TRIGGER IF EXISTS `db`.`pt_osc_db_t_upd`;
DROP TRIGGER IF EXISTS `db`.`pt_osc_db_t_ins`;
