#!/bin/bash
# store_months.sh — the store beside other processes over a long run: a read transaction
# left open in an sqlite3 shell holds every checkpoint back, so the write-ahead log grows
# with each commit; newswatchd says so once (naming the file and what to do), goes on
# storing, and says so again when the reader has gone and the log can start over. A command
# that writes the store beside the daemon leaves its updates (schema, index) to the daemon.
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

# --- a command that writes the store beside the running daemon (newswatch alert-retry,
# newswatch replay --db): an upgrade installed, the daemon not restarted yet. The store's
# updates are the daemon's, as it starts: the command does not make the full-text index
# again (minutes holding the write lock under the daemon, and the index then marked as made
# with the command's text while the daemon goes on indexing with its own), and refuses an
# older schema, naming the daemon's pid ---
"$NEWSWATCHD" -c "$T/nw.conf" >/dev/null 2>"$T/d.err" &
dpid=$!
cleanup_hooks+=("kill $dpid 2>/dev/null; wait $dpid 2>/dev/null")
wait_log 20 "feed gen: 40 items, 40 new" || { cat "$T/d.err"; fail "the daemon stored nothing (again)"; }
sqlite3 "$T/store.db" "UPDATE index_text SET version = 'an older text'" || fail "sqlite3: index_text"
"$NEWSWATCH" --db "$T/store.db" alert-retry >"$T/retry.out" 2>"$T/retry.err" ||
	{ cat "$T/retry.err"; fail "alert-retry beside the daemon"; }
[ "$(sqlite3 "$T/store.db" 'SELECT version FROM index_text')" = "an older text" ] ||
	fail "alert-retry made the full-text index again beside the daemon"
grep -q "store $T/store.db: its full-text index was made with another text (an older text) .* newswatchd (pid $dpid) runs on it: left as it is" "$T/retry.err" ||
	{ cat "$T/retry.err"; fail "no warning naming the daemon's pid"; }
echo '<rss version="2.0"><channel><title>x</title><item><guid>r1</guid><title>Replayed note</title></item></channel></rss>' >"$T/one.xml"
"$NEWSWATCH" --db "$T/store.db" replay side="$T/one.xml" >/dev/null 2>"$T/replay.err" ||
	{ cat "$T/replay.err"; fail "replay --db beside the daemon"; }
[ "$(sqlite3 "$T/store.db" "SELECT version FROM index_text") $(sqlite3 "$T/store.db" "SELECT count(*) FROM articles WHERE title = 'Replayed note'")" = "an older text 1" ] ||
	fail "replay --db beside the daemon made the index again, or stored nothing"
ok "beside a running newswatchd, alert-retry and replay --db leave an index of another text to it: '$(grep -o 'newswatchd (pid [0-9]*) runs on it: left as it is' "$T/retry.err")'"

sqlite3 "$T/store.db" "PRAGMA user_version = $((SCHEMA - 1))" || fail "sqlite3: user_version"
"$NEWSWATCH" --db "$T/store.db" alert-retry >"$T/retry.out" 2>"$T/retry.err" && fail "alert-retry updated an older store beside the daemon"
grep -q "has schema $((SCHEMA - 1)), older than this newswatch's ($SCHEMA), and newswatchd (pid $dpid) runs on it: restart it" "$T/retry.err" ||
	{ cat "$T/retry.err"; fail "no clear refusal of an older schema beside the daemon"; }
[ "$(sqlite3 "$T/store.db" 'PRAGMA user_version')" = $((SCHEMA - 1)) ] || fail "the schema changed"
sqlite3 "$T/store.db" "PRAGMA user_version = $SCHEMA" || fail "sqlite3: user_version back"
ok "an older schema beside the daemon: refused, '$(grep -o 'newswatchd (pid [0-9]*) runs on it: restart it[^,]*' "$T/retry.err")'"
kill -0 "$dpid" || fail "the daemon stopped"
kill -TERM "$dpid"
wait "$dpid" || { cat "$T/d.err"; fail "the daemon did not exit 0 on SIGTERM (2)"; }

# with no daemon running, the command is the one to do it
"$NEWSWATCH" --db "$T/store.db" alert-retry >"$T/retry.out" 2>"$T/retry.err" || { cat "$T/retry.err"; fail "alert-retry alone"; }
[ "$(sqlite3 "$T/store.db" 'SELECT version FROM index_text')" != "an older text" ] ||
	fail "alert-retry with no daemon left the index of another text"
sqlite3 "$T/store.db" "INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')" || fail "FTS5 integrity-check"
ok "with no daemon running, alert-retry makes the index again itself"
