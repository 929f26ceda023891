#!/bin/bash
# cli.sh — `newswatch` reading stores as people do: a member of the store's group reads it
# while the daemon is stopped (the -wal and -shm files stay); a store of an older schema is
# read with a warning; a damaged store is an error, not an empty answer; a story that does not
# exist, an option of another command or a bad --limit is wrong usage (exit 2); tables line up;
# parse reads the conf; test-rule says when a story's language rules a text out.
. "$top_srcdir/tests/integration/lib.sh" || exit 99
cd "$top_srcdir"
mapfile -t snaps < <(grep -v '^[[:space:]]*\(#\|$\)' conf/demo/replay.list)
mkdir -p "$T/var"
"$NEWSWATCH" -c conf/demo.conf --db "$T/var/d.db" replay "${snaps[@]}" >/dev/null 2>"$T/replay.err" ||
	{ cat "$T/replay.err"; fail "replay"; }

# --- a reader who cannot write in the store's folder (the group of /var/lib/newswatch) ---
if [ "$(id -u)" = 0 ]; then
	[ -e "$T/var/d.db-wal" ] && [ -e "$T/var/d.db-shm" ] || { ls -l "$T/var"; fail "the -wal and -shm files did not stay"; }
	[ ! -s "$T/var/d.db-wal" ] || fail "the -wal file left behind is not empty"
	# a new store is 0640 (the -wal and -shm too; less what the umask takes), not 0644: its
	# group reads it
	mode=$(printf '%o' $((0640 & ~0$(umask))))
	[ "$(stat -c %a "$T/var/d.db" "$T/var/d.db-wal" "$T/var/d.db-shm" | sort -u)" = "$mode" ] ||
		{ ls -l "$T/var"; fail "a new store is not $mode (umask $(umask))"; }
	chgrp "$(id -gn nobody)" "$T/var/d.db" "$T/var/d.db-wal" "$T/var/d.db-shm" # nobody: of its group
	chmod 755 "$T/var"
	runuser -u nobody -- "$NEWSWATCH" --db "$T/var/d.db" --json status >"$T/ro.json" 2>"$T/ro.err" ||
		{ cat "$T/ro.err"; fail "a reader without write access to the folder cannot read the store"; }
	[ "$($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["items"])' "$T/ro.json")" -gt 0 ] || fail "no items read"
	# a store whose -wal and -shm are gone (closed by something else): said so, not "not a store"
	rm -f "$T/var/d.db-wal" "$T/var/d.db-shm"
	rc=0
	runuser -u nobody -- "$NEWSWATCH" --db "$T/var/d.db" status >/dev/null 2>"$T/ro2.err" || rc=$?
	[ $rc = 2 ] && grep -q "its -wal and -shm files are missing; its folder is not writable by this user" "$T/ro2.err" ||
		{ cat "$T/ro2.err"; fail "no clear error for missing -wal and -shm (exit $rc)"; }
	ok "a reader without write access to the store's folder: reads it after the writer closed it; without -wal and -shm, told why"
	# a reader outside the store's group: told which group reads it
	cp "$T/var/d.db" "$T/grp.db"
	chgrp daemon "$T/grp.db" && chmod 640 "$T/grp.db"
	rc=0; runuser -u nobody -- "$NEWSWATCH" --db "$T/grp.db" status >/dev/null 2>"$T/grp.err" || rc=$?
	[ $rc = 2 ] && grep -q 'readable by group daemon: sudo usermod -aG daemon' "$T/grp.err" ||
		{ cat "$T/grp.err"; fail "a reader outside the store's group: exit $rc, no word of the group"; }
	ok "a reader outside the store's group: 'Permission denied', and which group to join"
	# a store root made by hand (group root): not "join group root", but whose it should be
	cp "$T/var/d.db" "$T/root.db"
	chgrp root "$T/root.db" && chmod 640 "$T/root.db"
	rc=0; runuser -u nobody -- "$NEWSWATCH" --db "$T/root.db" status >/dev/null 2>"$T/root.err" || rc=$?
	[ $rc = 2 ] && grep -q 'made by root, not by the service: give it to the service.s user (sudo chown newswatch:newswatch' "$T/root.err" &&
		! grep -q 'usermod' "$T/root.err" ||
		{ cat "$T/root.err"; fail "a store of group root: exit $rc, advice to join group root"; }
	# a folder this user cannot write in: said so, and whose it is (not "unable to open
	# database file", nor the .lock file's "Permission denied")
	mkdir -p "$T/rootonly" && chmod 755 "$T/rootonly"
	rc=0; runuser -u nobody -- "$NEWSWATCH" --db "$T/rootonly/x.db" replay "${snaps[0]}" >/dev/null 2>"$T/ro3.err" || rc=$?
	[ $rc != 0 ] && grep -q "x.db: this user cannot create files in its folder $T/rootonly (it is root's: run this as its owner, or choose a folder this user can write in)" "$T/ro3.err" ||
		{ cat "$T/ro3.err"; fail "replay into a folder this user cannot write in: exit $rc, no clear error"; }
	ok "a store of group root: whose to make it, not 'join group root'; a folder not writable: said so, with its owner"
fi

# --- no store yet, or no folder for it: what to do, not only ENOENT ---
rc=0; "$NEWSWATCH" --db "$T/none.db" status >/dev/null 2>"$T/none.err" || rc=$?
[ $rc = 2 ] && grep -q "none.db: No such file or directory" "$T/none.err" &&
	grep -q "newswatchd makes it when it first starts" "$T/none.err" ||
	{ cat "$T/none.err"; fail "status before any store: exit $rc, nothing said of what makes it"; }
printf '[daemon]\ndatabase = %s/no/such/dir/nw.db\n[feed a]\nurl = http://127.0.0.1:9/x.xml\n' "$T" >"$T/nodir.conf"
rc=0; "$NEWSWATCHD" -c "$T/nodir.conf" --once >/dev/null 2>"$T/nodir.err" || rc=$?
[ $rc = 1 ] && grep -q "nw.db: its folder $T/no/such/dir: No such file or directory (under systemd the unit's StateDirectory= makes /var/lib/newswatch; by hand: mkdir -p $T/no/such/dir)" "$T/nodir.err" &&
	! grep -q 'nw.db.lock' "$T/nodir.err" ||
	{ cat "$T/nodir.err"; fail "newswatchd with no folder for its store: exit $rc, no clear error"; }
rc=0; "$NEWSWATCH" --db "$T/no/such/dir/r.db" replay "${snaps[0]}" >/dev/null 2>"$T/nodir2.err" || rc=$?
[ $rc != 0 ] && grep -q "r.db: its folder $T/no/such/dir: No such file or directory" "$T/nodir2.err" ||
	{ cat "$T/nodir2.err"; fail "replay --db with no folder: exit $rc, no clear error"; }
ok "no store yet: what makes it; no folder for it: which folder, and mkdir -p (newswatchd, replay)"
# a folder given for the store ("disk I/O error" before)
rc=0; "$NEWSWATCH" --db "$T" status >/dev/null 2>"$T/dir.err" || rc=$?
[ $rc != 0 ] && grep -qF "$T: is a folder, not a store (the store is a file, such as $T/newswatch.db)" "$T/dir.err" ||
	{ cat "$T/dir.err"; fail "status --db FOLDER: exit $rc, no clear error"; }
ok "a folder given as the store: said so, with the file it may have meant"

# --- feeds: why a feed fails, without its address in front (its own column): the table cut
# the reason off behind it ---
printf '[daemon]\ndatabase = %s/dead.db\n[feed dead]\nurl = http://127.0.0.1:9/feed.xml\n' "$T" >"$T/dead.conf"
"$NEWSWATCHD" -c "$T/dead.conf" --once >/dev/null 2>&1 || fail "--once with a dead feed"
"$NEWSWATCH" -c "$T/dead.conf" feeds >"$T/dead.txt" 2>&1 || { cat "$T/dead.txt"; fail "feeds"; }
why=$("$NEWSWATCH" -c "$T/dead.conf" --json feeds | $PY -c 'import json,sys; print(json.load(sys.stdin)[0]["why"])')
case $why in
"Failed to connect"* | "Couldn't connect"*) ;;
*) fail "feeds: why is '$why'" ;;
esac
# no server answered: no HTTP status (null, '-' in the table), not 0
status=$("$NEWSWATCH" -c "$T/dead.conf" --json feeds | $PY -c 'import json,sys; print(json.load(sys.stdin)[0]["status"])')
[ "$status" = None ] || fail "feeds: the status of a feed no server answered is '$status', not null"
grep -q "^dead  *failing  *http://127.0.0.1:9/feed.xml  *-  *1 " "$T/dead.txt" || { cat "$T/dead.txt"; fail "feeds: a status where no server answered"; }
grep -q "^dead .*  http://127.0.0.1:9/feed.xml .*  Failed to connect\|^dead .*  http://127.0.0.1:9/feed.xml .*  Couldn't connect" "$T/dead.txt" ||
	{ cat "$T/dead.txt"; fail "feeds: the reason is not in the table"; }
ok "feeds: why a feed fails, without its address in front ($why); no status where no server answered"
# a token in the query of a feed's address: hidden as a password is, in the table, the JSON,
# the reason and newswatchd's messages; the store keeps the address as configured
printf '[daemon]\ndatabase = %s/tok.db\n[feed tok]\nurl = http://127.0.0.1:9/feed.xml?Token=T0kSecret&lang=en&api_key=K3ySecret\n' "$T" >"$T/tok.conf"
"$NEWSWATCHD" -c "$T/tok.conf" --once >/dev/null 2>"$T/tok.err" || { cat "$T/tok.err"; fail "--once with a token in a feed's URL"; }
"$NEWSWATCH" -c "$T/tok.conf" feeds >"$T/tok.txt" 2>&1 && "$NEWSWATCH" -c "$T/tok.conf" --json feeds >"$T/tok.json" 2>&1 ||
	{ cat "$T/tok.txt" "$T/tok.json"; fail "feeds with a token in a feed's URL"; }
