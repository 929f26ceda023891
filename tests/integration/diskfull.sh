#!/bin/bash
# diskfull.sh — a full store (SQLite's max_page_count, through [daemon] max_database_size):
# the fetch that cannot be stored fails with a clear error naming the feed, nothing half
# written, the queued alerts still delivered; once there is room again (the cap raised), the
# same items are fetched again, stored and alerted — nothing lost.
. "$top_srcdir/tests/integration/lib.sh" || exit 99
D="$top_srcdir/tests/integration"
mkdir -p "$T/www"
chmod 755 "$T/www"
start_nginx "$T/www"
HOOK_PORT=$(free_port)
conf() { # conf MAX_DATABASE_SIZE
	cat > "$T/nw.conf" <<CONF
[daemon]
database = $T/store.db
max_database_size = $1
[feed wire]
url = http://127.0.0.1:$NGINX_PORT/feed.xml
[story s]
entity.x = Zorblax
match = x
alert = hook
[alert hook]
plugin = webhook
url = http://127.0.0.1:$HOOK_PORT/hook
retry_min = 1s
CONF
}
run() {
	local rc=0
	"$NEWSWATCHD" --once -c "$T/nw.conf" >"$T/$1.out" 2>"$T/$1.err" || rc=$?
	[ $rc = 0 ] || { cat "$T/$1.out" "$T/$1.err"; fail "$1: exit status $rc"; }
}
articles() { sql "$T/store.db" 'SELECT count(*) FROM articles'; }
sent() { sql "$T/store.db" "SELECT count(*) FROM alerts WHERE state = 'sent'"; }

conf 0
feed_item "Zorblax opens a lab"
run run1
# two alerts queued while the receiver is down
feed_item "Zorblax recalls its scooters"
feed_item "Zorblax wins a rail contract"
run run2
[ "$(sql "$T/store.db" "SELECT count(*) FROM alerts WHERE state = 'queued'")" = 2 ] || fail "want 2 alerts queued"

# the store capped at its present size; 30 long items arrive; the receiver is up
size=$(sql "$T/store.db" 'SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()')
conf "$size"
before=$(articles)
hits_before=$(sql "$T/store.db" 'SELECT count(*) FROM hits')
for i in $(seq 30); do feed_item "Zorblax event number $i in Busan" "Zorblax event number $i. $(head -c 6000 /dev/urandom | base64 -w0)"; done
start_receiver hookrx "$PY" "$D/hook_receiver.py" --port "$HOOK_PORT" --out "$T/hook.jsonl"
sleep 2.1 # retry_min = 1s, counted from the next whole second
run run3
grep -q "feed wire: store: the store is full (the disk, or \[daemon\] max_database_size)" "$T/run3.err" ||
	{ cat "$T/run3.err"; fail "no clear error naming the feed"; }
[ "$(articles)" = "$before" ] || fail "a full store kept part of a fetch: $(articles) articles, had $before"
[ "$(sql "$T/store.db" 'PRAGMA integrity_check')" = ok ] || fail "integrity_check after the full store"
[ "$(sent)" = 2 ] || { cat "$T/run3.err"; fail "the queued alerts were not delivered while full"; }
[ "$(grep -c '"status": 200' "$T/hook.jsonl")" = 2 ] || fail "receiver did not get the 2 alerts"
ok "store full ($size bytes): '$(grep -o 'store: the store is full[^;]*' "$T/run3.err" | head -1)'; nothing half stored, integrity ok, the 2 queued alerts delivered"
# the failure is the feed's, where newswatch feeds and status show it, and counted for the
# backoff (it showed the feed as it was, ok, and each poll as its first failure)
[ "$(sql "$T/store.db" "SELECT failures > 0 AND last_error LIKE '%store is full%' FROM feeds WHERE name = 'wire'")" = 1 ] ||
	fail "the full store's failure not recorded for the feed: $(sql "$T/store.db" "SELECT failures, last_error FROM feeds")"
"$NEWSWATCH" -c "$T/nw.conf" status | grep -Eq '^feeds_failing +1$' || { "$NEWSWATCH" -c "$T/nw.conf" status; fail "status: feeds_failing"; }
ok "the full store's failure is the feed's: newswatch status counts it failing, and its backoff counts it"

# a cap below what the store takes already: said at start, not left to be found
conf $((size / 2))
run run3low
grep -q "store: .*store.db takes $size bytes, more than max_database_size ($((size / 2)))" "$T/run3low.err" ||
	{ cat "$T/run3low.err"; fail "no warning for a max_database_size below the store's size"; }
conf "$size"
ok "max_database_size below the store's size: '$(grep -o 'more than max_database_size[^:]*' "$T/run3low.err")' said at start"

