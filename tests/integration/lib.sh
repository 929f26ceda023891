# lib.sh — shared by the integration tests: temp folders, a free loopback port, nginx on
# loopback serving a folder, assertions. Sourced, not run.
set -u
NEWSWATCH="$top_builddir/newswatch"
NEWSWATCHD="$top_builddir/newswatchd"
PY=/usr/bin/python3
# the schema version a store is brought up to (what a migrated store must say)
SCHEMA=$(sed -n 's/^#define NW_STORE_SCHEMA \([0-9]*\).*/\1/p' "$top_srcdir/daemon/store.h")

# A work folder readable by nginx's workers (www-data): mktemp folders are 0700.
T=$(mktemp -d /tmp/nwtest.XXXXXX)
chmod 755 "$T"
cleanup_hooks=()
cleanup() {
	for h in "${cleanup_hooks[@]}"; do eval "$h" || true; done
	rm -rf "$T"
}
trap cleanup EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "SKIP: $*"; exit 77; }
ok() { echo "ok - $*"; }

free_port() {
	$PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# start_nginx DIR: serves DIR on 127.0.0.1:$NGINX_PORT with ETag and Last-Modified
# ($NGINX_EXTRA: more directives for the server block).
start_nginx() {
	local root=$1 nginx
	nginx=$(command -v nginx || echo /usr/sbin/nginx)
	[ -x "$nginx" ] || skip "nginx not installed"
	NGINX_PORT=$(free_port)
	mkdir -p "$T/nginx"
	cat > "$T/nginx/nginx.conf" <<CONF
worker_processes 1;
daemon on;
pid $T/nginx/nginx.pid;
error_log $T/nginx/error.log;
events { worker_connections 64; }
http {
	access_log $T/nginx/access.log;
	log_format timed '\$msec \$request_time \$remote_addr "\$request" \$status';
	client_body_temp_path $T/nginx/body;
	proxy_temp_path $T/nginx/proxy;
	fastcgi_temp_path $T/nginx/fastcgi;
	uwsgi_temp_path $T/nginx/uwsgi;
	scgi_temp_path $T/nginx/scgi;
	types { application/rss+xml xml; application/atom+xml atom; }
	server {
		listen 127.0.0.1:$NGINX_PORT;
		root $root;
		etag on;
		${NGINX_EXTRA:-}
	}
}
CONF
	"$nginx" -c "$T/nginx/nginx.conf" -p "$T/nginx" 2>"$T/nginx/start.err" || { cat "$T/nginx/start.err" >&2; fail "nginx did not start"; }
	cleanup_hooks+=("kill \$(cat $T/nginx/nginx.pid 2>/dev/null) 2>/dev/null")
	for _ in $(seq 50); do
		curl -s -o /dev/null "http://127.0.0.1:$NGINX_PORT/" && return 0
		sleep 0.1
	done
	fail "nginx not answering on port $NGINX_PORT"
}

sql() { sqlite3 "$1" "$2"; }

# jcheck EXPR: EXPR, a Python expression on d (the JSON read from stdin) and env (the
# environment), must be true.
jcheck() {
	$PY -c 'import json, os, sys; env = os.environ; d = json.load(sys.stdin)
sys.exit(0 if eval("(" + sys.argv[1] + ")") else 1)' "$1"
}
# jline FILE N: line N of a JSON-lines file.
jline() { sed -n "$2p" "$1"; }

# start_receiver NAME COMMAND... (the receivers: smtp_receiver.py, hook_receiver.py): runs COMMAND in the background (stdout $T/NAME.out, stderr
# $T/NAME.err), sets NAME_pid (other characters than letters, digits and _ become _), waits for "ready"; the cleanup kills it.
start_receiver() {
	local name=$1 pid
	shift
	"$@" >"$T/$name.out" 2>"$T/$name.err" &
	pid=$!
	printf -v "${name//[^A-Za-z0-9_]/_}_pid" %s "$pid" # (smtp-grey: smtp_grey_pid)
	cleanup_hooks+=("kill $pid 2>/dev/null; wait $pid 2>/dev/null")
	for _ in $(seq 100); do
		grep -qx ready "$T/$name.out" && return 0
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	cat "$T/$name.err" >&2
	fail "$name did not start"
}

# stop_receiver NAME: SIGTERM, then it must exit with status 0 within 5 s.
stop_receiver() {
	local pid_var="${1//[^A-Za-z0-9_]/_}_pid" rc
	local pid=${!pid_var}
	kill -TERM "$pid" 2>/dev/null || fail "$1 ($pid) was not running any more"
	for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
	kill -0 "$pid" 2>/dev/null && fail "$1 ($pid) still running 5 s after SIGTERM"
	wait "$pid"
	rc=$?
	[ $rc -eq 0 ] || { cat "$T/$1.err" >&2; fail "$1 exited with status $rc"; }
}

# count DIR GLOB: files in DIR matching GLOB
count() { find "$1" -maxdepth 1 -name "$2" | wc -l; }

# feed_item TITLE [DESCRIPTION]: put a new item (guid gN, dated now) at the top of the RSS
# feed $T/www/feed.xml, which the test serves with start_nginx "$T/www".
feed_n=0
feed_items=()
feed_item() {
	feed_n=$((feed_n + 1))
	feed_items=("<item><title>$1</title><guid isPermaLink=\"false\">g$feed_n</guid><link>https://wire.example.com/$feed_n</link><pubDate>$(date -u -R)</pubDate><description>${2:-$1.}</description></item>" "${feed_items[@]}")
	mkdir -p "$T/www"
	{
		echo '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Wire</title><link>https://wire.example.com/</link>'
		printf '%s\n' "${feed_items[@]}"
		echo '</channel></rss>'
	} > "$T/www/feed.xml.tmp"
	chmod 644 "$T/www/feed.xml.tmp"
	mv "$T/www/feed.xml.tmp" "$T/www/feed.xml"
}
