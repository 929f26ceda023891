#!/bin/bash
# signals.sh — the daemon in the foreground as systemd runs it: READY=1 on NOTIFY_SOCKET,
# SIGHUP reloads (RELOADING=1 ... READY=1), a broken conf on reload keeps the running one,
# one that changes database keeps the running store and says a restart is needed,
# a reload that brings an alert channel back sends what was queued for it at once, one
# that shortens a feed's interval has it polled by the new one,
# SIGTERM with a slow transfer in flight exits 0 within seconds after STOPPING=1; a second
# daemon (or replay --deliver) on the running one's store is refused; a store of
# an older schema gets EXTEND_TIMEOUT_USEC before its update and READY=1; a name lookup that
# hangs neither stops the loop nor delays SIGTERM; a SIGHUP during start waits for the loop;
# an idle daemon makes no system call (once its writes are checkpointed).
. "$top_srcdir/tests/integration/lib.sh" || exit 99
# a server that accepts and then drips one byte every few seconds: a transfer that hangs
# (but /quick.xml, answered at once, and a few other paths)
# (it takes a port of its own and says which: no race with tests running alongside)
$PY - >"$T/slow.log" 2>&1 <<'PY' &
import socket, sys, time, threading
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 0)); s.listen(16)
print("PORT", s.getsockname()[1], flush=True)
out_lock = threading.Lock()
def drip(c):
    try:
        text = c.recv(4096).decode(errors="replace")
        req = text.split(" ")
        ua = [l.split(":", 1)[1].strip() for l in text.split("\r\n") if l.lower().startswith("user-agent:")]
        with out_lock:  # one whole line at a time: two connections' lines must not interleave
            sys.stdout.write("GET %s UA=%s\n" % (req[1] if len(req) > 1 else "?", ua[0] if ua else ""))
            sys.stdout.flush()
        if len(req) > 1 and req[1] == "/busy.xml":  # come back in an hour
            c.sendall(b"HTTP/1.1 503 Busy\r\nRetry-After: 3600\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            c.close()
            return
        if len(req) > 1 and req[1] in ("/items.xml", "/slowitems.xml"):  # Zorblax items (after 3 s)
            n = 3 if req[1] == "/items.xml" else 2
            body = ("<rss version='2.0'><channel><title>z</title>" + "".join(
                "<item><guid>%s%d</guid><title>Zorblax report %d from %s</title></item>" % (req[1], i, i, req[1])
                for i in range(n)) + "</channel></rss>").encode()
            if n == 2:
                time.sleep(3)
            c.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(body), body))
            c.close()
            return
        if len(req) > 1 and req[1] == "/quick.xml":  # answered at once
            body = b"<rss version='2.0'><channel><title>q</title></channel></rss>"
            c.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(body), body))
            c.close()
            return
        if len(req) > 1 and req[1] == "/brief.xml":  # answered whole, after 3 s
            body = b"<rss version='2.0'><channel><title>b</title></channel></rss>"
            time.sleep(3)
            c.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(body), body))
            c.close()
            return
        c.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n\r\n<rss")
        for _ in range(60):
            time.sleep(2); c.sendall(b" ")
    except OSError:
        pass
start = time.time()
while time.time() - start < 120:
    c, _ = s.accept()
    threading.Thread(target=drip, args=(c,), daemon=True).start()
PY
slow_pid=$!
cleanup_hooks+=("kill $slow_pid")
for _ in $(seq 50); do grep -q '^PORT ' "$T/slow.log" 2>/dev/null && break; sleep 0.1; done
port=$(sed -n 's/^PORT //p' "$T/slow.log")
[ -n "$port" ] || fail "the slow server did not start"
# the notify socket: records every datagram, one per line
$PY - "$T/notify.sock" "$T/notify.log" <<'PY' &
import socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); s.bind(sys.argv[1]); s.settimeout(1)
end = time.time() + 90
with open(sys.argv[2], "a") as out:
    while time.time() < end:
        try:
            m = s.recv(4096).decode()
        except socket.timeout:
            continue
        out.write(m.replace("\n", " ") + "\n"); out.flush()
