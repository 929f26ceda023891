#!/bin/bash
# alerts_webhook.sh — alert delivery through a real HTTP receiver on loopback
# (hook_receiver.py) and through a command, with the daemon running:
#  - the receiver fails the first attempts (503 + Retry-After): the first alert is retried
#    under the same id, after the Retry-After, and holds back the later ones; then all arrive
#    in the order they were raised, each HMAC-signed;
#  - newswatchd killed with SIGKILL while its alerts are queued (the receiver down), then
#    restarted with the receiver up: every alert arrives, in order, any second arrival with an
#    id already used;
#  - the receiver down for a while under a running daemon, then up: all arrive, in order;
#  - a 422 (this message refused) fails the alert for good (alerts --failed, the reply in the
#    log) and does not hold back the next;
#  - a 401 (the channel refused: its credentials) keeps the alert queued and retried, and it is
#    delivered once the receiver accepts;
#  - the exec notifier gets the alert JSON on stdin; a non-zero exit is retried;
#  - a first fetch's backlog raises nothing;
#  - SIGTERM while an alert sent alone waits for its answer: after the restart it goes alone
#    again under its id (answered 409 by a deduplicating receiver), not in a digest, both
#    where a rate limit's last message and where mode = digest would gather it;
#  - a 200 whose reply breaks off is delivered, not posted again;
#  - a reload that mends a channel's url sends the alert waiting an hour for its retry at
#    once; a reload that changes only the channel's max_age keeps the wait.
. "$top_srcdir/tests/integration/lib.sh" || exit 99
D="$top_srcdir/tests/integration"
mkdir -p "$T/www"
chmod 755 "$T/www"
start_nginx "$T/www"
HOOK_PORT=$(free_port)
printf 's3cret-key\n' > "$T/hook.secret"
chmod 600 "$T/hook.secret"
cat > "$T/notify.sh" <<SH
#!/bin/sh
# the exec notifier's program: keeps what it is given; refuses its first call
cat >> "$T/exec.out"
echo >> "$T/exec.out"
[ -e "$T/exec.once" ] && exit 0
touch "$T/exec.once"
echo "notify.sh: failing on purpose" >&2
exit 3
SH
chmod 755 "$T/notify.sh"
cat > "$T/nw.conf" <<CONF
[daemon]
database = $T/store.db
[feed wire]
url = http://127.0.0.1:$NGINX_PORT/feed.xml
interval = 1s
CONF
for s in zorblax quintor vexmoor hablin tessary morvane krynn plosk quillmore quarrow; do
	cat >> "$T/nw.conf" <<CONF
[story $s]
entity.name = $s
match = name
alert = hook, run
CONF
done
cat >> "$T/nw.conf" <<CONF
[alert hook]
plugin = webhook
url = http://127.0.0.1:$HOOK_PORT/hooks/newswatch
secret_file = $T/hook.secret
header.X-Team = desk
retry_min = 1s
retry_max = 2s
[alert run]
plugin = exec
command = $T/notify.sh
retry_min = 1s
retry_max = 1s
CONF

