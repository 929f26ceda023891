#!/bin/bash
# exec.sh — a feed from a command (plugin = exec): run without a shell by newswatchd --once,
# its stdout parsed as RSS; a command over its timeout is killed and recorded as a failure,
# while the other feed still flows.
. "$top_srcdir/tests/integration/lib.sh" || exit 99
script="$top_srcdir/tests/data/plugins/exec-feed.sh"
[ -x "$script" ] || fail "no $script"
cat > "$T/nw.conf" <<CONF
[daemon]
database = $T/store.db
[feed script]
plugin = exec
command = $script "quoted tag"
[feed sleepy]
plugin = exec
command = $script --sleep 5
timeout = 1s
CONF
start=$(date +%s)
"$NEWSWATCHD" --once -c "$T/nw.conf" >"$T/out" 2>"$T/err" || { cat "$T/err"; fail "--once"; }
[ $(( $(date +%s) - start )) -lt 5 ] || fail "the slow command was not cut at its timeout"
[ "$(sqlite3 "$T/store.db" "SELECT count(*) FROM sightings s JOIN feeds f ON f.id = s.feed_id WHERE f.name = 'script'")" = 2 ] \
	|| { cat "$T/err"; fail "the command's two items were not stored"; }
sqlite3 "$T/store.db" "SELECT title FROM articles" | grep -qF '오픈AI, 샘 알트먼 CEO 복귀 합의' || fail "no Korean title from the command"
err=$(sqlite3 "$T/store.db" "SELECT last_error FROM feeds WHERE name = 'sleepy'")
case $err in *timeout*) ;; *) fail "sleepy: last_error '$err' does not say timeout" ;; esac
ok "exec feed stored; a command over its timeout killed and recorded: $err"