# a new feed that the full store has no room for (its address alone needs more pages than the
# loop's 4 MiB above the cap): it is named, and --once still ends (it used to wait for ever
# for that feed's poll)
cp "$T/nw.conf" "$T/nw.conf.capped"
printf '[feed huge]\nurl = http://127.0.0.1:%s/feed.xml?pad=%s\n' "$NGINX_PORT" "$(head -c 5000000 /dev/zero | tr '\0' x)" >> "$T/nw.conf"
timeout 60 "$NEWSWATCHD" --once -c "$T/nw.conf" >"$T/run3b.out" 2>"$T/run3b.err"
rc=$?
[ $rc = 124 ] && fail "--once did not end when a new feed's row could not be stored"
grep -q "feed huge: store: the store is full" "$T/run3b.err" || { cat "$T/run3b.err"; fail "the feed the store had no room for is not named"; }
[ "$(sql "$T/store.db" 'PRAGMA integrity_check')" = ok ] || fail "integrity_check after the new feed"
cp "$T/nw.conf.capped" "$T/nw.conf"
ok "a new feed a full store has no room for: '$(grep -o 'feed huge: store: the store is full[^;(]*' "$T/run3b.err" | head -1)', and --once ends (exit $rc)"

# room again: the same items are fetched again (validators were not advanced) and stored
conf 0
run run4
[ "$(articles)" = $((before + 30)) ] || { cat "$T/run4.err"; fail "after the cap was lifted: $(articles) articles, want $((before + 30))"; }
[ "$(sql "$T/store.db" "SELECT count(*) FROM alerts WHERE state != 'sent'")" = 0 ] || fail "alerts left undelivered"
[ "$(sql "$T/store.db" 'SELECT count(*) FROM hits')" = $((hits_before + 30)) ] || fail "the 30 items were not all matched to the story"
ok "room again: all 30 items stored and matched on the next poll ($(( $(sent) - 2 )) new developments alerted), none queued"

# the store locked by another writer while a delivery comes back: the result cannot be
# recorded, so the channel waits; it does not send the same alert again and again
stop_receiver hookrx
feed_item "Zorblax settles a lawsuit"
run run5
[ "$(sql "$T/store.db" "SELECT count(*) FROM alerts WHERE state = 'queued'")" = 1 ] || fail "want 1 alert queued"
start_receiver hookrx "$PY" "$D/hook_receiver.py" --port "$HOOK_PORT" --out "$T/hook2.jsonl"
$PY - "$T/store.db" <<'PY' &
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
open(sys.argv[1] + ".locked", "w").close()
time.sleep(30)  # longer than run6's 5 s waits: feed state, index, checkpoint, then the answer
db.execute("ROLLBACK")
PY
locker=$!
for _ in $(seq 50); do [ -e "$T/store.db.locked" ] && break; sleep 0.1; done
sleep 2.1 # the queued alert is due again (retry_min = 1s from the next whole second)
run run6
wait $locker
[ "$(grep -c '"status": 200' "$T/hook2.jsonl")" = 1 ] || { cat "$T/run6.err"; fail "sent $(grep -c '"status": 200' "$T/hook2.jsonl") times while its result could not be recorded (want once)"; }
grep -q 'waits 20s' "$T/run6.err" || { cat "$T/run6.err"; fail "the held channel is not logged"; }
[ "$(sql "$T/store.db" "SELECT count(*) FROM alerts WHERE state = 'queued'")" = 1 ] || fail "the unrecorded alert is no longer queued"
ok "store locked by another writer when the answer came: logged ('$(grep -o 'waits 20s' "$T/run6.err" | head -1)'), sent once, still queued: the next start sends it again under its id"

# a store full for new items still takes the record of its alerts' delivery (the loop's
# connection has 4 MiB past max_database_size): 3000 queued alerts, each sent once, none
# left queued (with the cap exact, a few hundred were delivered, not recorded, and sent again)
sqlite3 "$T/store.db" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
INSERT INTO alerts(alert_id, channel, story, payload, created, next_attempt)
SELECT 'bulk-' || i, 'note', 's', json_object('id', 'bulk-' || i, 'kind', 'new', 'title', 'Zorblax bulk ' || i),
       strftime('%s', 'now'), 0 FROM n" || fail "queueing 3000 alerts"
