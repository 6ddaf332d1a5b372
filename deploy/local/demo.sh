#!/usr/bin/env bash
# osc-sync in one command: two local MariaDB servers (an upstream with a ROW binlog and a
# downstream standing in for TiDB), the job replicating database `shop` between them, a small app
# writing to shop.orders, a schema change halfway, and a comparison of both sides every 5 s.
#
#   deploy/local/demo.sh
#
# Environment (all optional):
#   OSC_DEMO_SECONDS  how long the app runs (default 60)
#   OSC_DEMO_DIR      work folder, new or empty (default: a temporary folder, deleted at the end)
#   OSC_DEMO_KEEP     set to keep the temporary folder (logs, task file, savepoint)
#   OSC_PASSWORD      password of the servers' user `osc` (default osc-pass)
# Exit code 0 when the downstream matches the upstream at the end, 1 otherwise.
# Everything started here is stopped by pid at the end, on Ctrl-C and on errors.
set -euo pipefail

cd "$(dirname "$0")/../.."
say() { echo "demo: $*"; }

seconds=${OSC_DEMO_SECONDS:-60}
[[ $seconds =~ ^[0-9]+$ ]] || { say "OSC_DEMO_SECONDS must be a number of seconds" >&2; exit 2; }

# --- 1. dependencies and the jar ---------------------------------------------------------------
bash deploy/local/install-deps.sh
jar=job/target/osc-sync-job.jar
if [ ! -f "$jar" ] || [ -n "$(find pom.xml */pom.xml */src -type f -newer "$jar" -print -quit)" ]; then
  say "building $jar (the first build downloads dependencies; a few minutes)"
  mvn -B -q -Dstyle.color=never -DskipTests package
fi

# --- 2. servers, data, task file, job ----------------------------------------------------------
if [ -n "${OSC_DEMO_DIR:-}" ]; then
  mkdir -p "$OSC_DEMO_DIR"
  [ -z "$(ls -A "$OSC_DEMO_DIR")" ] || { say "OSC_DEMO_DIR ($OSC_DEMO_DIR) must be new or empty" >&2; exit 2; }
  work=$(cd "$OSC_DEMO_DIR" && pwd); temp_work=
else
  work=$(mktemp -d); temp_work=1
fi
app_pid= job_pid= servers=

# The demo app: a bash loop inserting, updating and deleting rows about every 100 ms, until app.stop exists.
run_app() {
  local i=0
  while [ ! -e "$work/app.stop" ]; do
    i=$((i + 1))
    {
      echo "INSERT INTO shop.orders (customer, amount, created)
              VALUES (CONCAT('customer-', FLOOR(RAND() * 97)), ROUND(RAND() * 1000, 2), NOW(6));"
      echo "UPDATE shop.orders SET amount = amount + 1, customer = CONCAT(customer, '+')
              WHERE LENGTH(customer) < 40 ORDER BY RAND() LIMIT 1;"
      if [ $((i % 3)) -eq 0 ]; then echo "DELETE FROM shop.orders ORDER BY RAND() LIMIT 1;"; fi
    } | up || echo "demo: app: a statement failed (iteration $i)" >&2
    sleep 0.1
  done
}
stop_app() {  # the app finishes its current statements and exits
  [ -n "$app_pid" ] || return 0
  touch "$work/app.stop"
  wait "$app_pid" 2>/dev/null || true
  app_pid=
}
cleanup() {  # stops what was started, in reverse order; safe to run twice
  set +e
  stop_app
  if [ -n "$job_pid" ] && kill -0 "$job_pid" 2>/dev/null; then
    say "stopping osc-sync (pid $job_pid) with a savepoint"
    kill -TERM "$job_pid"
    for _ in $(seq 120); do kill -0 "$job_pid" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$job_pid" 2>/dev/null; then
      say "osc-sync ignored SIGTERM for 60 s; killing it"; kill -KILL "$job_pid"
    fi
    wait "$job_pid" 2>/dev/null
    grep 'osc-sync: savepoint' "$work/osc-sync.log" | sed 's/^/demo:   /'
  fi
  job_pid=
  if [ -n "$servers" ]; then say "stopping the MariaDB servers"; bash deploy/local/mariadb.sh stop "$work"; fi
  servers=
  if [ -n "$temp_work" ] && [ -z "${OSC_DEMO_KEEP:-}" ]; then
    rm -rf "$work"; say "removed $work (set OSC_DEMO_KEEP=1 to keep it)"
  else
    say "work folder kept: $work (osc-sync.log, task.yaml, state/)"
  fi
  temp_work=
}
trap cleanup EXIT
trap 'echo; say "interrupted"; exit 130' INT TERM