! grep -n 'T0kSecret\|K3ySecret' "$T/tok.err" "$T/tok.txt" "$T/tok.json" || fail "a token in a feed's query is shown"
grep -q "^tok  *failing  *http://127.0.0.1:9/feed.xml?Token=\*\*\*&lang=en&api_key=\*\*\* " "$T/tok.txt" ||
	{ cat "$T/tok.txt"; fail "feeds: the address with its tokens hidden is not in the table"; }
[ "$($PY -c 'import json,sys; print(json.load(sys.stdin)[0]["why"][:6])' <"$T/tok.json")" != "http:/" ] ||
	{ cat "$T/tok.json"; fail "feeds: the reason has the address in front"; }
[ "$(sqlite3 "$T/tok.db" 'SELECT url FROM feeds')" = "http://127.0.0.1:9/feed.xml?Token=T0kSecret&lang=en&api_key=K3ySecret" ] ||
	fail "the store does not keep the address as configured"
ok "feeds, newswatchd: a token in a feed's query is shown as ***; the store keeps it"

# --- a store of an older schema: read, with a warning ---
cp "$T/var/d.db" "$T/old.db"
sqlite3 "$T/old.db" "ALTER TABLE alerts DROP COLUMN batch; PRAGMA user_version = 3" || fail "making a schema 3 store"
"$NEWSWATCH" --db "$T/old.db" stories >"$T/old.out" 2>"$T/old.err" || { cat "$T/old.err"; fail "stories of a schema 3 store"; }
grep -q "has schema 3, this newswatch" "$T/old.err" || { cat "$T/old.err"; fail "no warning about the old schema"; }
grep -q '^openai-microsoft  *27 ' "$T/old.out" || { cat "$T/old.out"; fail "the schema 3 store's stories not listed"; }
ok "a store of schema 3: its stories listed, with a warning that answers may be incomplete"

# --- a damaged store: an error and exit 1, not an empty list and exit 0 ---
cp "$T/var/d.db" "$T/bad.db"
root=$(sqlite3 "$T/bad.db" "SELECT rootpage FROM sqlite_master WHERE name = 'hits'")
psize=$(sqlite3 "$T/bad.db" "PRAGMA page_size")
dd if=/dev/zero of="$T/bad.db" bs="$psize" seek=$((root - 1)) count=1 conv=notrunc 2>/dev/null
rc=0
"$NEWSWATCH" --db "$T/bad.db" hits >"$T/bad.out" 2>"$T/bad.err" || rc=$?
[ $rc = 1 ] && grep -q "malformed" "$T/bad.err" || { cat "$T/bad.out" "$T/bad.err"; fail "hits of a damaged store: exit $rc"; }
ok "hits of a store with a damaged table: '$(head -c 80 "$T/bad.err")', exit 1"
# the stories' index damaged: a story cannot be looked up, which is not "no such story"
cp "$T/var/d.db" "$T/bad2.db"
root=$(sqlite3 "$T/bad2.db" "SELECT rootpage FROM sqlite_master WHERE type = 'index' AND tbl_name = 'stories' LIMIT 1")
dd if=/dev/zero of="$T/bad2.db" bs="$psize" seek=$((root - 1)) count=1 conv=notrunc 2>/dev/null
rc=0
"$NEWSWATCH" -c /dev/null --db "$T/bad2.db" timeline openai-microsoft >/dev/null 2>"$T/bad2.err" || rc=$?
[ $rc = 1 ] && grep -q "malformed" "$T/bad2.err" || { cat "$T/bad2.err"; fail "timeline with the stories' index damaged: exit $rc"; }
ok "timeline with the stories' index damaged: '$(head -c 80 "$T/bad2.err")', exit 1 (not 'no story')"

# --- the query commands' arguments: a story that does not exist, options a command does not
# take, a --limit that is no number: exit 2 and a word why (not an empty answer and exit 0) ---
usage_err() { # usage_err PATTERN ARGS...: exit 2, PATTERN on stderr
	local pat=$1 rc=0
	shift
	"$NEWSWATCH" -c /dev/null --db "$T/var/d.db" "$@" >"$T/u.out" 2>"$T/u.err" || rc=$?
	[ $rc = 2 ] && grep -q -- "$pat" "$T/u.err" || { cat "$T/u.out" "$T/u.err"; fail "newswatch $*: exit $rc"; }
}
usage_err "no story 'nosuch' in $T/var/d.db" timeline nosuch
usage_err "no story 'nosuch'" hits --story nosuch
usage_err "--failed is not an option of hits" hits --failed
usage_err "--story is not an option of alerts" alerts --story x
usage_err "--since is not an option of alerts" alerts --since 1d
usage_err "--limit is not an option of timeline" timeline --limit 1 openai-microsoft
usage_err "--since '3600': a number alone is ambiguous" hits --since 3600
usage_err "--since '2030': a number alone is ambiguous" alert-retry --since 2030
usage_err "--limit 'abc' is not a positive whole number" hits --limit abc
usage_err "--limit '-5' is not a positive whole number" hits --limit -5
usage_err "one of --failed, --queued and --sent" alerts --failed --sent
# a story of the conf without a hit yet: no rows, no error
printf '[story quiet]\nentity.x = Zorblaxian\nmatch = x\n' >"$T/quiet.conf"
"$NEWSWATCH" -c "$T/quiet.conf" --db "$T/var/d.db" timeline quiet >"$T/quiet.out" 2>&1 || { cat "$T/quiet.out"; fail "timeline of a story of the conf without hits"; }
# options after the operand; a CSV of no rows is its header line
"$NEWSWATCH" --db "$T/var/d.db" timeline openai-microsoft --format csv | head -1 | grep -q '^development,first_report,' ||
	fail "timeline STORY --format csv: options after the operand not taken"
[ "$("$NEWSWATCH" --db "$T/var/d.db" alerts --failed --format csv)" = "id,channel,story,state,attempts,created,sent,error" ] ||
	fail "a CSV of no rows is not its header line"
ok "queries: a story that does not exist, an option of another command, a bad --limit: exit 2 with why; a CSV of no rows is its header"

# times: RFC 3339 in JSON and JSON lines (as parse and replay give them), YYYY-MM-DD HH:MM:SS
# in a table and CSV; all in UTC (JSON had the table's form, with no zone a script could see)
"$NEWSWATCH" --db "$T/var/d.db" timeline openai-microsoft --json >"$T/tl.json" || fail "timeline --json"
"$NEWSWATCH" --db "$T/var/d.db" search altman --format jsonl >"$T/se.jsonl" || fail "search --format jsonl"
$PY - "$T/tl.json" "$T/se.jsonl" <<'PY' || fail "times in JSON are not RFC 3339 in UTC"
import json, re, sys
rows = json.load(open(sys.argv[1])) + [json.loads(l) for l in open(sys.argv[2])]
times = [r[k] for r in rows for k in ("first_report", "published") if r.get(k)]
assert len(times) >= 5 and all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", t) for t in times), times
assert "2023-11-17T20:45:00Z" in times, times
PY
"$NEWSWATCH" --db "$T/var/d.db" timeline openai-microsoft | grep -q ' 2023-11-17 20:45:00 ' ||
	fail "timeline's table: times not as YYYY-MM-DD HH:MM:SS"
"$NEWSWATCH" --db "$T/var/d.db" timeline openai-microsoft --format csv | grep -q '^1,2023-11-17 20:45:00,' ||
	fail "timeline's CSV: times not as YYYY-MM-DD HH:MM:SS"
ok "query times in UTC: RFC 3339 in JSON and JSON lines, YYYY-MM-DD HH:MM:SS in tables and CSV"

# --- an explicit -c that cannot be read, with --db: exit 2 and why, as without --db (the
# queries and alert-retry read the store, exit 0, the conf's stories silently missing) ---
for args in status feeds stories "timeline openai-microsoft" hits "search altman" alerts alert-retry; do
	for conf in "$T/no-such.conf" "$T"; do
		rc=0
		# shellcheck disable=SC2086 # the command and its operand
		"$NEWSWATCH" -c "$conf" --db "$T/var/d.db" $args >"$T/nc.out" 2>"$T/nc.err" || rc=$?
		[ $rc = 2 ] && grep -q "^$conf: cannot open: " "$T/nc.err" && [ ! -s "$T/nc.out" ] ||
			{ cat "$T/nc.out" "$T/nc.err"; fail "newswatch -c $conf --db ... $args: exit $rc"; }
	done
done
rc=0; "$NEWSWATCH" --db "$T/var/d.db" status -c "$T/no-such.conf" >/dev/null 2>&1 || rc=$?
[ $rc = 2 ] || fail "newswatch --db ... status -c MISSING (after the command): exit $rc"
ok "-c naming a conf that cannot be read (missing, a folder) is exit 2 with --db too, for every query and alert-retry"

# --- an alert error stored as bytes that are not UTF-8 (a receiver's reply, cut mid-character
# by a build before the fix): every output keeps the error column, U+FFFD for the bytes, and a
# first row without an error (NULL) does not shorten the others ---
sqlite3 "$T/var/d.db" "INSERT INTO alerts(alert_id, channel, story, payload, created, next_attempt, state, last_error)
VALUES ('bytes-0', 'hook', 's', '{}', 1, 1, 'failed', NULL),
       ('bytes-1', 'hook', 's', '{}', 2, 2, 'failed', CAST(X'48545450203430303a20ED95' AS TEXT))" ||
	fail "storing an alert error of raw bytes"
"$NEWSWATCH" --db "$T/var/d.db" alerts --failed --json >"$T/bytes.json" || fail "alerts --failed --json"
$PY -c '
import json, sys
rows = {r["id"]: r for r in json.load(open(sys.argv[1]))}
assert rows["bytes-1"]["error"] == "HTTP 400: \ufffd", rows["bytes-1"]
assert rows["bytes-0"]["error"] is None, rows["bytes-0"]' "$T/bytes.json" || { cat "$T/bytes.json"; fail "the error of raw bytes is not in alerts --json"; }
"$NEWSWATCH" --db "$T/var/d.db" alerts --failed --format csv >"$T/bytes.csv" || fail "alerts --failed --format csv"
$PY -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
assert all(len(r) == len(rows[0]) for r in rows), [len(r) for r in rows]' "$T/bytes.csv" ||
	{ cat "$T/bytes.csv"; fail "alerts --format csv: rows of another length than the header"; }
