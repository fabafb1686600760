#!/usr/bin/env bash
# Install Debian's PostgreSQL server binaries for the database tests when they are missing (the
# tests start a throw-away server of their own with initdb/pg_ctl; no cluster is created here).
set -euo pipefail
if command -v pg_ctl >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "installing Debian package postgresql (for the database tests)…" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
