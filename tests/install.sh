#!/usr/bin/env bash
# Installs everything the test suite needs on a fresh Debian machine: Python packages, and the
# real components the tests drive (Chromium, nginx, rsync, CJK fonts, Java and the Nu HTML checker,
# pa11y for HTML_CodeSniffer, which runs in Debian's Chromium and so downloads no browser of its own).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
need=()
for pkg in chromium nginx rsync fonts-noto-cjk default-jre-headless; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
if [ ! -f tests/.vnu/node_modules/vnu-jar/build/dist/vnu.jar ]; then
  mkdir -p tests/.vnu
  # no install script: it runs java to look for one (leaving the JVM's /tmp/hsperfdata_root behind) and
  # would download a JDK from GitHub if none were found; the tests use Debian's, installed above
  npm install --silent --no-audit --no-fund --ignore-scripts --prefix tests/.vnu vnu-jar@26.9.27 >/dev/null
fi
if [ ! -d tests/.pa11y/node_modules/pa11y ]; then
  mkdir -p tests/.pa11y
  PUPPETEER_SKIP_DOWNLOAD=1 npm install --silent --no-audit --no-fund --ignore-scripts --save-exact \
    --prefix tests/.pa11y pa11y@9.1.1 >/dev/null
fi
