# lib.sh — shared by the integration tests: temp folders, a free loopback port, nginx on
# loopback serving a folder, assertions. Sourced, not run.
set -u
NEWSWATCH="$top_builddir/newswatch"
NEWSWATCHD="$top_builddir/newswatchd"
PY=/usr/bin/python3

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
