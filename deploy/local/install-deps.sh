#!/usr/bin/env bash
# Installs what the local scripts and the tests need, only when missing:
# MariaDB server and client, percona-toolkit, a Java 17+ JDK and Maven (Debian packages).
# Quiet when everything is present; otherwise prints one line naming what it installed.
set -euo pipefail

missing() { ! command -v "$1" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$1" ]; }

java_too_old() {  # true when `java` is missing or older than 17 ("1.8" reads as 1)
  local v
  v=$(java -XshowSettings:properties -version 2>&1 |
        sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p') || true
  [ "${v:-0}" -lt 17 ]
}

pkgs=()
if missing mariadbd || missing mariadb-install-db || missing pt-online-schema-change; then
  pkgs+=(mariadb-server mariadb-client percona-toolkit)
fi
if missing openssl; then
  pkgs+=(openssl) # the TLS test makes its own certificates
fi
if missing curl; then
  pkgs+=(curl) # flink-cluster.sh waits for the JobManager's REST API
fi
if missing java || java_too_old || missing mvn; then
  pkgs+=(openjdk-17-jdk-headless maven)
fi
[ ${#pkgs[@]} -eq 0 ] && exit 0

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "install-deps: need root or sudo to install: ${pkgs[*]}" >&2; exit 1; }
  sudo=(sudo)
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! { "${sudo[@]}" apt-get update -q && "${sudo[@]}" \
       env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${pkgs[@]}"; } >"$log" 2>&1; then
  tail -n 20 "$log" >&2
  echo "install-deps: apt-get failed installing: ${pkgs[*]}" >&2
  exit 1
fi
echo "install-deps: installed ${pkgs[*]}"
