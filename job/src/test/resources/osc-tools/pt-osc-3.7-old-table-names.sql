-- The swap when old-table names are taken. Source: swap_tables() in v3.2.1, 3.x (3.5.7) and branch
-- 57e4008a (identical but for whitespace): up to 20 tries; each try puts a prefix in front of the name
-- of the previous try; tries 1-9 put '_' (_t_old .. _________t_old), tries 10-20 put 6 characters from
-- A-Z and 0-9 and '_' (bug 1526105); a name over 64 characters is cut to its first 64 (the end goes).
-- A taken name fails with "Table ... already exists" and the next try follows.
RENAME TABLE `db`.`t` TO `db`.`_t_old`, `db`.`_t_new` TO `db`.`t`;
RENAME TABLE `db`.`t` TO `db`.`__t_old`, `db`.`_t_new` TO `db`.`t`;
-- ... tries 3-8 ...
RENAME TABLE `db`.`t` TO `db`.`_________t_old`, `db`.`_t_new` TO `db`.`t`;
-- try 10 (random, e.g. K3Z9QA): 6 characters, '_', then the 9 underscores of try 9
RENAME TABLE `db`.`t` TO `db`.`K3Z9QA__________t_old`, `db`.`_t_new` TO `db`.`t`;
-- try 11 prefixes try 10's name
RENAME TABLE `db`.`t` TO `db`.`0A1B2C_K3Z9QA__________t_old`, `db`.`_t_new` TO `db`.`t`;
-- only the try that succeeds is in the binlog; then
DROP TABLE IF EXISTS `db`.`0A1B2C_K3Z9QA__________t_old`;
