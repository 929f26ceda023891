#!/bin/bash
# store_months.sh — the store beside other processes over a long run: a read transaction
# left open in an sqlite3 shell holds every checkpoint back, so the write-ahead log grows
# with each commit; newswatchd says so once (naming the file and what to do), goes on
# storing, and says so again when the reader has gone and the log can start over.
. "$top_srcdir/tests/integration/lib.sh" || exit 99
command -v sqlite3 >/dev/null || skip "no sqlite3 shell"

# a feed whose every poll has 40 items never seen before, a few hundred bytes each: the
# daemon commits every second
cat >"$T/gen.py" <<'PY'
import random, time
t = time.time_ns()
rnd = random.Random(t)
words = ["harbour", "council", "budget", "river", "tram", "library", "festival", "ferry", "market"]
print('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>gen</title>'
      '<link>https://gen.example.com/</link>')
for i in range(40):
    g = "%d-%d" % (t, i)
    body = " ".join(rnd.choice(words) + str(rnd.randrange(100000)) for _ in range(80))
    print('<item><guid>%s</guid><link>https://gen.example.com/%s</link><title>Note %s</title>'
          '<description>%s</description></item>' % (g, g, g, body))
print('</channel></rss>')
PY
cat >"$T/nw.conf" <<CONF
[daemon]
database = $T/store.db
[feed gen]
plugin = exec
command = $PY $T/gen.py
interval = 1s
CONF

articles() { sqlite3 "$T/store.db" 'SELECT count(*) FROM articles'; }
wal_size() { stat -c %s "$T/store.db-wal"; }
# wait_log N PATTERN: up to N seconds for PATTERN in the daemon's log
wait_log() {
	for _ in $(seq $(($1 * 10))); do
		grep -q "$2" "$T/d.err" && return 0
		kill -0 "$dpid" 2>/dev/null || break
		sleep 0.1
	done
	return 1
}

# --- a read transaction held open in an sqlite3 shell ---
"$NEWSWATCHD" -c "$T/nw.conf" >/dev/null 2>"$T/d.err" &
dpid=$!
cleanup_hooks+=("kill $dpid 2>/dev/null; wait $dpid 2>/dev/null")
wait_log 20 "feed gen: 40 items, 40 new" || { cat "$T/d.err"; fail "the daemon stored nothing"; }
sleep 2
mkfifo "$T/reader.fifo"
sqlite3 "$T/store.db" <"$T/reader.fifo" >"$T/reader.out" 2>&1 &
rpid=$!
cleanup_hooks+=("kill $rpid 2>/dev/null")
exec 3>"$T/reader.fifo"
echo "BEGIN; SELECT count(*) FROM articles;" >&3
for _ in $(seq 50); do [ -s "$T/reader.out" ] && break; sleep 0.1; done
seen=$(cat "$T/reader.out")
wal0=$(wal_size)
n0=$(articles)
wait_log 60 "holds the checkpoints back" || { cat "$T/d.err"; fail "no word of the reader holding the checkpoints back in 60 s"; }
sleep 5
[ "$(grep -c "holds the checkpoints back" "$T/d.err")" = 1 ] ||
	{ cat "$T/d.err"; fail "the held checkpoints said more than once"; }
grep -q "store $T/store.db: a read transaction open for over 30 s .*$T/store.db-wal cannot start over .*fuser -v $T/store.db" "$T/d.err" ||
	{ cat "$T/d.err"; fail "the warning does not name the store, its -wal and what to do"; }
wal1=$(wal_size)
n1=$(articles)
[ "$wal1" -gt $((wal0 + 4 * 1024 * 1024)) ] || fail "the log did not grow while held: $wal0, then $wal1 bytes"
[ "$n1" -gt "$n0" ] || fail "the daemon stopped storing while a reader held the checkpoints: $n0, then $n1 articles"
kill -0 "$dpid" || fail "the daemon stopped"
ok "a read transaction held in sqlite3 ($seen articles seen): the log grows ($wal0, then $wal1 bytes), the daemon stores on ($n0, then $n1 articles) and says so once: '$(grep -o "store [^ ]*: a read transaction open for over 30 s[^(]*" "$T/d.err")...'"

echo "COMMIT;" >&3
exec 3>&-
wait "$rpid"
wait_log 20 "checkpoints copy the whole write-ahead log again" ||
	{ cat "$T/d.err"; fail "the end of the held checkpoints not said"; }
ok "the reader gone: '$(grep -o "store [^ ]*: checkpoints copy the whole[^:]*" "$T/d.err")'"
kill -TERM "$dpid"
wait "$dpid" || { cat "$T/d.err"; fail "the daemon did not exit 0 on SIGTERM"; }
[ "$(sqlite3 "$T/store.db" 'PRAGMA integrity_check')" = ok ] || fail "integrity_check"
ok "SIGTERM: exit 0, the store whole"
