#!/bin/bash
# backoff.sh — a feed's waits over failures in a row, as the store records them (next_poll -
# last_fetch after each of 8 runs of newswatchd --once, which polls every feed whatever its
# next poll), against badserver.py: a 429 whose Retry-After is what the server asked at every
# round (not doubled by the backoff), one without (doubled up to 6 hours), a cached 429 or
# 503 whose Age is taken off its Retry-After; a 410 that backs off to once a day (and a
# restart keeps that day); a 404 after 429s with Retry-After, which backs off as a first
# failure; a 401 after a redirect to another port, which says why (the password of the url
# did not go there); and a moved feed whose new address answers 429 with a Retry-After, which
# is not its failure there; what the log says of a feed that starts failing differently.
# Every check runs; the test fails at the end if any did.
. "$top_srcdir/tests/integration/lib.sh"
BADSERVER="$top_srcdir/tests/integration/badserver.py"
DB="$T/store.db"
nbad=0
bad() { echo "FAIL: $*" >&2; nbad=$((nbad + 1)); }

# badserver NAME [ARGS...]: one on a port of its own; sets NAME_port
badserver() {
	local name=$1 pid
	shift
	$PY "$BADSERVER" --port 0 --log "$T/$name.log" --lifetime 120 --portfile "$T/$name.port" "$@" \
		>/dev/null 2>"$T/$name.err" &
	pid=$!
	cleanup_hooks+=("kill $pid 2>/dev/null")
	for _ in $(seq 100); do [ -s "$T/$name.port" ] && break; sleep 0.1; done
	[ -s "$T/$name.port" ] || { cat "$T/$name.err" >&2; fail "badserver $name did not start"; }
	printf -v "${name}_port" %s "$(cat "$T/$name.port")"
}
# (its other addresses are other hosts: a 429's Retry-After holds every feed of its host)
badserver bad --also 127.0.0.2,127.0.0.3,127.0.0.4,127.0.0.5,127.0.0.6,127.0.0.7,127.0.0.8,127.0.0.9
badserver other
BP=$bad_port OP=$other_port
B="http://127.0.0.1:$BP"
nreq() { grep -c "\"path\": \"$1[\"?]" "$T/bad.log"; }

cat >"$T/nw.conf" <<CONF
[daemon]
database = $DB
timeout = 5s
connect_timeout = 2s
[feed ra429]
url = http://127.0.0.2:$BP/429
interval = 15m
[feed bare429]
url = http://127.0.0.3:$BP/429-bare
interval = 15m
[feed age429]
url = http://127.0.0.4:$BP/429-age
interval = 5m
[feed ageover]
url = http://127.0.0.5:$BP/429-age-over
interval = 5m
[feed agedate]
url = http://127.0.0.6:$BP/503-age-date
interval = 5m
[feed zero429]
url = http://127.0.0.8:$BP/429-zero
interval = 5m
[feed gone]
url = $B/410
interval = 15m
[feed ra404]
url = http://127.0.0.7:$BP/429-then-404
interval = 15m
[feed authport]
url = http://user:secret@127.0.0.1:$BP/redirect-to?http://127.0.0.1:$OP/auth-feed
[feed authportbare]
url = http://127.0.0.1:$BP/redirect-to?http://127.0.0.1:$OP/auth-feed
[feed authsame]
url = http://user:secret@127.0.0.1:$BP/redirect-to?http://127.0.0.1:$BP/auth-feed
[feed kinds]
url = $B/drop-500
interval = 15m
[feed flip]
url = $B/404-500
interval = 15m
CONF
chmod 600 "$T/nw.conf"
"$NEWSWATCHD" --check-config -c "$T/nw.conf" || fail "conf rejected"

col() { sql "$DB" "SELECT $2 FROM feeds WHERE name = '$1'"; }
gap() { sql "$DB" "SELECT next_poll - last_fetch FROM feeds WHERE name = '$1'"; }
health() { echo "status=$(col "$1" last_status) failures=$(col "$1" failures) error='$(col "$1" last_error)'"; }

