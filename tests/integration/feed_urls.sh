#!/bin/bash
# feed_urls.sh — what newswatchd does with a feed's address, against nginx on loopback: a
# password in the URL authenticates the transfer but is shown nowhere (log, last_error,
# `newswatch feeds`, the "moved permanently" line) nor kept in an item's resolved link; a moved feed whose new address keeps
# failing tries its configured one, and goes back to it only if it answers; a Last-Modified in the future is no validator; a
# redirect from https to http is not followed, so never recorded as a move; a password goes along
# from http to https on the feed's host, not to another host; a FILE:// url is read.
. "$top_srcdir/tests/integration/lib.sh" || exit 99
mkdir -p "$T/www/p" && chmod 755 "$T/www" "$T/www/p"
feed_item "OpenAI names a new chief"
cp "$T/www/feed.xml" "$T/www/p/feed.xml" && cp "$T/www/feed.xml" "$T/www/plain.xml" && chmod 644 "$T/www/p/feed.xml" "$T/www/plain.xml"
# the private feed also links an item relatively: resolved against the feed's address, its
# link must not take the password along
sed -i 's|</channel>|<item><title>Relative</title><guid isPermaLink="false">rel</guid><link>story-2.html</link></item></channel>|' "$T/www/p/feed.xml"
printf 'alice:{PLAIN}s3cret\n' >"$T/htpasswd" && chmod 644 "$T/htpasswd"
"$top_srcdir/tests/integration/make_cert.sh" "$T/tls" || fail "make_cert.sh"
NGINX_EXTRA="location /p/ { auth_basic private; auth_basic_user_file $T/htpasswd; }
	location = /p/old.xml { auth_basic private; auth_basic_user_file $T/htpasswd; return 301 /p/feed.xml; }
	location = /p/broken.xml { auth_basic private; auth_basic_user_file $T/htpasswd; return 200 'not a feed'; }
	listen 127.0.0.1:${SSL_PORT:=$(free_port)} ssl; ssl_certificate $T/tls/server.pem; ssl_certificate_key $T/tls/server.key;
	listen 127.0.0.1:${PLAIN_PORT:=$(free_port)};
	location = /down.xml { return 301 http://127.0.0.1:$PLAIN_PORT/plain.xml; }
	location = /future.xml { if (\$http_if_modified_since) { return 418; } }
	location = /up.xml { return 301 https://127.0.0.1:$SSL_PORT/feed.xml; }
	location = /p/up.xml { return 301 https://127.0.0.1:$SSL_PORT/p/feed.xml; }
	location = /p/away.xml { return 301 https://localhost:$SSL_PORT/p/feed.xml; }
	location = /p/hop.xml { return 301 http://localhost:$PLAIN_PORT/p/away.xml; }" \
	start_nginx "$T/www"
P="http://alice:s3cret@127.0.0.1:$NGINX_PORT/p"

# --- a password in the URL: used, never shown ---
cat > "$T/ui.conf" <<CONF
[daemon]
database = $T/ui.db
[feed private]
url = $P/feed.xml
[feed missing]
url = $P/missing.xml
[feed moved]
url = $P/old.xml
[feed broken]
url = $P/broken.xml
[feed short]
url = http://u:p@127.0.0.1:$NGINX_PORT/p/short.xml
CONF
"$NEWSWATCHD" --once -v -c "$T/ui.conf" >"$T/ui.out" 2>"$T/ui.err" || { cat "$T/ui.err"; fail "--once with passwords in URLs"; }
[ "$(sql "$T/ui.db" "SELECT failures FROM feeds WHERE name = 'private'")" = 0 ] ||
	fail "the private feed did not authenticate: $(sql "$T/ui.db" "SELECT last_error FROM feeds WHERE name = 'private'")"
[ "$(sql "$T/ui.db" "SELECT count(*) FROM sightings")" -ge 2 ] || fail "no items from the private feeds"
grep -q "feed missing: http://alice:\*\*\*@127.0.0.1:$NGINX_PORT/p/missing.xml: HTTP 404" "$T/ui.err" ||
	{ cat "$T/ui.err"; fail "no warning naming the missing feed's address without its password"; }
grep -q "feed broken: http://alice:\*\*\*@127.0.0.1:$NGINX_PORT/p/broken.xml: " "$T/ui.err" ||
	{ cat "$T/ui.err"; fail "no parse error naming the broken feed's address without its password"; }
grep -q "feed moved: http://alice:\*\*\*@127.0.0.1:$NGINX_PORT/p/old.xml moved permanently to " "$T/ui.err" ||
	{ cat "$T/ui.err"; fail "no 'moved permanently' line without the password"; }
"$NEWSWATCH" --db "$T/ui.db" feeds >"$T/feeds.txt" 2>&1 || { cat "$T/feeds.txt"; fail "newswatch feeds"; }
"$NEWSWATCH" --db "$T/ui.db" --json feeds >>"$T/feeds.txt" 2>&1 || { cat "$T/feeds.txt"; fail "newswatch feeds --json"; }
grep -q 'alice:\*\*\*@' "$T/feeds.txt" || { cat "$T/feeds.txt"; fail "newswatch feeds shows no address"; }
grep -q "\"http://u:\*\*\*@127.0.0.1:$NGINX_PORT/p/short.xml\"" "$T/feeds.txt" ||
	{ cat "$T/feeds.txt"; fail "newswatch feeds cut an address whose password is shorter than ***"; }
# the command line resolves links as the daemon does
"$NEWSWATCH" parse --json "$P/feed.xml" >"$T/parse.json" 2>&1 || { cat "$T/parse.json"; fail "newswatch parse of the private feed"; }
grep -q "\"http://127.0.0.1:$NGINX_PORT/p/story-2.html\"" "$T/parse.json" || { cat "$T/parse.json"; fail "newswatch parse: the relative link"; }
! grep -n s3cret "$T/parse.json" || fail "the password is in newswatch parse's output"
for f in "$T/ui.out" "$T/ui.err" "$T/feeds.txt"; do
	! grep -n s3cret "$f" || fail "the password is in $(basename "$f")"
done
[ "$(sql "$T/ui.db" "SELECT count(*) FROM feeds WHERE instr(coalesce(last_error, '') || coalesce(warning, ''), 's3cret')")" = 0 ] ||
	fail "the password is in a stored message"
[ "$(sql "$T/ui.db" "SELECT link FROM articles WHERE title = 'Relative'")" = "http://127.0.0.1:$NGINX_PORT/p/story-2.html" ] ||
	fail "the relative item link: $(sql "$T/ui.db" "SELECT link FROM articles WHERE title = 'Relative'")"
[ "$(sql "$T/ui.db" "SELECT count(*) FROM articles WHERE instr(coalesce(link, ''), 's3cret')")" = 0 ] ||
	fail "the password is in a stored item link"
ok "a password in a feed's URL: the transfer authenticates; log, last_error and 'newswatch feeds' show alice:***@"

# --- a feed that moved, whose new address keeps failing: after three failures in a row
# there, the conf's address is tried ---
cp "$T/www/feed.xml" "$T/www/m-old.xml" && chmod 644 "$T/www/m-old.xml"
printf '[daemon]\ndatabase = %s\n[feed m]\nurl = http://127.0.0.1:%s/m-old.xml\n' "$T/m.db" "$NGINX_PORT" >"$T/m.conf"
"$NEWSWATCHD" --once -c "$T/m.conf" 2>"$T/m0.err" || { cat "$T/m0.err"; fail "--once: feed m"; }
sql "$T/m.db" "UPDATE feeds SET moved_to = 'http://127.0.0.1:$NGINX_PORT/m-new.xml', moved_count = 3"
for i in 1 2 3 4; do
	"$NEWSWATCHD" --once -c "$T/m.conf" 2>"$T/m$i.err" || { cat "$T/m$i.err"; fail "--once $i: feed m"; }
done
[ "$(grep -c 'GET /m-new.xml' "$T/nginx/access.log")" = 3 ] || { grep m- "$T/nginx/access.log"; fail "the new address was not polled 3 times"; }
[ "$(grep -c 'GET /m-old.xml' "$T/nginx/access.log")" = 2 ] || { grep m- "$T/nginx/access.log"; fail "the conf's address was not polled again"; }
grep -q "warning: feed m: http://127.0.0.1:$NGINX_PORT/m-new.xml, where it moved, failed (3 failures in a row): trying http://127.0.0.1:$NGINX_PORT/m-old.xml again" "$T/m3.err" ||
	{ cat "$T/m3.err"; fail "no warning at the third failure"; }
grep -q "m-old.xml answers again: the move to http://127.0.0.1:$NGINX_PORT/m-new.xml is over" "$T/m4.err" ||
	{ cat "$T/m4.err"; fail "no line saying the move is over"; }
[ "$(sql "$T/m.db" "SELECT failures || ' ' || moved_count || ' ' || coalesce(moved_to, '-') FROM feeds")" = "0 0 -" ] ||
	fail "feed m after its fourth run: $(sql "$T/m.db" 'SELECT * FROM feeds')"
ok "a moved feed failing 3 times at its new address: its configured URL tried, which answers: the move is over"

# --- the same, but the configured address is gone for good (the reason it moved) and the
# new one is down for a while: the move is kept, and the feed polled there when it is back ---
printf '[daemon]\ndatabase = %s\n[feed g]\nurl = http://127.0.0.1:%s/g-gone.xml\n' "$T/g.db" "$NGINX_PORT" >"$T/g.conf"
"$NEWSWATCHD" --once -c "$T/g.conf" 2>"$T/g0.err" # the first poll fails: gone
sql "$T/g.db" "UPDATE feeds SET failures = 0, moved_to = 'http://127.0.0.1:$NGINX_PORT/g-new.xml', moved_count = 3"
for i in 1 2 3 4 5; do
	"$NEWSWATCHD" --once -c "$T/g.conf" 2>"$T/g$i.err" || { cat "$T/g$i.err"; fail "--once $i: feed g"; }
done
[ "$(sql "$T/g.db" "SELECT failures || ' ' || moved_count || ' ' || coalesce(moved_to, '-') FROM feeds")" = "5 3 http://127.0.0.1:$NGINX_PORT/g-new.xml" ] ||
	fail "feed g after 5 failing runs: $(sql "$T/g.db" 'SELECT * FROM feeds')"
cp "$T/www/feed.xml" "$T/www/g-new.xml" && chmod 644 "$T/www/g-new.xml"
for i in 6 7; do # the sixth is the conf's address's turn; the seventh the new one's
	"$NEWSWATCHD" --once -c "$T/g.conf" 2>"$T/g$i.err" || { cat "$T/g$i.err"; fail "--once $i: feed g"; }
done
[ "$(grep -c 'GET /g-gone.xml' "$T/nginx/access.log")" = 3 ] || { grep g- "$T/nginx/access.log"; fail "the gone address was not tried in turn"; }
[ "$(grep -c 'GET /g-new.xml' "$T/nginx/access.log")" = 5 ] || { grep g- "$T/nginx/access.log"; fail "the new address was not polled in turn"; }
[ "$(sql "$T/g.db" "SELECT failures || ' ' || moved_count || ' ' || coalesce(moved_to, '-') FROM feeds")" = "0 3 http://127.0.0.1:$NGINX_PORT/g-new.xml" ] ||
	fail "feed g once its new address is back: $(sql "$T/g.db" 'SELECT * FROM feeds')"
ok "a moved feed whose configured address is gone: the move outlives an outage of the new one"

# --- a Last-Modified in the future (a file dated next year) is not kept as a validator,
# and one stored before is not sent: the server here answers 418 to any If-Modified-Since ---
cp "$T/www/feed.xml" "$T/www/future.xml" && chmod 644 "$T/www/future.xml" && touch -d '+1 year' "$T/www/future.xml"
printf '[daemon]\ndatabase = %s\n[feed future]\nurl = http://127.0.0.1:%s/future.xml\n' "$T/lm.db" "$NGINX_PORT" >"$T/lm.conf"
for i in 1 2 3; do
	[ $i = 3 ] && sql "$T/lm.db" "UPDATE feeds SET last_modified = '$(date -u -R -d '+1 year' | sed 's/+0000/GMT/')'"
	"$NEWSWATCHD" --once -c "$T/lm.conf" 2>"$T/lm$i.err" || { cat "$T/lm$i.err"; fail "--once $i: feed future"; }
	[ "$(sql "$T/lm.db" "SELECT failures FROM feeds")" = 0 ] || { cat "$T/lm$i.err"; fail "run $i: If-Modified-Since with a date in the future"; }
	[ $i = 3 ] || [ -z "$(sql "$T/lm.db" "SELECT last_modified FROM feeds")" ] || fail "run $i: a Last-Modified in the future stored"
done
ok "a Last-Modified a year ahead: not stored, and a stored one not sent"

# --- https: the daemon trusts the test CA only inside a mount namespace of its own, where
# the test CA is bind-mounted over the system's bundle (libcurl reads no variable for it) ---
tls() { unshare -m sh -c 'mount --bind "$0" /etc/ssl/certs/ca-certificates.crt && exec "$@"' "$T/tls/ca.pem" "$@"; }
if ! tls true 2>/dev/null; then
	echo "# skipped: the https checks (no unshare -m here)"
	exit 0
fi
# a permanent redirect from https to http is not followed, so never recorded as a move; one
# to https is
cat > "$T/tls.conf" <<CONF
[daemon]
database = $T/tls.db
[feed down]
url = https://127.0.0.1:$SSL_PORT/down.xml
[feed up]
url = http://127.0.0.1:$NGINX_PORT/up.xml
[feed private-up]
url = http://alice:s3cret@127.0.0.1:$NGINX_PORT/p/up.xml
[feed private-away]
url = http://alice:s3cret@127.0.0.1:$NGINX_PORT/p/away.xml
[feed private-hop]
url = http://alice:s3cret@127.0.0.1:$NGINX_PORT/p/hop.xml
CONF
tls "$NEWSWATCHD" --once -c "$T/tls.conf" >/dev/null 2>"$T/tls.err" || { cat "$T/tls.err"; fail "--once over https"; }
[ "$(sql "$T/tls.db" "SELECT failures || ' ' || moved_count || ' ' || coalesce(moved_to, '-') FROM feeds WHERE name = 'up'")" = \
	"0 1 https://127.0.0.1:$SSL_PORT/feed.xml" ] || { cat "$T/tls.err"; fail "http to https: not followed, or not counted as a move"; }
[ "$(sql "$T/tls.db" "SELECT failures || ' ' || moved_count || ' ' || coalesce(moved_to, '-') FROM feeds WHERE name = 'down'")" = "1 0 -" ] ||
	fail "https to http: $(sql "$T/tls.db" "SELECT * FROM feeds WHERE name = 'down'")"
grep -q "feed down: https://127.0.0.1:$SSL_PORT/down.xml: redirected to http://127.0.0.1:$PLAIN_PORT/plain.xml, not followed (from https to http)" "$T/tls.err" ||
	{ cat "$T/tls.err"; fail "https to http: no warning saying so"; }
! grep -q 'GET /plain.xml' "$T/nginx/access.log" || fail "https to http: the http address was asked"
ok "a permanent redirect from https to http: not followed, not recorded, said why; http to https: a move"
# a password-protected feed moved to https on its host takes its password there (libcurl
# alone drops it at the change of scheme: 401 at every poll); to another host it does not
[ "$(sql "$T/tls.db" "SELECT failures || ' ' || moved_count || ' ' || coalesce(moved_to, '-') FROM feeds WHERE name = 'private-up'")" = \
	"0 1 https://alice:s3cret@127.0.0.1:$SSL_PORT/p/feed.xml" ] ||
	{ cat "$T/tls.err"; fail "http to https on the feed's host: $(sql "$T/tls.db" "SELECT last_error, moved_to FROM feeds WHERE name = 'private-up'")"; }
[ "$(sql "$T/tls.db" "SELECT count(*) FROM sightings s JOIN feeds f ON f.id = s.feed_id WHERE f.name = 'private-up'")" -ge 2 ] ||
	fail "http to https on the feed's host: no items"
[ "$(sql "$T/tls.db" "SELECT failures || ' ' || last_error FROM feeds WHERE name = 'private-away'")" = \
	"1 http://alice:***@127.0.0.1:$NGINX_PORT/p/away.xml: HTTP 401 (redirected to https://localhost:$SSL_PORT/p/feed.xml): the server there wants a user name and password, and those in the url are not sent on to another host or port: give the address it was redirected to as the url, with them" ] ||
	fail "http to https on another host: $(sql "$T/tls.db" "SELECT failures, last_error FROM feeds WHERE name = 'private-away'")"
grep -q '"GET /p/away.xml' "$T/nginx/access.log" || fail "the move to another host was not asked"
# nor from http to https on another host that a first redirect led to
[ "$(sql "$T/tls.db" "SELECT failures || ' ' || last_error FROM feeds WHERE name = 'private-hop'")" = \
	"1 http://alice:***@127.0.0.1:$NGINX_PORT/p/hop.xml: HTTP 401 (redirected to https://localhost:$SSL_PORT/p/feed.xml): the server there wants a user name and password, and those in the url are not sent on to another host or port: give the address it was redirected to as the url, with them" ] ||
	fail "http to another host, then to https there: $(sql "$T/tls.db" "SELECT failures, last_error, moved_to FROM feeds WHERE name = 'private-hop'")"
! grep -q s3cret "$T/tls.err" || fail "a password is in the log"
ok "a feed with a password moved from http to https on its host: the password goes along, the move is recorded; to another host it does not"

# --- a file:// feed's scheme in capitals (allow_file): read as a file is, not failed as "HTTP 0" ---
cat >"$T/file.conf" <<CONF
[daemon]
database = $T/file.db
[feed up]
url = FILE://$T/www/plain.xml
allow_file = yes
CONF
"$NEWSWATCHD" --once -c "$T/file.conf" >/dev/null 2>"$T/file.err" || { cat "$T/file.err"; fail "--once: FILE:// feed"; }
[ "$(sql "$T/file.db" "SELECT failures || ' ' || (SELECT count(*) FROM articles) FROM feeds WHERE name = 'up'")" = "0 1" ] ||
	{ cat "$T/file.err"; fail "FILE:// feed: $(sql "$T/file.db" "SELECT failures, last_error FROM feeds")"; }
ok "a FILE:// feed (allow_file): read, its item stored"
# a file:// feed on a FIFO with no writer: a failure that says what it is, the other feed
# read (open() of it waited, on the loop, for a writer: the daemon stood still)
mkfifo "$T/www/fifo.xml" || fail "mkfifo"
cat >>"$T/file.conf" <<CONF
[feed pipe]
url = file://$T/www/fifo.xml
allow_file = yes
CONF
rm -f "$T/file.db"*
timeout -k 5 20 "$NEWSWATCHD" --once -c "$T/file.conf" >/dev/null 2>"$T/file.err" || { cat "$T/file.err"; fail "--once with a FIFO feed"; }
[ "$(sql "$T/file.db" "SELECT last_error FROM feeds WHERE name = 'pipe'")" = "file://$T/www/fifo.xml: is a FIFO, not a file" ] &&
	[ "$(sql "$T/file.db" "SELECT count(*) FROM articles")" = 1 ] ||
	{ cat "$T/file.err"; fail "a FIFO feed: $(sql "$T/file.db" "SELECT name, failures, last_error FROM feeds")"; }
ok "a file:// feed on a FIFO: 'is a FIFO, not a file', the other feed read"
