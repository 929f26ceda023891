#!/bin/bash
# outage.sh — a network outage does not leave feeds backed off for long after it: three feeds
# polled every second lose their server (nginx stopped: every poll refused) for about 22 s,
# backing off to a poll in 16 s; once a poll is answered again (a feed added by a reload),
# the three (on two hosts) are polled again within a second or two, not after their
# backoff. One host's server down (two feeds) while another answers is no outage.
. "$top_srcdir/tests/integration/lib.sh" || exit 99
mkdir -p "$T/www" && chmod 755 "$T/www"
for n in a b c canary; do
	echo "<rss version=\"2.0\"><channel><title>$n</title><item><guid>$n</guid><title>$n</title></item></channel></rss>" >"$T/www/$n.xml"
	chmod 644 "$T/www/$n.xml"
done
NGINX_EXTRA='listen 127.0.0.2:'"${NGINX_PORT2:=$(free_port)}"';' start_nginx "$T/www"
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
conf() { # conf [EXTRA FEED NAME]
	{
		printf '[daemon]\ndatabase = %s\ninterval = 1s\n' "$T/store.db"
		for n in a b "$@"; do
			printf '[feed %s]\nurl = http://127.0.0.1:%s/%s.xml\n' "$n" "$NGINX_PORT" "$n"
		done
		printf '[feed c]\nurl = http://127.0.0.2:%s/c.xml\n' "$NGINX_PORT2"
	} >"$T/nw.conf"
}
conf
"$NEWSWATCHD" -c "$T/nw.conf" 2>"$T/d.err" &
dpid=$!
cleanup_hooks+=("kill $dpid 2>/dev/null")
failures() { sql "$T/store.db" "SELECT group_concat(failures, ' ') FROM (SELECT failures FROM feeds WHERE name IN ('a', 'b', 'c') ORDER BY name)"; }
for _ in $(seq 100); do
	[ "$(failures 2>/dev/null)" = "0 0 0" ] && break
	sleep 0.1
done
[ "$(failures)" = "0 0 0" ] || { cat "$T/d.err"; fail "the three feeds were not polled"; }

# the outage: nothing listens on the port any more
kill "$(cat "$T/nginx/nginx.pid")"
sleep 22
kill -0 "$dpid" || fail "newswatchd died during the outage"
echo "# failures after 22 s without a server: $(failures)"
[ "$(sql "$T/store.db" "SELECT min(failures) FROM feeds WHERE name IN ('a', 'b', 'c')")" -ge 6 ] ||
	{ cat "$T/d.err"; fail "the feeds did not back off during the outage: $(failures)"; }

# the network is back: a feed added by a reload is answered first
"$nginx_bin" -c "$T/nginx/nginx.conf" -p "$T/nginx" 2>>"$T/nginx/start.err" || fail "nginx did not start again"
back=$(date +%s%N)
conf canary
kill -HUP "$dpid"
for _ in $(seq 150); do
	[ "$(failures)" = "0 0 0" ] && break
	sleep 0.1
done
took=$((($(date +%s%N) - back) / 1000000))
echo "# back: failures $(failures) after ${took} ms"
[ "$(failures)" = "0 0 0" ] && [ "$took" -le 5000 ] ||
	{ cat "$T/d.err"; fail "after the outage, the feeds were polled again only after their backoff (${took} ms: $(failures))"; }
grep -q "a server answers again after [0-9]* feeds found none in a row: [123] feeds that could not" "$T/d.err" ||
	{ cat "$T/d.err"; fail "the end of the outage is not logged"; }
ok "an outage of 22 s (feeds backed off to 16 s): polled again ${took} ms after the network came back"

# one host's server down (feeds a and b) while another answers (c): no outage, they back off
dead=$(free_port)
sed -i "s|^url = http://127.0.0.1:$NGINX_PORT/\([ab]\).xml|url = http://127.0.0.3:$dead/\1.xml|" "$T/nw.conf"
kill -HUP "$dpid"
sleep 6
n=$(grep -c "a server answers again" "$T/d.err")
[ "$n" = 1 ] || { cat "$T/d.err"; fail "one host without its server was taken for an outage ($n)"; }
[ "$(sql "$T/store.db" "SELECT min(failures) FROM feeds WHERE name IN ('a', 'b')")" -ge 2 ] ||
	fail "feeds a and b, their server gone, did not fail: $(failures)"
ok "one host whose server is gone (2 feeds), among feeds that answer: no outage, they back off"
kill -TERM "$dpid"
wait "$dpid" || fail "newswatchd exited $? on SIGTERM"
