#!/bin/bash
# spacing.sh — politeness: with `spacing = 1s`, three feeds on one host are fetched at least a
# second apart; a feed on another host (127.0.0.2) does not wait for them. With per_host = 1,
# one host's transfers run one at a time while another host's runs beside them. A failing
# feed backs off from its interval up to 6 hours; feeds told one Retry-After come back apart;
# a next poll stored far ahead waits 6 hours at most.
. "$top_srcdir/tests/integration/lib.sh" || exit 99
mkdir -p "$T/www" && chmod 755 "$T/www"
for n in a b c d; do
	echo "<rss version=\"2.0\"><channel><title>$n</title><item><guid>$n</guid><title>$n</title></item></channel></rss>" >"$T/www/$n.xml"
	chmod 644 "$T/www/$n.xml"
done
NGINX_EXTRA='listen 127.0.0.2:'"${NGINX_PORT2:=$(free_port)}"';' start_nginx "$T/www"
cat > "$T/nw.conf" <<CONF
[daemon]
database = $T/store.db
spacing = 1s
[feed a]
url = http://127.0.0.1:$NGINX_PORT/a.xml
[feed b]
url = http://127.0.0.1:$NGINX_PORT/b.xml
[feed c]
url = http://127.0.0.1:$NGINX_PORT/c.xml
[feed d]
url = http://127.0.0.2:$NGINX_PORT2/d.xml
CONF
start=$(date +%s%N)
"$NEWSWATCHD" --once -c "$T/nw.conf" 2>"$T/err" || { cat "$T/err"; fail "--once"; }
took=$(( ($(date +%s%N) - start) / 1000000 ))
[ "$(sqlite3 "$T/store.db" 'SELECT count(*) FROM articles')" = 4 ] || fail "want 4 articles"
[ "$took" -ge 2000 ] || fail "three feeds on one host took ${took} ms with spacing = 1s (want >= 2000)"
$PY - "$T/nginx/access.log" <<'PY' || fail "request times"
import re, sys, datetime
t = {}
for line in open(sys.argv[1]):
    m = re.search(r'\[([^\]]+)\] "GET /(\w)\.xml', line)
    if m:
        t[m.group(2)] = datetime.datetime.strptime(m.group(1).split()[0], "%d/%b/%Y:%H:%M:%S")
same = sorted(t[k] for k in "abc")
assert (same[2] - same[0]).total_seconds() >= 1, same   # nginx logs whole seconds
assert t["d"] <= same[1], (t["d"], same)                 # the other host did not queue behind them
PY
ok "spacing = 1s: one host's feeds ${took} ms apart in all; another host not held back"

# per_host = 1: two slow transfers to one host never overlap; one to another host does not
# wait for them, even with room for only two transfers (the second to the first host waits in
# newswatchd's queue, not in libcurl's, where it held a place)
for n in s1 s2 s3; do
	head -c 6000 /dev/zero | tr '\0' ' ' | sed "s|^|<rss version=\"2.0\"><channel><title>$n</title><item><guid>$n</guid><title>$n</title></item></channel></rss>|" >"$T/www/$n.xml"
	chmod 644 "$T/www/$n.xml"
done
kill "$(cat "$T/nginx/nginx.pid")" 2>/dev/null
sleep 0.3
NGINX_EXTRA='listen 127.0.0.2:'"$NGINX_PORT2"'; location ~ ^/s { limit_rate 3k; access_log '"$T"'/nginx/timed.log timed; }
	location = /busy.xml { return 429; }
	location = /later.xml { add_header Retry-After 3600 always; return 503; }' start_nginx "$T/www"
cat > "$T/ph.conf" <<CONF
[daemon]
database = $T/ph.db
per_host = 1
max_transfers = 2
[feed s1]
url = http://127.0.0.1:$NGINX_PORT/s1.xml
[feed s2]
url = http://127.0.0.1:$NGINX_PORT/s2.xml
[feed s3]
url = http://127.0.0.2:$NGINX_PORT2/s3.xml
CONF
"$NEWSWATCHD" --once -c "$T/ph.conf" 2>"$T/ph.err" || { cat "$T/ph.err"; fail "--once with per_host = 1"; }
[ "$(sqlite3 "$T/ph.db" 'SELECT count(*) FROM articles')" = 3 ] || { cat "$T/ph.err"; fail "per_host: want 3 articles"; }
$PY - "$T/nginx/timed.log" <<'PY' || fail "per_host = 1 let two transfers to one host overlap"
import sys
spans = {}
for line in open(sys.argv[1]):
    end, took, addr, req = line.split()[0], line.split()[1], line.split()[2], line.split('"')[1]
    spans[req.split()[1]] = (float(end) - float(took), float(end))