PY
notify_pid=$!
cleanup_hooks+=("kill $notify_pid")
for _ in $(seq 50); do [ -S "$T/notify.sock" ] && break; sleep 0.1; done

cat > "$T/nw.conf" <<CONF
[daemon]
database = $T/store.db
[feed slow]
url = http://127.0.0.1:$port/feed.xml
[feed brief]
url = http://127.0.0.1:$port/brief.xml
[feed busy]
url = http://127.0.0.1:$port/busy.xml
interval = 2s
CONF
wait_for() { # wait_for PATTERN FILE SECONDS
	for _ in $(seq $(( $3 * 10 ))); do grep -q "$1" "$2" 2>/dev/null && return 0; sleep 0.1; done
	return 1
}
reload() { # reload WHAT: SIGHUP, and wait for the daemon to say it reloaded
	local n
	n=$(grep -c 'reloaded' "$T/d.err")
	kill -HUP $dpid
	for _ in $(seq 50); do [ "$(grep -c 'reloaded' "$T/d.err")" -gt "$n" ] && return; sleep 0.1; done
	cat "$T/d.err"; fail "no reload $1"
}
# a store of an older schema: the daemon updates it before READY=1, and first asks systemd
# for time (EXTEND_TIMEOUT_USEC), since a rebuild of a large store's index takes minutes
"$NEWSWATCH" -c "$T/nw.conf" --db "$T/store.db" replay brief="$top_srcdir/conf/demo/wire-en-0.xml" >/dev/null 2>"$T/mk.err" ||
	{ cat "$T/mk.err"; fail "making a store"; }
sqlite3 "$T/store.db" "ALTER TABLE feeds DROP COLUMN listed_at; ALTER TABLE feeds DROP COLUMN source;
	ALTER TABLE feeds DROP COLUMN configured; ALTER TABLE alerts DROP COLUMN owed;
	ALTER TABLE developments DROP COLUMN number; ALTER TABLE stories DROP COLUMN developments_made; ALTER TABLE fingerprints DROP COLUMN lede; ALTER TABLE feeds DROP COLUMN holds; ALTER TABLE feeds DROP COLUMN paced; ALTER TABLE feeds DROP COLUMN fail_kind; ALTER TABLE feeds DROP COLUMN kind_since; ALTER TABLE alerts DROP COLUMN refused; PRAGMA user_version = 7" || fail "marking the store as schema 7"
NOTIFY_SOCKET="$T/notify.sock" WATCHDOG_USEC=1000000 "$NEWSWATCHD" -v -c "$T/nw.conf" >"$T/d.out" 2>"$T/d.err" &
dpid=$!
cleanup_hooks+=("kill -9 $dpid 2>/dev/null")
wait_for '^READY=1' "$T/notify.log" 10 || { cat "$T/d.err"; fail "no READY=1"; }
wait_for '^STATUS=[0-9]* feeds, [0-9]* due, [0-9]* failing, [0-9]* alerts queued' "$T/notify.log" 10 \
	|| { cat "$T/notify.log"; fail "no STATUS= with the live counters"; }
ok "READY=1 after start, STATUS= with feeds, due, failing and queued alerts"
[ "$(grep -n '^EXTEND_TIMEOUT_USEC=' "$T/notify.log" | head -1 | cut -d: -f1)" = 1 ] &&
	[ "$(grep -n '^READY=1' "$T/notify.log" | head -1 | cut -d: -f1)" -gt 1 ] ||
	{ cat "$T/notify.log"; fail "no EXTEND_TIMEOUT_USEC before READY=1 for a store of schema 7"; }