"$NEWSWATCH" --db "$T/var/d.db" alerts --failed >"$T/bytes.txt" || fail "alerts --failed as a table"
grep -q 'HTTP 400: �' "$T/bytes.txt" || { cat "$T/bytes.txt"; fail "the table lacks the error of raw bytes"; }
sqlite3 "$T/var/d.db" "DELETE FROM alerts WHERE alert_id LIKE 'bytes-%'"
ok "an alert error of bytes that are not UTF-8: in --json, csv and the table (U+FFFD), every row as long as the header"

# --- a table lines up: ’ “ ” — … are one column wide, Hangul and Kana two ---
sqlite3 "$T/var/d.db" "UPDATE articles SET title = 'OpenAI’s “Sam Altman” returns — again…' WHERE id = (SELECT article_id FROM hits ORDER BY id DESC LIMIT 1)" ||
	fail "retitling an article"
"$NEWSWATCH" --db "$T/var/d.db" hits --limit 3 >"$T/table.out" || fail "hits as a table"
$PY -c '
import sys, unicodedata
rows = open(sys.argv[1], encoding="utf-8").read().splitlines()
def width(s): return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
links = [width(r[:r.index("http")]) for r in rows[1:]]
head = width(rows[0][:rows[0].index("link")])
assert all(l == head for l in links), (head, links)
' "$T/table.out" || { cat "$T/table.out"; fail "the link column does not line up"; }
ok "a table of hits lines up with typographic punctuation, Hangul and Kana in its titles"
# an emoji of several joined (👩‍👩‍👧: two columns, not six) and a letter with a combining
# accent (one column) line up too
sqlite3 "$T/var/d.db" "UPDATE articles SET title = 'Family 👩‍👩‍👧 and café at OpenAI' WHERE id = (SELECT article_id FROM hits ORDER BY id DESC LIMIT 1)" ||
	fail "retitling an article"
"$NEWSWATCH" --db "$T/var/d.db" hits --limit 3 >"$T/table2.out" || fail "hits as a table"
$PY -c '
import sys, unicodedata
rows = open(sys.argv[1], encoding="utf-8").read().splitlines()
def width(s):
	w, skip = 0, False
	for c in s:
		if skip: skip = False; continue
		if c == "\u200d": skip = True; continue
		if unicodedata.combining(c) or c == "\ufe0f": continue
		w += 2 if unicodedata.east_asian_width(c) in "WF" else 1
	return w
links = [width(r[:r.index("http")]) for r in rows[1:]]
head = width(rows[0][:rows[0].index("link")])
assert all(l == head for l in links), (head, links)
' "$T/table2.out" || { cat "$T/table2.out"; fail "the link column does not line up after a joined emoji and a combining accent"; }
ok "a table lines up with a joined emoji (two columns) and a combining accent (none) in a title"
# a value longer than a column takes is cut with an ellipsis, never silently; CSV has it whole
long="오픈AI 이사회, 샘 알트먼 복귀 합의 — the board and Sam Altman agree on his return as chief executive, 27%"
sqlite3 "$T/var/d.db" "UPDATE articles SET title = '$long' WHERE id = (SELECT article_id FROM hits ORDER BY id DESC LIMIT 1)" ||
	fail "retitling an article"
"$NEWSWATCH" --db "$T/var/d.db" hits --limit 1 >"$T/table.out" || fail "hits as a table"
$PY -c '
import sys, unicodedata
row = open(sys.argv[1], encoding="utf-8").read().splitlines()[1]
cell = row[row.index("오픈AI"):row.index("http")].rstrip()
width = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in cell)
assert cell.endswith("\u2026") and width <= 60 and sys.argv[2].startswith(cell[:-1]), (cell, width)
' "$T/table.out" "$long" || { cat "$T/table.out"; fail "a title cut in a table without an ellipsis"; }
"$NEWSWATCH" --db "$T/var/d.db" hits --limit 1 --format csv | grep -qF "$long" || fail "CSV does not carry the whole title"
ok "a title of $(printf '%s' "$long" | wc -m) characters: cut in the table with an ellipsis, whole in CSV"
# a title a spreadsheet would run as a formula gets a ' before it in CSV (the id, a number, not)
sqlite3 "$T/var/d.db" "UPDATE articles SET title = '=HYPERLINK(\"http://x.example/\",\"OpenAI\")' WHERE id = (SELECT article_id FROM hits ORDER BY id DESC LIMIT 1)" ||
	fail "retitling an article"
"$NEWSWATCH" --db "$T/var/d.db" hits --limit 1 --format csv >"$T/f.csv" || fail "hits --format csv"
grep -qF ",\"'=HYPERLINK(\"\"http://x.example/\"\",\"\"OpenAI\"\")\"," "$T/f.csv" && grep -q '^[0-9]' <(tail -n 1 "$T/f.csv") ||
	{ cat "$T/f.csv"; fail "CSV: a title beginning with = is not written with a ' before it"; }
ok "CSV: a title beginning with = (a spreadsheet formula) is written with a ' before it"
# a bidi override in a title is not passed to the terminal (it showed the rest of the row,
# the link too, reversed)
sqlite3 "$T/var/d.db" "UPDATE articles SET title = 'OpenAI bidi ' || char(0x202E) || 'gnp.exe' || char(0x2066) || ' x' WHERE id = (SELECT article_id FROM hits ORDER BY id DESC LIMIT 1)" ||
	fail "retitling an article"
"$NEWSWATCH" --db "$T/var/d.db" hits --limit 1 >"$T/bidi.out" || fail "hits (a title with U+202E)"
grep -qF 'OpenAI bidi ?gnp.exe? x' "$T/bidi.out" && ! grep -q "$(printf '\u202e')" "$T/bidi.out" ||
	{ cat "$T/bidi.out"; fail "a table: U+202E and U+2066 of a title not replaced"; }
ok "a table: a title's bidi override and isolate (U+202E, U+2066) shown as ?"
# a link is never cut: it has to open
longlink="https://wire.example.com/2023/11/22/openai-board-and-sam-altman-agree-on-his-return-as-chief-executive-$(printf 'x%.0s' $(seq 40))"
sqlite3 "$T/var/d.db" "UPDATE articles SET link = '$longlink' WHERE id = (SELECT article_id FROM hits ORDER BY id DESC LIMIT 1)" || fail "relinking"
"$NEWSWATCH" --db "$T/var/d.db" hits --limit 1 | grep -qF "$longlink" || fail "a link of ${#longlink} characters cut in the table"
ok "a link of ${#longlink} characters whole in the table"

# --- parse reads the conf (user_agent, plugin_dir) and says wrong usage with exit 2 ---
mkdir -p "$T/www" && cp conf/demo/wire-en-0.xml "$T/www/feed.xml" && chmod -R a+rX "$T/www"
start_nginx "$T/www"
printf '[daemon]\ndatabase = %s/p.db\nuser_agent = CliProbe/7\n' "$T" >"$T/p.conf"
"$NEWSWATCH" -c "$T/p.conf" parse "http://127.0.0.1:$NGINX_PORT/feed.xml" >/dev/null || fail "parse over http"
grep -q '"CliProbe/7"$' "$T/nginx/access.log" || { cat "$T/nginx/access.log"; fail "parse did not use the conf's user_agent"; }
rc=0; "$NEWSWATCH" parse >/dev/null 2>&1 || rc=$?
[ $rc = 2 ] || fail "parse without a file: exit $rc, not 2"
rc=0; "$NEWSWATCH" parse a b >/dev/null 2>&1 || rc=$?
[ $rc = 2 ] || fail "parse with two files: exit $rc, not 2"
ok "parse fetches with the conf's user_agent; wrong usage exits 2"
# a block page served where the feed is: parse says so, with its title, as the daemon does
printf '<!DOCTYPE html>\n<html><head><title>Just a moment...</title></head><body>Checking your browser</body></html>\n' \
	>"$T/www/blocked.xml"
rc=0; "$NEWSWATCH" -c /dev/null parse "http://127.0.0.1:$NGINX_PORT/blocked.xml" >/dev/null 2>"$T/blocked.err" || rc=$?
[ $rc = 1 ] && grep -q "blocked.xml: not an RSS or Atom feed (root element <html>); an HTML page in its place, titled 'Just a moment...'$" "$T/blocked.err" ||
	{ cat "$T/blocked.err"; fail "parse of a block page: exit $rc"; }
ok "parse of an HTML page where a feed was: said so, with its title (exit 1)"

# --- test-rule and a story followed in some languages only ---
cat >"$T/lang.conf" <<CONF
[story ko-only]
entity.openai = OpenAI | 오픈AI
entity.altman = "Sam Altman" | 샘 알트먼
match = openai AND altman
language = ko
CONF
rc=0
"$NEWSWATCH" -c "$T/lang.conf" test-rule "OpenAI hires Sam Altman back" >"$T/lang.out" || rc=$?
[ $rc = 1 ] && grep -q '^ko-only: no match (language: the text is in en; the story follows ko)' "$T/lang.out" ||
	{ cat "$T/lang.out"; fail "test-rule: an English text for a Korean-only story: exit $rc"; }
"$NEWSWATCH" -c "$T/lang.conf" test-rule "오픈AI, 샘 알트먼 복귀" | grep -q '^ko-only: MATCH' || fail "test-rule: the Korean text"
ok "test-rule: an English text for a story with language = ko is no match, saying why; a Korean one matches"
# a headline that begins with a dash is a TEXT, as it always was, options before or after it
"$NEWSWATCH" -c "$T/lang.conf" test-rule "-5% for 오픈AI after 샘 알트먼 leaves" | grep -q '^ko-only: MATCH' ||
	fail "test-rule: a TEXT that starts with a dash"
"$NEWSWATCH" test-rule "--- 오픈AI 샘 알트먼" --json -c "$T/lang.conf" | $PY -c 'import json,sys; assert json.load(sys.stdin)[0]["matched"]' ||
	fail "test-rule: a TEXT that starts with dashes, options after it"