# ok_ids: the ids the receiver accepted, in order
ok_ids() { $PY -c 'import json, sys
for l in open(sys.argv[1]):
    r = json.loads(l)
    if r["status"] == 200: print(json.loads(r["body"])["id"])' "$T/hook.jsonl" 2>/dev/null; }
wait_for() { # wait_for SECONDS 'SHELL CONDITION': until it holds (evaluated each time)
	for _ in $(seq $(($1 * 10))); do eval "$2" && return 0; sleep 0.1; done
	return 1
}
daemon_start() {
	"$NEWSWATCHD" -c "$T/nw.conf" >>"$T/daemon.out" 2>>"$T/daemon.err" &
	DPID=$!
	cleanup_hooks+=("kill -9 $DPID 2>/dev/null")
}
daemon_stop() {
	kill -TERM "$DPID"
	wait "$DPID" || fail "newswatchd exited with $? on SIGTERM"
}
# hooks WHERE: how many of the hook channel's alerts are so
hooks() { sql "$T/store.db" "SELECT count(*) FROM alerts WHERE channel = 'hook' AND $1"; }
queued() { sql "$T/store.db" "SELECT count(*) FROM alerts WHERE channel = 'hook' AND state = 'queued'"; }
db_ids() { sql "$T/store.db" "SELECT alert_id FROM alerts WHERE channel = 'hook' AND state = 'sent' ORDER BY id"; }

# --- the backlog: stored, matched, no alert ---
feed_item "Zorblax opens a lab in Busan" "Zorblax opens a lab in Busan. Reported today with details."
"$NEWSWATCHD" --once -c "$T/nw.conf" >"$T/once.out" 2>"$T/once.err" || { cat "$T/once.err"; fail "--once"; }
[ "$(sql "$T/store.db" 'SELECT count(*) FROM hits')" = 1 ] || fail "backlog item not matched"
[ "$(sql "$T/store.db" 'SELECT count(*) FROM alerts')" = 0 ] || fail "the backlog raised an alert"
ok "first fetch: backlog stored and matched, no alert"

# --- retries with Retry-After, the first alert holding back the others, HMAC ---
start_receiver hookrx "$PY" "$D/hook_receiver.py" --port "$HOOK_PORT" --out "$T/hook.jsonl" \
	--secret-file "$T/hook.secret" --fail-first 2 --retry-after 2
feed_item "Quintor recalls its scooters" "Quintor recalls its scooters. Reported today with details."
feed_item "Vexmoor wins a rail contract" "Vexmoor wins a rail contract. Reported today with details."
feed_item "Hablin names a new chief" "Hablin names a new chief. Reported today with details."
daemon_start
wait_for 40 '[ "$(ok_ids | wc -l)" -ge 3 ]' || { cat "$T/daemon.err"; cat "$T/hook.jsonl"; fail "3 alerts not delivered"; }
first=$(sql "$T/store.db" "SELECT alert_id FROM alerts WHERE channel = 'hook' ORDER BY id LIMIT 1")
$PY - "$T/hook.jsonl" "$first" <<'PY' || fail "retry order, ids or signatures wrong"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
ids = [json.loads(r["body"])["id"] for r in rows]
assert [r["status"] for r in rows[:3]] == [503, 503, 200], [r["status"] for r in rows]
assert ids[:3] == [sys.argv[2]] * 3, ids  # the first alert, three times: later ones held back
assert all(r["headers"]["x-newswatch-id"] == i for r, i in zip(rows, ids))
assert all(r["sig_ok"] is True for r in rows), [r["sig_ok"] for r in rows]
assert all(r["headers"].get("x-team") == "desk" for r in rows)
gaps = [b["time"] - a["time"] for a, b in zip(rows, rows[1:3])]
assert all(g >= 1.9 for g in gaps), gaps  # Retry-After: 2 honoured (retry_min is 1 s)
print("gaps between attempts:", ["%.2f" % g for g in gaps])
PY
[ "$(ok_ids)" = "$(db_ids)" ] || fail "delivered out of order: $(ok_ids | tr '\n' ' ') vs $(db_ids | tr '\n' ' ')"
grep -q 'retrying in' "$T/daemon.err" || fail "no retry logged"
ok "503 twice with Retry-After: the first alert retried under its id after >= 2 s, the rest held back, then all 3 in order, signed"

# --- SIGKILL with alerts queued, receiver down; restart with it up ---
stop_receiver hookrx
feed_item "Tessary cuts 700 jobs" "Tessary cuts 700 jobs. Reported today with details."
feed_item "Morvane buys a shipyard" "Morvane buys a shipyard. Reported today with details."
wait_for 20 '[ "$(queued)" -ge 2 ] && [ "$(hooks "state = '\''queued'\'' AND attempts > 0")" -ge 1 ]' ||
	{ cat "$T/daemon.err"; fail "alerts not queued and tried"; }
kill -KILL "$DPID"
wait "$DPID" 2>/dev/null
[ "$(queued)" = 2 ] || fail "want 2 queued alerts after SIGKILL, have $(queued)"
[ "$(sql "$T/store.db" 'PRAGMA integrity_check')" = ok ] || fail "store damaged by SIGKILL"
start_receiver hookrx "$PY" "$D/hook_receiver.py" --port "$HOOK_PORT" --out "$T/hook.jsonl" --secret-file "$T/hook.secret"
daemon_start
wait_for 30 '[ "$(ok_ids | wc -l)" -ge 5 ]' || { cat "$T/daemon.err"; fail "queued alerts not delivered after restart"; }
[ "$(ok_ids)" = "$(db_ids)" ] || fail "after restart: out of order"
[ "$(ok_ids | sort | uniq -d)" = "" ] || fail "an alert delivered twice"
ok "SIGKILL with 2 alerts queued: after restart both arrive, in order, each id once"

# --- receiver down for a while under a running daemon, then up ---
stop_receiver hookrx
feed_item "Krynn opens a factory" "Krynn opens a factory. Reported today with details."
feed_item "Plosk settles a lawsuit" "Plosk settles a lawsuit. Reported today with details."
wait_for 20 '[ "$(hooks "state = '\''queued'\'' AND attempts > 1")" -ge 1 ]' ||
	fail "alerts not retried while the receiver is down"