a, b, c = spans["/s1.xml"], spans["/s2.xml"], spans["/s3.xml"]
assert a[1] - a[0] > 0.8 and b[1] - b[0] > 0.8, (a, b)       # each is slow (limit_rate)
assert a[1] <= b[0] + 0.05 or b[1] <= a[0] + 0.05, (a, b)     # one host: one at a time
assert c[0] < min(a[1], b[1]), (a, b, c)                      # the other host waited for neither
PY
ok "per_host = 1, max_transfers = 2: transfers to one host one at a time, another host in parallel"

# backoff: a failing feed waits its interval, doubled at each failure, up to 6 h (plus up to
# 10% jitter): never less than a healthy feed, and past its interval. Only a first failure
# likely to pass (connection refused) comes back after a minute; a 429 without Retry-After
# waits the interval at least.
dead=$(free_port)
cat >"$T/bo.conf" <<CONF
[daemon]
database = $T/bo.db
interval = 1h
[feed dead]
url = http://127.0.0.1:$dead/feed.xml
[feed gone]
url = http://127.0.0.1:$NGINX_PORT/gone.xml
interval = 1m
[feed busy]
url = http://127.0.0.1:$NGINX_PORT/busy.xml
CONF
waits=""
for i in 1 2 3 4 5; do
	# the fifth run after the twelfth failure: at the ceiling
	[ $i = 5 ] && sqlite3 "$T/bo.db" 'UPDATE feeds SET failures = 12'
	"$NEWSWATCHD" --once -c "$T/bo.conf" 2>/dev/null || fail "--once on failing feeds"
	waits="$waits $(sqlite3 "$T/bo.db" "SELECT group_concat(name || '=' || (next_poll - last_fetch)) FROM feeds")"
	[ "$(sqlite3 "$T/bo.db" "SELECT group_concat(last_status) FROM feeds ORDER BY name")" = "0,404,429" ] ||
		fail "the failing feeds' statuses: $(sqlite3 "$T/bo.db" "SELECT group_concat(last_status) FROM feeds")"
done
$PY - $waits <<'PY' || fail "backoff waits:$waits"
import sys
want = {"dead": (60, 3600, 7200, 14400, 21600), "gone": (60, 120, 240, 480, 21600),
        "busy": (3600, 7200, 14400, 21600, 21600)}
for run, line in enumerate(sys.argv[1:]):
    for kv in line.split(","):
        name, got = kv.split("=")
        base = want[name][run]
        assert base <= int(got) <= base * 1.1 + 1, (name, run + 1, base, int(got))
PY
ok "backoff on failure: waits$waits s"

# eight feeds told the same Retry-After (one host, all at once): each waits it and up to 5%
# more, not all the same
{ printf '[daemon]\ndatabase = %s\n' "$T/ra.db"
  for i in 1 2 3 4 5 6 7 8; do printf '[feed later%s]\nurl = http://127.0.0.1:%s/later.xml?f=%s\n' $i "$NGINX_PORT" $i; done
} >"$T/ra.conf"
"$NEWSWATCHD" --once -c "$T/ra.conf" 2>/dev/null || fail "--once on feeds answering 503 with Retry-After"
waits=$(sqlite3 "$T/ra.db" 'SELECT next_poll - last_fetch FROM feeds WHERE last_status = 503')
$PY - $waits <<'PY' || fail "Retry-After 3600 waits: $waits"
import sys
w = [int(x) for x in sys.argv[1:]]
assert len(w) == 8 and all(3600 <= x <= 3781 for x in w) and len(set(w)) > 1, w
PY
ok "Retry-After 3600 told to eight feeds: they wait $(echo $waits | tr '\n' ' ') s"

