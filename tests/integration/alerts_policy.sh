#!/bin/bash
# alerts_policy.sh — what each channel sends and when:
#  - every webhook format (json, slack, discord, ntfy, mattermost, telegram), email and exec
#    print exactly their golden files (tests/data/alerts) for the sample alert and a digest;
#    the json one carries X-Newswatch-Signature = HMAC-SHA256 of the body; the bodies are
#    JSON with each service's required fields;
#  - mode = digest: alerts wait for `every`, then go as one message listing them all, under
#    one id that a retry keeps;
#  - rate_limit: the last message a window allows carries everything waiting (a digest);
#    later alerts wait for the window, never dropped;
#  - a Discord digest longer than one message holds (10 embeds) goes as several messages,
#    each alert shown exactly once, in order;
#  - routing: each story's alerts go to its own channels only;
#  - an alert queued for a channel the conf no longer has stays queued, with a warning;
#  - an ntfy url without a topic is refused by --check-config, naming file:line;
#  - an alert tried alone before the channel became a digest one goes alone again, same id;
#  - a digest refused with 413 goes again as two digests of half as many, all delivered;
#  - more alerts than a digest holds (200): the rest follow at once; times recorded ahead of
#    a clock set back since stall no channel;
#  - replay without --deliver queues nothing;
#  - an alert's summary is cut to 1000 characters.
. "$top_srcdir/tests/integration/lib.sh" || exit 99
D="$top_srcdir/tests/integration"
G="$top_srcdir/tests/data/alerts"

# --- golden files ---
printf 'k3y\n' > "$T/hook.secret"
printf 'tok-123\n' > "$T/token"
chmod 600 "$T/hook.secret" "$T/token"
sed "s|@DIR@|$T|g" "$G/formats.conf.in" > "$T/formats.conf"
for ch in json slack discord ntfy mattermost telegram email exec; do
	for v in "" digest; do
		name=$ch${v:+-$v}
		"$NEWSWATCH" -c "$T/formats.conf" alert-test --print ${v:+--$v} "$ch" 2>"$T/$name.err" |
			grep -v '^Date: ' > "$T/$name.out" || { cat "$T/$name.err"; fail "alert-test --print $name"; }
		if [ -n "${NW_UPDATE_GOLDEN:-}" ]; then cp "$T/$name.out" "$G/$name.txt"; continue; fi
		diff -u "$G/$name.txt" "$T/$name.out" || fail "$name differs from its golden file"
	done
done
body() { sed '1,/^$/d' "$T/$1.out"; }
want=$(body json | tr -d '\n' | openssl dgst -sha256 -hmac k3y | sed 's/.*= //')
grep -q "^X-Newswatch-Signature: sha256=$want\$" "$T/json.out" || fail "the signature is not HMAC-SHA256 of the body"
for ch in json slack discord ntfy mattermost telegram; do
	for v in "" -digest; do
		body "$ch$v" | $PY -c '
import json, sys
ch, d = sys.argv[1], json.load(sys.stdin)
need = {"json": ["id", "kind"], "slack": ["text", "blocks"], "discord": ["content", "embeds", "allowed_mentions"],
        "ntfy": ["topic", "message", "title"], "mattermost": ["text"], "telegram": ["chat_id", "text", "parse_mode"]}[ch]
missing = [k for k in need if k not in d]
assert not missing, missing
if ch == "discord":
    assert len(d["embeds"]) <= 10 and all(len(e["title"]) <= 256 for e in d["embeds"])
if ch == "slack":
    assert all(len(b["text"]["text"]) <= 3000 for b in d["blocks"] if b["type"] == "section")
if ch == "telegram":
    assert len(d["text"]) <= 4096 and "<b>markup" not in d["text"]
' "$ch" || fail "$ch$v: body is not the service's JSON"
	done
