#!/usr/bin/env bash
# Install Debian's nginx (the reverse proxy of deploy/nginx.conf) when it is missing: only the
# distribution's package. deploy/serve.sh runs it with our own configuration, never the default site.
set -euo pipefail
if [ -x /usr/sbin/nginx ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "installing Debian package nginx-light (reverse proxy for make serve-nginx)…" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nginx-light >/dev/null
