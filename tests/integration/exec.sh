#!/bin/bash
# exec.sh — a feed from a command (plugin = exec): run without a shell by newswatchd --once,
# its stdout parsed as RSS; a command over its timeout is killed and recorded as a failure,
# while the other feed still flows. An alert command inherits no TCP connection of the
# daemon's and not its store.
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
[feed junk]
plugin = exec
command = /bin/echo "this is not a feed"
[feed noisy]
plugin = exec
command = /bin/sh -c "echo 'first complaint' >&2; printf 'second \\033[31mcomplaint' >&2; $script noisy"
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
err=$(sqlite3 "$T/store.db" "SELECT last_error FROM feeds WHERE name = 'junk'")
case $err in "its command's output: "*) ;; *) fail "junk: last_error '$err' does not say what could not be read" ;; esac
ok "a command whose output is no feed: '$err'"
grep -q '^newswatchd: warning: feed noisy: first complaint$' "$T/err" &&
	grep -q 'feed noisy: second ?\[31mcomplaint$' "$T/err" && ! grep -q '^first complaint' "$T/err" ||
	{ cat "$T/err"; fail "a command's standard error is not logged line by line under its feed's name"; }
ok "a command's standard error in the log, a line at a time, under its feed: '$(grep -m1 'feed noisy: first' "$T/err")'"

# a command that leaves something behind holding its standard error, or its standard output
# (that one was failed as killed after the timeout): its feed is read once it is done (a
# second's grace), not failed as timed out
linger() { # linger NAME WHAT COMMAND
	local name=$1 what=$2 cmd=$3 start took
	printf '[daemon]\ndatabase = %s/%s.db\n[feed lingering]\nplugin = exec\ncommand = /bin/sh -c "%s"\ntimeout = 6s\n' \
		"$T" "$name" "$cmd" >"$T/$name.conf"
	start=$(date +%s%N)
	"$NEWSWATCHD" --once -c "$T/$name.conf" >/dev/null 2>"$T/$name.err" || { cat "$T/$name.err"; fail "--once ($name)"; }
	took=$(( ($(date +%s%N) - start) / 1000000 ))
	[ -z "$(sqlite3 "$T/$name.db" "SELECT last_error FROM feeds WHERE name = 'lingering'")" ] &&
		[ "$(sqlite3 "$T/$name.db" 'SELECT count(*) FROM sightings')" = 2 ] && [ "$took" -lt 5000 ] ||
		{ cat "$T/$name.err"; fail "a command whose child held its $what: $(sqlite3 "$T/$name.db" "SELECT last_error FROM feeds") after $took ms"; }
	ok "a command whose child holds its $what: stored, in $took ms (timeout 6s)"
}
linger linger "standard error" "sleep 8 >&2 & exec $script lingering"
linger linger2 "standard output" "$script lingering; sleep 8 &"

# commands count against max_transfers too: with max_transfers = 2, three feeds' commands of
# a second each never run three at once, and all three are stored
{
	printf '[daemon]\ndatabase = %s/jobs.db\nmax_transfers = 2\n' "$T"
	for n in 1 2 3; do
		printf '[feed job%s]\nplugin = exec\ncommand = /bin/sh -c "echo + >> %s/jobs.log; %s --sleep 1 tag%s; echo - >> %s/jobs.log"\n' \
			"$n" "$T" "$script" "$n" "$T"
	done
} > "$T/jobs.conf"
"$NEWSWATCHD" --once -c "$T/jobs.conf" >/dev/null 2>"$T/jobs.err" || { cat "$T/jobs.err"; fail "--once with three commands"; }
[ "$(sqlite3 "$T/jobs.db" "SELECT count(DISTINCT feed_id) FROM sightings")" = 3 ] || { cat "$T/jobs.err"; fail "the three commands' feeds were not all stored"; }
most=$(awk '$1 == "+" { n++; if (n > m) m = n } $1 == "-" { n-- } END { print m }' "$T/jobs.log")
[ "$most" -ge 1 ] && [ "$most" -le 2 ] || { cat "$T/jobs.log"; fail "max_transfers = 2: $most commands ran at once"; }
ok "max_transfers = 2: three commands, at most $most at once, all three stored"