# a next poll stored ten years ahead (a clock that was once far ahead) does not silence the
# feed: the daemon waits at most the ceiling (6 h for an interval of 1 h), and says so
sqlite3 "$T/bo.db" "UPDATE feeds SET next_poll = strftime('%s', 'now') + 315360000 WHERE name = 'busy'"
"$NEWSWATCHD" -c "$T/bo.conf" >/dev/null 2>"$T/ahead.err" &
ahead_pid=$!
cleanup_hooks+=("kill $ahead_pid 2>/dev/null")
for _ in $(seq 50); do grep -q 'feed busy: its next poll' "$T/ahead.err" && break; sleep 0.1; done
kill -TERM $ahead_pid; wait $ahead_pid
polled_in=$(sed -n 's/.*feed busy: its next poll was stored for 3153[0-9]* s from now, past the longest wait .*: polled in \([0-9]*\) s.*/\1/p' "$T/ahead.err")
[ -n "$polled_in" ] && [ "$polled_in" -ge 21600 ] && [ "$polled_in" -le 23760 ] ||
	{ cat "$T/ahead.err"; fail "a next poll stored ten years ahead: no warning, or not capped at 6 h (and its jitter)"; }
ok "a next poll stored ten years ahead: polled within 6 h, with a warning"

# redirects that meet on one host: three feeds of three hosts (302) sent on to a fourth, slow
# one. per_host counts where a transfer is sent, so they go there one at a time and each has
# its whole time-out; counted against the hosts they were asked of, they went at once and
# waited inside libcurl (its connections to a host are held to per_host), their time-out
# running: the last failed, "Failed to resolve host '127.0.0.4' with timeout after 0 ms".
mkdir -p "$T/www/c"
for n in 1 2 3; do
	head -c 1800 /dev/zero | tr '\0' ' ' | sed "s|^|<rss version=\"2.0\"><channel><title>c$n</title><item><guid>c$n</guid><title>c$n</title></item></channel></rss>|" >"$T/www/c/c$n.xml"
done
chmod -R a+rX "$T/www/c"
kill "$(cat "$T/nginx/nginx.pid")" 2>/dev/null
sleep 0.3
NGINX_EXTRA='listen 127.0.0.2:'"$NGINX_PORT2"'; listen 127.0.0.3:'"$NGINX_PORT2"'; listen 127.0.0.4:'"$NGINX_PORT2"';
	location /r/ { rewrite ^/r/(.*)$ http://127.0.0.4:'"$NGINX_PORT2"'/c/$1 redirect; }
	location /c/ { limit_rate 2k; access_log '"$T"'/nginx/meet.log timed; }' start_nginx "$T/www"
cat > "$T/meet.conf" <<CONF
[daemon]
database = $T/meet.db
per_host = 1
timeout = 2s
[feed c1]
url = http://127.0.0.1:$NGINX_PORT/r/c1.xml
[feed c2]
url = http://127.0.0.2:$NGINX_PORT2/r/c2.xml
[feed c3]
url = http://127.0.0.3:$NGINX_PORT2/r/c3.xml
CONF
"$NEWSWATCHD" --once -c "$T/meet.conf" 2>"$T/meet.err" || { cat "$T/meet.err"; fail "--once on redirected feeds"; }
! grep -q warning "$T/meet.err" && [ "$(sqlite3 "$T/meet.db" 'SELECT count(*) FROM articles')" = 3 ] ||
	{ cat "$T/meet.err"; fail "three feeds redirected to one slow host with per_host = 1: not all fetched"; }
$PY - "$T/nginx/meet.log" <<'PY' || fail "per_host = 1: transfers redirected to one host overlapped"
import sys
spans = sorted((float(l.split()[0]) - float(l.split()[1]), float(l.split()[0])) for l in open(sys.argv[1]))
assert len(spans) == 3 and all(e - s > 0.5 for s, e in spans), spans   # each is slow (limit_rate)
assert all(spans[i][1] <= spans[i + 1][0] + 0.05 for i in range(2)), spans  # one at a time
PY
ok "three hosts' feeds redirected to a fourth, slow one: fetched there one at a time, none timed out"