ok "test-rule: a TEXT that starts with a dash or dashes is taken as text, the global options around it"
# a TEXT is read as a headline is: HTML only when it looks like HTML
sed '/^language/d; s/ko-only/any/' "$T/lang.conf" >"$T/any.conf"
"$NEWSWATCH" -c "$T/any.conf" test-rule "Sam Altman: ask <OpenAI> anything" | grep -q '^any: MATCH' ||
	fail "test-rule: a headline's words in angle brackets are words (the daemon matches them)"
"$NEWSWATCH" -c "$T/any.conf" test-rule "Sam Altman, <b>Open</b>AI" | grep -q '^any: MATCH' ||
	fail "test-rule: a headline's markup is stripped"
ok "test-rule: a TEXT is HTML only when it looks like it, as a headline is"
# a file as the daemon reads a body: a copyright line is no report of the story; a report
# that begins with the word is; a TEXT is whole, as a headline (the daemon strips no title)
rc=0
printf 'Reported today. <저작권자 ⓒ 오픈AI 샘 알트먼 뉴스, 무단전재 금지>\n' >"$T/boil.txt"
"$NEWSWATCH" -c "$T/lang.conf" test-rule "$T/boil.txt" >"$T/boil.out" 2>"$T/boil.err" || rc=$?
[ $rc = 1 ] && grep -q 'boilerplate' "$T/boil.err" ||
	{ cat "$T/boil.out" "$T/boil.err"; fail "test-rule: a file's copyright footer matched (exit $rc), or not said"; }
printf '저작권자 단체는 오픈AI와 샘 알트먼을 고소했다.\n' >"$T/boil2.txt"
"$NEWSWATCH" -c "$T/lang.conf" test-rule "$T/boil2.txt" | grep -q '^ko-only: MATCH' ||
	fail "test-rule: a report that begins with 저작권자"
"$NEWSWATCH" -c "$T/lang.conf" test-rule "Click here: 오픈AI 샘 알트먼 복귀" | grep -q '^ko-only: MATCH' ||
	fail "test-rule: a TEXT (a headline) with a footer's words"
ok "test-rule drops a file's copyright line, as newswatchd does a body's, and says so; a report that begins with its word matches; a TEXT is matched whole"
# a feed given as FILE: read as one page, its items' words together (OpenAI in one item,
# Microsoft in another made a MATCH no item makes), its titles left out: said, with replay
cat >"$T/two-items.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<!-- saved from a feed reader -->
<rss version="2.0"><channel><title>wire</title>
<item><title>Board news</title><description>OpenAI names a new board.</description></item>
<item><title>Cloud news</title><description>Microsoft opens a data centre.</description></item>
</channel></rss>
EOF
printf '<html><body><p>OpenAI and Microsoft sign a deal.</p></body></html>\n' >"$T/page.html"
"$NEWSWATCH" -c conf/demo.conf test-rule "$T/two-items.xml" >"$T/feedrule.out" 2>"$T/feedrule.err"
grep -q "warning: $T/two-items.xml is a feed (<rss>), not an article" "$T/feedrule.err" &&
	grep -q "newswatch -c conf/demo.conf replay $T/two-items.xml runs each item" "$T/feedrule.err" ||
	{ cat "$T/feedrule.out" "$T/feedrule.err"; fail "test-rule FEED: not said that a feed is read as one page"; }
# ...and so is a feed whose DOCTYPE declares its entities (an internal subset, with '>' of its own)
{ printf '<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY nbsp "&#160;">\n]>\n'; sed 1,2d "$T/two-items.xml"; } >"$T/dtd-items.xml"
"$NEWSWATCH" -c conf/demo.conf test-rule "$T/dtd-items.xml" >/dev/null 2>"$T/feedrule.err"
grep -q "warning: $T/dtd-items.xml is a feed (<rss>), not an article" "$T/feedrule.err" ||
	{ cat "$T/dtd-items.xml" "$T/feedrule.err"; fail "test-rule FEED with an internal DTD subset: not said that a feed is read as one page"; }
"$NEWSWATCH" -c conf/demo.conf test-rule "$T/page.html" >/dev/null 2>"$T/pagerule.err" || fail "test-rule page.html"
[ ! -s "$T/pagerule.err" ] || { cat "$T/pagerule.err"; fail "test-rule: a warning for an HTML page"; }
ok "test-rule FILE of a feed (one with an internal DTD subset too): said that it is read as one page, and that replay reads its items; an HTML page: no word"

# --- a conf written for the service's machine, read elsewhere: a feed's scraper that is not
# here is no error for the commands that run no feed (README's example conf names one) ---
cat >"$T/away.conf" <<EOF
[daemon]
database = $T/var/d.db
[feed local-script]
plugin = exec
command = $T/no/such/scraper --lang ko
[story openai-microsoft]
entity.openai = OpenAI
entity.altman = "Sam Altman"
match = openai AND altman
alert = journal
[alert journal]
plugin = log
EOF
"$NEWSWATCH" -c "$T/away.conf" test-rule "OpenAI fires Sam Altman" >"$T/away.out" 2>"$T/away.err" &&
	grep -q '^openai-microsoft: MATCH' "$T/away.out" || { cat "$T/away.out" "$T/away.err"; fail "test-rule: a feed's missing command made it fail"; }
"$NEWSWATCH" -c "$T/away.conf" --json status >/dev/null 2>"$T/away.err" || { cat "$T/away.err"; fail "status: a feed's missing command made it fail"; }
"$NEWSWATCH" -c "$T/away.conf" alert-test --print journal >/dev/null 2>"$T/away.err" || { cat "$T/away.err"; fail "alert-test: a feed's missing command made it fail"; }
"$NEWSWATCH" -c "$T/away.conf" parse "${snaps[0]#*=}" >/dev/null 2>"$T/away.err" || { cat "$T/away.err"; fail "parse: a feed's missing command made it fail"; }
# what runs the feeds still says it: the daemon's check, and replay (the feeds' plugins parse)
rc=0; "$NEWSWATCHD" --check-config -c "$T/away.conf" >/dev/null 2>"$T/away.err" || rc=$?
[ $rc = 1 ] && grep -q "away.conf:5: \[feed local-script\]: command: '$T/no/such/scraper': No such file or directory" "$T/away.err" ||
	{ cat "$T/away.err"; fail "newswatchd --check-config: the missing command (exit $rc)"; }
rc=0; "$NEWSWATCH" -c "$T/away.conf" --db "$T/away.db" replay "${snaps[0]}" >/dev/null 2>"$T/away.err" || rc=$?
[ $rc = 2 ] && grep -q "no/such/scraper" "$T/away.err" || { cat "$T/away.err"; fail "replay: the missing command not said (exit $rc)"; }
ok "a feed's command missing on this machine: test-rule, status, alert-test and parse work; --check-config and replay say it"

# --- search takes its words unquoted, as README's `newswatch search WORDS` (it was a usage
# error, exit 2): the same rows as the quoted query ---
"$NEWSWATCH" --db "$T/var/d.db" search openai microsoft --format csv >"$T/s2.out" 2>"$T/s2.err" ||
	{ cat "$T/s2.err"; fail "search openai microsoft (two words unquoted)"; }
"$NEWSWATCH" --db "$T/var/d.db" search "openai microsoft" --format csv >"$T/s1.out" || fail "search 'openai microsoft'"
[ "$(wc -l <"$T/s2.out")" -gt 1 ] && cmp -s "$T/s1.out" "$T/s2.out" || { cat "$T/s1.out" "$T/s2.out"; fail "search: two words unquoted differ from the quoted query"; }
ok "search openai microsoft: the words of every argument are one query"
# a word that begins with a dash is a word ("invalid option -- '2'" before), options around it
"$NEWSWATCH" --db "$T/var/d.db" search -27% microsoft --format csv >"$T/s3.out" 2>"$T/s3.err" ||
	{ cat "$T/s3.err"; fail "search -27% microsoft"; }
"$NEWSWATCH" --db "$T/var/d.db" search --format csv -- "27% microsoft" >"$T/s4.out" || fail "search -- '27% microsoft'"
[ "$(wc -l <"$T/s3.out")" -gt 1 ] && cmp -s "$T/s3.out" "$T/s4.out" || { cat "$T/s3.out" "$T/s4.out"; fail "search -27% microsoft differs from '27% microsoft'"; }
rc=0; "$NEWSWATCH" --db "$T/var/d.db" search --limit -5 stake >/dev/null 2>"$T/s3.err" || rc=$?
[ $rc = 2 ] && grep -q "limit '-5' is not a positive" "$T/s3.err" || { cat "$T/s3.err"; fail "search --limit -5: exit $rc"; }
rc=0; "$NEWSWATCH" --db "$T/var/d.db" search --bogus stake >/dev/null 2>"$T/s3.err" || rc=$?
[ $rc = 2 ] || { cat "$T/s3.err"; fail "search --bogus: exit $rc"; }
# so is a dash and letters that are no option's (-AI: "invalid option -- 'A'" before)
"$NEWSWATCH" --db "$T/var/d.db" search -AI microsoft --format csv >"$T/s5.out" 2>"$T/s5.err" ||
	{ cat "$T/s5.err"; fail "search -AI microsoft"; }
"$NEWSWATCH" --db "$T/var/d.db" search --format csv -- "AI microsoft" >"$T/s6.out" || fail "search -- 'AI microsoft'"
[ "$(wc -l <"$T/s5.out")" -gt 1 ] && cmp -s "$T/s5.out" "$T/s6.out" || { cat "$T/s5.out" "$T/s6.out"; fail "search -AI microsoft differs from 'AI microsoft'"; }
# a word again adds nothing; a query of thousands of words is cut at 64 (it took minutes);
# an empty one is wrong usage
"$NEWSWATCH" --db "$T/var/d.db" search openai microsoft openai --format csv >"$T/s7.out" || fail "search openai microsoft openai"
cmp -s "$T/s1.out" "$T/s7.out" || { cat "$T/s1.out" "$T/s7.out"; fail "search: a word given twice changes the rows"; }
timeout 20 "$NEWSWATCH" --db "$T/var/d.db" search "$(yes ai | head -n 20000 | tr '\n' ' ')" >/dev/null ||
	fail "search of 20,000 words: not done in 20 s"
