#!/usr/bin/env bash
# quickstart.sh — set up, build and show newswatch on a fresh Debian 12 machine.
#   ./quickstart.sh          install missing build deps (as root), build, run the demo
#   ./quickstart.sh test     the same set-up, then the whole test suite
set -euo pipefail
cd "$(dirname "$0")"
mode=${1:-demo}
case "$mode" in demo|test) ;; *) echo "usage: $0 [test]" >&2; exit 2 ;; esac

# Debian packages: build (python3 generates newswatch.conf(5) at build time), libraries, and
# what the tests run against (nginx, aiosmtpd, ...). README.md lists the same build packages.
pkgs=(build-essential autoconf automake libtool pkg-config python3
      libcurl4-openssl-dev libxml2-dev libuv1-dev libsqlite3-dev libutf8proc-dev
      libidn2-dev libjansson-dev libssl-dev libcmocka-dev zlib1g-dev ca-certificates)
[ "$mode" = test ] && pkgs+=(nginx-light python3-aiosmtpd python3-feedparser sqlite3 curl valgrind
                             man-db groff-base systemd time openssl strace)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "quickstart: missing packages: ${missing[*]}" >&2
    echo "quickstart: run as root, or: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
  echo "quickstart: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

echo "quickstart: building (a minute or two the first time)"
if [ ! -x configure ] || [ configure.ac -nt configure ] || [ Makefile.am -nt configure ]; then
  autoreconf -fi >/dev/null 2>&1 || autoreconf -fi
fi
if [ ! -f Makefile ] || [ configure -nt Makefile ]; then
  ./configure -q ${NEWSWATCH_CONFIGURE_FLAGS:-}
fi
make -j"$(nproc)" >/dev/null

if [ "$mode" = test ]; then
  rc=0
  make -j"$(nproc)" check || rc=$?
  # the summary of every test, in the form CI reads
  pass=$(sed -n 's/^# PASS: *//p' test-suite.log 2>/dev/null | head -1)
  fail=$(sed -n 's/^# FAIL: *//p' test-suite.log 2>/dev/null | head -1)
  err=$(sed -n 's/^# ERROR: *//p' test-suite.log 2>/dev/null | head -1)
  skip=$(sed -n 's/^# SKIP: *//p' test-suite.log 2>/dev/null | head -1)
  if [ "$rc" -ne 0 ]; then
    for f in tests/*.log tests/*/*.log; do
      [ -f "$f" ] || continue
      grep -qE '^(FAIL|ERROR)' "${f%.log}.trs" 2>/dev/null && { echo "==== $f"; tail -n 40 "$f"; }
    done
  fi
  echo "tests: ${pass:-0} passed, $(( ${fail:-0} + ${err:-0} )) failed, ${skip:-0} skipped"
  exit "$rc"
fi

# The demo: a multilingual story replayed from bundled snapshots, no network needed.
db=newswatch-demo.db
rm -f "$db" "$db-wal" "$db-shm"
mapfile -t snaps < <(grep -v '^[[:space:]]*\(#\|$\)' conf/demo/replay.list)
echo "== newswatch demo: replaying ${#snaps[@]} snapshots of 4 feeds (English, Korean, Japanese)"
./newswatch -c conf/demo.conf --db "$db" replay --format text --deliver "${snaps[@]}"
echo
echo "== the story's timeline (newswatch --db $db timeline openai-microsoft)"
./newswatch --db "$db" timeline openai-microsoft
echo
echo "== the store (newswatch --db $db status)"
./newswatch --db "$db" status
echo
echo "Next: ./quickstart.sh test, then README.md to watch your own feeds."
