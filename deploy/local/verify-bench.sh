#!/usr/bin/env bash
# verify's speed: two throwaway MariaDB servers (deploy/local/mariadb.sh, stopped by pid on exit)
# hold the same table of ROWS rows (default 2,000,000; id BIGINT key, INT, VARCHAR, DECIMAL,
# DATETIME(3), DOUBLE with NULLs), then `verify` compares them with 1, 2 and 4 threads and prints
# its result lines (rows/s over the checksum step). No job runs: this measures the comparison alone.
#   deploy/local/verify-bench.sh [ROWS]
# Needs the job jar (mvn -B -ntp install -DskipTests).
set -euo pipefail
cd "$(dirname "$0")/../.."
rows=${1:-2000000}
jar=job/target/osc-sync-job.jar
[ -f "$jar" ] || { echo "build the job jar first: mvn -B -ntp install -DskipTests" >&2; exit 2; }
dir=$(mktemp -d)
trap 'deploy/local/mariadb.sh stop "$dir" >/dev/null 2>&1 || true; rm -rf "$dir"' EXIT
deploy/local/mariadb.sh start "$dir"
# shellcheck disable=SC1091
. "$dir/env"
pids=()
for side in up down; do
  deploy/local/mariadb.sh sql "$side" "$dir" "SET SESSION sql_log_bin = 0;
    CREATE DATABASE bench;
    CREATE TABLE bench.t (id BIGINT PRIMARY KEY, a INT, b VARCHAR(40), c DECIMAL(12,2), d DATETIME(3), e DOUBLE NULL);
    INSERT INTO bench.t SELECT seq, seq % 97, CONCAT('row ', seq), seq / 7,
      '2024-01-01 00:00:00' + INTERVAL seq SECOND, IF(seq % 10 = 0, NULL, seq / 3) FROM bench.seq_1_to_$rows;" &
  pids+=($!)
done
for p in "${pids[@]}"; do wait "$p"; done
cat >"$dir/task.yaml" <<YAML
name: verify-bench
target-database: {host: 127.0.0.1, port: $DOWNSTREAM_PORT, user: osc, password: "\${OSC_PASSWORD}", dialect: mysql}
mysql-instances:
  - {source-id: up1, host: 127.0.0.1, port: $UPSTREAM_PORT, user: osc, password: "\${OSC_PASSWORD}", server-id: 101,
     block-allow-list: bench}
block-allow-list:
  bench: {do-dbs: [bench]}
YAML
export OSC_PASSWORD=${OSC_PASSWORD:-osc-pass}
echo "machine: $(nproc) cores, $rows rows on each side"
for threads in 1 2 4; do
  echo "--threads $threads:"
  java -jar "$jar" verify --task "$dir/task.yaml" --threads "$threads" | sed 's/^/  /'
done
