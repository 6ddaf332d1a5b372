#!/usr/bin/env bash
# Two throwaway MariaDB servers on free loopback ports, all files under DIR:
#   up   - the upstream: binlog in ROW/FULL format, server-id 1, time zone +03:00
#   down - the downstream standing in for TiDB, time zone -07:00
# `start` writes DIR/env (UPSTREAM_PORT, DOWNSTREAM_PORT, UPSTREAM_SOCKET, DOWNSTREAM_SOCKET)
# and creates user `osc` (password $OSC_PASSWORD, default osc-pass) with all privileges.
set -euo pipefail

usage() { echo "usage: $0 start DIR | stop DIR | sql up|down DIR [\"SQL\" (default: stdin)]" >&2; exit 2; }

free_port() {  # a currently free loopback port, not one of the arguments
  local p
  while :; do
    if command -v python3 >/dev/null; then
      p=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    else
      p=$((20000 + RANDOM % 40000))
      (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && continue
    fi
    [[ " $* " == *" $p "* ]] || { echo "$p"; return; }
  done
}

alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

launch() {  # launch DIR NAME PORT extra-args...: install a datadir and start mariadbd in the background
  local dir=$1 name=$2 port=$3; shift 3
  local data="$dir/$name-data"
  if [ ! -d "$data/mysql" ]; then
    mkdir -p "$dir/$name-tmp"  # its own tmpdir: servers sharing /tmp can collide on temporary tables
    mariadb-install-db --no-defaults --datadir="$data" --tmpdir="$dir/$name-tmp" --user=root \
      --auth-root-authentication-method=normal --skip-test-db >"$dir/$name-install.log" 2>&1 ||
      { tail -n 20 "$dir/$name-install.log" >&2; exit 1; }
  fi
  setsid mariadbd --no-defaults --datadir="$data" --tmpdir="$dir/$name-tmp" --port="$port" --socket="$dir/$name.sock" \
    --bind-address=127.0.0.1 --user=root --pid-file="$dir/$name.pid" \
    --log-error="$dir/$name-error.log" "$@" </dev/null >"$dir/$name.out" 2>&1 &
  echo $! >"$dir/$name.pid"  # mariadbd writes the same pid later; this one covers a failed start
}

await_ready() {  # await_ready DIR NAME: until the server answers on its socket (60 s)
  local i
  for i in $(seq 300); do
    mariadb-admin --no-defaults --socket="$1/$2.sock" -uroot ping >/dev/null 2>&1 && return
    sleep 0.2
  done
  echo "$2 did not start; tail of $1/$2-error.log:" >&2
  tail -n 20 "$1/$2-error.log" >&2 || true
  exit 1
}

sql() {  # sql DIR NAME: run the SQL on stdin as root
  mariadb --no-defaults --socket="$1/$2.sock" -uroot --batch
}

create_osc_user() {  # the password goes through stdin, never onto a command line
  local pw=${OSC_PASSWORD:-osc-pass}
  pw=${pw//\\/\\\\}; pw=${pw//\'/\'\'}
  sql "$1" "$2" <<SQL
CREATE OR REPLACE USER 'osc'@'%' IDENTIFIED BY '$pw';
CREATE OR REPLACE USER 'osc'@'localhost' IDENTIFIED BY '$pw';
GRANT ALL PRIVILEGES ON *.* TO 'osc'@'%' WITH GRANT OPTION;
GRANT ALL PRIVILEGES ON *.* TO 'osc'@'localhost' WITH GRANT OPTION;
SQL
}

stop_one() {  # TERM, wait up to 20 s, then KILL
  local pidfile="$1/$2.pid" pid i
  [ -s "$pidfile" ] || return 0
  pid=$(cat "$pidfile")
  kill -TERM "$pid" 2>/dev/null || return 0
  for i in $(seq 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.2; done
  echo "$2 (pid $pid) ignored TERM for 20 s; killing" >&2
  kill -KILL "$pid" 2>/dev/null || true
}

[ $# -ge 2 ] || usage
case $1 in
  start)
    mkdir -p "$2"; dir=$(cd "$2" && pwd)
    for name in up down; do
      if alive "$dir/$name.pid"; then echo "$name already running (pid $(cat "$dir/$name.pid"))" >&2; exit 1; fi
    done
    trap 'stop_one "$dir" up; stop_one "$dir" down' EXIT  # undone below once both are ready
    up_port=$(free_port); down_port=$(free_port "$up_port")
    launch "$dir" up "$up_port" --log-bin=mysql-bin --binlog-format=ROW --binlog-row-image=FULL \
      --server-id=1 --default-time-zone=+03:00
    launch "$dir" down "$down_port" --default-time-zone=-07:00
    for name in up down; do await_ready "$dir" "$name"; create_osc_user "$dir" "$name"; done
    printf 'UPSTREAM_PORT=%s\nDOWNSTREAM_PORT=%s\nUPSTREAM_SOCKET=%s\nDOWNSTREAM_SOCKET=%s\n' \
      "$up_port" "$down_port" "$dir/up.sock" "$dir/down.sock" >"$dir/env"
    trap - EXIT
    ;;
  stop)
    stop_one "$2" up; stop_one "$2" down ;;
  sql)
    [ $# -ge 3 ] && [[ $2 == up || $2 == down ]] || usage
    if [ $# -ge 4 ]; then sql "$3" "$2" <<<"$4"; else sql "$3" "$2"; fi ;;
  *) usage ;;
esac
