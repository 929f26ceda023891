#!/bin/bash
# bench/soak.sh — the soak run: newswatchd polling 10,000 small feeds served by nginx on
# loopback at a short interval for ten minutes, while a few feeds change every second; its
# resident memory and open descriptors sampled every 10 s. Not part of `make check`.
#
#   bench/soak.sh [DURATION] [--feeds N] [--interval S] [--changes R] [--sample S] [--no-prime] [--keep]
#
# DURATION in seconds (600). --feeds: how many feeds (10000); --interval: the daemon's poll
# interval in seconds (30); --changes: feeds rewritten per second, each with one new item
# (5); --sample: seconds between samples (10); --no-prime: no `newswatchd --once` first (the
# first fetch of every feed, the backlog, then happens inside the measured run); --keep:
# keep the work folder (it is always kept after a failure).
#
# The samples go to bench/results/soak-last.csv (t_s, rss_kb, fds, requests, http_200,
# http_304, articles), the summary to bench/results/soak-last.txt and standard output:
# RSS after warm-up (the first sample at 20% of the run or later, once every feed has been
# polled in the run) against the last sample, with the verdict "memory flat: yes" when it
# grew by 10% or less; the descriptor counts, with "descriptor leak: yes" when the fewest
# descriptors open in the last quarter of the run is more than 10 above the most open
# between warm-up and 40% of it (a floor that keeps rising).
# Environment: NEWSWATCH_BUILD (build tree with newswatchd and plugins/.libs; default: the
# checkout this script is in), NW_PER_HOST (16), NW_MAX_TRANSFERS (64).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/.." && pwd)
BUILD=${NEWSWATCH_BUILD:-$top}
PY=/usr/bin/python3
PER_HOST=${NW_PER_HOST:-16}
MAX_TRANSFERS=${NW_MAX_TRANSFERS:-64}

duration=600 feeds=10000 interval=30 changes=5 sample=10 prime=1 keep=0
usage() {
	sed -n '6,7p' "$0" | sed 's/^# \{0,1\}//'
	exit "${1:-2}"
}
while [ $# -gt 0 ]; do
	case $1 in
	--feeds) feeds=${2:?}; shift ;;
	--interval) interval=${2:?}; shift ;;
	--changes) changes=${2:?}; shift ;;
	--sample) sample=${2:?}; shift ;;
	--no-prime) prime=0 ;;
	--keep) keep=1 ;;
	-h | --help) usage 0 ;;
	[0-9]*) duration=$1 ;;
	*) echo "bench/soak.sh: unknown argument '$1'" >&2; usage ;;
	esac
	shift
done
for v in "$duration" "$feeds" "$interval" "$changes" "$sample"; do
	[[ $v =~ ^[0-9]+$ && $v -gt 0 ]] || { echo "bench/soak.sh: '$v' is not a positive number" >&2; exit 2; }
done

say() { printf '%s\n' "soak: $*" >&2; }
die() { say "error: $*"; exit 1; }

for c in nginx sqlite3 curl; do
	command -v "$c" >/dev/null || die "$c is not installed (bench/run installs what the benchmarks need)"
done
[ -x "$BUILD/newswatchd" ] || die "no $BUILD/newswatchd: build first (cd $BUILD && make -j2)"
[ -d "$BUILD/plugins/.libs" ] || die "no $BUILD/plugins/.libs"