up()   { mariadb --no-defaults --socket="$work/up.sock"   -uroot --batch --skip-column-names "$@"; }
down() { mariadb --no-defaults --socket="$work/down.sock" -uroot --batch --skip-column-names "$@"; }

say "starting an upstream and a downstream MariaDB in $work"
servers=1
bash deploy/local/mariadb.sh start "$work"
# shellcheck disable=SC1091
. "$work/env"
say "upstream on 127.0.0.1:$UPSTREAM_PORT, downstream on 127.0.0.1:$DOWNSTREAM_PORT (user osc)"

say "seeding shop.orders upstream with 1,000 rows"
up <<'SQL'
CREATE DATABASE shop;
USE shop;
CREATE TABLE orders (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  customer VARCHAR(40),
  amount DECIMAL(10,2),
  created DATETIME(6)
);
INSERT INTO orders (customer, amount, created)
  SELECT CONCAT('customer-', seq % 97), (seq * 137 % 100000) / 100, NOW(6) - INTERVAL seq MINUTE
  FROM seq_1_to_1000;
SQL

# The password stays a ${...} reference: osc-sync reads it from the environment.
cat >"$work/task.yaml" <<YAML
name: shop-demo
task-mode: all                     # snapshot shop, then follow the binlog
target-database:
  host: 127.0.0.1
  port: $DOWNSTREAM_PORT
  user: osc
  password: "\${OSC_PASSWORD:-osc-pass}"
  dialect: mysql                   # the downstream is MariaDB here; tidb for TiDB
mysql-instances:
  - source-id: demo-upstream
    host: 127.0.0.1
    port: $UPSTREAM_PORT
    user: osc
    password: "\${OSC_PASSWORD:-osc-pass}"
    server-id: 5401
    block-allow-list: shop-only
block-allow-list:
  shop-only:
    do-dbs: [shop]
YAML

say "starting osc-sync (log: $work/osc-sync.log)"
: >"$work/osc-sync.log"
java -jar "$jar" --task "$work/task.yaml" --state-dir "$work/state" >"$work/osc-sync.log" 2>&1 &
job_pid=$!
for _ in $(seq 120); do
  grep -q 'osc-sync: web UI at' "$work/osc-sync.log" && break
  kill -0 "$job_pid" 2>/dev/null || break
  sleep 0.5
done
if ! kill -0 "$job_pid" 2>/dev/null || ! grep -q 'osc-sync: web UI at' "$work/osc-sync.log"; then
  say "osc-sync did not start; the end of its log:" >&2
  tail -n 20 "$work/osc-sync.log" >&2
  exit 1
fi
say "web UI: $(sed -n 's/^osc-sync: web UI at //p' "$work/osc-sync.log" | head -n 1)"

# --- 3. the app (run_app, defined above) ------------------------------------------------------
run_app &
app_pid=$!
say "app started (pid $app_pid): inserts, updates and deletes in shop.orders every ~100 ms"

# --- 4. watch both sides ------------------------------------------------------------------------
checksum_sql="SELECT COUNT(*), COALESCE(SUM(CRC32(CONCAT_WS('|', id, customer, amount, created))), 0)
              FROM shop.orders"