grep -q "store: updating from schema 7 to $SCHEMA" "$T/d.err" || { cat "$T/d.err"; fail "the update is not logged"; }
[ "$(sqlite3 "$T/store.db" 'PRAGMA user_version')" = "$SCHEMA" ] || fail "the store was not updated"
ok "a store of schema 7: EXTEND_TIMEOUT_USEC first, the update logged, then READY=1"
wait_for '^WATCHDOG=1' "$T/notify.log" 3 || fail "no WATCHDOG=1 with WATCHDOG_USEC=1000000"
ok "WATCHDOG=1 sent"

# a second daemon on the same store (a --once from cron beside the service), or a replay that
# delivers, would send every queued alert again: refused, naming the store and the pid
rc=0
"$NEWSWATCHD" --once -c "$T/nw.conf" >/dev/null 2>"$T/second.err" || rc=$?
[ $rc = 1 ] && grep -q "store.db is in use by another newswatchd or newswatch replay --deliver (pid $dpid)" "$T/second.err" ||
	{ cat "$T/second.err"; fail "a second newswatchd on the store: exit $rc"; }
rc=0
"$NEWSWATCH" -c "$T/nw.conf" --db "$T/store.db" replay --format text --deliver "$top_srcdir/conf/demo/wire-en-0.xml" \
	>/dev/null 2>"$T/replay.err" || rc=$?
[ $rc != 0 ] && grep -q "in use by another newswatchd" "$T/replay.err" ||
	{ cat "$T/replay.err"; fail "replay --deliver beside the daemon: exit $rc"; }
ok "a second newswatchd, or replay --deliver, on the daemon's store: refused ('$(sed 's/^.*store: //' "$T/second.err" | head -c 90)...')"
# root running a --once on a store of another user's (the service's): the lock file gets
# the store's owner, or the service could not take it at its next start
if [ "$(id -u)" = 0 ]; then
	printf '[daemon]\ndatabase = %s/owned.db\n' "$T" >"$T/owned.conf"
	"$NEWSWATCHD" --once -c "$T/owned.conf" 2>"$T/owned.err" || { cat "$T/owned.err"; fail "--once on a new store"; }
	chown 65534:65534 "$T/owned.db" && rm -f "$T/owned.db.lock"
	"$NEWSWATCHD" --once -c "$T/owned.conf" 2>"$T/owned.err" || { cat "$T/owned.err"; fail "--once as root on another's store"; }
	[ "$(stat -c %u:%g "$T/owned.db.lock")" = 65534:65534 ] || fail "the lock file is $(stat -c %u:%g "$T/owned.db.lock"), not the store's owner"
	ok "root's --once on a store owned by 65534: the lock file is 65534's too"
	# a lock file planted as a link (the folder is the service user's): not followed
	rm -f "$T/owned.db.lock" && echo untouched >"$T/victim" && ln -s "$T/victim" "$T/owned.db.lock"
	rc=0
	"$NEWSWATCHD" --once -c "$T/owned.conf" 2>"$T/owned.err" || rc=$?
	[ $rc = 1 ] && grep -q 'owned.db.lock: a symbolic link, not followed' "$T/owned.err" &&
		[ "$(cat "$T/victim")" = untouched ] && [ "$(stat -c %u "$T/victim")" = 0 ] ||
		{ cat "$T/owned.err"; fail "a lock file planted as a link was followed (exit $rc)"; }
	ok "a lock file planted as a symbolic link: refused, its target neither written nor chowned"
fi
wait_for 'GET /feed.xml' "$T/slow.log" 30 || { cat "$T/slow.log" "$T/d.err"; fail "the slow feed was not fetched"; }