rc=0; "$NEWSWATCH" --db "$T/var/d.db" search ' ' >/dev/null 2>"$T/s8.err" || rc=$?
[ $rc = 2 ] && grep -q "usage: newswatch search QUERY" "$T/s8.err" || { cat "$T/s8.err"; fail "search ' ': exit $rc"; }
# ...and so is one of other blanks or of punctuation alone (it printed "(nothing)", exit 0):
# U+3000, a no-break space, "!!", an em dash
for q in $'\xe3\x80\x80' $'\xc2\xa0' '!!' $'\xe2\x80\x94 ?'; do
	rc=0; "$NEWSWATCH" --db "$T/var/d.db" search "$q" >"$T/s9.out" 2>"$T/s9.err" || rc=$?
	[ $rc = 2 ] && [ ! -s "$T/s9.out" ] && grep -qF "usage: newswatch search QUERY (no word in '$q')" "$T/s9.err" ||
		{ cat "$T/s9.out" "$T/s9.err"; fail "search '$q': exit $rc, not wrong usage"; }
done
# punctuation beside a word is no word of its own: the word is still searched for
"$NEWSWATCH" --db "$T/var/d.db" search openai '!!' --format csv >"$T/s10.out" || fail "search openai !!"
"$NEWSWATCH" --db "$T/var/d.db" search openai --format csv >"$T/s11.out" || fail "search openai"
[ "$(wc -l <"$T/s10.out")" -gt 1 ] && cmp -s "$T/s10.out" "$T/s11.out" || { cat "$T/s10.out"; fail "search openai !!: not what openai finds"; }
ok "search: a word given twice counts once; 20,000 words are cut to 64; a query without a word (blanks of any kind, punctuation alone) is wrong usage"
ok "search -27% microsoft, -AI microsoft: a word that begins with a dash is a word of the query; --bogus and --limit -5 are still wrong usage"

# --- the global options after the command too (--json already was): --db, -c, --json ---
"$NEWSWATCH" status --db "$T/var/d.db" --json >"$T/g.json" 2>"$T/g.err" || { cat "$T/g.err"; fail "status --db PATH (after the command)"; }
[ "$($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["items"])' "$T/g.json")" -gt 0 ] || fail "status --db: no items"
"$NEWSWATCH" replay -c conf/demo.conf --db "$T/g.db" "${snaps[0]}" >/dev/null 2>"$T/g.err" && [ -s "$T/g.db" ] ||
	{ cat "$T/g.err"; fail "replay -c FILE --db PATH (after the command)"; }
"$NEWSWATCH" test-rule --config conf/demo.conf "OpenAI and Microsoft" --json | $PY -c 'import json,sys; assert json.load(sys.stdin)[0]["matched"]' ||
	fail "test-rule --config FILE TEXT --json"
# what is wrong is said, under the command's name
rc=0; "$NEWSWATCH" replay --format xml "${snaps[0]}" >/dev/null 2>"$T/f.err" || rc=$?
[ $rc = 2 ] && grep -q "^newswatch replay: --format is json or text, not 'xml'" "$T/f.err" || { cat "$T/f.err"; fail "replay --format xml: exit $rc"; }
rc=0; "$NEWSWATCH" replay --bogus "${snaps[0]}" >/dev/null 2>"$T/f.err" || rc=$?
[ $rc = 2 ] && grep -q "^newswatch replay: unrecognized option '--bogus'" "$T/f.err" || { cat "$T/f.err"; fail "replay --bogus: exit $rc"; }
rc=0; "$NEWSWATCH" replay --db "$T/no/such/dir/x.db" "${snaps[0]}" >/dev/null 2>"$T/f.err" || rc=$?
[ $rc = 2 ] && grep -q "^newswatch replay: store: " "$T/f.err" || { cat "$T/f.err"; fail "replay --db in a folder that does not exist: exit $rc"; }
ok "the global options after the command (status --db, replay -c --db, test-rule --config --json); replay --format xml says why; a store replay cannot open is exit 2"
# two outputs asked for are wrong usage, naming both (one was taken in silence: --json over
# --format table, --prometheus over --json, --format text over --json), before or after the
# command; --json with --format json asks for one
conflict() { # conflict "MESSAGE" ARGS...
	local want=$1 rc=0
	shift
	"$NEWSWATCH" --db "$T/var/d.db" "$@" >"$T/o.out" 2>"$T/o.err" || rc=$?
	[ $rc = 2 ] && [ ! -s "$T/o.out" ] && grep -qF "$want are two outputs: give one" "$T/o.err" ||
		{ cat "$T/o.out" "$T/o.err"; fail "$*: exit $rc, not wrong usage naming both options"; }
}
conflict "newswatch feeds: --json and --format table" feeds --format table --json
conflict "newswatch hits: --json and --format csv" --json hits --format csv
conflict "newswatch status: --json and --prometheus" status --prometheus --json
conflict "newswatch status: --prometheus and --format jsonl" status --format jsonl --prometheus
conflict "newswatch replay: --json and --format text" replay --format text --json "${snaps[0]}"
"$NEWSWATCH" --db "$T/var/d.db" --json feeds --format json | $PY -c 'import json,sys; assert json.load(sys.stdin)' ||
	fail "--json feeds --format json"
ok "two outputs asked for (--format table --json, --prometheus --json, replay --format text --json): wrong usage, both named"

# replay: a snapshot read from a pipe after an undated one (the look ahead for a date must
# not drain it); a bare path with '=' in a folder's name; an empty FEED= is a usage error
printf '<rss version="2.0"><channel><item><title>u</title><guid>u1</guid></item></channel></rss>' >"$T/undated.xml"
dated=tests/data/saga/jp-daily-1.xml
n=$("$NEWSWATCH" replay w="$T/undated.xml" w=<(cat "$dated") 2>"$T/p.err" | wc -l)
[ "$n" = "$("$NEWSWATCH" replay w="$T/undated.xml" w="$dated" | wc -l)" ] && [ "$n" -gt 1 ] && [ ! -s "$T/p.err" ] ||
	{ cat "$T/p.err"; fail "replay: an undated snapshot, then one from a pipe: $n lines"; }
n=$("$NEWSWATCH" replay w="$T/undated.xml" w=- <"$dated" 2>"$T/p.err" | wc -l)
[ "$n" -gt 1 ] && [ ! -s "$T/p.err" ] || { cat "$T/p.err"; fail "replay: an undated snapshot, then stdin: $n lines"; }
mkdir -p "$T/snap/date=2023-11-07"
cp "$dated" "$T/snap/date=2023-11-07/wire.xml"
"$NEWSWATCH" replay "$T/snap/date=2023-11-07/wire.xml" 2>"$T/p.err" | grep -q '^{"feed":"wire",' ||
	{ cat "$T/p.err"; fail "replay: a bare path with '=' in a folder's name"; }
usage_err "FEED= names no feed" replay "=$dated"
usage_err "no snapshot after FEED=" replay "w="
ok "replay: a snapshot from a pipe or stdin after an undated one; a path with '=' in a folder's name is a path; an empty FEED or PATH is a usage error"

# test-rule FILE: a page saved in EUC-KR (its <meta charset> after 9 KB of script) is read
# in it; a file that is not UTF-8 and names no charset is said so
printf '<html><head><script>%s</script><meta charset="euc-kr"></head><body><p>\xb8\xb6\xc0\xcc\xc5\xa9\xb7\xce\xbc\xd2\xc7\xc1\xc6\xae\xb4\xc2 \xbf\xc0\xc7\xc2AI\xbf\xcd</p></body></html>' "$(head -c 9000 /dev/zero | tr '\0' x)" >"$T/ek.html"
"$NEWSWATCH" -c conf/demo.conf test-rule "$T/ek.html" | grep -q '^openai-microsoft: MATCH' || fail "test-rule: a page in EUC-KR"
# the first "charset" of the page was taken, in a comment (a template's old meta) too
printf '<html><head><!-- <meta charset="utf-8"> --><meta charset="euc-kr"></head><body><p>\xb8\xb6\xc0\xcc\xc5\xa9\xb7\xce\xbc\xd2\xc7\xc1\xc6\xae\xb4\xc2 \xbf\xc0\xc7\xc2AI\xbf\xcd</p></body></html>' >"$T/ek2.html"
"$NEWSWATCH" -c conf/demo.conf test-rule "$T/ek2.html" | grep -q '^openai-microsoft: MATCH' || fail "test-rule: a page in EUC-KR after a commented-out meta"
# a saved feed by its XML declaration, not a <meta> its CDATA quotes (마이크로소프트: msft)
printf '<?xml version="1.0" encoding="euc-kr"?><rss version="2.0"><channel><title>t</title><item><title>x</title><description><![CDATA[<meta charset="utf-8"><p>\xb8\xb6\xc0\xcc\xc5\xa9\xb7\xce\xbc\xd2\xc7\xc1\xc6\xae</p>]]></description></item></channel></rss>' >"$T/ekfeed.xml"
"$NEWSWATCH" -c conf/demo.conf test-rule "$T/ekfeed.xml" 2>/dev/null | grep -q 'msft ✓' || fail "test-rule: a feed in EUC-KR whose CDATA holds a <meta charset=utf-8>"
printf 'OpenAI \xff Microsoft' >"$T/bad.txt"
"$NEWSWATCH" -c conf/demo.conf test-rule "$T/bad.txt" 2>&1 >/dev/null | grep -q "bad.txt is not UTF-8 and names no charset" ||
	fail "test-rule: a file not in UTF-8 without a charset not said"
ok "test-rule FILE: a page in EUC-KR read in its charset (a meta in a comment passed over); a file in none said so"

# a date before 1970 is a generator's "no date" (Go's zero time): null, so that the item is
# not taken as too old to alert
printf '{"version":"https://jsonfeed.org/version/1.1","title":"t","items":[{"id":"1","url":"https://e.example/1","title":"a","content_text":"x","date_published":"0001-01-01T00:00:00Z"},{"id":"2","url":"https://e.example/2","title":"b","content_text":"y","date_published":"2025-01-01T00:00:00Z"}]}' >"$T/zero.json"
"$NEWSWATCH" parse --plugin jsonfeed --json "$T/zero.json" | $PY -c 'import json,sys; d=[i["published"] for i in json.load(sys.stdin)["items"]]; assert d == [None, "2025-01-01T00:00:00Z"], d' ||
	fail "parse: Go's zero time 0001-01-01 as a date"
