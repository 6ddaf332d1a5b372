/**
 * The downstream's dialect: which DDL TiDB refuses, how a DDL is split for older TiDB, and the
 * CREATE TABLE IF NOT EXISTS of a table that already exists downstream.
 */
package io.oscsync.job.sink.dialect;