# reload with a good conf (a feed added, one removed while its transfer is in flight), then
# with a broken one once the removed feed's transfer is back
wait_for 'GET /brief.xml' "$T/slow.log" 30 || { cat "$T/slow.log" "$T/d.err"; fail "the brief feed was not fetched"; }
sed -i '/^\[feed brief\]/,+1d' "$T/nw.conf"
sed -i 's/^\[daemon\]$/[daemon]\nuser_agent = reloaded-agent\/2/' "$T/nw.conf"
cat >> "$T/nw.conf" <<CONF
[feed other]
url = http://127.0.0.1:$port/other.xml
CONF
kill -HUP $dpid
wait_for 'reloaded' "$T/d.err" 10 || { cat "$T/d.err"; fail "no reload"; }
sleep 3.5 # the removed feed's transfer comes back: its state is freed
grep -q '^RELOADING=1 MONOTONIC_USEC=[0-9]' "$T/notify.log" || fail "no RELOADING=1 with MONOTONIC_USEC"
echo "bogus line" >> "$T/nw.conf"
kill -HUP $dpid
wait_for "nw.conf:[0-9]*: expected 'key = value'" "$T/d.err" 10 || { cat "$T/d.err"; fail "broken conf not reported as file:line"; }
grep -q 'keeping the running configuration' "$T/d.err" || fail "broken conf not kept out"
kill -0 $dpid || fail "daemon died on a broken reload"
[ "$(grep -c 'GET /feed.xml' "$T/slow.log")" = 1 ] || { cat "$T/slow.log"; fail "the slow transfer was started again by a reload"; }
grep -q 'GET /other.xml' "$T/slow.log" || fail "the feed added by the reload was not fetched"
grep -q 'GET /other.xml UA=reloaded-agent/2$' "$T/slow.log" || { cat "$T/slow.log"; fail "the reload's user_agent was not used"; }
[ "$(grep -c '^READY=1' "$T/notify.log")" -ge 3 ] || { cat "$T/notify.log"; fail "READY=1 not sent after each reload"; }
ok "SIGHUP reloads: the added feed fetched (with the new user_agent), the transfer in flight kept; a broken conf keeps the running one and says file:line"
# a feed removed by a reload while its transfer is out, and brought back by the next one:
# the transfer still out is taken up again, not doubled by a second poll of the same feed
sed -i '/^bogus line$/d' "$T/nw.conf"
cp "$T/nw.conf" "$T/with-slow.conf"
sed -i '/^\[feed slow\]/,+1d' "$T/nw.conf"
reload "without the slow feed"
cp "$T/with-slow.conf" "$T/nw.conf"
reload "bringing the slow feed back"
sleep 1.5 # a second poll, if one were started, reaches the server by now (a new feed goes within 30 ms)
[ "$(grep -c 'GET /feed.xml' "$T/slow.log")" = 1 ] ||
	{ cat "$T/slow.log"; fail "a feed removed and brought back while in flight was polled twice at once"; }
ok "a feed removed by a reload while in flight and brought back by the next: its transfer taken up again, not doubled"

# an alert queued for a channel the conf does not have, then a reload that adds the channel:
# sent at once (no feed is due to finish and wake the outbox: both transfers hang)
sqlite3 "$T/store.db" "INSERT INTO alerts(alert_id, channel, story, payload, created, next_attempt)
VALUES ('back-1', 'back', 's', '{\"id\": \"back-1\", \"kind\": \"new\", \"title\": \"Back\"}', strftime('%s','now'), 0)" ||
	fail "queueing an alert"
sed -i '/^bogus line$/d' "$T/nw.conf"
printf '[alert back]\nplugin = log\n' >> "$T/nw.conf"
kill -HUP $dpid
wait_for 'reloaded.*1 alert channels' "$T/d.err" 10 || { cat "$T/d.err"; fail "no reload with the channel"; }
for _ in $(seq 30); do [ "$(sqlite3 "$T/store.db" "SELECT state FROM alerts WHERE alert_id = 'back-1'")" = sent ] && break; sleep 0.1; done
[ "$(sqlite3 "$T/store.db" "SELECT state FROM alerts WHERE alert_id = 'back-1'")" = sent ] ||
	{ cat "$T/d.err"; fail "the alert of the channel a reload brought back was not sent within 3 s"; }
ok "a reload that brings a channel back sends its queued alert at once"