start_receiver hookrx "$PY" "$D/hook_receiver.py" --port "$HOOK_PORT" --out "$T/hook.jsonl" --secret-file "$T/hook.secret"
wait_for 30 '[ "$(ok_ids | wc -l)" -ge 7 ]' || { tail "$T/daemon.err"; fail "alerts not delivered once the receiver is up"; }
[ "$(ok_ids)" = "$(db_ids)" ] || fail "after the outage: out of order"
[ "$(queued)" = 0 ] || fail "alerts left queued"
ok "receiver down, then up: all 7 arrived, in the order raised"

# --- a 4xx: failed for good, reply logged, the next not held back ---
stop_receiver hookrx
start_receiver hookrx "$PY" "$D/hook_receiver.py" --port "$HOOK_PORT" --out "$T/hook.jsonl" --status-for-all 422
feed_item "Zorblax is fined by regulators" "Zorblax is fined by regulators. Reported today with details."
wait_for 20 '[ "$(hooks "state = '\''failed'\''")" = 1 ]' ||
	{ tail "$T/daemon.err"; fail "422 did not fail the alert"; }
grep -q 'failed for good: .*HTTP 422: nope: bad payload' "$T/daemon.err" || { tail "$T/daemon.err"; fail "the receiver's reply is not logged"; }
"$NEWSWATCH" --db "$T/store.db" alerts --failed | grep -q 'HTTP 422' || fail "alerts --failed does not list it"
grep -q "$(basename "$T")" "$T/daemon.err" && true
! grep -q '/hooks/newswatch' "$T/daemon.err" || fail "the hook's path (its credential, for chat services) is in the log"
ok "422: failed for good, the reply logged, listed by alerts --failed"

# --- a 401 refuses the channel (its credentials), not the alert: retried, then delivered ---
stop_receiver hookrx
start_receiver hookrx "$PY" "$D/hook_receiver.py" --port "$HOOK_PORT" --out "$T/hook.jsonl" --secret-file "$T/hook.secret" \
	--fail-first 2 --fail-status 401
feed_item "Vexmoor recalls 3000 trains after a fault" "Vexmoor recalls 3000 trains after a fault. Reported today with details."
wait_for 20 '[ "$(hooks "state = '\''queued'\'' AND attempts >= 1")" = 1 ]' ||
	{ tail "$T/daemon.err"; fail "after a 401 the alert is not queued for a retry"; }
[ "$(hooks "state = 'failed'")" = 1 ] || fail "a 401 failed the alert for good"
wait_for 30 '[ "$(ok_ids | wc -l)" -ge 8 ]' || { tail "$T/daemon.err"; fail "not delivered once the receiver accepts"; }
grep -q 'HTTP 401.*retrying in' "$T/daemon.err" || { tail "$T/daemon.err"; fail "no retry logged for the 401"; }
[ "$(sql "$T/store.db" "SELECT state || ' ' || attempts FROM alerts WHERE channel = 'hook' ORDER BY id DESC LIMIT 1")" = "sent 3" ] ||
	fail "want the alert sent at its 3rd attempt"
[ "$(ok_ids)" = "$(db_ids)" ] || fail "after the 401s: out of order"
ok "401 twice: the alert stays queued and is retried (logged), then delivered; not failed"

# --- a 400 that names the channel (a chat service's "chat not found"): retried, not failed ---
stop_receiver hookrx
start_receiver hookrx "$PY" "$D/hook_receiver.py" --port "$HOOK_PORT" --out "$T/hook.jsonl" --secret-file "$T/hook.secret" \
	--fail-first 2 --fail-status 400 --fail-body '{"ok":false,"error_code":400,"description":"Bad Request: chat not found"}'
feed_item "Quillmore chat bot moves to a new group" "Quillmore chat bot moves to a new group. Reported today with details."
wait_for 20 '[ "$(hooks "state = '\''queued'\'' AND attempts >= 1")" = 1 ]' ||
	{ tail "$T/daemon.err"; fail "after a 400 'chat not found' the alert is not queued for a retry"; }
[ "$(hooks "state = 'failed'")" = 1 ] || fail "a 400 'chat not found' failed the alert for good"
wait_for 30 '[ "$(ok_ids | wc -l)" -ge 9 ]' || { tail "$T/daemon.err"; fail "not delivered once the chat is found"; }
[ "$(ok_ids)" = "$(db_ids)" ] || fail "after the 400s: out of order"
ok "400 'chat not found' twice: the channel's refusal, retried, then delivered; not failed"
stop_receiver hookrx
start_receiver hookrx "$PY" "$D/hook_receiver.py" --port "$HOOK_PORT" --out "$T/hook.jsonl" --secret-file "$T/hook.secret" \
	--fail-first 1 --fail-status 421
feed_item "Quarrow opens a port in Mokpo" "Quarrow opens a port in Mokpo. Reported today with details."
wait_for 30 '[ "$(ok_ids | wc -l)" -ge 10 ]' || { tail "$T/daemon.err"; fail "a 421 failed the alert (not delivered after it)"; }
[ "$(hooks "state = 'failed'")" = 1 ] || fail "a 421 failed the alert for good"
ok "421 (Misdirected Request): retried, then delivered"

