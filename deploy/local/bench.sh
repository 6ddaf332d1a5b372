#!/usr/bin/env bash
# The benchmark: starts its own upstream and downstream MariaDB servers (stopped by pid), then
# measures osc-sync against a write ceiling, a read ceiling and a plain Flink CDC -> JDBC
# pipeline, in one run on this machine. Figures only, nothing asserted.
#   deploy/local/bench.sh [--quick] [RESULTS_DIR]
# Writes bench.md, bench.csv and lag.png under RESULTS_DIR (default bench-results/<time>); the
# last line printed is the summary.
#   deploy/local/bench.sh --scale [--quick] [--delay-ms N] [RESULTS_DIR]
# Scaling instead (see ScaleBench): steady-state rows/s at P = K = 1, 2, 4 through a latency proxy
# in front of the downstream (N ms per round trip, default 5), snapshot rows/s at S = 1, 2, 4, CPU
# per change and peak heap; writes scale.md, scale.csv and scale.png, last line `scale: ...`.
set -euo pipefail
cd "$(dirname "$0")/../.."
deploy/local/install-deps.sh
cp=$(mktemp)
trap 'rm -f "$cp"' EXIT
# One reactor run: udfs resolves to its classes; the job module writes the classpath file last.
mvn -B -ntp -q -pl udfs,job -am -DskipTests test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$cp" >/dev/null
# shellcheck disable=SC2086 # BENCH_JAVA_OPTS: extra JVM flags, e.g. -XX:StartFlightRecording=filename=bench.jfr
java -Xmx4g ${BENCH_JAVA_OPTS:-} @deploy/jvm-options \
  -Dlog4j2.configurationFile="$PWD/job/src/test/resources/log4j2-osc-test.properties" \
  -cp "job/target/test-classes:job/target/classes:$(cat "$cp")" io.oscsync.bench.Bench "$@"
