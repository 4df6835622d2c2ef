#!/usr/bin/env bash
# Installs everything the test suite needs on a fresh Debian machine: Python packages, and the
# real components the tests drive (Chromium, nginx and openssl for its certificate over HTTPS, rsync, CJK
# fonts, Java and the Nu HTML checker, pa11y for HTML_CodeSniffer, which runs in Debian's Chromium and so
# downloads no browser of its own, and the linkinator link crawler).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
need=()
for pkg in chromium nginx openssl rsync fonts-noto-cjk default-jre-headless; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
# The Node tools are installed from the lock files under tests/npm/ (`npm ci`), so every machine runs the
# same versions of them and of everything they pull in; a changed lock file installs them again.
# No install scripts: vnu-jar's runs java to look for one (leaving the JVM's /tmp/hsperfdata_root behind)
# and would download a JDK from GitHub if none were found, and Puppeteer's would download a browser; the
# tests use Debian's Java and Chromium, installed above.
install_locked() {  # install_locked NAME FOLDER
  if ! cmp -s "tests/npm/$1/package-lock.json" "$2/package-lock.json" || [ ! -d "$2/node_modules" ]; then
    rm -rf "$2" && mkdir -p "$2"
    cp "tests/npm/$1/package.json" "tests/npm/$1/package-lock.json" "$2/"
    PUPPETEER_SKIP_DOWNLOAD=1 npm ci --silent --no-audit --no-fund --ignore-scripts --prefix "$2" >/dev/null
  fi
}
install_locked vnu tests/.vnu
install_locked pa11y tests/.pa11y
install_locked linkinator tests/.linkinator