# --- a reply lost on the way: the resend meets a receiver that already has the id (409) ---
stop_receiver hookrx
: > "$T/dedup.jsonl"
start_receiver hookrx "$PY" "$D/hook_receiver.py" --port "$HOOK_PORT" --out "$T/dedup.jsonl" --dedup --drop-first 1
sent_before=$(hooks "state = 'sent'")
feed_item "Quintor buys a shipyard in Ulsan" "Quintor buys a shipyard in Ulsan. Reported today with details."
wait_for 30 '[ "$(hooks "state = '\''sent'\''")" -gt "$sent_before" ]' ||
	{ tail "$T/daemon.err"; fail "a 409 for an id the receiver has: not taken as delivered"; }
$PY - "$T/dedup.jsonl" <<'PY' || fail "want the id taken once (reply dropped), then 409 for the resend"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
ids = [json.loads(r["body"])["id"] for r in rows]
assert [r["status"] for r in rows] == [0, 409], [r["status"] for r in rows]
assert ids[0] == ids[1], ids
PY
grep -q 'HTTP 409: the receiver already has its id; taken as delivered' "$T/daemon.err" || fail "the 409 is not logged"
[ "$(hooks "state = 'failed'")" = 1 ] || fail "the 409 failed the alert"
ok "a reply lost, the resend answered 409 by a deduplicating receiver: sent, not failed (logged)"
# a test alert's id is the same at every run: a 409 for it is no delivery, and says so
"$NEWSWATCH" -c "$T/nw.conf" alert-test --digest hook >"$T/at1.out" 2>&1 || { cat "$T/at1.out"; fail "alert-test --digest: exit $?"; }
rc=0; "$NEWSWATCH" -c "$T/nw.conf" alert-test --digest hook >"$T/at2.out" 2>&1 || rc=$?
[ $rc = 1 ] && grep -q 'HTTP 409' "$T/at2.out" || { cat "$T/at2.out"; fail "alert-test again, answered 409: exit $rc"; }
ok "alert-test twice to a deduplicating receiver: the second, answered 409, is not reported delivered (exit 1)"
daemon_stop

# --- the exec channel: JSON on stdin, a failure retried, the same ids as the hook's ---
n_exec=$(grep -c '^{' "$T/exec.out")
[ "$n_exec" -ge 9 ] || fail "exec channel got $n_exec alerts"
$PY - "$T/exec.out" "$T/store.db" <<'PY' || fail "exec channel wrong"
import json, sqlite3, sys
got = [json.loads(l)["id"] for l in open(sys.argv[1]) if l.startswith("{")]
db = sqlite3.connect(sys.argv[2])
want = [r[0] for r in db.execute("SELECT alert_id FROM alerts WHERE channel = 'run' ORDER BY id")]
assert got[0] == got[1] == want[0], (got[:2], want[:1])  # the first call failed, then retried
# a resend is allowed only where the SIGKILL landed between running and recording: the same id again
dedup = [g for i, g in enumerate(got) if i == 0 or g != got[i - 1]]
assert dedup == want, (got, want)
assert len(got) - len(want) <= 2, got
assert db.execute("SELECT count(*) FROM alerts WHERE channel = 'run' AND state = 'sent'").fetchone()[0] == len(want)
PY
grep -q 'exit status 3; retrying' "$T/daemon.err" || fail "exec failure not logged as a retry"
ok "exec notifier: alert JSON on stdin, exit 3 retried under the same id, all delivered in order ($n_exec runs)"

