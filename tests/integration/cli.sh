#!/bin/bash
# cli.sh — `newswatch` reading stores as people do: a member of the store's group reads it
# while the daemon is stopped (the -wal and -shm files stay); a store of an older schema is
# read with a warning; a damaged store is an error, not an empty answer.
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
fi

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
