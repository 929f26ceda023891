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

# --- as the network goes, a feed's poll on a connection kept from before meets a reset, and
# only its next finds no server: it counts in the outage all the same (it did not: its first
# failure was no "no server", and the outage on two hosts went unseen, its feeds left to their
# backoff). Feed c's server resets every connection, then is gone; a and b's nginx is gone. ---
rm -f "$T/store.db"*
RP=$(free_port)
echo ok >"$T/mode"
$PY - "$RP" "$T/mode" "$T/www/c.xml" <<'PY' 2>"$T/reset.err" &
import socket, struct, sys, traceback
port, mode, feed = int(sys.argv[1]), sys.argv[2], open(sys.argv[3], "rb").read()
srv = socket.socket()
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.2", port))
srv.listen(16)
while True:
    c, _ = srv.accept()
    try:
        c.recv(65536)  # the request, then the answer or a reset
        if "reset" in open(mode).read():  # closed with a reset: "Recv failure"
            c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        else:
            c.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nConnection: close\r\n"
                      b"Content-Length: %d\r\n\r\n" % len(feed) + feed)
    except OSError:
        traceback.print_exc()
    c.close()
PY
rpid=$!
cleanup_hooks+=("kill $rpid 2>/dev/null")
conf
sed -i "s|^url = http://127.0.0.2:$NGINX_PORT2/c.xml|url = http://127.0.0.2:$RP/c.xml|" "$T/nw.conf"
"$NEWSWATCHD" -c "$T/nw.conf" 2>"$T/d3.err" &
dpid=$!
cleanup_hooks+=("kill $dpid 2>/dev/null")
for _ in $(seq 100); do
	[ "$(failures 2>/dev/null)" = "0 0 0" ] && break
	sleep 0.1
done
[ "$(failures)" = "0 0 0" ] || { cat "$T/d3.err"; fail "reset: the three feeds were not polled"; }
echo reset >"$T/mode"
kill "$(cat "$T/nginx/nginx.pid")"
for _ in $(seq 100); do
	[ "$(sql "$T/store.db" "SELECT failures FROM feeds WHERE name = 'c'")" -ge 1 ] && break
	sleep 0.1
done
grep -q "feed c: .*\(reset\|Recv failure\)" "$T/d3.err" || { cat "$T/d3.err" "$T/reset.err"; fail "reset: feed c's first failure is no reset"; }
kill "$rpid"
wait "$rpid" 2>/dev/null
for _ in $(seq 200); do # backed off: the next polls 8 s away
	[ "$(sql "$T/store.db" "SELECT min(failures) FROM feeds WHERE name IN ('a', 'b', 'c')")" -ge 4 ] && break
	sleep 0.1
done
"$nginx_bin" -c "$T/nginx/nginx.conf" -p "$T/nginx" 2>>"$T/nginx/start.err" || fail "nginx did not start again"
sed -i "s|^url = http://127.0.0.2:$RP/c.xml|url = http://127.0.0.2:$NGINX_PORT2/c.xml|" "$T/nw.conf"
echo "$(failures)" >"$T/f3"
back=$(date +%s%N)
printf '[feed canary]\nurl = http://127.0.0.1:%s/canary.xml\n' "$NGINX_PORT" >>"$T/nw.conf"
kill -HUP "$dpid"
for _ in $(seq 100); do
	[ "$(failures)" = "0 0 0" ] && break
	sleep 0.1
done
took=$((($(date +%s%N) - back) / 1000000))
[ "$(failures)" = "0 0 0" ] && [ "$took" -le 4000 ] &&
	grep -q "a server answers again after [0-9]* feeds found none in a row" "$T/d3.err" ||
	{ cat "$T/d3.err"; fail "reset: after the outage (failures $(cat "$T/f3")), the feeds waited their backoff (${took} ms: $(failures))"; }
ok "an outage whose first failure of a feed was a reset: polled again ${took} ms after the network came back"
kill -TERM "$dpid"
wait "$dpid" || fail "newswatchd exited $? on SIGTERM"
