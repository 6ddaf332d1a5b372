-- Statements in the shapes real schemas and gh-ost's own test migrations use (see README.md);
-- written for osc-sync, one per block, blocks end with a line holding only ";".
create table trades (
  id bigint unsigned not null auto_increment,
  account_id int not null,
  status enum('open', 'filled', 'cancelled') not null default 'open',
  type varchar(16) character set ascii collate ascii_bin not null,
  `comment` text,
  position decimal(18, 6) not null default 0,
  action set('buy', 'sell') null,
  created_at timestamp(6) not null default current_timestamp(6) on update current_timestamp(6),
  primary key (id),
  key status_idx (status, created_at),
  unique key position_uidx (account_id, position),
  constraint trades_account_fk foreign key (account_id) references accounts (id) on delete restrict on update cascade
) engine=InnoDB auto_increment=1001 default charset=utf8mb4 collate=utf8mb4_unicode_ci comment='one row per trade'
;
alter /* gh-ost */ table `app`.`_trades_gho` add column exchange double comment 'exchange rate used for the trade'
;
alter /* gh-ost */ table `app`.`_trades_gho` add column `index` int unsigned, add column level tinyint not null default 0
;
alter /* gh-ost */ table `app`.`_trades_gho` change column status status enum('open', 'filled', 'cancelled', 'expired') null default null collate 'utf8mb4_bin'
;
alter /* gh-ost */ table `app`.`_trades_gho` drop primary key, add primary key (id, account_id), add unique key id_uidx(id)
;
alter /* gh-ost */ table `app`.`_trades_gho` add column total decimal(20, 6) as (position * 2) virtual, add column data json
;
alter /* gh-ost */ table `app`.`_trades_gho` modify `type` varchar(32) character set utf8mb4 not null, convert to character set utf8mb4
;
alter /* gh-ost */ table `app`.`_trades_gho` rename as something_else
;
create table film (
  film_id smallint unsigned not null auto_increment,
  title varchar(128) not null,
  description text default null,
  release_year year default null,
  language_id tinyint unsigned not null,
  rental_duration tinyint unsigned not null default 3,
  rating enum('G', 'PG', 'PG-13', 'R', 'NC-17') default 'G',
  special_features set('Trailers', 'Commentaries', 'Deleted Scenes', 'Behind the Scenes') default null,
  last_update timestamp not null default current_timestamp on update current_timestamp,
  primary key (film_id),
  key idx_title (title),
  constraint fk_film_language foreign key (language_id) references language (language_id) on delete restrict on update cascade
) engine=InnoDB default charset=utf8mb4
;
create table film_text (
  film_id smallint not null,
  title varchar(255) not null,
  description text,
  primary key (film_id),
  fulltext key idx_title_description (title, description)
) engine=InnoDB default charset=utf8mb4
;
create table address (
  address_id smallint unsigned not null auto_increment,
  location geometry not null,
  postal_code varchar(10) default null,
  primary key (address_id),
  spatial key idx_location (location)
)
;
create table salaries (
  emp_no int not null,
  salary int not null,
  from_date date not null,
  to_date date not null,
  key (emp_no),
  foreign key (emp_no) references employees (emp_no) on delete cascade,
  primary key (emp_no, from_date)
) engine=InnoDB
partition by range (year(from_date)) (
  partition p01 values less than (1985),
  partition p02 values less than (1986),
  partition p03 values less than maxvalue
)
;
create or replace table `app`.`events` (id int primary key, `date` date, `time` time, `timestamp` timestamp null, `year` int)
;
alter table salaries reorganize partition p03 into (partition p03 values less than (1987), partition p04 values less than maxvalue)
;
alter table salaries drop partition p01, p02
;
rename table `app`.`trades` to `app`.`_trades_del`, `app`.`_trades_gho` to `app`.`trades`
;
drop table if exists `app`.`_trades_ghc`, `app`.`_trades_del`
;
create database if not exists app default character set utf8mb4 collate utf8mb4_unicode_ci
;
create view v_trades as select id, status from trades where status = 'open'
;
create trigger trades_bi before insert on trades for each row set new.type = lower(new.type)
;
