#!/bin/bash
# store_file.sh — the store's file itself: a symbolic link is not followed (root would
# create or overwrite what it points to); a store this user cannot write is refused at start
# (SQLite opened it read-only without a word, and the daemon ran storing nothing); a store
# deleted under a running daemon stops it with an error (it went on writing to the deleted
# file, and a restart began again from nothing).
. "$top_srcdir/tests/integration/lib.sh" || exit 99

conf() { # conf DATABASE [FEED-URL]
	printf '[daemon]\ndatabase = %s\n' "$1"
	[ -n "${2:-}" ] && printf '[feed wire]\nurl = %s\ninterval = 1s\n' "$2"
	printf '[story zorblax]\nentity.name = Zorblax\nmatch = name\n'
}

# --- a symbolic link as the store: refused, nothing created where it points ---
mkdir -p "$T/victim" "$T/st"
ln -s "$T/victim/owned" "$T/st/newswatch.db"
conf "$T/st/newswatch.db" >"$T/link.conf"
"$NEWSWATCHD" --once -c "$T/link.conf" >"$T/link.out" 2>&1 && { cat "$T/link.out"; fail "a symlinked store was opened"; }
grep -q "newswatch.db: is a symbolic link, which is not followed" "$T/link.out" || { cat "$T/link.out"; fail "no clear error for the link"; }
[ -z "$(ls -A "$T/victim")" ] || { ls -l "$T/victim"; fail "files were created through the link"; }
ok "a symbolic link as the store: refused with a clear error, nothing created where it points"
# a link among its folders is no objection (/var/lib on another disk)
mkdir -p "$T/real"
ln -s real "$T/via"
conf "$T/via/newswatch.db" >"$T/via.conf"
"$NEWSWATCHD" --once -c "$T/via.conf" >"$T/via.out" 2>&1 || { cat "$T/via.out"; fail "a store whose folder is a link: refused"; }
"$NEWSWATCH" -c "$T/via.conf" status >"$T/via2.out" 2>&1 || { cat "$T/via2.out"; fail "newswatch status through a linked folder"; }
[ -s "$T/real/newswatch.db" ] || fail "no store made through the linked folder"
ok "a store whose folder is a symbolic link: opened by newswatchd and newswatch"

# --- a store this user can read but not write: refused at start ---
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	mkdir -p "$T/ro"
	conf "$T/ro/newswatch.db" >"$T/ro.conf"
	"$NEWSWATCHD" --once -c "$T/ro.conf" >"$T/ro0.out" 2>&1 || { cat "$T/ro0.out"; fail "making the store"; }
	[ -s "$T/ro/newswatch.db" ] || fail "no store made"
	chmod 644 "$T/ro/newswatch.db" "$T/ro/newswatch.db-wal" "$T/ro/newswatch.db-shm" 2>/dev/null
	rm -f "$T/ro/newswatch.db.lock"
	chown nobody "$T/ro"
	chmod 644 "$T/ro.conf"
	setpriv --reuid=nobody --regid=nogroup --clear-groups "$NEWSWATCHD" --once -c "$T/ro.conf" >"$T/ro.out" 2>&1 &&
		{ cat "$T/ro.out"; fail "a store this user cannot write: the daemon ran (exit 0)"; }
	grep -q "newswatch.db: this user cannot write it (its owner is root" "$T/ro.out" || { cat "$T/ro.out"; fail "no clear error"; }
	ok "a store owned by root, mode 644, opened by another user: refused at start, naming its owner"
else
	echo "# not root (or no setpriv): the read-only store is not tried"
fi

# --- the store deleted under a running daemon: it stops with an error ---
feed_item "Zorblax opens a lab" "Zorblax opens a lab in Busan."
start_nginx "$T/www"
mkdir -p "$T/run"
conf "$T/run/newswatch.db" "http://127.0.0.1:$NGINX_PORT/feed.xml" >"$T/run.conf"
"$NEWSWATCHD" -c "$T/run.conf" 2>"$T/run.err" &
dpid=$!
cleanup_hooks+=("kill $dpid 2>/dev/null")
for _ in $(seq 100); do
	[ "$(sql "$T/run/newswatch.db" "SELECT count(*) FROM articles" 2>/dev/null)" = 1 ] && break
	sleep 0.1
done
[ "$(sql "$T/run/newswatch.db" "SELECT count(*) FROM articles")" = 1 ] || { cat "$T/run.err"; fail "first item not stored"; }
rm "$T/run/newswatch.db"
feed_item "Zorblax buys a shipyard" "Zorblax buys a shipyard in Ulsan."
for _ in $(seq 100); do kill -0 "$dpid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$dpid" 2>/dev/null && { cat "$T/run.err"; fail "the daemon runs on 10 s after its store was deleted"; }
wait "$dpid"
rc=$?
[ $rc = 1 ] || { cat "$T/run.err"; fail "want exit status 1 after the store was deleted, got $rc"; }
grep -q "error: store $T/run/newswatch.db was deleted or replaced while newswatchd ran: stopping" "$T/run.err" ||
	{ cat "$T/run.err"; fail "no error naming the store"; }
ok "the store deleted under a running daemon: it stops within seconds, exit 1, the error names the store"
