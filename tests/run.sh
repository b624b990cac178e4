#!/usr/bin/env bash
# The whole test suite, from a fresh machine: Python dependencies, Debian's Chromium for the
# browser tests, then pytest. README.md's test command and .ci/run both call this file.
set -euo pipefail
cd "$(dirname "$0")/.."

python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt

# Debian's Chromium (Playwright's own download is not available) and CJK fonts, so the
# browser tests and the one-page PDF can render Traditional Chinese; poppler-utils to read and
# render the PDF in its tests; nginx for the deployment test (two app processes behind it).
if ! dpkg -s chromium fonts-noto-cjk fonts-dejavu-core poppler-utils nginx >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
    echo "tests/run.sh: installing Debian's chromium, fonts-noto-cjk, fonts-dejavu-core, poppler-utils and nginx" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk fonts-dejavu-core poppler-utils nginx >/dev/null
  else
    echo "tests/run.sh: chromium, fonts-noto-cjk, poppler-utils or nginx missing and not installable here" >&2
  fi
fi

# axe-core (npm) for the accessibility checks in the browser tests, pinned by tests/js's lock.
if ! command -v npm >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
  echo "tests/run.sh: installing Debian's npm" >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null
fi
if command -v npm >/dev/null 2>&1; then
  npm ci --prefix tests/js --no-audit --no-fund --silent
else
  echo "tests/run.sh: npm missing: the accessibility tests will fail" >&2
fi

# PostgreSQL for the workshop-store tests: this machine kind starts it; start it if it stopped.
export WIZARD_TEST_POSTGRES_URL="${WIZARD_TEST_POSTGRES_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/test}"
if command -v pg_isready >/dev/null 2>&1 && ! pg_isready -h 127.0.0.1 -p 5432 -q; then
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    echo "tests/run.sh: starting PostgreSQL" >&2
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
  fi
fi

ruff check .
ruff format --check .
python -m wizard validate >/dev/null
exec python -m pytest "$@"