# --- max_age: an alert older than that when its turn comes (its receiver was down longer)
# is marked failed, not sent late ---
STALE_PORT=$(free_port)
cat > "$T/stale.conf" <<CONF
[daemon]
database = $T/stale.db
[feed wire]
url = http://127.0.0.1:$NGINX_PORT/feed.xml
[story zorblax]
entity.name = Zorblax
match = name
alert = late
[alert late]
plugin = webhook
url = http://127.0.0.1:$STALE_PORT/late
retry_min = 1s
max_age = 2s
CONF
"$NEWSWATCHD" --once -c "$T/stale.conf" >/dev/null 2>"$T/stale1.err" || { cat "$T/stale1.err"; fail "stale: backlog run"; }
feed_item "Zorblax buys a rival" "Zorblax buys a rival. Reported today with details."
"$NEWSWATCHD" --once -c "$T/stale.conf" >/dev/null 2>"$T/stale2.err" || { cat "$T/stale2.err"; fail "stale: run 2"; }
[ "$(sql "$T/stale.db" "SELECT state FROM alerts")" = queued ] || { cat "$T/stale2.err"; fail "stale: the alert is not queued"; }
sleep 3
start_receiver stalerx "$PY" "$D/hook_receiver.py" --port "$STALE_PORT" --out "$T/stale.jsonl"
"$NEWSWATCHD" --once -c "$T/stale.conf" >/dev/null 2>"$T/stale3.err" || { cat "$T/stale3.err"; fail "stale: run 3"; }
[ "$(sql "$T/stale.db" "SELECT state FROM alerts")" = failed ] || { cat "$T/stale3.err"; fail "stale: an alert past max_age is $(sql "$T/stale.db" "SELECT state FROM alerts")"; }
[ ! -s "$T/stale.jsonl" ] || { cat "$T/stale.jsonl"; fail "stale: an alert past max_age was sent"; }
[ "$(sql "$T/stale.db" "SELECT attempts FROM alerts")" = 1 ] || fail "stale: failed at its turn, not tried: attempts $(sql "$T/stale.db" "SELECT attempts FROM alerts"), want the 1 it had"
grep -q 'failed for good: max_age reached; last error: .*127.0.0.1' "$T/stale3.err" || { cat "$T/stale3.err"; fail "stale: not logged with the error the alert last had"; }
"$NEWSWATCH" --db "$T/stale.db" alerts --failed | grep -q 'max_age reached; last error: .*127.0.0.1' ||
	{ "$NEWSWATCH" --db "$T/stale.db" alerts --failed; fail "stale: alerts --failed does not say what the receiver's error was"; }
ok "max_age = 2s: an alert 3 s old when its receiver is back is marked failed, not sent late (no attempt counted); the error it last had is kept"
# the owner mends the channel and queues the failed alert again: sent once, under its id
"$NEWSWATCH" -c "$T/stale.conf" alert-retry --since 1h late >"$T/retry.out" 2>&1 || { cat "$T/retry.out"; fail "alert-retry"; }
grep -q '^1 failed alert of \[alert late\] queued again' "$T/retry.out" || { cat "$T/retry.out"; fail "alert-retry: says '$(cat "$T/retry.out")'"; }
[ "$(sql "$T/stale.db" "SELECT state FROM alerts")" = queued ] || fail "alert-retry: the alert is $(sql "$T/stale.db" "SELECT state FROM alerts")"
"$NEWSWATCHD" --once -c "$T/stale.conf" >/dev/null 2>"$T/stale4.err" || { cat "$T/stale4.err"; fail "stale: run 4"; }
[ "$(sql "$T/stale.db" "SELECT state FROM alerts")" = sent ] && [ "$(grep -c '"status": 200' "$T/stale.jsonl")" = 1 ] ||
	{ cat "$T/stale4.err"; fail "stale: the alert queued again by alert-retry was not sent once"; }
"$NEWSWATCH" -c "$T/stale.conf" alert-retry >"$T/retry2.out" 2>&1 && grep -q '^0 failed alerts queued again$' "$T/retry2.out" ||
	{ cat "$T/retry2.out"; fail "alert-retry with none failed"; }
ok "alert-retry CHANNEL: a failed alert queued again as raised now, then sent once under its id"

# --- a digest's own wait does not count against max_age: every = 4s, max_age = 4s, its
# first attempt (4 s after the alert) refused (503): retried about 1.5 s later, under a
# running daemon, and delivered, not failed (counted from the alert, max_age was past) ---
WEEK_PORT=$(free_port)
start_receiver weekrx "$PY" "$D/hook_receiver.py" --port "$WEEK_PORT" --out "$T/week.jsonl" --fail-first 1
sed -e "s|$T/stale.db|$T/week.db|" -e "s|/late$|/week|" -e "s|127.0.0.1:$STALE_PORT|127.0.0.1:$WEEK_PORT|" \
	-e 's|^max_age = 2s$|max_age = 4s\nmode = digest\nevery = 4s|' "$T/stale.conf" >"$T/week.conf"
"$NEWSWATCHD" --once -c "$T/week.conf" >/dev/null 2>"$T/week1.err" || { cat "$T/week1.err"; fail "week: backlog run"; }
feed_item "Zorblax opens a plant in Ulsan" "Zorblax opens a plant in Ulsan. Reported today with details."
"$NEWSWATCHD" --once -c "$T/week.conf" >/dev/null 2>"$T/week2.err" || { cat "$T/week2.err"; fail "week: run 2"; }
"$NEWSWATCHD" -c "$T/week.conf" >/dev/null 2>"$T/week3.err" &
wpid=$!
cleanup_hooks+=("kill -9 $wpid 2>/dev/null")
for _ in $(seq 150); do
	[ "$(sql "$T/week.db" "SELECT group_concat(state) FROM alerts")" != queued ] && break
	sleep 0.1