size=$(sql "$T/store.db" 'SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()')
printf '[daemon]\ndatabase = %s/store.db\nmax_database_size = %s\n[alert note]\nplugin = log\n' "$T" "$size" >"$T/note.conf"
"$NEWSWATCHD" --once -c "$T/note.conf" >"$T/run7.out" 2>"$T/run7.err" || { tail -5 "$T/run7.err"; fail "run7"; }
"$NEWSWATCHD" --once -c "$T/note.conf" >"$T/run8.out" 2>"$T/run8.err" || { tail -5 "$T/run8.err"; fail "run8"; }
[ "$(sql "$T/store.db" "SELECT count(*) FROM alerts WHERE channel = 'note' AND state = 'sent'")" = 3000 ] ||
	{ grep -c 'store is full' "$T/run7.err"; fail "$(sql "$T/store.db" "SELECT count(*) FROM alerts WHERE channel = 'note' AND state = 'sent'") of 3000 alerts recorded as sent"; }
[ "$(cat "$T/run7.out" "$T/run8.out" | grep -c '^ALERT .*Zorblax bulk')" = 3000 ] ||
	fail "$(cat "$T/run7.out" "$T/run8.out" | grep -c '^ALERT .*Zorblax bulk') deliveries of 3000 alerts"
ok "a store full to its max_database_size ($size bytes): 3000 queued alerts delivered once each and recorded"

# the daemon, when the store stays locked after a delivery: the result is kept and recorded
# once the store takes it, and the alert is not sent again (it went out again after each
# hold, for as long as the store refused); stopped while it holds one, a last try records it
locked_daemon() { # locked_daemon TAG STOP: the daemon with the store locked until it holds a
	# result; then the lock released, and STOP=term: SIGTERM at once, STOP=hold: wait for the hold
	rm -f "$T/release" "$T/store.db.locked2"
	$PY - "$T/store.db" "$T/release" <<'PY' &
import os, sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
open(sys.argv[1] + ".locked2", "w").close()
end = time.time() + 60
while not os.path.exists(sys.argv[2]) and time.time() < end:
    time.sleep(0.1)
db.execute("ROLLBACK")
PY
	locker=$!
	for _ in $(seq 50); do [ -e "$T/store.db.locked2" ] && break; sleep 0.1; done
	sleep 2.1 # the alert is due again (retry_min = 1s)
	"$NEWSWATCHD" -c "$T/nw.conf" >"$T/$1.out" 2>"$T/$1.err" &
	dpid=$!
	cleanup_hooks+=("kill -9 $dpid 2>/dev/null")
	for _ in $(seq 400); do grep -q 'waits 20s' "$T/$1.err" && break; sleep 0.1; done
	grep -q 'waits 20s' "$T/$1.err" || { cat "$T/$1.err"; fail "$1: the daemon did not hold the channel while the store was locked"; }
	touch "$T/release"
	wait $locker
	if [ "$2" = hold ]; then
		for _ in $(seq 300); do grep -q 'sent via \[alert hook\]' "$T/$1.err" && break; sleep 0.1; done
	fi
	kill -TERM $dpid; wait $dpid
	grep -q 'sent via \[alert hook\]' "$T/$1.err" || { cat "$T/$1.err"; fail "$1: the delivery was not recorded once the store took it"; }
	[ "$(sql "$T/store.db" "SELECT count(*) FROM alerts WHERE channel = 'hook' AND state = 'queued'")" = 0 ] ||
		fail "$1: the alert is not recorded as sent"
}
# (the alert run6 sent is still queued: its result was not recorded)
[ "$(sql "$T/store.db" "SELECT count(*) FROM alerts WHERE channel = 'hook' AND state = 'queued'")" = 1 ] || fail "want 1 alert queued"
stop_receiver hookrx
start_receiver hookrx "$PY" "$D/hook_receiver.py" --port "$HOOK_PORT" --out "$T/hook3.jsonl"
locked_daemon held hold
[ "$(grep -c '"status": 200' "$T/hook3.jsonl")" = 1 ] || { cat "$T/held.err"; fail "sent $(grep -c '"status": 200' "$T/hook3.jsonl") times (want once)"; }
ok "the daemon, the store locked after a delivery: the result held, recorded once the store takes it; sent once"
stop_receiver hookrx
feed_item "Zorblax names a new chief"
run run9
[ "$(sql "$T/store.db" "SELECT count(*) FROM alerts WHERE channel = 'hook' AND state = 'queued'")" = 1 ] || fail "run9: want 1 alert queued"
start_receiver hookrx "$PY" "$D/hook_receiver.py" --port "$HOOK_PORT" --out "$T/hook4.jsonl"
locked_daemon stopped term
[ "$(grep -c '"status": 200' "$T/hook4.jsonl")" = 1 ] || { cat "$T/stopped.err"; fail "stopped: sent $(grep -c '"status": 200' "$T/hook4.jsonl") times (want once)"; }
ok "the daemon stopped while it holds a result the locked store refused: a last try records it; sent once"
