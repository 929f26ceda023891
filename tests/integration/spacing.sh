#!/bin/bash
# spacing.sh — politeness: with `spacing = 1s`, three feeds on one host are fetched at least a
# second apart; a feed on another host (127.0.0.2) does not wait for them.
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