# 8 runs: each feed's wait after its 1st, 2nd ... 8th failure in a row
declare -A gaps
for run in 1 2 3 4 5 6 7 8; do
	timeout -k 5 60 "$NEWSWATCHD" --once -v -c "$T/nw.conf" >"$T/run$run.out" 2>"$T/run$run.err" ||
		{ tail -n 20 "$T/run$run.err" >&2; fail "run $run: newswatchd --once failed"; }
	for f in ra429 bare429 age429 ageover agedate zero429 gone ra404; do
		gaps[$f]="${gaps[$f]:-}$(gap $f) "
	done
done
echo "# waits (s) after failures 1 to 8: ra429: ${gaps[ra429]}; bare429: ${gaps[bare429]}; gone: ${gaps[gone]}"

# in_range "GAPS" "LOW:HIGH ...": each gap within its bounds
in_range() {
	local g=($1) b=($2) i lo hi
	[ ${#g[@]} = ${#b[@]} ] || return 1
	for i in "${!b[@]}"; do
		lo=${b[$i]%%:*} hi=${b[$i]#*:}
		[ "${g[$i]}" -ge "$lo" ] && [ "${g[$i]}" -le "$hi" ] || return 1
	done
}
# (a wait: its base plus up to a tenth at random; a Retry-After: plus up to 5%)
iv() { echo "$1:$(($1 + $1 / 10))"; }
ra() { echo "$1:$(($1 + $1 / 20 + 1))"; }

# 1. a 429 with Retry-After 3600, 8 times in a row: the hour the server asked for, every
# time (the interval is shorter), not the backoff's 2, 4, then 6 hours
in_range "${gaps[ra429]}" "$(for _ in 1 2 3 4 5 6 7 8; do ra 3600; done)" &&
	[ "$(col ra429 failures)" = 8 ] && [ "$(col ra429 last_status)" = 429 ] &&
	ok "feed ra429: Retry-After 3600 at 8 429s in a row waits the hour each time (${gaps[ra429]})" ||
	bad "feed ra429: waits ${gaps[ra429]}, want 3600 each time: $(health ra429)"
# without a Retry-After, a 429 is any failure: the interval, doubled, up to 6 hours
in_range "${gaps[bare429]}" "$(iv 900) $(iv 1800) $(iv 3600) $(iv 7200) $(iv 14400) $(iv 21600) $(iv 21600) $(iv 21600)" &&
	ok "feed bare429: a 429 without Retry-After backs off 15 min to 6 h (${gaps[bare429]})" ||
	bad "feed bare429: waits ${gaps[bare429]}, want 900 doubled up to 21600: $(health bare429)"
# 4 429s that asked for an hour each, then a 404: the 404 is a first failure (15 min, then
# doubled), not the 5th (4 hours, then 6): answers that said when to come back were waited as
# asked and do not double the backoff of what follows; they count for the warnings
in_range "${gaps[ra404]}" "$(for _ in 1 2 3 4; do ra 3600; done) $(iv 900) $(iv 1800) $(iv 3600) $(iv 7200)" &&
	[ "$(col ra404 failures)" = 8 ] && [ "$(col ra404 last_status)" = 404 ] &&
	grep -q "feed ra404: .*404.*(failure 8, next try in [0-9]*s; the next warning at failure 16)" "$T/run8.err" &&
	ok "feed ra404: a 404 after 4 429s with Retry-After backs off from 15 min (${gaps[ra404]})" ||
	bad "feed ra404: waits ${gaps[ra404]}, want 3600 4 times then 900 doubled: $(health ra404)"

# 7. what the log says of failures in a row (each run's poll is the feed's failure of that
# number): a warning at the 1st, 2nd, 4th and 8th; and at once when it fails differently (another
# HTTP status, an HTTP answer after none), the first such of each step between two powers of two
# only. Before, a new kind was silent until the next power of two (ra404's 404 at failure 5
# until failure 8).
warned() { # the runs whose failure was a warning for feed $1
	local run w=
	for run in 1 2 3 4 5 6 7 8; do
		grep -q "warning: feed $1: .*(failure $run, next try" "$T/run$run.err" && w="$w$run "
	done
	echo "${w% }"
}
[ "$(warned ra429)" = "1 2 4 8" ] && [ "$(warned bare429)" = "1 2 4 8" ] &&
	ok "feeds ra429, bare429: 8 failures of one kind are warnings at the 1st, 2nd, 4th and 8th only" ||
	bad "ra429 warned at failures '$(warned ra429)', bare429 at '$(warned bare429)': want '1 2 4 8'"
[ "$(warned ra404)" = "1 2 4 5 8" ] &&
	grep -q "warning: feed ra404: .*HTTP 404.* (failure 5, next try in [0-9]*s; the next warning at failure 8; before it, failures 1 to 4 of another kind: HTTP 429)$" "$T/run5.err" &&
	ok "feed ra404: its 404 after 4 429s is a warning at once, failure 5, that says what came before" ||
	bad "feed ra404: warned at failures '$(warned ra404)', want '1 2 4 5 8': $(grep 'feed ra404' "$T/run5.err")"
# two nothings (the connection closed), three 500s, nothings again: failures 3 and 6 are new kinds
[ "$(warned kinds)" = "1 2 3 4 6 8" ] &&
	grep -q "warning: feed kinds: .*HTTP 500.* (failure 3, next try in [0-9]*s; the next warning at failure 4; before it, failures 1 to 2 of another kind: the connection closed before an answer)$" "$T/run3.err" &&
	grep -q "warning: feed kinds: .* (failure 6, next try in [0-9]*s; the next warning at failure 8; before it, failures 3 to 5 of another kind: HTTP 500)$" "$T/run6.err" &&
	! grep -q "warning: feed kinds:" "$T/run5.err" "$T/run7.err" &&
	ok "feed kinds: an HTTP 500 after no answer, and no answer after 500s, are warnings at once (failures 3 and 6)" ||
	bad "feed kinds: warned at failures '$(warned kinds)', want '1 2 3 4 6 8': $(grep -h 'feed kinds' "$T"/run[36].err)"
# 404 and 500 by turns: each poll is a new kind, a warning once a step (3, 5), not every poll
[ "$(warned flip)" = "1 2 3 4 5 8" ] &&
	grep -q "warning: feed flip: .*HTTP 404.* (failure 5, next try in [0-9]*s; the next warning at failure 8; before it, failure 4 of another kind: HTTP 500)$" "$T/run5.err" &&
	grep -q "feed flip: .*HTTP 500.* (failure 6, next try in [0-9]*s; before it, failure 5 of another kind: HTTP 404)$" "$T/run6.err" &&
	ok "feed flip: 404 and 500 by turns warn at failures 1 2 3 4 5 8, not at each poll (6 and 7 in the debug log)" ||
	bad "feed flip: warned at failures '$(warned flip)', want '1 2 3 4 5 8': $(grep -h 'feed flip' "$T"/run[56].err)"
# a feed that answers is not in the warnings
! grep -q "warning: feed authsame" "$T"/run*.err || bad "feed authsame answers, and is a warning: $(grep -h 'feed authsame' "$T"/run*.err)"

# 2. a 429 from a cache, Retry-After 3600 with Age 3000: 600 s are left (the interval is
# 300 s); each time, not doubled either
in_range "${gaps[age429]}" "$(for _ in 1 2 3 4 5 6 7 8; do ra 600; done)" &&
	ok "feed age429: Retry-After 3600 with Age 3000 waits 600 s (${gaps[age429]})" ||
	bad "feed age429: waits ${gaps[age429]}, want 600 each time: $(health age429)"
# the same as a date from the cached answer's Date, 3000 s old
in_range "${gaps[agedate]}" "$(for _ in 1 2 3 4 5 6 7 8; do ra 600; done)" &&
	ok "feed agedate: a Retry-After date counted from Date plus Age waits 600 s (${gaps[agedate]})" ||
	bad "feed agedate: waits ${gaps[agedate]}, want 600 each time: $(health agedate)"
# an Age past the Retry-After: the server's wait is over; the interval, never less
in_range "${gaps[ageover]}" "$(for _ in 1 2 3 4 5 6 7 8; do iv 300; done)" &&
	ok "feed ageover: Retry-After 600 with Age 3000 waits the interval, 300 s (${gaps[ageover]})" ||
	bad "feed ageover: waits ${gaps[ageover]}, want 300 each time: $(health ageover)"
# Retry-After: 0, come back at once: as a wait that is over, the interval, not doubled (it was
# taken for no Retry-After, and doubled to 6 h)
in_range "${gaps[zero429]}" "$(for _ in 1 2 3 4 5 6 7 8; do iv 300; done)" &&
	ok "feed zero429: Retry-After 0 waits the interval, 300 s (${gaps[zero429]})" ||
	bad "feed zero429: waits ${gaps[zero429]}, want 300 each time: $(health zero429)"
# the host's other feeds are held for what is left (10 minutes), not the hour; an Age past
# the Retry-After holds none of them (one transfer a host: each sibling asks after the 429)
printf '[daemon]\ndatabase = %s\nper_host = 1\n[feed cached]\nurl = %s\n[feed cachedsib]\nurl = %s\n[feed over]\nurl = %s\n[feed oversib]\nurl = %s\n' \
	"$T/hold.db" "http://127.0.0.4:$BP/429-age?hold" "http://127.0.0.4:$BP/good?hold" \
	"http://127.0.0.5:$BP/429-age-over?hold" "http://127.0.0.5:$BP/good?hold" >"$T/hold.conf"
timeout -k 5 60 "$NEWSWATCHD" --once -v -c "$T/hold.conf" >"$T/hold.out" 2>"$T/hold.err" ||
	{ tail -n 20 "$T/hold.err" >&2; fail "newswatchd --once (hold.conf) failed"; }
hcol() { sql "$T/hold.db" "SELECT $2 FROM feeds WHERE name = '$1'"; }
[ "$(hcol cachedsib last_status)" = 429 ] && [ "$(grep -c '"path": "/good?hold"' "$T/bad.log")" = 1 ] &&
	case "$(hcol cachedsib last_error)" in
	"http://127.0.0.4:$BP/good?hold: not asked: 127.0.0.4 answered HTTP 429 with a Retry-After to http://127.0.0.4:$BP/429-age?hold; its feeds wait "[56]??" s more") ;;
	*) false ;;
	esac &&
	[ "$(hcol oversib failures)" = 0 ] &&
	ok "a cached 429's host holds its other feeds for the 600 s left; one whose wait is over holds none" ||
	bad "hold: cachedsib '$(hcol cachedsib last_error)', oversib $(hcol oversib failures) failures"

# 4. a 410, 8 times: the interval doubled up to a day, not 6 hours for ever
in_range "${gaps[gone]}" "$(iv 900) $(iv 1800) $(iv 3600) $(iv 7200) $(iv 14400) $(iv 28800) $(iv 57600) $(iv 86400)" &&
	[ "$(col gone failures)" = 8 ] &&
	ok "feed gone: a 410 backs off 15 min to a day (${gaps[gone]})" ||
	bad "feed gone: waits ${gaps[gone]}, want 900 doubled up to 86400: $(health gone)"
# and says so where a user looks: newswatch feeds
"$NEWSWATCH" --db "$DB" --json feeds >"$T/feeds.json" 2>"$T/feeds.err" || bad "newswatch feeds --json: $(cat "$T/feeds.err")"
h=$($PY -c 'import json, sys
for r in json.load(open(sys.argv[1])):
    if r.get("name") == "gone": print(r.get("health"), "|", r.get("failures"), "|", r.get("why"))' "$T/feeds.json")
[ "$h" = "failing | 8 | HTTP 410: the server says the feed is gone for good: remove it from the conf, or give it its new url (until then it is asked less and less often, down to once a day)" ] &&
	ok "newswatch feeds: gone is failing, 8 failures, and says what to do ($h)" ||
	bad "newswatch feeds: gone is '$h'"
# a restart keeps the day: no warning that the stored poll is past the longest wait, no request
n410=$(nreq /410)
next=$(col gone next_poll)
"$NEWSWATCHD" -c "$T/nw.conf" >"$T/daemon.out" 2>"$T/daemon.err" &
dpid=$!
cleanup_hooks+=("kill $dpid 2>/dev/null")
sleep 3
kill -TERM $dpid
wait $dpid || bad "newswatchd exited $? after SIGTERM"
! grep "feed gone: its next poll was stored" "$T/daemon.err" && [ "$(nreq /410)" = "$n410" ] &&
	[ "$(col gone next_poll)" = "$next" ] &&
	ok "feed gone: a restart keeps its next poll a day away" ||
	bad "feed gone: a restart did not keep its day: $(grep 'feed gone' "$T/daemon.err"), /410 asked $(($(nreq /410) - n410)) more times"

# 3. a 401 from another port a redirect led to: the password of the url did not go there
# (libcurl sends it to the url's own scheme, host and port only); it was not refused
want="http://user:***@127.0.0.1:$BP/redirect-to?http://127.0.0.1:$OP/auth-feed: HTTP 401 (redirected to http://127.0.0.1:$OP/auth-feed): the server there wants a user name and password, and those in the url are not sent on to another host or port: give the address it was redirected to as the url, with them"
[ "$(col authport last_status)" = 401 ] && [ "$(col authport last_error)" = "$want" ] &&
	ok "feed authport: a 401 from the port it was redirected to says the password did not go there" ||
	bad "feed authport: '$(col authport last_error)', want '$want'"
want="$B/redirect-to?http://127.0.0.1:$OP/auth-feed: HTTP 401 (redirected to http://127.0.0.1:$OP/auth-feed): the server there wants a user name and password: give the address it was redirected to as the url, with user:password@ (a login is not sent on to another host or port)"
[ "$(col authportbare last_status)" = 401 ] && [ "$(col authportbare last_error)" = "$want" ] &&
	ok "feed authportbare: a 401 from another port, no password in the url: says which address wants one" ||
	bad "feed authportbare: '$(col authportbare last_error)', want '$want'"
# (the same password redirected on the same port goes along, and is taken)
[ "$(col authsame failures)" = 0 ] && [ "$(grep -c '"authorized": true' "$T/bad.log")" -ge 8 ] &&
	ok "feed authsame: the password goes along a redirect on its own host and port" ||
	bad "feed authsame: $(health authsame)"
! grep -q "secret" "$T"/run*.err "$T/daemon.err" || bad "the password is in the log"

# 5. a reload that shortens a failing feed's interval keeps its backoff, made again with the
# new interval from its failures in a row, not the bare new interval: rgone (410, 3 s) at
# its 3rd failure waits 12 s; with 1 s its backoff is 4 s, not 1. rday (410 8 times, a day
# away, from the store at start) with 1 s waits 2^7 s, not 1. A feed whose conf did not
# change (failing or not) is not polled by a reload.
badserver rl
R="http://127.0.0.1:$rl_port"
rreq() { $PY -c 'import json, sys
n = 0
for l in open(sys.argv[1]):
    e = json.loads(l)
    if e["path"] == sys.argv[2] and e["t"] >= float(sys.argv[3]): n += 1
print(n)' "$T/rl.log" "$1" "${2:-0}"; }
rconf() { # rconf GONE_INTERVAL DAY_INTERVAL
	cat >"$T/reload.conf" <<CONF
[daemon]
database = $T/reload.db
[feed rday]
url = $R/410?day
interval = $2
[feed rgone]
url = $R/410?gone
interval = $1
[feed rsame]
url = $R/410?same
interval = 1h
[feed rgood]
url = $R/good?same
interval = 1h
CONF
}
printf '[daemon]\ndatabase = %s\n[feed rday]\nurl = %s\ninterval = 15m\n' "$T/reload.db" "$R/410?day" >"$T/day.conf"
timeout -k 5 60 "$NEWSWATCHD" --once -c "$T/day.conf" >/dev/null 2>"$T/day.err" || { cat "$T/day.err" >&2; fail "rday: --once failed"; }
sql "$T/reload.db" "UPDATE feeds SET failures = 8, last_fetch = strftime('%s', 'now') - 60, next_poll = strftime('%s', 'now') + 86000 WHERE name = 'rday'"
rconf 3s 15m
"$NEWSWATCHD" -c "$T/reload.conf" >"$T/reload.out" 2>"$T/reload.err" &
dpid=$!
cleanup_hooks+=("kill $dpid 2>/dev/null")
for _ in $(seq 300); do [ "$(rreq '/410?gone')" -ge 3 ] && break; sleep 0.1; done
[ "$(rreq '/410?gone')" = 3 ] || bad "rgone: $(rreq '/410?gone') polls, want 3 before the reload"
rconf 1s 1s
hup=$(date +%s.%N)
kill -HUP $dpid
for _ in $(seq 100); do grep -q "reloaded " "$T/reload.err" && break; sleep 0.1; done
sleep 3
early=$(rreq '/410?gone' "$hup")
for _ in $(seq 100); do [ "$(rreq '/410?gone' "$hup")" -ge 1 ] && break; sleep 0.1; done
# (the 4th poll's time after the reload: the old backoff had it 12 s after the 3rd)
after=$($PY -c 'import json, sys
print(min([json.loads(l)["t"] for l in open(sys.argv[1]) if json.loads(l)["path"] == "/410?gone" and json.loads(l)["t"] >= float(sys.argv[2])] or [1e12]) - float(sys.argv[2]))' "$T/rl.log" "$hup")
[ "$early" = 0 ] && $PY -c 'import sys; sys.exit(not 3 <= float(sys.argv[1]) <= 8)' "$after" &&
	ok "feed rgone: a reload to a 1 s interval at its 3rd 410 polls it after its backoff of 4 s, not 1 s (${after%.*} s)" ||
	bad "feed rgone: $early polls within 3 s of the reload, the first after $after s: want it 4 s after"
[ "$(rreq '/410?day')" = 1 ] && [ "$(rreq '/410?same' "$hup")" = 0 ] && [ "$(rreq '/good?same' "$hup")" = 0 ] &&
	ok "a reload polls neither rday (8 410s, its backoff with 1 s is 128 s) nor the feeds whose conf did not change" ||
	bad "after the reload: rday asked $(($(rreq '/410?day') - 1)) times, rsame $(rreq '/410?same' "$hup"), rgood $(rreq '/good?same' "$hup")"
kill -TERM $dpid
wait $dpid || bad "newswatchd exited $? after SIGTERM"

# 6. a moved feed whose new address answers 429 with a Retry-After at each poll: it answers,
# and is waited as it asked; the conf's address is not tried in turn as after 3 failures there
# (it was: those answers counted as the new address's failures)
printf '[daemon]\ndatabase = %s\n[feed mv]\nurl = %s\n' "$T/mv.db" "$B/410?mv-old" >"$T/mv.conf"
timeout -k 5 60 "$NEWSWATCHD" --once -c "$T/mv.conf" >/dev/null 2>"$T/mv0.err" # (gone: the row is made)
sql "$T/mv.db" "UPDATE feeds SET failures = 0, moved_to = 'http://127.0.0.9:$BP/429?mv', moved_count = 3"
for i in 1 2 3 4; do
	timeout -k 5 60 "$NEWSWATCHD" --once -v -c "$T/mv.conf" >/dev/null 2>"$T/mv$i.err" ||
		{ tail -n 20 "$T/mv$i.err" >&2; fail "mv: run $i: newswatchd --once failed"; }
done
[ "$(nreq '/429?mv')" = 4 ] && [ "$(nreq '/410?mv-old')" = 1 ] && ! grep -q "where it moved" "$T"/mv[1-4].err &&
	[ "$(sql "$T/mv.db" "SELECT failures || ' ' || paced || ' ' || moved_count FROM feeds")" = "4 4 3" ] &&
	ok "feed mv: 4 429s with a Retry-After at its new address: polled there each time, its conf's address not tried" ||
	bad "feed mv: the new address asked $(nreq '/429?mv') times, the conf's $(($(nreq '/410?mv-old') - 1)) more: $(grep -h 'where it moved' "$T"/mv[1-4].err)"

[ $nbad = 0 ] || fail "$nbad check(s) failed"