# an alert command waiting for its turn goes before the feeds' commands that wait
{
	printf '[daemon]\ndatabase = %s/order.db\nmax_transfers = 1\n' "$T"
	for n in 1 2 3; do
		printf '[feed o%s]\nplugin = exec\ncommand = /bin/sh -c "echo F%s+ >> %s/order.log; %s --sleep 1 o%s; echo F%s- >> %s/order.log"\n' \
			"$n" "$n" "$T" "$script" "$n" "$n" "$T"
	done
	printf '[alert cmd]\nplugin = exec\ncommand = /bin/sh -c "echo A >> %s/order.log; echo said by the alert; cat > /dev/null"\n' "$T"
} > "$T/order.conf"
"$NEWSWATCHD" --once -c "$T/order.conf" >/dev/null 2>"$T/order.err" || { cat "$T/order.err"; fail "--once (order, 1)"; }
sqlite3 "$T/order.db" "INSERT INTO alerts(alert_id, channel, story, payload, created, next_attempt)
VALUES ('order-1', 'cmd', 's', '{\"id\": \"order-1\", \"kind\": \"new\", \"title\": \"Order\"}', strftime('%s','now'), 0)" ||
	fail "queueing an alert"
: >"$T/order.log"
"$NEWSWATCHD" --once -c "$T/order.conf" >/dev/null 2>"$T/order.err" || { cat "$T/order.err"; fail "--once (order, 2)"; }
order=$(tr '\n' ' ' <"$T/order.log")
case $order in *"A "*"F3+"*) ;; *) fail "the alert command waited behind the feeds' commands: $order" ;; esac
[ "$(sqlite3 "$T/order.db" "SELECT state FROM alerts WHERE alert_id = 'order-1'")" = sent ] || fail "the alert was not sent"
grep -q '\[alert cmd\]: said by the alert$' "$T/order.err" || { cat "$T/order.err"; fail "what the alert command said is not logged under its channel"; }
ok "max_transfers = 1: the alert command went before the feed commands waiting ($order)"
"$NEWSWATCH" -c "$T/order.conf" alert-test cmd >"$T/at.out" 2>&1 || { cat "$T/at.out"; fail "alert-test cmd"; }
grep -q '\[alert cmd\]: said by the alert$' "$T/at.out" || { cat "$T/at.out"; fail "alert-test: the command's output not under its channel"; }
ok "alert-test: what the command says is logged under [alert cmd] (it said [alert (null)])"

# an alert command inherits no descriptor of the daemon's: not the store, and not the
# connection to nginx that libcurl keeps open after the fetch (libcurl 7.88 opens its
# sockets without close-on-exec; newswatchd opens them itself)
mkdir -p "$T/www"
chmod 755 "$T/www"
start_nginx "$T/www"
cat > "$T/fd.conf" <<CONF
[daemon]
database = $T/fd.db
[feed wire]
url = http://127.0.0.1:$NGINX_PORT/feed.xml
[story s]
entity.x = Zorblax
match = x
alert = cmd
[alert cmd]
plugin = exec
command = /bin/sh -c "ls -l /proc/self/fd > $T/fds; cat /proc/net/tcp /proc/net/tcp6 > $T/tcp; cat > /dev/null"
CONF
feed_item "Zorblax opens a lab in Busan"
"$NEWSWATCHD" --once -c "$T/fd.conf" 2>"$T/fd1.err" || { cat "$T/fd1.err"; fail "--once (backlog)"; }
feed_item "Zorblax recalls 9,000 scooters after battery fires"
"$NEWSWATCHD" --once -c "$T/fd.conf" 2>"$T/fd2.err" || { cat "$T/fd2.err"; fail "--once (alert)"; }
[ -s "$T/fds" ] || { cat "$T/fd2.err"; fail "the alert command did not run"; }
# the command's own sockets may be there (its stdin is a socket pair), a TCP connection not
# (the connections open while it ran: their inodes)
tcp=$(awk '$10 ~ /^[0-9]+$/ { print $10 }' "$T/tcp")
for ino in $(grep -o 'socket:\[[0-9]*\]' "$T/fds" | tr -dc '0-9\n'); do
	printf '%s\n' "$tcp" | grep -qx "$ino" && { cat "$T/fds"; fail "the alert command inherited a TCP connection (socket $ino)"; }
done
grep -q 'fd\.db' "$T/fds" && { cat "$T/fds"; fail "the alert command inherited the store"; }
# nothing past its standard streams and the folder ls reads (3): not libcurl's wake-up
# socketpair either, which curl_multi_init opens without close-on-exec
extra=$(awk '/->/ && $9 + 0 > 3 { print $9 " -> " $11 }' "$T/fds")
[ -z "$extra" ] || { cat "$T/fds"; fail "the alert command inherited: $extra"; }
ok "the alert command inherits $(grep -c -- '->' "$T/fds") descriptors: its standard streams only (no TCP connection of the daemon's, not the store, not libcurl's socketpair)"