# a reload that shortens a feed's interval: its next poll comes by the new interval, not the old
cat >> "$T/nw.conf" <<CONF
[feed quick]
url = http://127.0.0.1:$port/brief.xml
interval = 1h
CONF
nbrief=$(grep -c 'GET /brief.xml' "$T/slow.log")
kill -HUP $dpid
for _ in $(seq 100); do grep -q 'feed quick: 0 items' "$T/d.err" && break; sleep 0.1; done
[ "$(grep -c 'GET /brief.xml' "$T/slow.log")" = $((nbrief + 1)) ] || { cat "$T/slow.log"; fail "the feed quick was not polled once"; }
sed -i 's/^interval = 1h$/interval = 2s/' "$T/nw.conf"
kill -HUP $dpid
for _ in $(seq 80); do [ "$(grep -c 'GET /brief.xml' "$T/slow.log")" -ge $((nbrief + 2)) ] && break; sleep 0.1; done
[ "$(grep -c 'GET /brief.xml' "$T/slow.log")" -ge $((nbrief + 2)) ] ||
	{ cat "$T/d.err"; fail "interval 1h -> 2s by a reload: no second poll within 8 s"; }
ok "a reload that shortens an interval (1h -> 2s): the feed is polled again by the new one"

# the feed that answered 503 with Retry-After: 3600 was not polled again by any of the
# reloads, nor by two more that lengthen its interval and shorten it again (2s -> 5s -> 2s):
# the wait is the server's
for iv in 5s 2s; do
	sed -i "/^\[feed busy\]/,/^interval/ s/^interval = .*/interval = $iv/" "$T/nw.conf"
	reload "with interval = $iv for busy"
done
sleep 4 # a poll rescheduled by the interval (2s, and up to 10% jitter) would have come by now
[ "$(grep -c 'GET /busy.xml' "$T/slow.log")" = 1 ] ||
	{ cat "$T/slow.log"; fail "a reload cut a Retry-After short: /busy.xml polled $(grep -c 'GET /busy.xml' "$T/slow.log") times"; }
ok "eight reloads kept a Retry-After of an hour (interval 2s, then 5s, then 2s again): polled once"

# a reload that moves the store (database) and adds a feed: the feed starts, the store stays
# where it is until a restart, and the log says so, naming both paths
sed -i "s|^database = .*|database = $T/moved.db|" "$T/nw.conf"
printf '[feed moved]\nurl = http://127.0.0.1:%s/moved.xml\n' "$port" >> "$T/nw.conf"
reload "with another database"
grep -q "reload: .*database changed from $T/store.db to $T/moved.db: that takes a restart.*still using $T/store.db" "$T/d.err" ||
	{ cat "$T/d.err"; fail "a reload that changes database does not say it needs a restart"; }
wait_for 'GET /moved.xml' "$T/slow.log" 10 || { cat "$T/slow.log"; fail "the feed added with the new database was not fetched"; }
[ ! -e "$T/moved.db" ] || fail "a reload opened the new database"
ok "a reload that changes database: warned ($(grep -o 'database changed.*' "$T/d.err" | head -c 60)...), the store kept, the rest applied"

# SIGTERM with the slow transfer in flight
sleep 1
start=$(date +%s%N)
kill -TERM $dpid
rc=0
wait $dpid || rc=$?
took=$(( ($(date +%s%N) - start) / 1000000 ))
cat "$T/d.err"
[ "$rc" -eq 0 ] || fail "exit $rc after SIGTERM"
[ "$took" -lt 5000 ] || fail "SIGTERM took ${took} ms"
wait_for '^STOPPING=1' "$T/notify.log" 3 || fail "no STOPPING=1"
! grep -q 'did not close cleanly' "$T/d.err" || fail "event loop not closed cleanly"
ok "SIGTERM: STOPPING=1, exit 0 in ${took} ms"