# ---- work folder; clean-up stops what was started, by pid ----
WORK=$(mktemp -d /tmp/nwsoak.XXXXXX)
chmod 755 "$WORK" # nginx workers run as www-data
nginx_pid= changer_pid= nwd_pid=
stop_pid() { # stop_pid PID SIGNAL: signal, wait up to 5 s, then SIGKILL
	local pid=$1
	[ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
	kill "-$2" "$pid" 2>/dev/null || true
	for _ in $(seq 25); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.2; done
	kill -KILL "$pid" 2>/dev/null || true
}
cleanup() {
	local rc=$?
	stop_pid "$nwd_pid" TERM
	stop_pid "$changer_pid" TERM
	stop_pid "$nginx_pid" QUIT
	if [ "$keep" = 1 ] || [ $rc -ne 0 ]; then
		say "work folder kept: $WORK"
	else
		rm -rf "$WORK"
	fi
	exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# a snapshot of the binaries, so that a rebuild during the run cannot change them midway
mkdir -p "$WORK/build/plugins" "$WORK/www/feeds" "$WORK/nw" "$WORK/nginx/tmp"
cp "$BUILD/newswatchd" "$WORK/build/" && cp "$BUILD"/plugins/.libs/*.so "$WORK/build/plugins/" ||
	die "cannot copy the binaries from $BUILD (a build in progress?)"
NWD=$WORK/build/newswatchd
version=$(git -C "$BUILD" describe --always --dirty 2>/dev/null || echo unknown)

# ---- the feeds: feeds.py init writes them; feeds.py change runs until SIGTERM, rewriting
# R random feeds a second, each with a new item on top (the feed keeps its last 5 items).
# One item in ten names the story, so that matching, development and alerts keep working.
cat >"$WORK/feeds.py" <<'PY'
import email.utils, os, random, signal, sys, time
cmd, root, nfeeds = sys.argv[1], sys.argv[2], int(sys.argv[3])
WORDS = ("market plan city river council budget school report energy port rail storm vote "
         "court bank trade farm clinic bridge museum harbor tower festival league transit").split()
EVENTS = ["opens a factory in", "hires staff for", "buys a stake in", "is fined over", "launches a service in",
          "wins a contract in", "delays a plant in", "settles a lawsuit in"]
rnd = random.Random(7)
seq = [0]

def item(f):
    seq[0] += 1
    place = rnd.choice(WORDS).capitalize() + "ville"
    if rnd.random() < 0.1:
        title = "Zenthora %s %s, %d workers" % (rnd.choice(EVENTS), place, rnd.randint(100, 99999))
    else:
        title = "The %s %s of %s" % (rnd.choice(WORDS), rnd.choice(WORDS), place)
    body = " ".join(rnd.choice(WORDS) for _ in range(40))
    return ('<item><title>%s</title><guid isPermaLink="false">f%05d-%d-%d</guid>'
            '<link>https://s%d.example.com/%d/%d</link><pubDate>%s</pubDate>'
            '<description>%s. %s.</description></item>\n'
            % (title, f, os.getpid(), seq[0], f % 50, f, seq[0], email.utils.formatdate(usegmt=True), title, body))

def write(f, items):
    path = os.path.join(root, "%05d.xml" % f)
    with open(path + ".tmp", "w") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
                  '<title>Feed %d</title><link>https://s%d.example.com/</link>\n' % (f, f % 50))
        out.writelines(items)
        out.write("</channel></rss>\n")
    os.chmod(path + ".tmp", 0o644)
    os.rename(path + ".tmp", path)

if cmd == "init":
    for f in range(nfeeds):
        write(f, [item(f) for _ in range(5)])
    sys.exit(0)
# change R: the feeds' current items are read back from the files
rate = float(sys.argv[4])
signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
feeds = {}
n = 0
next_t = time.time()
while True:
    f = rnd.randrange(nfeeds)
    if f not in feeds:
        with open(os.path.join(root, "%05d.xml" % f)) as inp:
            feeds[f] = [l for l in inp if l.startswith("<item>")]
    feeds[f] = [item(f)] + feeds[f][:4]
    write(f, feeds[f])
    n += 1
    if n % 100 == 0:
        print(n, flush=True)
    next_t += 1.0 / rate
    time.sleep(max(0.0, next_t - time.time()))
PY
say "generating $feeds feeds"
"$PY" "$WORK/feeds.py" init "$WORK/www/feeds" "$feeds" || die "feeds.py init failed"

# ---- nginx: one server on a free loopback port, /feeds/NNNNN.xml, ETag and Last-Modified on ----
port=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
user_line=
[ "$(id -u)" = 0 ] && user_line="user www-data;"
cat >"$WORK/nginx/nginx.conf" <<EOF
$user_line
worker_processes 1;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 1024; }
http {
    types { application/rss+xml xml; }
    log_format soak '\$msec \$status \$body_bytes_sent \$request_uri';
    access_log $WORK/nginx/access.log soak;
    client_body_temp_path $WORK/nginx/tmp/body;
    proxy_temp_path $WORK/nginx/tmp/proxy;
    fastcgi_temp_path $WORK/nginx/tmp/fastcgi;
    uwsgi_temp_path $WORK/nginx/tmp/uwsgi;
    scgi_temp_path $WORK/nginx/tmp/scgi;
    sendfile on;
    keepalive_timeout 65;
    keepalive_requests 1000000;
    open_file_cache off;
    server {
        listen 127.0.0.1:$port;
        root $WORK/www;
        location /feeds/ { }
    }
}
EOF
: >"$WORK/nginx/access.log"
nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" 2>>"$WORK/nginx/error.log" &
nginx_pid=$!
for _ in $(seq 50); do
	curl -fsS -o /dev/null "http://127.0.0.1:$port/feeds/00000.xml" 2>/dev/null && break
	kill -0 "$nginx_pid" 2>/dev/null || die "nginx did not start: $(tail -n 3 "$WORK/nginx/error.log")"
	sleep 0.1
done
curl -fsS -o /dev/null "http://127.0.0.1:$port/feeds/00000.xml" || die "nginx does not serve /feeds/00000.xml"
say "nginx on 127.0.0.1:$port (pid $nginx_pid)"

# ---- newswatch: every feed at --interval; one story, its alerts to a log channel ----
{
	cat <<EOF
# newswatch.conf written by bench/soak.sh
[daemon]
database = $WORK/nw/newswatch.db
plugin_dir = $WORK/build/plugins
per_host = $PER_HOST
max_transfers = $MAX_TRANSFERS
interval = ${interval}s

[story zenthora]
entity.zenthora = Zenthora
alert = journal

[alert journal]
plugin = log
format = json

EOF
	for ((f = 0; f < feeds; f++)); do
		printf '[feed f%05d]\nurl = http://127.0.0.1:%s/feeds/%05d.xml\n' "$f" "$port" "$f"
	done
} >"$WORK/nw/newswatch.conf"
"$NWD" --check-config -c "$WORK/nw/newswatch.conf" >"$WORK/nw/check.log" 2>&1 ||
	die "newswatchd --check-config: $(head -n 5 "$WORK/nw/check.log")"

if [ "$prime" = 1 ]; then
	say "priming: newswatchd --once (the first fetch of every feed: backlog, no alert)"
	t=$(date +%s.%N)
	"$NWD" --once -c "$WORK/nw/newswatch.conf" >"$WORK/nw/once.out" 2>"$WORK/nw/once.err" ||
		die "newswatchd --once failed: $(tail -n 3 "$WORK/nw/once.err")"
	say "primed in $("$PY" -c "import time; print('%.1f' % (time.time() - $t))") s: $(sqlite3 "$WORK/nw/newswatch.db" 'SELECT count(*) FROM articles') articles"
fi

# ---- the run ----
"$PY" "$WORK/feeds.py" change "$WORK/www/feeds" "$feeds" "$changes" >"$WORK/changer.out" 2>"$WORK/changer.err" &
changer_pid=$!
log_from=$(wc -l <"$WORK/nginx/access.log")
"$NWD" -c "$WORK/nw/newswatch.conf" >"$WORK/nw/daemon.out" 2>"$WORK/nw/daemon.err" &
nwd_pid=$!
start=$(date +%s.%N)
say "newswatchd (pid $nwd_pid): $feeds feeds every ${interval}s, $changes changes/s, for ${duration}s; a sample every ${sample}s"
CSV=$WORK/soak.csv
echo "t_s,rss_kb,fds,requests,http_200,http_304,articles" >"$CSV"
# take_sample: one CSV row; the requests are those of the run (nginx's log since it began)
take_sample() {
	local t rss fds req c200 c304 arts
	t=$("$PY" -c "import time; print('%.1f' % (time.time() - $start))")
	rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$nwd_pid/status" 2>/dev/null) || return 1
	[ -n "$rss" ] || return 1
	fds=$(ls "/proc/$nwd_pid/fd" 2>/dev/null | wc -l)
	read -r req c200 c304 < <(tail -n +"$((log_from + 1))" "$WORK/nginx/access.log" |
		awk '{ n++; if ($2 == 200) a++; else if ($2 == 304) b++ } END { print n + 0, a + 0, b + 0 }')
	arts=$(sqlite3 -readonly "$WORK/nw/newswatch.db" 'SELECT coalesce(max(id), 0) FROM articles' 2>/dev/null || echo "")
	echo "$t,$rss,$fds,$req,$c200,$c304,$arts" >>"$CSV"
	printf 'soak: %6ss  RSS %7s kB  fds %4s  requests %8s (200: %s, 304: %s)  articles %s\n' \
		"$t" "$rss" "$fds" "$req" "$c200" "$c304" "$arts" >&2
}
end=$("$PY" -c "print($start + $duration)")
next=$start
while :; do
	kill -0 "$nwd_pid" 2>/dev/null || die "newswatchd exited during the run: $(tail -n 5 "$WORK/nw/daemon.err")"
	next=$("$PY" -c "print($next + $sample)")
	"$PY" -c "import time; time.sleep(max(0.0, min($next, $end) - time.time()))"
	take_sample || die "newswatchd (pid $nwd_pid) gone: $(tail -n 5 "$WORK/nw/daemon.err")"
	"$PY" -c "import sys, time; sys.exit(0 if time.time() >= $end - 0.05 else 1)" && break
done
stop_pid "$changer_pid" TERM
changer_pid=
kill -TERM "$nwd_pid"
rc=0
wait "$nwd_pid" || rc=$?
nwd_pid=
[ $rc = 0 ] || say "WARNING: newswatchd exited with status $rc on SIGTERM"

# ---- summary ----
mkdir -p "$here/results"
cp "$CSV" "$here/results/soak-last.csv"
"$PY" - "$CSV" "$WORK/nw/newswatch.db" "$WORK/nw/daemon.err" "$WORK/changer.out" "$duration" "$feeds" \
	"$interval" "$changes" "$version" "$rc" <<'PY' | tee "$here/results/soak-last.txt"
import csv, os, sqlite3, sys
csv_f, db_f, log_f, changer_f, duration, feeds, interval, changes, version, rc = sys.argv[1:11]
duration, feeds, interval = int(duration), int(feeds), int(interval)
rows = [{k: float(v) if v else None for k, v in r.items()} for r in csv.DictReader(open(csv_f))]
if not rows:
    print("no samples"); sys.exit(1)
# warm-up: 20% of the run, and not before every feed has been polled once in the run (the
# connection pool and the daemon's caches are then at their working size)
cycle = next((r["t_s"] for r in rows if r["requests"] >= feeds), None)
warm_t = max(0.2 * duration, cycle if cycle is not None else 0)
warm = next((r for r in rows if r["t_s"] >= warm_t - 0.5), None)
note = None
if cycle is None or warm is None or warm is rows[-1]:
    warm = min(rows, key=lambda r: abs(r["t_s"] - 0.2 * duration))
    note = ("NOTE: the run is too short for a warm-up (%s): the verdicts below are indicative only"
            % ("not every feed was polled" if cycle is None else "first full poll cycle at t=%.0fs" % cycle))
last = rows[-1]
growth = (last["rss_kb"] - warm["rss_kb"]) / warm["rss_kb"] * 100
fds = [r["fds"] for r in rows]
# a leak: the descriptors open in the last quarter never fall back to what was open between
# warm-up and 40% of the run (slack 10: transfers in flight, the connection cache)
mid_end = max(0.4 * duration, warm["t_s"])
mid = [r["fds"] for r in rows if warm["t_s"] <= r["t_s"] <= mid_end] or [warm["fds"]]
tail = [r["fds"] for r in rows if r["t_s"] >= 0.75 * duration] or [last["fds"]]
leak = min(tail) > max(mid) + 10
db = sqlite3.connect(db_f)
q = lambda s: db.execute(s).fetchone()[0]
polled = q("SELECT count(*) FROM feeds WHERE last_fetch IS NOT NULL")
failing = q("SELECT count(*) FROM feeds WHERE failures > 0")
alerts = dict(db.execute("SELECT state, count(*) FROM alerts GROUP BY 1").fetchall())
warnings = sum(1 for l in open(log_f) if "warning" in l.lower() or "error" in l.lower())
changed = 0
for l in open(changer_f):
    changed = int(l) if l.strip().isdigit() else changed
req = int(last["requests"])
print()
print("newswatch %s: soak of %d feeds, interval %ds, ~%s changes/s, %d s (%d samples)" %
      (version, feeds, interval, changes, duration, len(rows)))
print("polls done: %d requests (%d x 200, %d x 304), %.1f per feed (expected ~%.1f), %.0f/s" %
      (req, last["http_200"], last["http_304"], req / feeds, duration / interval, req / max(last["t_s"], 1)))
print("feeds polled at least once: %d of %d, failing: %d; feed rewrites: >= %d; articles: %d" %
      (polled, feeds, failing, changed, last["articles"] or 0))
print("alerts: %s; daemon log lines with warning/error: %d; exit status on SIGTERM: %s" %
      (", ".join("%s %d" % kv for kv in sorted(alerts.items())) or "none", warnings, rc))
if note:
    print(note)
print("RSS: %.1f MB after warm-up (t=%.0fs), %.1f MB at the end (t=%.0fs), max %.1f MB" %
      (warm["rss_kb"] / 1024, warm["t_s"], last["rss_kb"] / 1024, last["t_s"], max(r["rss_kb"] for r in rows) / 1024))
print("descriptors: %d first sample, %d last sample, max %d (after warm-up to 40%%: %d-%d, last quarter: %d-%d)" %
      (fds[0], fds[-1], max(fds), min(mid), max(mid), min(tail), max(tail)))
print("memory flat: %s (growth %+.1f%%)" % ("yes" if growth <= 10 else "no", growth))
print("descriptor leak: %s" % ("yes" if leak else "none"))
PY
say "samples: $here/results/soak-last.csv; summary: $here/results/soak-last.txt"