done
kill -TERM $wpid; wait $wpid
[ "$(sql "$T/week.db" "SELECT group_concat(state) FROM alerts")" = sent ] ||
	{ cat "$T/week3.err"; fail "week: a digest refused once is $(sql "$T/week.db" "SELECT group_concat(state) FROM alerts")"; }
[ "$(grep -c '"status": 200' "$T/week.jsonl")" = 1 ] || fail "week: delivered $(grep -c '"status": 200' "$T/week.jsonl") times"
ok "a digest (every = 4s, max_age = 4s) refused once: retried and delivered, its own wait not counted against max_age"

# --- SIGTERM while an alert sent alone waits for its answer (the receiver takes it all the
# same): after the restart it goes alone again, under its own id, even where the channel
# would now put it in a digest — the last message a rate limit allows, or mode = digest set
# while the daemon was stopped. A receiver deduplicating on the id takes each alert once: it
# answers the resend 409, and never gets the alert again inside a digest under a new id ---
alone_case() { # alone_case NAME 'CONF BEFORE' 'CONF AFTER THE RESTART' 'SQL: DONE WAITING'
	local name=$1 settled=$4 port rc
	port=$(free_port)
	start_receiver "${name}rx" "$PY" "$D/hook_receiver.py" --port "$port" --out "$T/$name.jsonl" \
		--dedup --delay-first 1 --delay 6
	alone_conf() {
		printf '[daemon]\ndatabase = %s\n[feed wire]\nurl = http://127.0.0.1:%s/feed.xml\ninterval = 1s\n' \
			"$T/$name.db" "$NGINX_PORT"
		printf '[story %s-1]\nentity.x = %sone\nmatch = x\nalert = out\n' "$name" "$name"
		printf '[story %s-2]\nentity.x = %stwo\nmatch = x\nalert = out\n' "$name" "$name"
		printf '[alert out]\nplugin = webhook\nurl = http://127.0.0.1:%s/%s\nretry_min = 1s\nretry_max = 2s\n%b\n' \
			"$port" "$name" "$1"
	}
	alone_conf "$2" >"$T/$name.conf"
	"$NEWSWATCHD" --once -c "$T/$name.conf" >/dev/null 2>"$T/$name-0.err" || { cat "$T/$name-0.err"; fail "$name: backlog run"; }
	"$NEWSWATCHD" -c "$T/$name.conf" >/dev/null 2>"$T/$name-1.err" &
	local apid=$!
	cleanup_hooks+=("kill -9 $apid 2>/dev/null")
	feed_item "${name}one opens a plant" "${name}one opens a plant. Reported today with details."
	wait_for 10 '[ "$(sql "$T/$name.db" "SELECT count(*) FROM alerts")" = 1 ]' || { cat "$T/$name-1.err"; fail "$name: no first alert"; }
	sleep 0.5 # sent at once; the receiver answers it 6 s later
	feed_item "${name}two buys a rival" "${name}two buys a rival. Reported today with details."
	wait_for 5 '[ "$(sql "$T/$name.db" "SELECT count(*) FROM alerts")" = 2 ]' || { cat "$T/$name-1.err"; fail "$name: no second alert"; }
	[ ! -s "$T/$name.jsonl" ] || fail "$name: the first alert was answered before SIGTERM (too slow a machine?)"
	kill -TERM $apid
	rc=0
	wait $apid || rc=$?
	[ $rc = 0 ] || { cat "$T/$name-1.err"; fail "$name: exit $rc on SIGTERM"; }
	wait_for 10 '[ -s "$T/$name.jsonl" ]' || fail "$name: the receiver did not take the first alert"
	alone_conf "$3" >"$T/$name.conf"
	"$NEWSWATCHD" -c "$T/$name.conf" >/dev/null 2>"$T/$name-2.err" &
	apid=$!
	cleanup_hooks+=("kill -9 $apid 2>/dev/null")
	wait_for 15 '[ "$(sql "$T/$name.db" "$settled")" = 1 ]' || { cat "$T/$name-2.err"; fail "$name: alerts not settled after the restart"; }
	kill -TERM $apid
	wait $apid || fail "$name: exit $? on SIGTERM after the restart"
	$PY - "$T/$name.jsonl" "$T/$name.db" <<'PY' || { cat "$T/$name.jsonl"; fail "$name: an alert reached the receiver twice"; }
import json, sqlite3, sys
reqs = [(r["status"], json.loads(r["body"])) for r in map(json.loads, open(sys.argv[1]))]
first = sqlite3.connect(sys.argv[2]).execute("SELECT alert_id FROM alerts ORDER BY id LIMIT 1").fetchone()[0]
taken = [a["id"] for s, b in reqs if s == 200 for a in (b["alerts"] if b.get("kind") == "digest" else [b])]
assert len(taken) == len(set(taken)), [(s, b["id"], [a["id"] for a in b.get("alerts", [])]) for s, b in reqs]
# the first alert went alone, and again alone under its id after the restart (409)
assert [(s, b["id"]) for s, b in reqs[:2]] == [(200, first), (409, first)], [(s, b["id"]) for s, b in reqs]
PY
	stop_receiver "${name}rx"
}
alone_case ratelim 'rate_limit = 1\nrate_window = 10m' 'rate_limit = 1\nrate_window = 10m' \
	"SELECT state = 'sent' FROM alerts ORDER BY id LIMIT 1"
