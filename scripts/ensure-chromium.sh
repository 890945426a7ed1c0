#!/usr/bin/env bash
# Installs Debian's chromium for the browser test and `npm run pictures` when it is absent.
# It needs root (apt-get), as on the project's machines and in CI.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
	echo "chromium: $(/usr/bin/chromium --version 2>/dev/null | head -1)"
	exit 0
fi
echo "chromium is not installed: installing Debian's chromium with apt-get (about 1-2 min) ..."
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
echo "chromium: $(/usr/bin/chromium --version 2>/dev/null | head -1)"