# a name lookup that hangs (a resolver that never answers; here getaddrinfo made to sleep for
# *.hang.test by a preloaded shim): when its transfer times out, libcurl left to itself joins
# the lookup's thread on the loop, which stopped for as long (no polls, SIGTERM 15 s late)
cc -shared -fPIC -o "$T/hang.so" -x c - -ldl <<'C' || skip "no C compiler for the getaddrinfo shim"
#define _GNU_SOURCE
#include <dlfcn.h>
#include <netdb.h>
#include <string.h>
#include <unistd.h>
int getaddrinfo(const char *node, const char *service, const struct addrinfo *hints, struct addrinfo **res)
{
	static int (*real)(const char *, const char *, const struct addrinfo *, struct addrinfo **);
	size_t n = node ? strlen(node) : 0;
	if (!real)
		real = (int (*)(const char *, const char *, const struct addrinfo *, struct addrinfo **))dlsym(RTLD_NEXT, "getaddrinfo");
	if (n > 10 && strcmp(node + n - 10, ".hang.test") == 0) {
		sleep(30);
		return EAI_AGAIN;
	}
	return real(node, service, hints, res);
}
C
cat > "$T/hang.conf" <<CONF
[daemon]
database = $T/hang.db
connect_timeout = 1s
timeout = 2s
[feed hangs]
url = http://feeds.hang.test/rss
interval = 1s
[feed dripping]
url = http://127.0.0.1:$port/quick.xml
interval = 1s
CONF
before=$(grep -c 'GET /quick.xml' "$T/slow.log")
LD_PRELOAD="$T/hang.so" ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
	"$NEWSWATCHD" -c "$T/hang.conf" >/dev/null 2>"$T/hang.err" &
hpid=$!
cleanup_hooks+=("kill -9 $hpid 2>/dev/null")
sleep 5
polled=$(( $(grep -c 'GET /quick.xml' "$T/slow.log") - before ))
start=$(date +%s%N)
kill -TERM $hpid
rc=0
wait $hpid || rc=$?
took=$(( ($(date +%s%N) - start) / 1000000 ))
grep -q 'feed hangs: .*hang.test' "$T/hang.err" || { cat "$T/hang.err"; fail "the feed whose lookup hangs did not time out"; }
[ "$rc" -eq 0 ] && [ "$took" -lt 3000 ] || { cat "$T/hang.err"; fail "SIGTERM with a name lookup hanging: exit $rc in ${took} ms"; }
[ "$polled" -ge 3 ] || { cat "$T/hang.err"; fail "the other feed was polled $polled times in 5 s (interval 1s) beside a hanging lookup"; }
ok "a name lookup that hangs: the other feed polled $polled times in 5 s, SIGTERM exits 0 in ${took} ms"

# a reload that gives a feed another url while its poll of the old one is out: what the old
# address lists is not stored under the new one, whose own first fetch is its backlog (it was
# the old document that counted as the backlog, and the new address alerted on all it had)
cat > "$T/mv.conf" <<CONF
[daemon]
database = $T/mv.db
[feed m]
url = http://127.0.0.1:$port/slowitems.xml
interval = 1h
[story z]
entity.z = Zorblax
match = z
alert = out
[alert out]
plugin = log
CONF
"$NEWSWATCHD" -c "$T/mv.conf" >"$T/mv.out" 2>"$T/mv.err" &
mpid=$!
cleanup_hooks+=("kill -9 $mpid 2>/dev/null")
for _ in $(seq 50); do grep -q 'GET /slowitems.xml' "$T/slow.log" && break; sleep 0.1; done
sed -i 's|/slowitems.xml|/items.xml|' "$T/mv.conf"
kill -HUP $mpid
for _ in $(seq 80); do grep -q 'feed m: 3 items' "$T/mv.err" && break; sleep 0.1; done
kill -TERM $mpid; wait $mpid
[ "$(sqlite3 "$T/mv.db" "SELECT count(*), sum(alert) FROM hits")" = "3|0" ] && ! grep -q '^ALERT' "$T/mv.out" ||
	{ cat "$T/mv.err" "$T/mv.out"; sqlite3 "$T/mv.db" "SELECT a.title, h.alert FROM hits h JOIN articles a ON a.id = h.article_id"; fail "a url changed while its poll was out: the new address's first fetch alerted"; }