ok "SIGTERM while an alert sent alone waited for its answer (rate_limit = 1): after the restart it went alone again (409), not in a digest with the alert raised meanwhile"
alone_case flipped '' 'mode = digest\nevery = 1s' \
	"SELECT count(*) = 2 FROM alerts WHERE state = 'sent'"
ok "SIGTERM while an alert sent alone waited for its answer, then mode = digest: after the restart it went alone again (409), then the digest without it"

# --- a 200 whose reply breaks off after the status (Content-Length 100, 2 bytes sent): the
# receiver took the alert; it is delivered, not posted again (a chat post would show twice) ---
CUT_PORT=$(free_port)
start_receiver cutrx "$PY" "$D/hook_receiver.py" --port "$CUT_PORT" --out "$T/cut.jsonl" --cut-first 1
printf '[daemon]\ndatabase = %s\n[feed wire]\nurl = http://127.0.0.1:%s/feed.xml\n' "$T/cut.db" "$NGINX_PORT" >"$T/cut.conf"
printf '[story quillon]\nentity.name = Quillon\nmatch = name\nalert = cut\n' >>"$T/cut.conf"
printf '[alert cut]\nplugin = webhook\nformat = slack\nurl = http://127.0.0.1:%s/cut\nretry_min = 1s\n' "$CUT_PORT" >>"$T/cut.conf"
"$NEWSWATCHD" --once -c "$T/cut.conf" >/dev/null 2>"$T/cut1.err" || { cat "$T/cut1.err"; fail "cut: backlog run"; }
feed_item "Quillon wins a tender in Incheon" "Quillon wins a tender in Incheon. Reported today with details."
for run in 2 3; do
	"$NEWSWATCHD" --once -c "$T/cut.conf" >/dev/null 2>"$T/cut$run.err" || { cat "$T/cut$run.err"; fail "cut: run $run"; }
done
[ "$(sql "$T/cut.db" "SELECT state || ' ' || attempts FROM alerts")" = "sent 1" ] ||
	{ cat "$T/cut2.err" "$T/cut3.err"; fail "cut: the alert is $(sql "$T/cut.db" "SELECT state || ' ' || attempts FROM alerts")"; }
[ "$(wc -l <"$T/cut.jsonl")" = 1 ] || fail "cut: posted $(wc -l <"$T/cut.jsonl") times"
grep -q 'HTTP 200, its reply cut short (.*); taken as delivered' "$T/cut2.err" || { cat "$T/cut2.err"; fail "cut: not logged"; }
ok "a 200 whose reply broke off: delivered once (logged), not posted again"

# --- a reload that mends a channel's url: the alert waiting for its retry (an hour off) is
# tried at once; a reload that changes only when the channel retries (max_age) keeps the wait ---
FIX_PORT=$(free_port)
DEAD_PORT=$(free_port)
start_receiver fixrx "$PY" "$D/hook_receiver.py" --port "$FIX_PORT" --out "$T/fix.jsonl"
printf 'token-one\n' >"$T/fix.token"
chmod 600 "$T/fix.token"
fix_conf() { # fix_conf PORT MAX_AGE
	printf '[daemon]\ndatabase = %s\n[feed wire]\nurl = http://127.0.0.1:%s/feed.xml\ninterval = 1s\n' \
		"$T/fix.db" "$NGINX_PORT"
	printf '[story fix]\nentity.x = Fixmoor\nmatch = x\nalert = out\n'
	printf '[alert out]\nplugin = webhook\nurl = http://127.0.0.1:%s/fix\nretry_min = 1h\nretry_max = 2h\nmax_age = %s\n' \
		"$1" "$2"
	printf 'token_file = %s\n' "$T/fix.token"
}
fix_reload() { # fix_reload WHAT: SIGHUP, and wait for the daemon to say it reloaded
	local n
	n=$(grep -c 'reloaded' "$T/fix.err")
	kill -HUP $fpid
	wait_for 10 '[ "$(grep -c reloaded "$T/fix.err")" -gt "$n" ]' || { cat "$T/fix.err"; fail "fix: no reload $1"; }
}
fix_conf "$DEAD_PORT" 2d >"$T/fix.conf"
"$NEWSWATCHD" --once -c "$T/fix.conf" >/dev/null 2>"$T/fix-0.err" || { cat "$T/fix-0.err"; fail "fix: backlog run"; }
"$NEWSWATCHD" -c "$T/fix.conf" >/dev/null 2>"$T/fix.err" &
fpid=$!
cleanup_hooks+=("kill -9 $fpid 2>/dev/null")
feed_item "Fixmoor opens a plant" "Fixmoor opens a plant. Reported today with details."
wait_for 10 '[ "$(sql "$T/fix.db" "SELECT attempts FROM alerts WHERE state = '\''queued'\''")" = 1 ]' ||
	{ cat "$T/fix.err"; fail "fix: the alert was not tried and queued for a retry"; }