ok "parse: a date before 1970 (Go's zero time) is no date"

# test-rule reads its options as getopt does elsewhere: -cFILE, -vc FILE, --conf (a prefix);
# "-" is the standard input
"$NEWSWATCH" test-rule -c"$T/lang.conf" "오픈AI, 샘 알트먼 복귀" | grep -q '^ko-only: MATCH' || fail "test-rule -cFILE"
"$NEWSWATCH" test-rule -vc "$T/lang.conf" "오픈AI, 샘 알트먼 복귀" 2>/dev/null | grep -q '^ko-only: MATCH' || fail "test-rule -vc FILE"
"$NEWSWATCH" test-rule --conf="$T/lang.conf" --js "오픈AI, 샘 알트먼 복귀" | $PY -c 'import json,sys; assert json.load(sys.stdin)[0]["matched"]' ||
	fail "test-rule --conf=FILE --js"
echo "오픈AI, 샘 알트먼 복귀" | "$NEWSWATCH" -c "$T/lang.conf" test-rule - | grep -q '^ko-only: MATCH' || fail "test-rule - (stdin)"
ok "test-rule: -cFILE, -vc FILE and long-option prefixes as elsewhere; - reads the standard input"

# --- test-rule with a conf of no story: said, exit 2 (it printed nothing, exit 1: no match) ---
printf '[daemon]\ndatabase = %s/n.db\n' "$T" >"$T/nostory.conf"
rc=0; "$NEWSWATCH" -c "$T/nostory.conf" test-rule "OpenAI" >"$T/ns.out" 2>"$T/ns.err" || rc=$?
[ $rc = 2 ] && grep -q "no \[story\] in $T/nostory.conf" "$T/ns.err" || { cat "$T/ns.out" "$T/ns.err"; fail "test-rule, conf without stories: exit $rc"; }
ok "test-rule with a conf of no [story]: '$(head -c 80 "$T/ns.err")', exit 2"

# --- parse: file:// (a feed's url may be one, with allow_file), a scheme in capitals, and a
# scheme it does not fetch (all three were "No such file or directory") ---
"$NEWSWATCH" -c /dev/null parse --json "file://$T/www/feed.xml" >"$T/fu.json" 2>"$T/fu.err" || { cat "$T/fu.err"; fail "parse file://"; }
"$NEWSWATCH" -c /dev/null parse --json "$T/www/feed.xml" | cmp -s - "$T/fu.json" || fail "parse file:// differs from parse FILE"
"$NEWSWATCH" -c /dev/null parse --json "FILE://localhost$T/www/feed.xml" 2>"$T/fu.err" | cmp -s - "$T/fu.json" || { cat "$T/fu.err"; fail "parse FILE://localhost/..."; }
"$NEWSWATCH" -c /dev/null parse "HTTP://127.0.0.1:$NGINX_PORT/feed.xml" >/dev/null 2>"$T/fu.err" || { cat "$T/fu.err"; fail "parse HTTP:// (capitals)"; }
rc=0; "$NEWSWATCH" -c /dev/null parse ftp://x/y >/dev/null 2>"$T/fu.err" || rc=$?
[ $rc = 2 ] && grep -q "ftp://x/y: unsupported scheme 'ftp'" "$T/fu.err" || { cat "$T/fu.err"; fail "parse ftp://x/y: exit $rc"; }
ok "parse: file:// and FILE://localhost/ read, HTTP:// fetched, ftp:// an unsupported scheme (exit 2)"
printf '<rss version="2.0"><channel><title>x</title><link>/</link><item><title>a</title><link>/2023/a.html</link></item></channel></rss>' >"$T/rel.xml"
"$NEWSWATCH" -c /dev/null parse --json --base https://wire.example.com/rss/feed.xml "$T/rel.xml" >"$T/rel.json" 2>&1 &&
	jcheck 'd["feed"]["link"] == "https://wire.example.com/" and d["items"][0]["link"] == "https://wire.example.com/2023/a.html"' <"$T/rel.json" ||
	{ cat "$T/rel.json"; fail "parse --base: links not resolved against it"; }
rc=0; "$NEWSWATCH" -c /dev/null parse --base ftp://x "$T/rel.xml" >/dev/null 2>"$T/rel.err" || rc=$?
[ $rc = 2 ] && grep -q -- "--base ftp://x: an http:// or https:// address" "$T/rel.err" || { cat "$T/rel.err"; fail "parse --base ftp://x: exit $rc"; }
ok "parse --base URL: a saved file's relative links resolved against the feed's address; ftp:// refused (exit 2)"

# --- a story of the conf without a hit yet is listed by stories and counted by status, as
# feeds lists every feed of the conf (it appeared only from its first hit) ---
"$NEWSWATCH" -c "$T/quiet.conf" --db "$T/var/d.db" stories >"$T/st.out" 2>&1 || { cat "$T/st.out"; fail "stories with a conf"; }
grep -q '^quiet  *0  *0  *-$' "$T/st.out" && grep -q '^openai-microsoft  *27 ' "$T/st.out" ||
	{ cat "$T/st.out"; fail "stories: the conf's story without hits not listed beside the store's"; }
n=$("$NEWSWATCH" --db "$T/var/d.db" status --json | $PY -c 'import json,sys; print(json.load(sys.stdin)["stories"])')
m=$("$NEWSWATCH" -c "$T/quiet.conf" --db "$T/var/d.db" status --json | $PY -c 'import json,sys; print(json.load(sys.stdin)["stories"])')
[ "$m" = $((n + 1)) ] || fail "status with a conf: stories $m, not $((n + 1))"
ok "stories and status with a conf: its story without hits listed (0 hits) and counted"

# --- a mistake in the conf away from [daemon] (an unknown key in a [feed]): the query
# commands, which read only its database option, warn with file:line and read the store
# (every one of them stopped, exit 2); test-rule, which needs the conf, still stops ---
printf '[daemon]\ndatabase = %s/var/d.db\n[feed x]\nurl = http://127.0.0.1:1/\nbogus = 1\n' "$T" >"$T/badkey.conf"
for q in status feeds alerts; do
	"$NEWSWATCH" -c "$T/badkey.conf" $q >"$T/bk.out" 2>"$T/bk.err" || { cat "$T/bk.err"; fail "$q with a mistake in a [feed] of the conf"; }
	grep -q "^$T/badkey.conf:5: unknown option 'bogus'" "$T/bk.err" && grep -q "warning: reading the store $T/var/d.db" "$T/bk.err" ||
		{ cat "$T/bk.err"; fail "$q: the conf's error or the store read not said"; }
done
grep -q '^items  *[1-9]' <("$NEWSWATCH" -c "$T/badkey.conf" status 2>/dev/null) || fail "status with a conf error: not the store of its database option"
rc=0; "$NEWSWATCH" -c "$T/badkey.conf" test-rule OpenAI >/dev/null 2>&1 || rc=$?
[ $rc = 2 ] || fail "test-rule with a conf error: exit $rc, not 2"
# the mistake in [daemon] itself: no store is guessed (the default one is the service's)
printf '[daemon]\ndatabse = %s/var/d.db\n' "$T" >"$T/baddb.conf"
rc=0; "$NEWSWATCH" -c "$T/baddb.conf" status >/dev/null 2>"$T/bd.err" || rc=$?
[ $rc = 2 ] && ! grep -q 'reading the store' "$T/bd.err" || { cat "$T/bd.err"; fail "status with 'databse' in [daemon]: exit $rc"; }
ok "status, feeds, alerts with an unknown key in a [feed]: the error warned about, the store of [daemon] database read; with the mistake in [daemon], exit 2"

# --- output that cannot be written is a failure, not exit 0 with half an answer ---
if [ -w /dev/full ]; then
	rc=0; "$NEWSWATCH" --db "$T/var/d.db" hits >/dev/full 2>"$T/full.err" || rc=$?
	[ $rc = 1 ] && grep -q 'standard output: No space left on device' "$T/full.err" ||
		{ cat "$T/full.err"; fail "hits > /dev/full: exit $rc"; }
	rc=0; "$NEWSWATCH" --help >/dev/full 2>/dev/null || rc=$?
	[ $rc = 1 ] || fail "--help > /dev/full: exit $rc"
	# newswatchd's answers too (a script's `newswatchd --dump-options > file` was cut, exit 0)
	for a in --dump-options --version --help "--check-config -c $top_srcdir/conf/demo.conf"; do
		rc=0; "$NEWSWATCHD" $a >/dev/full 2>"$T/full.err" || rc=$?
		[ $rc = 1 ] && grep -q '^newswatchd: standard output: No space left on device' "$T/full.err" ||
			{ cat "$T/full.err"; fail "newswatchd $a > /dev/full: exit $rc"; }
	done