# what a feed's command leaves running in the background goes with it: one that holds its
# output (killed after the second of grace) and one that does not (SIGTERM once it exited)
cat > "$T/bg.conf" <<CONF
[daemon]
database = $T/bg.db
[feed held]
plugin = exec
command = /bin/sh -c "sleep 300 & echo \$! > $T/held.pid; $script held"
[feed loose]
plugin = exec
command = /bin/sh -c "sleep 300 >/dev/null 2>&1 & echo \$! > $T/loose.pid; $script loose"
CONF
"$NEWSWATCHD" --once -c "$T/bg.conf" 2>"$T/bg.err" || { cat "$T/bg.err"; fail "--once (background children)"; }
for k in held loose; do
	[ -s "$T/$k.pid" ] || { cat "$T/bg.err"; fail "$k: the command did not run"; }
	pid=$(cat "$T/$k.pid")
	for _ in $(seq 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
	kill -0 "$pid" 2>/dev/null && { kill "$pid"; fail "$k: the command's background child still runs after --once"; }
done
[ "$(sqlite3 "$T/bg.db" "SELECT count(*) FROM feeds WHERE last_status = 200")" = 2 ] ||
	{ cat "$T/bg.err"; fail "a command that left a child running did not succeed"; }
ok "a feed's command that leaves a child in the background: the feed read, the child stopped (held its output or not)"

# a command that says the same on its standard error at every run: a warning the first time,
# a debug message after; a new line is a warning again
cat > "$T/chatty.sh" <<SH
#!/bin/sh
n=\$(cat "$T/chatty.n" 2>/dev/null || echo 0); n=\$((n + 1)); echo \$n > "$T/chatty.n"
echo "DeprecationWarning: old API" >&2
[ \$n -ge 3 ] && echo "ValueError: run \$n" >&2
exec $script chatty
SH
chmod +x "$T/chatty.sh"
printf '[daemon]\ndatabase = %s/chatty.db\n[feed chatty]\nplugin = exec\ncommand = %s/chatty.sh\ninterval = 1s\n' "$T" "$T" >"$T/chatty.conf"
"$NEWSWATCHD" -v -c "$T/chatty.conf" 2>"$T/chatty.err" &
cpid=$!
for _ in $(seq 100); do [ "$(cat "$T/chatty.n" 2>/dev/null)" -ge 4 ] 2>/dev/null && break; sleep 0.1; done
sleep 0.5
kill "$cpid"; wait "$cpid"
[ "$(cat "$T/chatty.n")" -ge 4 ] || { cat "$T/chatty.err"; fail "the chatty command did not run 4 times"; }
[ "$(grep -c 'warning: feed chatty: DeprecationWarning: old API$' "$T/chatty.err")" = 1 ] ||
	{ cat "$T/chatty.err"; fail "the same standard error line is a warning at every run"; }
grep -q 'feed chatty: DeprecationWarning: old API (as at its last run)' "$T/chatty.err" ||
	{ cat "$T/chatty.err"; fail "the repeated line is not a debug message"; }
grep -q 'warning: feed chatty: ValueError: run 3$' "$T/chatty.err" && grep -q 'warning: feed chatty: ValueError: run 4$' "$T/chatty.err" ||
	{ cat "$T/chatty.err"; fail "a new line on standard error is not a warning"; }
ok "a command's standard error: a line said again at the next run is a debug message; a new one a warning"

# newswatch parse runs an exec plugin's command (it parsed the FILE given instead, or wanted one)
"$NEWSWATCH" -c /dev/null --json parse --plugin exec --set "command=$script \"quoted tag\"" >"$T/pe.json" 2>"$T/pe.err" ||
	{ cat "$T/pe.err"; fail "parse --plugin exec --set command=..."; }
grep -qF '오픈AI, 샘 알트먼 CEO 복귀 합의' "$T/pe.json" || { cat "$T/pe.json"; fail "parse --plugin exec: not the command's output"; }
rc=0; "$NEWSWATCH" -c /dev/null parse --plugin exec --set "command=/bin/false" >/dev/null 2>"$T/pe2.err" || rc=$?
[ $rc = 1 ] && grep -q 'command /bin/false: exit status 1' "$T/pe2.err" || { cat "$T/pe2.err"; fail "parse of a failing command: exit $rc"; }
ok "newswatch parse --plugin exec --set command=...: the command's output parsed; a failing command said (exit 1)"
