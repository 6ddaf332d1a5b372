-- gh-ost on a table whose name is over 59 characters (unchanged from before v1.0.48 to v1.1.10 and
-- master 145799ee): getSafeTableName builds `_<table>_<suffix>` and, when that is over 64
-- characters (go/mysql/utils.go MaxTableNameLength), cuts the end of the table's name by the
-- excess. Here the table's name has 60 characters: each name loses its last one. With
-- --timestamp-old-table the old table `_<table>_<yyyymmddhhmmss>_del` loses 15 more.
-- Sources, tag v1.1.10: go/base/context.go (getSafeTableName and the Get*TableName functions;
-- go/base/context_test.go TestGetTableNames shows the same cut).

-- @step create
create table `osc`.`order_line_item_price_adjustments_archived_by_region_and_day` (id int primary key, a int, b varchar(40));

-- @step start
drop /* gh-ost */ table if exists `osc`.`_order_line_item_price_adjustments_archived_by_region_and_da_ghc`;
create /* gh-ost */ table `osc`.`_order_line_item_price_adjustments_archived_by_region_and_da_ghc` ( id bigint unsigned auto_increment, last_update timestamp not null DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP, hint varchar(64) charset ascii not null, value varchar(4096) charset ascii not null, primary key(id), unique key hint_uidx(hint) ) auto_increment=256 comment='gh-ost changelog';
create /* gh-ost */ table `osc`.`_order_line_item_price_adjustments_archived_by_region_and_da_gho` like `osc`.`order_line_item_price_adjustments_archived_by_region_and_day`;
alter /* gh-ost */ table `osc`.`_order_line_item_price_adjustments_archived_by_region_and_da_gho` ADD COLUMN c3 INT NULL;

-- @step cut-over
create /* gh-ost */ table `osc`.`_order_line_item_price_adjustments_archived_by_region_and_da_del` ( id int auto_increment primary key ) engine=InnoDB comment='ghost-cut-over-sentry';
drop /* gh-ost */ table if exists `osc`.`_order_line_item_price_adjustments_archived_by_region_and_da_del`;
rename /* gh-ost */ table `osc`.`order_line_item_price_adjustments_archived_by_region_and_day` to `osc`.`_order_line_item_price_adjustments_archived_by_region_and_da_del`, `osc`.`_order_line_item_price_adjustments_archived_by_region_and_da_gho` to `osc`.`order_line_item_price_adjustments_archived_by_region_and_day`;
drop /* gh-ost */ table if exists `osc`.`_order_line_item_price_adjustments_archived_by_region_and_da_ghc`;