fi
# a pipe whose reader is gone, while SIGPIPE is ignored (as a parent process may leave it):
# EPIPE (the read end is closed before the command starts: no race with a reader)
rc=$($PY -c 'import os, signal, subprocess, sys
signal.signal(signal.SIGPIPE, signal.SIG_IGN)  # inherited by the child
r, w = os.pipe()
os.close(r)
print(subprocess.run(sys.argv[2:], stdout=w, stderr=open(sys.argv[1], "w"), restore_signals=False).returncode)' \
	"$T/pipe.err" "$NEWSWATCH" --db "$T/var/d.db" --json hits)
[ "$rc" = 1 ] && grep -q 'standard output: \(Broken pipe\|write error\)' "$T/pipe.err" || { cat "$T/pipe.err"; fail "hits into a closed pipe, SIGPIPE ignored: exit $rc"; }
ok "output that cannot be written (/dev/full, newswatchd's --dump-options, --check-config, --version and --help too; a closed pipe with SIGPIPE ignored): said on stderr, exit 1"

# --- replay's scratch store: in $TMPDIR, gone at the end, and gone when the command is stopped
# (SIGTERM while it waits on a receiver that takes the connection and never answers) ---
mkdir -p "$T/tmpdir"
TMPDIR="$T/tmpdir" "$NEWSWATCH" -c conf/demo.conf replay "${snaps[0]}" >/dev/null 2>"$T/tmpd.err" || { cat "$T/tmpd.err"; fail "replay with TMPDIR"; }
[ -z "$(ls -A "$T/tmpdir")" ] || fail "replay left $(ls -A "$T/tmpdir") in \$TMPDIR"
mute=$(free_port)
$PY -c 'import socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(8); print("ready", flush=True)
c = s.accept(); print("accepted", flush=True); time.sleep(600)' "$mute" >"$T/mute.out" &
mute_pid=$!
cleanup_hooks+=("kill $mute_pid 2>/dev/null")
for _ in $(seq 50); do grep -q ready "$T/mute.out" && break; sleep 0.1; done
{ cat conf/demo.conf; printf '[alert mute]\nplugin = webhook\nurl = http://127.0.0.1:%s/\n' "$mute"; } |
	sed 's/^\(\[story [^]]*\]\)$/\1\nalert = mute/' >"$T/mute.conf"
TMPDIR="$T/tmpdir" "$NEWSWATCH" -c "$T/mute.conf" replay --format text --deliver "${snaps[@]}" >"$T/mute.rp" 2>&1 &
rp=$!
for _ in $(seq 100); do [ -n "$(ls -A "$T/tmpdir")" ] && break; sleep 0.05; done
[ -n "$(ls -A "$T/tmpdir")" ] || fail "replay --deliver made no scratch store in \$TMPDIR"
for _ in $(seq 100); do grep -q accepted "$T/mute.out" && break; sleep 0.05; done
grep -q accepted "$T/mute.out" || { cat "$T/mute.rp"; fail "replay --deliver never connected to the receiver"; }
kill -TERM $rp
rc=0; wait $rp || rc=$?
[ $rc = 143 ] || { cat "$T/mute.rp"; fail "replay stopped by SIGTERM: exit $rc"; }
[ -z "$(ls -A "$T/tmpdir")" ] || fail "replay stopped by SIGTERM left $(ls -A "$T/tmpdir")"
ok "replay's scratch store: in \$TMPDIR, removed at the end and when stopped by SIGTERM mid-delivery (exit 143)"
# replay | head: the reader goes, SIGPIPE ends replay, the scratch store goes too
TMPDIR="$T/tmpdir" "$NEWSWATCH" -c conf/demo.conf replay --format text "${snaps[@]}" 2>/dev/null | head -n 1 >/dev/null
[ -z "$(ls -A "$T/tmpdir")" ] || fail "replay | head left $(ls -A "$T/tmpdir") in \$TMPDIR"
ok "replay | head: killed by SIGPIPE, its scratch store removed"

# alert-retry: a store that is not there is not made (exit 2); a channel of neither the conf
# nor the store is a mistake (exit 2)
rc=0; "$NEWSWATCH" --db "$T/typo.db" alert-retry >/dev/null 2>"$T/ar.err" || rc=$?
[ $rc = 2 ] && [ ! -e "$T/typo.db" ] && grep -q "typo.db: No such file or directory" "$T/ar.err" ||
	{ cat "$T/ar.err"; fail "alert-retry on a store that is not there: exit $rc"; }
rc=0; "$NEWSWATCH" -c conf/demo.conf --db "$T/var/d.db" alert-retry consol >/dev/null 2>"$T/ar2.err" || rc=$?
[ $rc = 2 ] && grep -q "no \[alert consol\] in conf/demo.conf" "$T/ar2.err" || { cat "$T/ar2.err"; fail "alert-retry on a mistyped channel: exit $rc"; }
ok "alert-retry: no store made where none is (exit 2); a mistyped channel (exit 2)"

# --- replay's text: a feed's name padded by display columns (a Korean character takes two) ---
printf '[feed 한국경제]\nurl = https://example.com/k\n[feed wire]\nurl = https://example.com/w\n[story s]\nentity.o = OpenAI | 오픈AI\nmatch = o\n' >"$T/cjk.conf"
"$NEWSWATCH" -c "$T/cjk.conf" replay --format text 한국경제=conf/demo/ko-daily-0.xml 한국경제=conf/demo/ko-daily-1.xml \
	wire=conf/demo/wire-en-0.xml wire=conf/demo/wire-en-1.xml >"$T/cjk.out" 2>&1 || { cat "$T/cjk.out"; fail "replay with a Korean feed name"; }
$PY - "$T/cjk.out" <<'PY' || { cat "$T/cjk.out"; fail "replay's text: titles not in one column after a Korean feed name"; }
import sys, unicodedata
cols = set()
for line in open(sys.argv[1], encoding="utf-8"):
    for feed in ("한국경제", "wire"):
        if line.startswith("  " + feed + " "):
            head = line[:len(line) - len(line[2 + len(feed):].lstrip(" "))]
            cols.add(sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in head))
assert len(cols) == 1, cols
PY
ok "replay's text: a Korean feed name padded by display columns, its titles in line with the others"

# --- a title's bidi override, line separator or escape reaches no terminal or log line: parse's
# and replay's text, and the log notifier's alert, show it as '?' or a space ---
printf '{"version":"https://jsonfeed.org/version/1.1","title":"t","items":[]}' >"$T/bidi0.json"
$PY - "$T/bidi1.json" <<'PY'
import json, sys, datetime
now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
json.dump({"version": "https://jsonfeed.org/version/1.1", "title": "t", "items": [{"id": "1",
           "url": "https://e.example.com/1", "title": "Zorblax \u202eevil\u2028line \u001b[31mred",
           "date_published": now, "content_text": "Zorblax opens a lab."}]}, open(sys.argv[1], "w"))
PY
printf '[feed f1]\nurl = https://e.example.com/feed\nplugin = jsonfeed\n[story z]\nentity.z = Zorblax\nmatch = z\nalert = out\n[alert out]\nplugin = log\n' >"$T/bidi.conf"
"$NEWSWATCH" -c "$T/bidi.conf" replay --format text --deliver f1="$T/bidi0.json" f1="$T/bidi1.json" >"$T/bidi.out" 2>&1 ||
	{ cat "$T/bidi.out"; fail "replay of the bidi title"; }
"$NEWSWATCH" parse --plugin jsonfeed "$T/bidi1.json" >>"$T/bidi.out" 2>&1 || { cat "$T/bidi.out"; fail "parse of the bidi title"; }
grep -q 'ALERT \[z\] new #1: Zorblax ?evil line ?\?\[31mred' "$T/bidi.out" || { cat "$T/bidi.out"; fail "the alert line does not show the title made printable"; }
[ "$(grep -c 'Zorblax ?evil line ?\?\[31mred' "$T/bidi.out")" -ge 3 ] || { cat "$T/bidi.out"; fail "replay's or parse's text does not show the title made printable"; }
! LC_ALL=C grep -q $'\xe2\x80\xae\|\xe2\x80\xa8\|\x1b' "$T/bidi.out" || { od -c "$T/bidi.out" | head -40; fail "a bidi override, line separator or ESC reached the output"; }
ok "a title's U+202E and U+2028 (and ESC): '?' and a space in parse's and replay's text and the log notifier's alert"

# --- CMD --help: the summary, exit 0; a wrong option to alert-test: exit 2 at once (it hung) ---
for cmd in hits replay alert-test test-rule; do
	rc=0; timeout 10 "$NEWSWATCH" $cmd --help >"$T/help.out" 2>&1 </dev/null || rc=$?
	[ $rc = 0 ] && grep -q '^usage: newswatch' "$T/help.out" || { cat "$T/help.out"; fail "$cmd --help: exit $rc"; }
done
rc=0; timeout 10 "$NEWSWATCH" alert-test --bogus x >/dev/null 2>"$T/at.err" </dev/null || rc=$?
[ $rc = 2 ] && grep -q "unrecognized option '--bogus'" "$T/at.err" || { cat "$T/at.err"; fail "alert-test --bogus: exit $rc"; }
ok "CMD --help prints the summary (exit 0); alert-test with a wrong option exits 2 at once"

# --- a mistyped command: the one meant, not only the usage ---
rc=0; "$NEWSWATCH" stauts >/dev/null 2>"$T/typo.err" || rc=$?
[ $rc = 2 ] && grep -qx "newswatch: unknown command 'stauts'; did you mean 'status'?" "$T/typo.err" ||
	{ cat "$T/typo.err"; fail "newswatch stauts: exit $rc"; }
rc=0; "$NEWSWATCH" frobnicate >/dev/null 2>"$T/typo2.err" || rc=$?
[ $rc = 2 ] && grep -q "^usage: newswatch" "$T/typo2.err" && ! grep -q "did you mean" "$T/typo2.err" ||
	{ cat "$T/typo2.err"; fail "newswatch frobnicate: exit $rc"; }
ok "a mistyped command: did you mean 'status'? (exit 2); an unknown one: the usage"

# --- README's opening story, in a file of its own: test-rule tries it (its alert = team names
# no channel, which only a conf that delivers needs); --check-config says so ---
sed -n '/^```ini$/,/^```$/p' README.md | sed '1d;$d' | head -n 6 >"$T/top.conf"
grep -q '^alert = team' "$T/top.conf" || { cat "$T/top.conf"; fail "README's first ini block is not the story with alert = team"; }
"$NEWSWATCH" -c "$T/top.conf" test-rule "ＯｐｅｎＡＩ 샘알트먼" >"$T/top.out" 2>&1 && grep -q 'openai-microsoft: MATCH' "$T/top.out" ||
	{ cat "$T/top.out"; fail "test-rule on README's story alone"; }
rc=0; "$NEWSWATCHD" --check-config -c "$T/top.conf" >"$T/top.chk" 2>&1 || rc=$?
[ $rc = 1 ] && grep -q "top.conf:6: \[story openai-microsoft\]: alert 'team' names no \[alert team\] section" "$T/top.chk" ||
	{ cat "$T/top.chk"; fail "--check-config on README's story alone: exit $rc"; }
