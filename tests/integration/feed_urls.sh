#!/bin/bash
# feed_urls.sh — what newswatchd does with a feed's address, against nginx on loopback: a
# password in the URL authenticates the transfer but is shown nowhere (log, last_error,
# `newswatch feeds`, the "moved permanently" line); a redirect from https to http is not
# followed, so never recorded as a move.
. "$top_srcdir/tests/integration/lib.sh" || exit 99
mkdir -p "$T/www/p" && chmod 755 "$T/www" "$T/www/p"
feed_item "OpenAI names a new chief"
cp "$T/www/feed.xml" "$T/www/p/feed.xml" && cp "$T/www/feed.xml" "$T/www/plain.xml" && chmod 644 "$T/www/p/feed.xml" "$T/www/plain.xml"
printf 'alice:{PLAIN}s3cret\n' >"$T/htpasswd" && chmod 644 "$T/htpasswd"
"$top_srcdir/tests/integration/make_cert.sh" "$T/tls" || fail "make_cert.sh"
NGINX_EXTRA="location /p/ { auth_basic private; auth_basic_user_file $T/htpasswd; }
	location = /p/old.xml { auth_basic private; auth_basic_user_file $T/htpasswd; return 301 /p/feed.xml; }
	location = /p/broken.xml { auth_basic private; auth_basic_user_file $T/htpasswd; return 200 'not a feed'; }
	listen 127.0.0.1:${SSL_PORT:=$(free_port)} ssl; ssl_certificate $T/tls/server.pem; ssl_certificate_key $T/tls/server.key;
	listen 127.0.0.1:${PLAIN_PORT:=$(free_port)};
	location = /down.xml { return 301 http://127.0.0.1:$PLAIN_PORT/plain.xml; }
	location = /up.xml { return 301 https://127.0.0.1:$SSL_PORT/feed.xml; }" \
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
for f in "$T/ui.out" "$T/ui.err" "$T/feeds.txt"; do
	! grep -n s3cret "$f" || fail "the password is in $(basename "$f")"
done
[ "$(sql "$T/ui.db" "SELECT count(*) FROM feeds WHERE instr(coalesce(last_error, '') || coalesce(warning, ''), 's3cret')")" = 0 ] ||
	fail "the password is in a stored message"
ok "a password in a feed's URL: the transfer authenticates; log, last_error and 'newswatch feeds' show alice:***@"

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