done
grep -q '^POST https://api.telegram.org/…$' "$T/telegram.out" || fail "the telegram bot token is shown"
grep -q '^Authorization: (hidden' "$T/ntfy.out" || fail "ntfy: --print does not hide the bearer token"
! grep -rq 'tok-123' "$T"/*.out || fail "the token appears in --print output"
ok "golden files: 8 channels x (alert, digest) as expected; json signed; every body has its service's fields"

# --- https with a private CA (ca_file); without it the certificate is refused ---
"$D/make_cert.sh" "$T/cert" >/dev/null 2>&1 || fail "make_cert.sh"
TLS_PORT=$(free_port)
start_receiver tlsrx "$PY" "$D/hook_receiver.py" --port "$TLS_PORT" --out "$T/tls.jsonl" \
	--tls-cert "$T/cert/server.pem" --tls-key "$T/cert/server.key" --secret-file "$T/hook.secret"
cat > "$T/tls.conf" <<CONF
[alert private]
plugin = webhook
url = https://127.0.0.1:$TLS_PORT/hook
secret_file = $T/hook.secret
ca_file = $T/cert/ca.pem
[alert system]
plugin = webhook
url = https://127.0.0.1:$TLS_PORT/hook
[alert push]
plugin = webhook
format = ntfy
url = https://127.0.0.1:$TLS_PORT/desk
token_file = $T/token
secret_file = $T/hook.secret
ca_file = $T/cert/ca.pem
CONF
"$NEWSWATCH" -c "$T/tls.conf" alert-test private >"$T/tls1.out" 2>&1 || { cat "$T/tls1.out"; fail "https with ca_file"; }
jline() { sed -n "$2p" "$1"; }
jline "$T/tls.jsonl" 1 | jcheck 'd["status"] == 200 and d["sig_ok"] is True' || fail "https alert not received signed"
"$NEWSWATCH" -c "$T/tls.conf" alert-test system >"$T/tls2.out" 2>&1 && fail "a certificate from an unknown CA was accepted"
grep -qi 'certificate' "$T/tls2.out" || { cat "$T/tls2.out"; fail "the refusal does not name the certificate"; }
ok "https: trusted through ca_file (signed, 200); without it refused: $(tail -n 1 "$T/tls2.out")"
"$NEWSWATCH" -c "$T/tls.conf" alert-test push >"$T/push.out" 2>&1 || { cat "$T/push.out"; fail "ntfy alert-test"; }
jline "$T/tls.jsonl" 2 | jcheck 'd["path"] == "/" and d["headers"]["authorization"] == "Bearer tok-123" and __import__("json").loads(d["body"])["topic"] == "desk"' ||
	{ jline "$T/tls.jsonl" 2; fail "ntfy: not JSON-published to the root with the topic and the bearer token"; }
ok "ntfy: published as JSON to the server root, topic from the url, token_file sent as Authorization: Bearer"
cat > "$T/notopic.conf" <<CONF
[alert push]
plugin = webhook
format = ntfy
url = https://127.0.0.1:$TLS_PORT/
CONF
"$NEWSWATCHD" --check-config -c "$T/notopic.conf" >"$T/notopic.out" 2>&1 && fail "--check-config accepted an ntfy url without a topic"
grep -q 'notopic.conf:4: \[alert push\]: url must name the topic with format ntfy' "$T/notopic.out" ||
	{ cat "$T/notopic.out"; fail "no file:line error for the ntfy url without a topic"; }
ok "ntfy: a url without a topic is a conf error (--check-config: $(head -n 1 "$T/notopic.out"))"

# --- a receiver too slow to answer: the attempt times out and is retried ---
SLOW_PORT=$(free_port)
start_receiver slowrx "$PY" "$D/hook_receiver.py" --port "$SLOW_PORT" --out "$T/slow.jsonl" --delay-first 1 --delay 4
cat >> "$T/tls.conf" <<CONF
[alert slow]
plugin = webhook
url = http://127.0.0.1:$SLOW_PORT/hook
timeout = 1s
CONF
start=$(date +%s%N)
"$NEWSWATCH" -c "$T/tls.conf" alert-test slow >"$T/slow1.out" 2>&1 && fail "a timed-out attempt counted as delivered"
[ $(( ($(date +%s%N) - start) / 1000000 )) -lt 3500 ] || fail "the 1s timeout was not applied"
grep -qi 'timeout\|timed out' "$T/slow1.out" || { cat "$T/slow1.out"; fail "the time-out is not named"; }
"$NEWSWATCH" -c "$T/tls.conf" alert-test slow >"$T/slow2.out" 2>&1 || { cat "$T/slow2.out"; fail "second attempt"; }
ok "a receiver slower than timeout = 1s: the attempt fails as a time-out ($(grep -o 'Operation timed out[^;]*' "$T/slow1.out" | head -1)), the next is delivered"

# --- digest, rate limit and routing through the daemon, against a real receiver ---
mkdir -p "$T/www"
chmod 755 "$T/www"
start_nginx "$T/www"
HOOK_PORT=$(free_port)
start_receiver hookrx "$PY" "$D/hook_receiver.py" --port "$HOOK_PORT" --out "$T/hook.jsonl"
cat > "$T/nw.conf" <<CONF
[daemon]
database = $T/store.db
[feed wire]
url = http://127.0.0.1:$NGINX_PORT/feed.xml
[story digested]
entity.x = Zorblax | Quintor | Vexmoor
match = x
alert = daily
[story limited]
entity.x = Hablin | Tessary | Morvane | Krynn | Plosk
match = x
alert = limited
[alert daily]
plugin = webhook
url = http://127.0.0.1:$HOOK_PORT/daily
mode = digest
every = 2s
[alert limited]
plugin = webhook
url = http://127.0.0.1:$HOOK_PORT/limited
rate_limit = 2
rate_window = 1h
CONF
posts() { $PY -c 'import json, sys
for l in open(sys.argv[1]):
    r = json.loads(l)
    if r["path"] == "/" + sys.argv[2]: print(l, end="")' "$T/hook.jsonl" "$1" 2>/dev/null; }
feed_item "Weather is mild"
"$NEWSWATCHD" --once -c "$T/nw.conf" 2>"$T/run0.err" || { cat "$T/run0.err"; fail "run 0"; }
feed_item "Zorblax opens a lab"
feed_item "Quintor recalls scooters"
feed_item "Vexmoor wins a contract"
feed_item "Hablin names a chief"
feed_item "Tessary cuts 700 jobs"
feed_item "Morvane buys a shipyard"
feed_item "Krynn opens a factory"
"$NEWSWATCHD" --once -c "$T/nw.conf" 2>"$T/run1.err" || { cat "$T/run1.err"; fail "run 1"; }
[ "$(sql "$T/store.db" "SELECT count(*) FROM alerts WHERE channel = 'daily'")" = 3 ] || fail "want 3 alerts for the digest channel"
[ -z "$(posts daily)" ] || fail "the digest went out before 'every'"
[ "$(posts limited | wc -l)" = 2 ] || { posts limited; cat "$T/run1.err"; fail "rate limit: want 2 messages for 4 alerts"; }
posts limited | $PY -c '
import json, sys, sqlite3
rows = [json.loads(json.loads(l)["body"]) for l in sys.stdin]
db = sqlite3.connect(sys.argv[1])
ids = [r[0] for r in db.execute("SELECT alert_id FROM alerts WHERE channel = '"'limited'"' ORDER BY id")]
assert rows[0]["kind"] == "new" and rows[0]["id"] == ids[0], (rows[0], ids)
assert rows[1]["kind"] == "digest" and rows[1]["count"] == 3, rows[1]
assert [a["id"] for a in rows[1]["alerts"]] == ids[1:], ([a["id"] for a in rows[1]["alerts"]], ids)
assert rows[1]["id"].startswith("digest-")
' "$T/store.db" || fail "rate limit: want the first alert, then a digest of the other 3 in order"
[ "$(sql "$T/store.db" "SELECT count(*) FROM alerts WHERE channel = 'limited' AND state = 'sent'")" = 4 ] || fail "rate limit: all 4 alerts must be sent"
ok "rate_limit = 2: 4 alerts went as 2 messages (one alert, then a digest of 3), none dropped"

feed_item "Plosk settles a lawsuit"
sleep 2.1
"$NEWSWATCHD" --once -c "$T/nw.conf" 2>"$T/run2.err" || { cat "$T/run2.err"; fail "run 2"; }
[ "$(posts daily | wc -l)" = 1 ] || { cat "$T/run2.err"; fail "want one digest after 'every'"; }
posts daily | $PY -c '
import json, sys, sqlite3
d = json.loads(json.loads(sys.stdin.readline())["body"])
db = sqlite3.connect(sys.argv[1])
ids = [r[0] for r in db.execute("SELECT alert_id FROM alerts WHERE channel = '"'daily'"' ORDER BY id")]
batch = {r[0] for r in db.execute("SELECT batch FROM alerts WHERE channel = '"'daily'"'")}
assert d["kind"] == "digest" and d["count"] == 3 and d["story"] == "digested", d
assert [a["id"] for a in d["alerts"]] == ids, ([a["id"] for a in d["alerts"]], ids)
assert batch == {d["id"]}, (batch, d["id"])
' "$T/store.db" || fail "the digest does not list the 3 alerts in order under its batch id"
[ "$(posts limited | wc -l)" = 2 ] || fail "rate limit: a 3rd message inside the window"
[ "$(sql "$T/store.db" "SELECT state FROM alerts WHERE channel = 'limited' ORDER BY id DESC LIMIT 1")" = queued ] ||
	fail "rate limit: the alert over the limit must wait, queued"
ok "mode = digest, every = 2s: one message with the 3 alerts in order; over the rate limit the 5th waits, queued"
[ -z "$(posts limited | grep -i zorblax)$(posts daily | grep -i hablin)" ] || fail "routing: an alert reached another story's channel"
ok "routing: each story's alerts reached only its own channel"

# --- a digest longer than one Discord message holds (10 embeds): it goes as several
# messages, in order, each under the id its alerts were written down with; every alert is
# shown exactly once, and only then marked sent ---
swarm="Arvolt Brintex Calvory Dunmere Eskarn Fylltro Gorvane Hestrel Ilvarin Jostrum Kelvane Lunsky Marrow"
for nm in $swarm; do
	cat >> "$T/nw.conf" <<CONF
[story swarm-$nm]
entity.x = $nm
match = x
alert = disc
CONF
done
cat >> "$T/nw.conf" <<CONF
[alert disc]
plugin = webhook
format = discord
url = http://127.0.0.1:$HOOK_PORT/disc
mode = digest
every = 1s
CONF
for nm in $swarm; do feed_item "$nm opens a plant in Oslo"; done
"$NEWSWATCHD" --once -c "$T/nw.conf" 2>"$T/run-d1.err" || { cat "$T/run-d1.err"; fail "run d1"; }
[ "$(sql "$T/store.db" "SELECT count(*) FROM alerts WHERE channel = 'disc'")" = 13 ] || { cat "$T/run-d1.err"; fail "want 13 alerts for the discord channel"; }
sleep 2.1
"$NEWSWATCHD" --once -c "$T/nw.conf" 2>"$T/run-d2.err" || { cat "$T/run-d2.err"; fail "run d2"; }
posts disc | $PY -c '
import json, re, sys, sqlite3
msgs = [json.loads(l) for l in sys.stdin]
db = sqlite3.connect(sys.argv[1])
rows = [(json.loads(p)["link"], b, s) for p, b, s in
        db.execute("SELECT payload, batch, state FROM alerts WHERE channel = '"'disc'"' ORDER BY id")]
assert [s for _, _, s in rows] == ["sent"] * 13, rows
assert len(msgs) >= 2, "want several messages, got %d" % len(msgs)
shown = []
for m in msgs:
    d = json.loads(m["body"])
    links = [e["url"] for e in d["embeds"]]
    assert 1 <= len(links) <= 10, len(links)
    count = int(re.search(r"digest: (\d+) alert", d["content"]).group(1))
    assert count == len(links), (d["content"], len(links))  # the heading counts what is shown
    batch = m["headers"]["x-newswatch-id"]
    assert links == [l for l, b, _ in rows if b == batch], (batch, links)
    shown += links
assert shown == [l for l, _, _ in rows], (shown, rows)  # each alert once, in the order raised
print("discord messages:", [len(json.loads(m["body"])["embeds"]) for m in msgs])
' "$T/store.db" || { cat "$T/run-d2.err"; fail "discord digest of 13: not every alert shown exactly once"; }
ok "discord digest of 13 alerts: $(posts disc | wc -l) messages of at most 10 embeds, each alert shown once, in order, under its batch id"

# --- telegram: an alert whose title alone is longer than a message holds (a broken feed's
# title of pages) shows its title clipped, never an entity cut, not the heading alone ---
cat >> "$T/nw.conf" <<CONF
[story longtitle]
entity.x = Quorvex
match = x
alert = tg
[alert tg]
plugin = webhook
format = telegram
url = http://127.0.0.1:$HOOK_PORT/tg
token_file = $T/token
chat_id = -100
CONF
feed_item "$(for _ in $(seq 700); do printf 'Quorvex &amp;amp; Co '; done)"
"$NEWSWATCHD" --once -c "$T/nw.conf" 2>"$T/run-tg.err" || { cat "$T/run-tg.err"; fail "run tg"; }
$PY -c '
import html, json, re, sys
msgs = [json.loads(l) for l in open(sys.argv[1]) if json.loads(l)["path"].startswith("/tg/")]
assert len(msgs) == 1, len(msgs)
text = json.loads(msgs[0]["body"])["text"]
# Telegram counts the text the HTML shows, in UTF-16 units (4096 at most)
shown = html.unescape(re.sub(r"<[^>]*>", "", text))
units = len(shown.encode("utf-16-le")) // 2
assert units <= 4096, units
head, _, rest = text.partition("\n")
assert head.startswith("<b>") and rest.startswith("Quorvex &amp; Co Quorvex"), text[:200]
assert rest.endswith("\u2026") and units > 3900, (units, rest[-40:])
assert rest.rfind("&") < rest.rfind(";") or "&" not in rest[-12:], rest[-40:]  # no entity cut
print("telegram text:", units, "characters,", len(text.encode()), "bytes")
' "$T/hook.jsonl" || { cat "$T/run-tg.err"; fail "telegram: a title longer than a message"; }
[ "$(sql "$T/store.db" "SELECT state FROM alerts WHERE channel = 'tg'")" = sent ] || fail "telegram: the long alert is not sent"
ok "telegram: an alert whose title alone is over a message long shows its title, clipped between entities"

# --- a Retry-After beyond reason (here 2^63-1 s) is capped at retry_max: no overflow, no storm
HUGE_PORT=$(free_port)
start_receiver hugerx "$PY" "$D/hook_receiver.py" --port "$HUGE_PORT" --out "$T/huge.jsonl" --fail-first 1 \
	--retry-after 9223372036854775807
cat >> "$T/nw.conf" <<CONF
[story vorpal]
entity.x = Vorpalix
match = x
alert = huge
[alert huge]
plugin = webhook
url = http://127.0.0.1:$HUGE_PORT/hook
retry_min = 1s
retry_max = 3s
CONF
feed_item "Vorpalix opens a plant"
"$NEWSWATCHD" --once -c "$T/nw.conf" 2>"$T/run3.err" || { cat "$T/run3.err"; fail "run 3"; }
wait_s=$(sql "$T/store.db" "SELECT next_attempt - strftime('%s','now') FROM alerts WHERE channel = 'huge' AND state = 'queued' AND attempts = 1")
[ -n "$wait_s" ] && [ "$wait_s" -gt 0 ] && [ "$wait_s" -le 4 ] || fail "after Retry-After: 2^63-1 the alert waits '$wait_s' s (want 1..3: retry_max)"
[ "$(wc -l < "$T/huge.jsonl")" = 1 ] || fail "the receiver got $(wc -l < "$T/huge.jsonl") requests (want 1)"
sleep "$wait_s"
sleep 1
"$NEWSWATCHD" --once -c "$T/nw.conf" 2>"$T/run4.err" || { cat "$T/run4.err"; fail "run 4"; }
[ "$(sql "$T/store.db" "SELECT state FROM alerts WHERE channel = 'huge'")" = sent ] || { cat "$T/run4.err"; fail "not delivered after retry_max"; }
ok "Retry-After: 9223372036854775807 is capped at retry_max = 3s (next try in ${wait_s}s, one request), then delivered"

# --- a channel taken out of the conf: its queued alert is kept, and the daemon says so
sql "$T/store.db" "INSERT INTO alerts(alert_id, channel, story, payload, created, next_attempt)
VALUES ('gone-1', 'gone', 'vorpal', '{}', strftime('%s','now'), 0)" >/dev/null
"$NEWSWATCHD" --once -c "$T/nw.conf" 2>"$T/run5.err" || { cat "$T/run5.err"; fail "run 5"; }
grep -q "1 alert queued for \[alert gone\], which the configuration no longer has" "$T/run5.err" ||
	{ cat "$T/run5.err"; fail "no warning for the alert queued for a channel the conf no longer has"; }
[ "$(sql "$T/store.db" "SELECT state FROM alerts WHERE alert_id = 'gone-1'")" = queued ] ||
	fail "the alert of the removed channel must stay queued"
! grep -q "alert \[\?\(huge\|daily\|limited\)\]\?, which the configuration" "$T/run5.err" ||
	fail "a warning for a channel that is configured"
ok "an alert queued for a channel the conf no longer has: kept, and the daemon says so at start"

# --- an alert tried alone, then the channel switched to mode = digest (a reload): the alert
# goes alone again, under its own id, before any digest forms; it never comes back inside a
# digest under a new id the receiver could not deduplicate ---
FLIP_PORT=$(free_port)
start_receiver fliprx "$PY" "$D/hook_receiver.py" --port "$FLIP_PORT" --out "$T/flip.jsonl" --fail-first 1
cat >> "$T/nw.conf" <<CONF
[story flip-a]
entity.x = Quorvex
match = x
alert = flip
[story flip-b]
entity.x = Yselmar
match = x
alert = flip
[alert flip]
plugin = webhook
url = http://127.0.0.1:$FLIP_PORT/hook
retry_min = 1s
retry_max = 1s
CONF
feed_item "Quorvex opens a plant in Oslo"
feed_item "Yselmar recalls 3000 trains after a fault"
"$NEWSWATCHD" --once -c "$T/nw.conf" 2>"$T/run-f1.err" || { cat "$T/run-f1.err"; fail "run f1"; }
[ "$(sql "$T/store.db" "SELECT group_concat(attempts || ':' || CASE WHEN batch = alert_id THEN 'alone' ELSE coalesce(batch, '-') END, ' ') FROM (SELECT * FROM alerts WHERE channel = 'flip' ORDER BY id)")" = "1:alone 0:-" ] ||
	{ cat "$T/run-f1.err"; fail "want the first flip alert tried alone once (503, written down as alone) and the second waiting"; }
printf 'mode = digest\nevery = 1s\n' >> "$T/nw.conf" # [alert flip] is the last section
sleep 2.1
"$NEWSWATCHD" --once -c "$T/nw.conf" 2>"$T/run-f2.err" || { cat "$T/run-f2.err"; fail "run f2"; }
$PY - "$T/flip.jsonl" "$T/store.db" <<'PY' || { cat "$T/run-f2.err"; cat "$T/flip.jsonl"; fail "the alert tried alone came back under another id"; }
import json, sqlite3, sys
reqs = [(r["status"], json.loads(r["body"])) for r in map(json.loads, open(sys.argv[1]))]
db = sqlite3.connect(sys.argv[2])
(first, state, batch), = db.execute("SELECT alert_id, state, batch FROM alerts WHERE channel = 'flip' ORDER BY id LIMIT 1")
assert reqs[0][0] == 503 and reqs[0][1]["id"] == first, reqs[0]
assert reqs[1][0] == 200 and reqs[1][1]["id"] == first and reqs[1][1]["kind"] != "digest", reqs[1]
assert state == "sent" and batch == first, (state, batch)  # the message it went in: itself
for status, body in reqs[2:]:
    assert first not in [a["id"] for a in body.get("alerts", [])], body
PY
ok "an alert tried alone, then mode = digest: it is sent alone again under its id, then digests form"

# --- a digest the receiver refuses as too large (HTTP 413) is split in two and sent again,
# halves of halves until each part is taken: every alert delivered once, in order, each
# message under the id its alerts were written down with; one alert too large fails ---
BULK_PORT=$(free_port)
start_receiver bulkrx "$PY" "$D/hook_receiver.py" --port "$BULK_PORT" --out "$T/bulk.jsonl" --max-body 2500
cat >> "$T/nw.conf" <<CONF
[story bulk]
entity.x = Ostravik
match = x
alert = bulky
[alert bulky]
plugin = webhook
url = http://127.0.0.1:$BULK_PORT/hook
mode = digest
every = 1s
CONF
for t in "Ostravik recalls 9000 scooters after fires" "Ostravik buys a shipyard in Ulsan" \
	"Ostravik cuts 700 jobs in Oslo" "Ostravik settles a patent lawsuit"; do # 4 developments
	w=${t##* } # about 600 bytes of summary each
	feed_item "$t" "$t. $(for i in $(seq 60); do printf '%s%d ' "$w" $((i * ${#w})); done)"
done
"$NEWSWATCHD" --once -c "$T/nw.conf" 2>"$T/run-b1.err" || { cat "$T/run-b1.err"; fail "run b1"; }
[ "$(sql "$T/store.db" "SELECT count(*) FROM alerts WHERE channel = 'bulky'")" = 4 ] || fail "want 4 alerts for the bulky channel"
sleep 1.1
"$NEWSWATCHD" --once -c "$T/nw.conf" 2>"$T/run-b2.err" || { cat "$T/run-b2.err"; fail "run b2"; }
$PY - "$T/bulk.jsonl" "$T/store.db" <<'PY' || { cat "$T/run-b2.err"; cat "$T/bulk.jsonl"; fail "a digest refused with 413 is not split and delivered"; }
import json, sqlite3, sys
reqs = [(r["status"], r["headers"]["x-newswatch-id"], json.loads(r["body"])) for r in map(json.loads, open(sys.argv[1]))]
db = sqlite3.connect(sys.argv[2])
rows = list(db.execute("SELECT alert_id, batch, state FROM alerts WHERE channel = 'bulky' ORDER BY id"))
assert [s for _, _, s in rows] == ["sent"] * 4, rows
assert reqs[0][0] == 413 and reqs[0][2]["count"] == 4, [(s, d["count"]) for s, _, d in reqs]
ok = [(i, d) for s, i, d in reqs if s == 200]
assert [d["count"] for _, d in ok] == [2, 2], [(s, d["count"]) for s, _, d in reqs]
shown = [a["id"] for _, d in ok for a in d["alerts"]]
assert shown == [a for a, _, _ in rows], (shown, rows)  # each alert once, in the order raised
assert all(i == d["id"] and [a["id"] for a in d["alerts"]] == [a for a, b, _ in rows if b == i] for i, d in ok)
assert reqs[0][1] not in [i for i, _ in ok]  # the halves have ids of their own
PY
grep -q 'via \[alert bulky\]: .*HTTP 413.*sent again in two digests' "$T/run-b2.err" || { cat "$T/run-b2.err"; fail "the split is not logged"; }
ok "a digest of 4 refused with 413: sent again as two digests of 2 under their own ids, every alert once, in order"

# --- a digest channel with more waiting than one digest holds (200): the rest follow at once,
# not a whole `every` later (a queue that only grew, each alert then failed at max_age); and
# a clock set back since the last send (NTP, a restored VM) stalls no channel: a digest's,
# a rate limit's, an alert's and a retry's times recorded "in the future" are not waited for ---
MANY_PORT=$(free_port)
start_receiver manyrx "$PY" "$D/hook_receiver.py" --port "$MANY_PORT" --out "$T/many.jsonl"
cat >> "$T/nw.conf" <<CONF
[alert many]
plugin = webhook
url = http://127.0.0.1:$MANY_PORT/many
mode = digest
every = 1h
[alert back]
plugin = webhook
url = http://127.0.0.1:$MANY_PORT/back
mode = digest
every = 1h
[alert backrate]
plugin = webhook
url = http://127.0.0.1:$MANY_PORT/backrate
rate_limit = 1
rate_window = 1h
[alert backfuture]
plugin = webhook
url = http://127.0.0.1:$MANY_PORT/backfuture
mode = digest
every = 1h
[alert backretry]
plugin = webhook
url = http://127.0.0.1:$MANY_PORT/backretry
retry_max = 1h
CONF
# 450 alerts raised 2 hours ago, due; 'back*': a send recorded an hour ahead of the clock,
# and an alert tried once whose retry is recorded for 30 days ahead (retry_max is 1h)
sql "$T/store.db" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 450)
INSERT INTO alerts(alert_id, channel, story, payload, created, next_attempt)
SELECT 'many-' || i, 'many', 'bulk', json_object('id', 'many-' || i, 'story', 'bulk', 'kind', 'new',
  'title', 'Item ' || i, 'link', 'https://wire.example.com/' || i, 'source', 'wire'),
  strftime('%s', 'now') - 7200, strftime('%s', 'now') - 7200 FROM n;
INSERT INTO alerts(alert_id, channel, story, payload, created, next_attempt, state, sent_at)
VALUES ('back-0', 'back', 'bulk', '{\"id\":\"back-0\",\"story\":\"bulk\",\"kind\":\"new\",\"title\":\"b0\"}',
  strftime('%s', 'now') - 7200, 0, 'sent', strftime('%s', 'now') + 3600),
       ('backrate-0', 'backrate', 'bulk', '{\"id\":\"backrate-0\",\"story\":\"bulk\",\"kind\":\"new\",\"title\":\"r0\"}',
  strftime('%s', 'now') - 60, 0, 'sent', strftime('%s', 'now') + 3600);
INSERT INTO alerts(alert_id, channel, story, payload, created, next_attempt, attempts)
VALUES ('back-1', 'back', 'bulk', '{\"id\":\"back-1\",\"story\":\"bulk\",\"kind\":\"new\",\"title\":\"b1\"}',
  strftime('%s', 'now') - 7200, 0, 0),
       ('backrate-1', 'backrate', 'bulk', '{\"id\":\"backrate-1\",\"story\":\"bulk\",\"kind\":\"new\",\"title\":\"r1\"}',
  strftime('%s', 'now') - 60, 0, 0),
       ('backfuture-1', 'backfuture', 'bulk', '{\"id\":\"backfuture-1\",\"story\":\"bulk\",\"kind\":\"new\",\"title\":\"f1\"}',
  strftime('%s', 'now') + 3600, strftime('%s', 'now') + 3600, 0),
       ('backretry-1', 'backretry', 'bulk', '{\"id\":\"backretry-1\",\"story\":\"bulk\",\"kind\":\"new\",\"title\":\"t1\"}',
  strftime('%s', 'now') - 60, strftime('%s', 'now') + 30 * 86400, 1)" >/dev/null || fail "queueing the alerts"
"$NEWSWATCHD" --once -c "$T/nw.conf" 2>"$T/run-m1.err" || { cat "$T/run-m1.err"; fail "run m1"; }
$PY - "$T/many.jsonl" "$T/store.db" <<'PY' || { cat "$T/run-m1.err"; fail "450 due alerts of a digest channel: not all sent at once in digests of 200"; }
import json, sqlite3, sys
reqs = [(r["path"], r["status"], json.loads(r["body"])) for r in map(json.loads, open(sys.argv[1]))]
many = [d for p, s, d in reqs if p == "/many" and s == 200]
assert [d["count"] for d in many] == [200, 200, 50], [d["count"] for d in many]
shown = [a["id"] for d in many for a in d["alerts"]]
assert shown == ["many-%d" % i for i in range(1, 451)], shown[:3]
db = sqlite3.connect(sys.argv[2])
assert db.execute("SELECT count(*) FROM alerts WHERE channel = 'many' AND state = 'sent'").fetchone()[0] == 450
PY
ok "450 due alerts of a digest channel (every = 1h): 3 digests of 200, 200 and 50 in one run, each alert once, in order"
for ch in back backrate backfuture backretry; do
	[ "$(sql "$T/store.db" "SELECT state FROM alerts WHERE alert_id = '$ch-1'")" = sent ] ||
		{ cat "$T/run-m1.err"; fail "[alert $ch]: a time recorded ahead of the clock stalled the channel"; }
done
ok "a clock set back an hour: a digest channel, a rate-limited one, an alert raised an hour ahead and a retry recorded 30 days ahead all sent"
# an alert raised while a digest is being sent (here: retried after a 503) is no overflow:
# it waits for `every` after that digest, not sent at once in a second one
IF_PORT=$(free_port)
start_receiver inflightrx "$PY" "$D/hook_receiver.py" --port "$IF_PORT" --out "$T/inflight.jsonl" --fail-first 1
cat >> "$T/nw.conf" <<CONF
[alert inflight]
plugin = webhook
url = http://127.0.0.1:$IF_PORT/inflight
mode = digest
every = 1h
retry_min = 1s
retry_max = 1s
CONF
sql "$T/store.db" "INSERT INTO alerts(alert_id, channel, story, payload, created, next_attempt)
VALUES ('inflight-a', 'inflight', 'bulk', '{\"id\":\"inflight-a\",\"story\":\"bulk\",\"kind\":\"new\",\"title\":\"a\"}',
  strftime('%s', 'now') - 7200, strftime('%s', 'now') - 7200)" >/dev/null || fail "queueing alert a"
"$NEWSWATCHD" --once -c "$T/nw.conf" 2>"$T/run-i1.err" || { cat "$T/run-i1.err"; fail "run i1"; }
sql "$T/store.db" "INSERT INTO alerts(alert_id, channel, story, payload, created, next_attempt)
VALUES ('inflight-b', 'inflight', 'bulk', '{\"id\":\"inflight-b\",\"story\":\"bulk\",\"kind\":\"new\",\"title\":\"b\"}',
  strftime('%s', 'now'), strftime('%s', 'now'))" >/dev/null || fail "queueing alert b"
sleep 2.5
"$NEWSWATCHD" --once -c "$T/nw.conf" 2>"$T/run-i2.err" || { cat "$T/run-i2.err"; fail "run i2"; }
[ "$(sql "$T/store.db" "SELECT group_concat(alert_id || ':' || state, ' ') FROM (SELECT * FROM alerts WHERE channel = 'inflight' ORDER BY id)")" = "inflight-a:sent inflight-b:queued" ] &&
	[ "$(grep -c . "$T/inflight.jsonl")" = 2 ] ||
	{ cat "$T/run-i2.err" "$T/inflight.jsonl"; fail "an alert raised while a digest was retried went at once in a second digest"; }
ok "an alert raised while a digest is retried waits for 'every' after it (503, then the digest alone; the alert queued)"

# --- an alert's summary is at most 1000 characters, cut between characters with an ellipsis:
# an item without a summary of its own falls back to its whole content, which is not an alert
rss() { # rss FILE [DESCRIPTION]: a feed of one item (none without a description), dated now
	{
		echo '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Wire</title><link>https://wire.example.com/</link>'
		[ $# -gt 1 ] && echo "<item><title>Quillon opens a plant</title><guid isPermaLink=\"false\">q1</guid><link>https://wire.example.com/q1</link><pubDate>$(date -u -R)</pubDate><description>$2</description></item>"
		echo '<pubDate>'"$(date -u -R)"'</pubDate></channel></rss>'
	} > "$1"
}
cat > "$T/sum.conf" <<CONF
[story quillon]
entity.x = Quillon
match = x
alert = sumhook
[alert sumhook]
plugin = webhook
url = http://127.0.0.1:9/never
CONF
rss "$T/sum0.xml"
rss "$T/sum1.xml" "$(for _ in $(seq 400); do printf 'Quillon 공장 '; done)"
"$NEWSWATCH" -c "$T/sum.conf" --db "$T/sum.db" replay wire="$T/sum0.xml" wire="$T/sum1.xml" >"$T/sum.out" 2>"$T/sum.err" ||
	{ cat "$T/sum.err"; fail "replay of the long item"; }
# without --deliver, notifiers do not fire, now or later: the alert is reported, not queued
# (a daemon on that store would have sent it)
grep -q '"alert": *true' "$T/sum.out" || { cat "$T/sum.out"; fail "replay does not report the alert"; }
[ "$(sql "$T/sum.db" "SELECT count(*) FROM alerts")" = 0 ] || fail "replay without --deliver queued an alert"
ok "replay without --deliver: the alert is reported (\"alert\": true) and nothing is queued to be sent later"
rm -f "$T/sum.db"*
"$NEWSWATCH" -c "$T/sum.conf" --db "$T/sum.db" replay --format text --deliver wire="$T/sum0.xml" wire="$T/sum1.xml" \
	>"$T/sum.out" 2>"$T/sum.err" || { cat "$T/sum.err"; fail "replay --deliver of the long item"; }
$PY - "$T/sum.db" <<'PY' || { cat "$T/sum.out" "$T/sum.err"; fail "the alert's summary is not clipped to 1000 characters"; }
import json, sqlite3, sys
(payload,), = sqlite3.connect(sys.argv[1]).execute("SELECT payload FROM alerts")
s = json.loads(payload)["summary"]
full = " ".join(["Quillon 공장"] * 400)
assert len(s) == 1000 and s.endswith("\u2026") and full.startswith(s[:-1]), (len(s), s[-20:])
PY
ok "an alert's summary: the item's 4399 characters clipped to 1000, with an ellipsis"