show_down_table() {  # the downstream's SHOW CREATE TABLE shop.orders, indented
  down --raw -e "SHOW CREATE TABLE shop.orders" | sed '1s/^[^\t]*\t//; s/^/demo:   /'
}
up_sum=() down_sum=()
compare() {  # sets up_sum/down_sum (rows, checksum); true when they match
  read -r -a up_sum <<<"$(up -e "$checksum_sql")"
  read -r -a down_sum <<<"$(down -e "$checksum_sql" 2>/dev/null || echo '- -')"
  [ "${up_sum[*]}" = "${down_sum[*]}" ]
}

# ===== run_migration: the schema change made halfway through =====================================
# A real pt-online-schema-change run while the app writes: it copies shop.orders into _orders_new,
# alters that, and swaps it in. osc-sync drops the copy's rows, records its ALTER, and applies the
# ALTER once to the downstream table at the swap: no ghost table and no ghost row downstream.
run_migration() {
  local cnf="$work/pt-osc.cnf" alter="ADD COLUMN note VARCHAR(100) NULL"
  printf '[client]\nuser=osc\npassword=%s\n' "${OSC_PASSWORD:-osc-pass}" >"$cnf"   # keeps it off the command line
  chmod 600 "$cnf"
  say "run_migration: pt-online-schema-change --alter \"$alter\" on shop.orders (upstream, app still writing)"
  if ! pt-online-schema-change --alter "$alter" --execute --recursion-method=none --chunk-size=200 \
       "F=$cnf,h=127.0.0.1,P=$UPSTREAM_PORT,D=shop,t=orders" >"$work/pt-osc.log" 2>&1; then
    say "pt-online-schema-change failed; its log:" >&2
    tail -n 20 "$work/pt-osc.log" >&2
    exit 1
  fi
  say "pt-online-schema-change done: $(grep -c . "$work/pt-osc.log") lines in $work/pt-osc.log"
  say "downstream tables in shop: $(down -e "SHOW TABLES FROM shop" | tr '\n' ' ')(no _orders_new, no _orders_old)"
}
# =================================================================================================

say "running for $seconds s; the downstream trails the upstream by a few seconds"
start=$SECONDS migrated= shown= t=0
while [ "$t" -lt "$seconds" ]; do
  t=$((t + 5))
  wait_s=$((start + t - SECONDS)); [ "$wait_s" -le 0 ] || sleep "$wait_s"
  if ! kill -0 "$job_pid" 2>/dev/null; then
    say "osc-sync stopped unexpectedly; the end of its log:" >&2
    tail -n 20 "$work/osc-sync.log" >&2
    exit 1
  fi
  if compare; then state="match"; else state="differ (downstream catching up)"; fi
  printf 'demo: %3ss  upstream %5s rows  downstream %5s rows  checksums %s\n' \
    "$t" "${up_sum[0]}" "${down_sum[0]}" "$state"
  if [ -z "$migrated" ] && [ "$t" -ge $((seconds / 2)) ]; then
    run_migration
    migrated=1
  fi
  if [ -n "$migrated" ] && [ -z "$shown" ] &&
     [ -n "$(down -e "SELECT 1 FROM information_schema.columns
                      WHERE table_schema = 'shop' AND table_name = 'orders' AND column_name = 'note'")" ]; then
    say "the change arrived downstream:"
    show_down_table
    shown=1
  fi
done

# --- 5. stop the app, let the downstream catch up, compare --------------------------------------
stop_app
say "app stopped; waiting up to 30 s for the downstream to catch up"
ok=
for _ in $(seq 30); do
  if compare; then ok=1; break; fi
  sleep 1
done
if [ -n "$migrated" ] && [ -z "$shown" ]; then
  say "downstream shop.orders now:"; show_down_table
fi
if [ -n "$ok" ]; then
  say "FINAL: match - upstream and downstream both have ${up_sum[0]} rows, checksum ${up_sum[1]}"
  exit 0
fi
say "FINAL: MISMATCH - upstream ${up_sum[0]} rows (checksum ${up_sum[1]}), downstream ${down_sum[0]} rows (checksum ${down_sum[1]})"
exit 1