fix_conf "$DEAD_PORT" 3d >"$T/fix.conf"
fix_reload "with max_age = 3d"
sleep 2
[ "$(sql "$T/fix.db" "SELECT state || ' ' || attempts FROM alerts")" = "queued 1" ] ||
	{ cat "$T/fix.err"; fail "fix: a reload that changed only max_age: the alert is $(sql "$T/fix.db" "SELECT state || ' ' || attempts FROM alerts")"; }
# the token file's content put right (the conf the same): tried again at once, to the dead port
printf 'token-two\n' >"$T/fix.token"
fix_reload "with another token in the token file"
wait_for 5 '[ "$(sql "$T/fix.db" "SELECT state || '\'' '\'' || attempts FROM alerts")" = "queued 2" ]' ||
	{ cat "$T/fix.err"; fail "fix: a reload after the token file changed: the alert is $(sql "$T/fix.db" "SELECT state || ' ' || attempts FROM alerts"), not tried again at once"; }
fix_conf "$FIX_PORT" 3d >"$T/fix.conf"
fix_reload "with the receiver's url"
wait_for 5 '[ "$(sql "$T/fix.db" "SELECT state FROM alerts")" = sent ]' ||
	{ cat "$T/fix.err"; fail "fix: a reload that mended the url: the alert waiting an hour for its retry was not sent within 5 s"; }
[ "$(grep -c '"status": 200' "$T/fix.jsonl")" = 1 ] || fail "fix: delivered $(grep -c '"status": 200' "$T/fix.jsonl") times"
kill -TERM $fpid
wait $fpid || fail "fix: exit $? on SIGTERM"
ok "a reload that mends a channel's url, or the content of its token file, tries the alert waiting an hour for its retry at once; one that changes only max_age keeps the wait"

# a restart tries the alert waiting for its retry at once (the receiver came back meanwhile)
feed_item "Fixmoor buys 40% of Quellstrom for 2 billion euros" "Fixmoor agreed to buy 40% of the Danish grid firm Quellstrom for 2 billion euros, its chief said in Aarhus."
fix_conf "$DEAD_PORT" 3d >"$T/fix.conf"
"$NEWSWATCHD" --once -c "$T/fix.conf" >/dev/null 2>"$T/fix-1.err" || { cat "$T/fix-1.err"; fail "fix: run with the dead port"; }
[ "$(sql "$T/fix.db" "SELECT state || ' ' || attempts FROM alerts ORDER BY id DESC LIMIT 1")" = "queued 1" ] ||
	{ cat "$T/fix-1.err"; sql "$T/fix.db" "SELECT id, state, attempts FROM alerts" >&2; fail "fix: the second alert was not tried and queued for an hour"; }
start_receiver fixrx2 "$PY" "$D/hook_receiver.py" --port "$DEAD_PORT" --out "$T/fix2.jsonl"
# --once (which a timer may run every few minutes) keeps the wait: backoff and Retry-After hold
"$NEWSWATCHD" --once -c "$T/fix.conf" >/dev/null 2>"$T/fix-2.err" || { cat "$T/fix-2.err"; fail "fix: --once"; }
[ "$(sql "$T/fix.db" "SELECT state FROM alerts ORDER BY id DESC LIMIT 1")" = queued ] ||
	{ cat "$T/fix-2.err"; fail "fix: --once did not keep the retry's wait"; }
"$NEWSWATCHD" -c "$T/fix.conf" >/dev/null 2>"$T/fix-3.err" &
fpid=$!
cleanup_hooks+=("kill -9 $fpid 2>/dev/null")
wait_for 10 '[ "$(sql "$T/fix.db" "SELECT state FROM alerts ORDER BY id DESC LIMIT 1")" = sent ]' ||
	{ cat "$T/fix-3.err"; fail "fix: a restart did not try at once the alert waiting an hour for its retry"; }
kill -TERM $fpid
wait $fpid || fail "fix: exit $? on SIGTERM"
[ "$(grep -c '"status": 200' "$T/fix2.jsonl")" = 1 ] || fail "fix: delivered $(grep -c '"status": 200' "$T/fix2.jsonl") times after the restart"
ok "a restart of the daemon tries at once the alert waiting an hour for its retry (sent once); --once keeps the wait"
