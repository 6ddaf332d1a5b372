#!/usr/bin/env bash
# A real standalone Flink 1.20 session cluster on loopback, built from the Maven jars in
# job/target/lib (no Flink tarball needed), with all its files under DIR:
#   start DIR [REST_PORT]   JobManager and one TaskManager; writes DIR/conf, DIR/log, DIR/*.pid
#   flink DIR ARGS...       Flink's CLI against it: run -d JAR --task F, list, stop --savepointPath P ID,
#                           cancel ID, run -d -s SAVEPOINT JAR --task F
#   kill-tm DIR             SIGKILL the TaskManager (by pid), as a crash would
#   start-tm DIR            start a TaskManager again
#   stop DIR                stop everything it started, by pid
# Checkpoints and savepoints go to DIR/checkpoints and DIR/savepoints unless the job says otherwise.
set -euo pipefail

usage() { echo "usage: $0 start DIR [REST_PORT] | flink DIR ARGS... | kill-tm DIR | start-tm DIR | stop DIR" >&2; exit 2; }
[ $# -ge 2 ] || usage
cmd=$1 dir=$(mkdir -p "$2" && cd "$2" && pwd); shift 2
root=$(cd "$(dirname "$0")/../.." && pwd)
lib=$root/job/target/lib

# The JVM options of every osc-sync JVM (Flink's own Java 17 list and a few more), on one line.
java_opts=$(sed 's/#.*//' "$root/deploy/jvm-options" | xargs)

alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

stop_pid() {  # stop_pid FILE: SIGTERM, then SIGKILL after 20 s
  local f=$1 pid
  alive "$f" || { rm -f "$f"; return 0; }
  pid=$(cat "$f")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$f"
}

free_port() {  # a currently free loopback port below the ephemeral range (clients' ports come from that)
  local low=32768 p
  [ -r /proc/sys/net/ipv4/ip_local_port_range ] && read -r low _ </proc/sys/net/ipv4/ip_local_port_range
  while :; do
    p=$((10000 + RANDOM % (low - 10000)))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
}

write_conf() {  # write_conf REST_PORT
  mkdir -p "$dir/conf" "$dir/log" "$dir/checkpoints" "$dir/savepoints"
  cat >"$dir/conf/config.yaml" <<EOF
jobmanager:
  rpc: {address: 127.0.0.1, port: $(free_port)}
  bind-host: 127.0.0.1
  memory: {process: {size: 1g}}
taskmanager:
  bind-host: 127.0.0.1
  host: 127.0.0.1
  numberOfTaskSlots: 4
  memory: {process: {size: 2g}}
rest: {address: 127.0.0.1, bind-address: 127.0.0.1, port: $1}
blob: {server: {port: "0"}}
state: {backend: {type: rocksdb}}
execution:
  checkpointing:
    dir: file://$dir/checkpoints
    savepoint-dir: file://$dir/savepoints
    incremental: true
    num-retained: 3
    externalized-checkpoint-retention: RETAIN_ON_CANCELLATION
pipeline: {generic-types: false}
restart-strategy:
  type: failure-rate
  failure-rate: {max-failures-per-interval: 5, failure-rate-interval: 10 min, delay: 2 s}
heartbeat: {interval: 2000, timeout: 10000}
env: {java: {opts: {all: "$java_opts"}}}
EOF
  cat >"$dir/conf/log4j.properties" <<'EOF'
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = file
appender.file.type = File
appender.file.name = file
appender.file.fileName = ${sys:log.file}
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = %d{HH:mm:ss.SSS} %-5level %c{1} - %msg%n
logger.metricnames.name = org.apache.flink.metrics.MetricGroup
logger.metricnames.level = ERROR
EOF
  cp "$dir/conf/log4j.properties" "$dir/conf/log4j-cli.properties"
}

java_run() {  # java_run NAME MAIN ARGS...: a daemon JVM with the Flink lib on its classpath, pid in DIR/NAME.pid
  local name=$1 main=$2; shift 2
  # shellcheck disable=SC2086
  setsid java $java_opts -Dlog.file="$dir/log/$name.log" -Dlog4j.configurationFile="$dir/conf/log4j.properties" \
    -cp "$lib/*" "$main" "$@" </dev/null >"$dir/log/$name.out" 2>&1 &
  echo $! >"$dir/$name.pid"
}

start_tm() {
  alive "$dir/taskmanager.pid" && return 0
  local params jvm dyn
  # Flink's scripts ask BashJavaUtils for the TaskManager's memory settings; so do we.
  params=$(java -cp "$lib/*" org.apache.flink.runtime.util.bash.BashJavaUtils GET_TM_RESOURCE_PARAMS \
    --configDir "$dir/conf" 2>/dev/null | grep '^BASH_JAVA_UTILS_EXEC_RESULT:' | sed 's/^BASH_JAVA_UTILS_EXEC_RESULT://')
  jvm=$(sed -n 1p <<<"$params")
  dyn=$(sed -n 2p <<<"$params")
  [ -n "$jvm" ] || { echo "could not compute the TaskManager's memory settings" >&2; exit 1; }
  # shellcheck disable=SC2086
  setsid java $jvm $java_opts -Dlog.file="$dir/log/taskmanager.log" \
    -Dlog4j.configurationFile="$dir/conf/log4j.properties" -cp "$lib/*" \
    org.apache.flink.runtime.taskexecutor.TaskManagerRunner --configDir "$dir/conf" $dyn \
    </dev/null >>"$dir/log/taskmanager.out" 2>&1 &
  echo $! >"$dir/taskmanager.pid"
}

await_rest() {  # until the REST API answers (60 s); returns 2 when a port was taken meanwhile
  local port; port=$(sed -n 's/^rest: {.*port: \([0-9]*\)}$/\1/p' "$dir/conf/config.yaml")
  for _ in $(seq 1 300); do
    curl -fsS "http://127.0.0.1:$port/overview" >/dev/null 2>&1 && return 0
    if ! alive "$dir/jobmanager.pid"; then
      grep -q BindException "$dir/log/jobmanager.log" && return 2
      tail -n 30 "$dir/log/jobmanager.log" >&2; exit 1
    fi
    sleep 0.2
  done
  echo "the JobManager did not answer on port $port within 60 s; see $dir/log" >&2; exit 1
}

case $cmd in
  start)
    [ -d "$lib" ] || { echo "no $lib: run mvn -DskipTests package first" >&2; exit 1; }
    alive "$dir/jobmanager.pid" && { echo "already running in $dir" >&2; exit 1; }
    for attempt in 1 2 3; do  # a free port can be taken before the JobManager binds it: then others
      write_conf "${1:-$(free_port)}"
      rm -f "$dir/log/jobmanager.log"
      java_run jobmanager org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint --configDir "$dir/conf"
      rc=0; await_rest || rc=$?
      [ "$rc" -eq 0 ] && break
      [ "$attempt" -lt 3 ] || { tail -n 30 "$dir/log/jobmanager.log" >&2; exit 1; }
    done
    start_tm
    echo "Flink cluster in $dir: web UI http://127.0.0.1:$(sed -n 's/^rest: {.*port: \([0-9]*\)}$/\1/p' "$dir/conf/config.yaml")"
    ;;
  flink)
    FLINK_CONF_DIR=$dir/conf exec java $java_opts -Dlog.file="$dir/log/cli.log" \
      -Dlog4j.configurationFile="$dir/conf/log4j-cli.properties" -cp "$lib/*" \
      org.apache.flink.client.cli.CliFrontend "$@"
    ;;
  kill-tm)
    alive "$dir/taskmanager.pid" && kill -9 "$(cat "$dir/taskmanager.pid")"
    rm -f "$dir/taskmanager.pid"
    ;;
  start-tm) start_tm ;;
  stop)
    stop_pid "$dir/taskmanager.pid"
    stop_pid "$dir/jobmanager.pid"
    ;;
  *) usage ;;
esac