ok "README's opening story alone: test-rule matches it; --check-config names the missing channel"

# --- alert-test NAME reads NAME's secrets alone: another channel's credential of
# LoadCredential= (not there outside the service) is no error; NAME's own is ---
mkdir -p "$T/creds"
printf 's3cret\n' >"$T/creds/hook.secret" && chmod 600 "$T/creds/hook.secret"
printf '[daemon]\ndatabase = %s/cred.db\n[alert team]\nplugin = webhook\nurl = http://127.0.0.1:9/h\nsecret_file = hook.secret\n[alert me]\nplugin = log\n' "$T" >"$T/cred.conf"
env -u CREDENTIALS_DIRECTORY "$NEWSWATCH" -c "$T/cred.conf" alert-test me >"$T/cred1.out" 2>&1 ||
	{ cat "$T/cred1.out"; fail "alert-test me: another channel's credential made it fail"; }
rc=0; env -u CREDENTIALS_DIRECTORY "$NEWSWATCH" -c "$T/cred.conf" alert-test --print team >/dev/null 2>"$T/cred2.err" || rc=$?
[ $rc = 2 ] && grep -q "cred.conf:6: secret_file: 'hook.secret' is not an absolute path (a bare name is a credential of LoadCredential=" "$T/cred2.err" ||
	{ cat "$T/cred2.err"; fail "alert-test team without its credential: exit $rc"; }
CREDENTIALS_DIRECTORY="$T/creds" "$NEWSWATCH" -c "$T/cred.conf" alert-test --print team >"$T/cred3.out" 2>&1 &&
	grep -q '^X-Newswatch-Signature: sha256=' "$T/cred3.out" || { cat "$T/cred3.out"; fail "alert-test --print team with its credential"; }
ok "alert-test NAME reads NAME's secrets alone: another channel's LoadCredential= name is no error, its own is read or named"

# --- another program's database named as the store is refused, and left as it was (it was
# given newswatch's tables and switched to WAL); an empty file is a new store ---
sqlite3 "$T/other.db" "CREATE TABLE moz_places(url TEXT); INSERT INTO moz_places VALUES ('https://example.org/')"
sqlite3 "$T/other5.db" "CREATE TABLE t(x); PRAGMA user_version = 5"
printf '<rss><channel><title>x</title></channel></rss>' >"$T/empty.xml"
for db in other other5; do
	rc=0; "$NEWSWATCH" replay --db "$T/$db.db" "$T/empty.xml" >/dev/null 2>"$T/$db.err" || rc=$?
	[ $rc = 2 ] && grep -q "$db.db: not a newswatch store" "$T/$db.err" ||
		{ cat "$T/$db.err"; fail "replay --db $db.db: exit $rc"; }
done
[ "$(sqlite3 "$T/other.db" "PRAGMA journal_mode; SELECT group_concat(name) FROM sqlite_master")" = "delete
moz_places" ] || fail "replay changed another program's database"
[ "$(sqlite3 "$T/other5.db" "PRAGMA journal_mode; SELECT group_concat(name) FROM sqlite_master")" = "delete
t" ] || fail "replay changed a database of schema version 5 that is not a store"
printf '[daemon]\ndatabase = %s/other.db\n[feed f]\nurl = http://127.0.0.1:9/f.xml\n' "$T" >"$T/other.conf"
rc=0; "$NEWSWATCHD" -c "$T/other.conf" --once >/dev/null 2>"$T/otherd.err" || rc=$?
[ $rc != 0 ] && grep -q "other.db: not a newswatch store (it holds tables such as moz_places" "$T/otherd.err" ||
	{ cat "$T/otherd.err"; fail "newswatchd on another program's database: exit $rc"; }
: >"$T/zero.db"
"$NEWSWATCH" replay --db "$T/zero.db" "$T/empty.xml" >/dev/null || fail "replay on an empty file: not made a store"
ok "another program's database as the store: refused and left as it was (newswatchd, replay); an empty file becomes one"

# --- a development's number is its number in the story (the row's id counted every story's):
# replay, timeline and hits; a store of schema 13 gets them by its developments' order ---
printf '[story alpha]\nentity.a = Alphacorp\n[story beta]\nentity.b = Betasoft\n' >"$T/two.conf"
item() { printf '<item><title>%s</title><link>https://w.example/%s</link><pubDate>Mon, 20 Nov 2023 %s:00:00 GMT</pubDate><description>%s</description></item>\n' "$@"; }
{
	printf '<rss version="2.0"><channel><title>wire</title>\n'
	item "Alphacorp opens a factory in Ohio" 1 07 "Alphacorp said on Monday it will open a battery factory in Ohio employing 500 people."
	item "Betasoft recalls its routers" 2 08 "Betasoft is recalling two million routers after reports of overheating power supplies."
	item "Betasoft chief executive resigns" 3 09 "The chief executive of Betasoft resigned on Monday after the board lost confidence in him."
	item "Alphacorp sued by regulators over pricing" 4 10 "Regulators sued Alphacorp in federal court, alleging it fixed prices with rivals for years."
	item "Alphacorp to buy Gammaworks for \$2 billion" 5 11 "Alphacorp agreed to acquire the chip designer Gammaworks in a cash deal worth two billion dollars."
	printf '</channel></rss>\n'
} >"$T/two1.xml"
"$NEWSWATCH" -c "$T/two.conf" --db "$T/two.db" replay wire="$T/empty.xml" wire="$T/two1.xml" >"$T/two.jsonl" || fail "replay of two stories"
devs=$($PY -c 'import json,sys; print(" ".join("%s:%s" % (s["story"], s["development"]) for l in open(sys.argv[1]) for s in json.loads(l)["stories"]))' "$T/two.jsonl")
[ "$devs" = "alpha:1 beta:1 beta:2 alpha:2 alpha:3" ] || fail "replay: developments numbered '$devs', not in each story"
tl() { "$NEWSWATCH" --db "$T/two.db" --json timeline "$1" | $PY -c 'import json,sys; print(" ".join(str(r["development"]) for r in json.load(sys.stdin)))'; }
[ "$(tl alpha)/$(tl beta)" = "1 2 3/1 2" ] || fail "timeline: '$(tl alpha)/$(tl beta)'"
h=$("$NEWSWATCH" --db "$T/two.db" --json hits | $PY -c 'import json,sys; print(" ".join("%s:%s" % (r["story"], r["development"]) for r in json.load(sys.stdin)))')
[ "$h" = "alpha:3 alpha:2 beta:2 beta:1 alpha:1" ] || fail "hits: '$h'"
sqlite3 "$T/two.db" "ALTER TABLE developments DROP COLUMN number; ALTER TABLE stories DROP COLUMN developments_made; ALTER TABLE fingerprints DROP COLUMN lede; ALTER TABLE feeds DROP COLUMN holds; ALTER TABLE feeds DROP COLUMN paced; ALTER TABLE feeds DROP COLUMN fail_kind; ALTER TABLE feeds DROP COLUMN kind_since; ALTER TABLE alerts DROP COLUMN refused; PRAGMA user_version = 13" ||
	fail "making a schema 13 store"
[ "$(tl alpha)" = "1 4 5" ] 2>/dev/null || fail "timeline of a schema 13 store, read-only: '$(tl alpha)'"
"$NEWSWATCH" -c "$T/two.conf" --db "$T/two.db" replay wire="$T/empty.xml" >/dev/null 2>&1 || fail "replay updating a schema 13 store"
[ "$(tl alpha)/$(tl beta)" = "1 2 3/1 2" ] || fail "timeline after the update to 14: '$(tl alpha)/$(tl beta)'"
item "Betasoft opens an office in Seoul" 6 12 "Betasoft opened its first Asian office in Seoul, hiring 40 engineers." |
	sed '1i <rss version="2.0"><channel><title>wire</title>' | sed '$a </channel></rss>' >"$T/two2.xml"
"$NEWSWATCH" -c "$T/two.conf" --db "$T/two.db" replay wire="$T/two2.xml" | grep -q '"story": *"beta", *"verdict": *"new", *"development": *3' ||
	fail "the next development of an updated store is not number 3"
ok "a development's number is its number in the story: replay, timeline, hits; a schema 13 store updated to 15 numbers them in order"

# --- replay --deliver into a reader that stops (| head): ends quietly, as SIGPIPE ends the
# other commands (SIGPIPE is ignored while alerts are sent: it went on, "Broken pipe", exit 1) ---
rc=$( { "$NEWSWATCH" -c conf/demo.conf replay --format text --deliver $(grep -v '^#' conf/demo/replay.list) 2>"$T/dpipe.err"; echo $? >"$T/dpipe.rc"; } | head -n 1 >/dev/null; cat "$T/dpipe.rc")
# (an alert the log notifier wrote before head was gone is sent, and said: a race with head)
[ "$rc" = 141 ] && ! grep -v '^newswatch: alert [0-9a-f]* sent via \[alert console\]$' "$T/dpipe.err" | grep -q . ||
	{ cat "$T/dpipe.err"; fail "replay --deliver | head: exit $rc"; }
# a feed's name, or its file's, in another encoding: its bytes replaced in the JSON, "feed" kept
cp conf/demo/wire-en-1.xml "$T/$(printf 'caf\xe9').xml"
"$NEWSWATCH" replay "$T/$(printf 'caf\xe9').xml" | head -n 1 | grep -q '^{"feed":"caf\\ufffd"\|^{"feed":"caf�"' ||
	fail "replay of a file named in Latin-1: no feed in its JSON"
ok "replay --deliver | head ends quietly (141); a feed named in another encoding keeps its feed key"
# a store of a newer newswatch, read by this one: a warning (it read it silently)
cp "$T/two.db" "$T/newer.db" && sqlite3 "$T/newer.db" "PRAGMA user_version = 99"
"$NEWSWATCH" --db "$T/newer.db" status >/dev/null 2>"$T/newer.err" && grep -q "has schema 99, newer than this newswatch" "$T/newer.err" ||
	{ cat "$T/newer.err"; fail "status on a store of a newer schema: no warning"; }
ok "a store of a newer schema is read with a warning"
