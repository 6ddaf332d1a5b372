#!/usr/bin/env bash
# The whole test suite, on a fresh machine: installs what is missing (MariaDB, percona-toolkit,
# a JDK and Maven from Debian's packages), then builds and runs every unit test and IT.
# Tests start their own mariadbd servers on free loopback ports and stop them by pid.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash deploy/local/install-deps.sh
exec mvn -B -ntp verify "$@"