ok "a url changed by a reload while the old one's poll is out: the old document dropped, the new address's items its backlog (3 hits, no alert)"

# a SIGHUP while the daemon starts (here its store's lock slowed by strace: the claim, an
# update of the store or indexing a backlog take as long) waits for the loop, which says
# --once does not reload and goes on: it killed the daemon
cat > "$T/hup.conf" <<CONF
[daemon]
database = $T/hup.db
[feed q]
url = http://127.0.0.1:$port/quick.xml
CONF
# (LeakSanitizer cannot run under ptrace: the sanitizer build's leak check is off for this run)
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 strace -f -qq -o /dev/null -e trace=flock \
	-e inject=flock:delay_exit=1500000 "$NEWSWATCHD" --once -c "$T/hup.conf" >/dev/null 2>"$T/hup.err" &
spid=$!
hpid=
for _ in $(seq 50); do hpid=$(pgrep -P $spid -x newswatchd) && break; sleep 0.1; done
[ -n "$hpid" ] || fail "newswatchd under strace did not start"
# once its main() has blocked SIGHUP (bit 0 of SigBlk): before, the default action is the
# kernel's, on a loaded machine (or the sanitizers' slow start) as on any
for _ in $(seq 100); do
	blk=$(awk '/^SigBlk:/ { print $2 }' "/proc/$hpid/status" 2>/dev/null)
	[ -n "$blk" ] && [ $((0x$blk & 1)) = 1 ] && break
	sleep 0.05
done
sleep 0.1
grep -q 'feeds, .* stories' "$T/hup.err" && fail "the daemon was past its start before the SIGHUP: the check proves nothing"
kill -HUP "$hpid"
rc=0
wait $spid || rc=$?
[ $rc = 0 ] && grep -q 'SIGHUP: no reload in --once' "$T/hup.err" &&
	[ "$(sqlite3 "$T/hup.db" "SELECT failures || ' ' || last_status FROM feeds WHERE name = 'q'")" = "0 200" ] ||
	{ cat "$T/hup.err"; fail "a SIGHUP during start: exit $rc"; }
ok "a SIGHUP while the daemon starts: handled once its loop runs (--once: no reload, the run completes, exit 0)"

# an idle daemon sleeps until its next poll or alert is due: no tick once what it wrote is
# checkpointed (it woke every second for the checkpoint timer, for nothing); the checkpoint
# itself still comes, a second or two after the writer's commit
cat > "$T/idle.conf" <<CONF
[daemon]
database = $T/idle.db
interval = 1h
[feed z]
url = http://127.0.0.1:$port/items.xml
CONF
"$NEWSWATCHD" -c "$T/idle.conf" >/dev/null 2>"$T/idle.err" &
ipid=$!
for _ in $(seq 100); do [ "$(sqlite3 "$T/idle.db" "SELECT count(*) FROM articles" 2>/dev/null)" = 3 ] && break; sleep 0.1; done
sleep 3
cp "$T/idle.db" "$T/idle-file.db" # the database file alone: what was checkpointed
[ "$(sqlite3 "$T/idle-file.db" "SELECT count(*) FROM articles")" = 3 ] ||
	{ kill $ipid; cat "$T/idle.err"; fail "3 s after the commit, the 3 articles are not in the database file (no checkpoint)"; }
timeout -s INT 4 strace -f -p $ipid -o "$T/idle.strace" 2>"$T/idle.strace.err"
grep -q 'attached' "$T/idle.strace.err" || { kill $ipid; cat "$T/idle.strace.err"; fail "strace could not attach to the daemon"; }
kill $ipid; wait $ipid
# a call that returned (one begun before strace came back "resumed"); the waits still
# blocked when it left say "unfinished" only
calls=$(grep -c -e ' = ' -e 'resumed>' "$T/idle.strace")
[ "$calls" = 0 ] || { cat "$T/idle.strace"; fail "an idle daemon made $calls system calls in 4 s"; }
ok "an idle daemon: no system call in 4 s once its first poll is stored and checkpointed (the database file has it)"
