#!/bin/bash
# email_faults.sh — mail alerts against SMTP servers that fail in the ways real ones do (Debian's
# aiosmtpd, via smtp_receiver.py, one per case), each alert raised by a file:// feed and sent
# by `newswatchd --once`; what the store and the log say after each run:
#  - the connection closed after the message's final "." before the server's reply (it may
#    have been delivered): retried, the error says so and names the server; the resend carries
#    the same Message-ID (both copies checked);
#  - 421 as the greeting, 421 to MAIL FROM, the connection closed at MAIL FROM: retried, then
#    delivered once, the error naming the server and what was left unanswered;
#  - 550 to MAIL FROM (the sender refused, every mail of the channel would meet it): retried,
#    not failed on the spot, and failed at max_age with the server's reply;
#  - 550 to one RCPT TO and 451 to another among three: failed at max_age, the error (as
#    newswatch alerts --json shows it) naming the one still owed and the one refused for good;
#  - a server that accepts the connection and never says a word: the run ends at
#    connect_timeout, the alert stays queued with an error naming the server, and another
#    channel's mail goes out meanwhile;
#  - the wire: a Korean/Japanese alert with a long summary, Korean names in From and To,
#    with and without SMTPUTF8 offered: 7-bit, short lines, decoded as sent;
#  - a digest over the server's SIZE: sent again in halves, every alert delivered once.
. "$top_srcdir/tests/integration/lib.sh" || exit 99
D="$top_srcdir/tests/integration"
$PY -c 'import aiosmtpd' 2>/dev/null || skip "python3-aiosmtpd is not installed for $PY"

# channel NAME [CONF_LINE...] -- RECEIVER_ARGS...: $T/NAME/ with a receiver of its own (its mail
# in $T/NAME/mail, its port in $T/NAME/port), a feed, a story of "Zorblax" alerting [alert m]
# there (the conf LINEs added to it; "to = ..." in place of its desk@example.org), and a first
# run for the feed's backlog
channel() {
	local name=$1 port extra=() to=desk@example.org
	shift
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		case $1 in
		"to = "*) to=${1#to = } ;; # in place of the channel's own
		*) extra+=("$1") ;;
		esac
		shift
	done
	shift
	mkdir -p "$T/$name/mail"
	port=$(free_port)
	echo "$port" >"$T/$name/port"
	start_receiver "smtp-$name" "$PY" "$D/smtp_receiver.py" --port "$port" --dir "$T/$name/mail" "$@"
	items "$name" '<item><title>old news</title><guid>g0</guid><link>https://x.example/0</link></item>'
	cat >"$T/$name/nw.conf" <<CONF
[daemon]
database = $T/$name/store.db
connect_timeout = 2s
[feed wire]
url = file://$T/$name/feed.xml
allow_file = yes
[story saga]
entity.z = Zorblax
match = z
alert = m
[alert m]
plugin = email
smtp = smtp://127.0.0.1:$port
starttls = optional
from = nw@example.org
to = $to
retry_min = 1s
CONF
	[ ${#extra[@]} = 0 ] || printf '%s\n' "${extra[@]}" >>"$T/$name/nw.conf"
	run "$name" 0
}
items() { printf '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>W</title>%s</channel></rss>\n' "$2" >"$T/$1/feed.xml"; }
# alert NAME: a new item about Zorblax in NAME's feed
alert() { items "$1" '<item><title>Zorblax opens a lab in Busan</title><guid>g1</guid><link>https://x.example/1</link></item><item><title>old news</title><guid>g0</guid><link>https://x.example/0</link></item>'; }
# run NAME N: newswatchd --once, its log in $T/NAME/runN.err
run() { "$NEWSWATCHD" --once -c "$T/$1/nw.conf" >"$T/$1/run$2.out" 2>"$T/$1/run$2.err" || { cat "$T/$1/run$2.err"; fail "$1: run $2"; }; }
state() { sql "$T/$1/store.db" "SELECT state FROM alerts WHERE channel = '${2:-m}'"; }
last_error() { sql "$T/$1/store.db" "SELECT last_error FROM alerts WHERE channel = '${2:-m}'"; }
server() { echo "smtp://127.0.0.1:$(cat "$T/$1/port")"; }
# retried NAME WHAT: after run 1 the alert is queued, the error (log and store) names the server
# and says WHAT (an ERE); after run 2, a retry, it is sent
retried() {
	local name=$1 what=$2
	[ "$(state "$name")" = queued ] || { cat "$T/$name/run1.err"; fail "$name: the alert is '$(state "$name")' after the first attempt, not queued"; }
	last_error "$name" | grep -Eq "^$(server "$name"): $what" ||
		{ cat "$T/$name/run1.err"; fail "$name: the error does not name the server and say '$what': $(last_error "$name")"; }
	grep -Eq "via \[alert m\]: $(server "$name"): ${what%\$}.*; retrying in" "$T/$name/run1.err" ||
		{ cat "$T/$name/run1.err"; fail "$name: the log does not say it"; }
	sleep 2.1 # retry_min = 1s, counted from the next whole second
	run "$name" 2
	[ "$(state "$name")" = sent ] || { cat "$T/$name/run2.err"; fail "$name: not sent at the retry: $(state "$name")"; }
}

# --- the connection closed after the message's final ".", before the server's reply ---
channel drop -- --drop-first 1
alert drop
run drop 1
[ "$(count "$T/drop/mail" '*.eml')" = 1 ] || fail "drop: the server did not get the message"
retried drop 'the connection closed before the server answered the end of the message \(it may have been delivered: it goes again under the same Message-ID\)'
[ "$(count "$T/drop/mail" '*.eml')" = 2 ] || fail "drop: want 2 copies (the one left unanswered, the retry), have $(count "$T/drop/mail" '*.eml')"
id=$(sql "$T/drop/store.db" "SELECT alert_id FROM alerts")
$PY - "$T/drop/mail" "$id" <<'PY' || fail "drop: the two copies do not carry the alert's Message-ID"
import email, email.policy, sys
d, alert_id = sys.argv[1], sys.argv[2]
ids = [email.message_from_binary_file(open("%s/%04d.eml" % (d, i), "rb"), policy=email.policy.default)["Message-ID"]
       for i in (1, 2)]
assert ids == ["<%s@example.org>" % alert_id] * 2, ids
PY
ok "connection closed before the reply to the message's end: retried, the error says it may have been delivered; both copies carry Message-ID <$id@example.org>"

# --- 421 as the greeting; 421 to MAIL FROM; the connection closed at MAIL FROM ---
channel greet421 -- --fail-first 1 --fail-at connect --fail-reply "421 4.3.2 service not available"
alert greet421
run greet421 1
retried greet421 '.*421 4\.3\.2 service not available'
channel mail421 -- --fail-first 1 --fail-at mail --fail-reply "421 4.4.5 too busy, try later"
alert mail421
run mail421 1
retried mail421 'MAIL failed: 421.*421 4\.4\.5 too busy, try later'
channel mailclose -- --drop-first 1 --drop-at mail
alert mailclose
run mailclose 1
retried mailclose 'the connection closed with no reply to MAIL FROM$'
for c in greet421 mail421 mailclose; do
	[ "$(count "$T/$c/mail" '*.eml')" = 1 ] || fail "$c: want the mail once, have $(count "$T/$c/mail" '*.eml')"
done
ok "421 greeting, 421 to MAIL FROM, connection closed at MAIL FROM: each retried with the server and what went wrong named, then delivered once"

# --- 550 to MAIL FROM: the sender refused; retried (each alert of the channel would meet it:
# failed on the spot, every one would be lost), failed at max_age with the server's reply ---
channel sender "max_age = 3s" -- --fail-first 99 --fail-at mail --fail-reply "550 5.7.1 sender rejected"
alert sender
run sender 1
[ "$(state sender)" = queued ] && last_error sender | grep -q "^$(server sender): MAIL failed: 550.*550 5.7.1 sender rejected" ||
	{ cat "$T/sender/run1.err"; fail "sender: 550 to MAIL FROM: '$(state sender)', '$(last_error sender)'"; }
sleep 4.1
run sender 2
[ "$(state sender)" = failed ] && last_error sender | grep -q "max_age reached; last error: $(server sender): MAIL failed: 550.*550 5.7.1 sender rejected" ||
	{ cat "$T/sender/run2.err"; fail "sender: after max_age: '$(state sender)', '$(last_error sender)'"; }
ok "550 to MAIL FROM: queued with the server's reply, failed at max_age naming it"

# --- 550 to one RCPT TO, 451 to another, the third takes the mail: queued, owed to the one
# that said later; failed at max_age, its error (newswatch alerts --json) naming the one still
# owed and, with the server and its reply, the one refused for good ---
channel split "to = desk@example.org, later@example.org, gone@example.org" "max_age = 3s" -- \
	--defer-rcpt later@example.org:99 --refuse-rcpt gone@example.org
alert split
run split 1
[ "$(state split)" = queued ] || { cat "$T/split/run1.err"; fail "split: the alert is '$(state split)' after the first attempt, not queued"; }
sleep 4.1
run split 2
"$NEWSWATCH" -c "$T/split/nw.conf" alerts --json >"$T/split/alerts.json" || fail "split: newswatch alerts --json"
$PY - "$T/split/alerts.json" "$(server split)" <<'PY' || { cat "$T/split/alerts.json" "$T/split/run2.err"; fail "split: the failed alert's error does not name the recipient still owed and the one refused for good"; }
import json, sys
a = json.load(open(sys.argv[1]))
assert len(a) == 1 and a[0]["state"] == "failed", a
e = a[0]["error"]
assert e.startswith("max_age reached, still owed to later@example.org (the others have it)"), e
assert "; %s: not delivered to 1 of 3 recipients, refused for good: gone@example.org: 550 5.1.1 no such mailbox" \
    % sys.argv[2] in e, e
PY
[ "$(count "$T/split/mail" '*.eml')" = 1 ] || fail "split: want the mail once (to desk@example.org), have $(count "$T/split/mail" '*.eml')"
ok "550 to one RCPT TO and 451 to another: failed at max_age, the error naming the one owed and the one refused for good with the server's reply"

# --- a server that accepts the connection and never answers: the run ends, the alert waits with
# an error naming the server, and another channel's mail goes out meanwhile ---
channel mute -- --mute
mkdir -p "$T/mute/mail2"
P2=$(free_port)
start_receiver smtp-mute2 "$PY" "$D/smtp_receiver.py" --port "$P2" --dir "$T/mute/mail2"
sed -i 's/^alert = m$/alert = m, good/' "$T/mute/nw.conf"
printf '[alert good]\nplugin = email\nsmtp = smtp://127.0.0.1:%s\nstarttls = optional\nfrom = nw@example.org\nto = desk@example.org\n' "$P2" >>"$T/mute/nw.conf"
alert mute
start=$(date +%s)
timeout 60 "$NEWSWATCHD" --once -c "$T/mute/nw.conf" >"$T/mute/run1.out" 2>"$T/mute/run1.err" || { cat "$T/mute/run1.err"; fail "mute: run 1 (exit $?)"; }
took=$(($(date +%s) - start))
[ "$took" -le 20 ] || fail "mute: --once took $took s with connect_timeout = 2s"
[ "$(state mute)" = queued ] && last_error mute | grep -q "^$(server mute): connected, but the server sent no greeting in 2 s$" ||
	{ cat "$T/mute/run1.err"; fail "mute: '$(state mute)', '$(last_error mute)'"; }
grep -q "via \[alert m\]: $(server mute): connected, but the server sent no greeting in 2 s; retrying in" "$T/mute/run1.err" ||
	{ cat "$T/mute/run1.err"; fail "mute: the log does not name the server"; }
[ "$(state mute good)" = sent ] && [ "$(count "$T/mute/mail2" '*.eml')" = 1 ] || fail "mute: the other channel's mail did not go out"
ok "a server that never greets: --once ends in $took s, the alert queued ('$(last_error mute)'), the other channel's mail sent"

# --- the wire: a Korean and Japanese alert with a long summary, a Korean name in From and To,
# to a server offering SMTPUTF8 and one offering 8BITMIME alone: each mail 7-bit, no line over
# 998 bytes (RFC 5322 2.1.1), its subject in encoded words (RFC 2047), and what Python's email
# parser decodes (subject, names, both parts) is what the alert says ---
long=$($PY -c 'print(" ".join(["조르블락스가 부산에 새 연구소를 열었다고 발표했다%d. ゾルブラクスは釜山に新しい研究所を開設した。" % i for i in range(40)]))')
for opt in --smtputf8 ""; do
	name=wire${opt:+8}
	channel "$name" -- $opt
	sed -i -e 's/^from = .*/from = "뉴스워치 알림" <nw@example.org>/' \
		-e 's/^to = .*/to = 홍길동 <desk@example.org>, "Kim, Cheolsu" <kim@example.org>/' -e 's/^entity.z = .*/entity.z = Zorblax | 조르블락스/' "$T/$name/nw.conf"
	items "$name" "<item><title>조르블락스, 부산에 연구소 개설 — ゾルブラクス、釜山に研究所</title><guid>g1</guid><link>https://x.example/1</link><description>$long</description></item><item><title>old news</title><guid>g0</guid><link>https://x.example/0</link></item>"
	run "$name" 1
	[ "$(state "$name")" = sent ] && [ "$(count "$T/$name/mail" '*.eml')" = 1 ] || { cat "$T/$name/run1.err"; fail "$name: not sent"; }
	sql "$T/$name/store.db" "SELECT payload FROM alerts" >"$T/$name/payload.json"
	$PY "$D/mailcheck.py" "$T/$name/mail/0001.eml" >"$T/$name/check.json" || fail "$name: mailcheck.py"
	$PY - "$T/$name/check.json" "$T/$name/payload.json" "$T/$name/mail/0001.json" "$opt" <<'PY' || { cat "$T/$name/check.json"; fail "$name: the mail on the wire"; }
import json, sys
m = json.load(open(sys.argv[1]))
a = json.load(open(sys.argv[2]))
env = json.load(open(sys.argv[3]))
assert len(a["summary"]) > 900, len(a["summary"])  # long: 3 bytes a character, one line
assert not m["raw_non_ascii"] and m["headers_ok"] and m["max_line"] <= 998 and not m["defects"], m
assert "=?UTF-8?B?" in m["subject_raw"] and m["subject"] == "[newswatch] saga: " + a["title"], m["subject"]
assert m["from"] == "뉴스워치 알림 <nw@example.org>", m["from"]
assert m["to"] == ["홍길동 <desk@example.org>", '"Kim, Cheolsu" <kim@example.org>'], m["to"]
assert sorted(env["rcpt_tos"]) == ["desk@example.org", "kim@example.org"], env
assert [p["cte"] for p in m["parts"]] == ["base64", "base64"], m["parts"]
text, html = m["parts"][0]["text"], m["parts"][1]["text"]
assert a["title"] in text and a["summary"] in text, text
assert a["title"] in html and a["summary"] in html, html
print(sys.argv[4] or "8BITMIME", "longest line", m["max_line"])
PY
done
ok "a Korean/Japanese alert with a ${#long}-character summary, Korean names in From and To: 7-bit, lines under 998, encoded subject and names that decode to the alert's, with and without SMTPUTF8 offered"

# --- a digest too large for the server (552 to MAIL FROM, its SIZE over the limit the server
# announces) goes again as two digests of half as many, each under its own Message-ID, until
# each part is taken: every alert delivered once (it was failed for good, the whole digest) ---
channel big "mode = digest" "every = 1s" -- --size-limit 2700 # the digest of 4: 3.1 kB, of 2: 2.2 kB
body=
i=0
for t in "Zorblax recalls 9000 scooters after fires" "Zorblax buys a shipyard in Ulsan" \
	"Zorblax cuts 700 jobs in Oslo" "Zorblax settles a patent lawsuit"; do # 4 developments
	i=$((i + 1))
	body="<item><title>$t</title><guid>b$i</guid><link>https://x.example/b$i</link><description>$t.</description></item>$body"
done
items big "$body<item><title>old news</title><guid>g0</guid><link>https://x.example/0</link></item>"
run big 1
[ "$(sql "$T/big/store.db" "SELECT count(*) FROM alerts")" = 4 ] || { cat "$T/big/run1.err"; fail "big: want 4 alerts"; }
sleep 1.1
run big 2
[ "$(sql "$T/big/store.db" "SELECT group_concat(state) FROM alerts")" = sent,sent,sent,sent ] ||
	{ cat "$T/big/run2.err"; fail "big: a digest refused as too large: $(sql "$T/big/store.db" "SELECT group_concat(state) FROM alerts")"; }
grep -q "via \[alert m\]: $(server big): MAIL failed: 552.*sent again in two digests" "$T/big/run2.err" ||
	{ cat "$T/big/run2.err"; fail "big: the split is not logged"; }
$PY - "$T/big/mail" "$T/big/store.db" <<'PY' || fail "big: the halves"
import email, email.policy, glob, sqlite3, sys
mails = [email.message_from_binary_file(open(f, "rb"), policy=email.policy.default) for f in sorted(glob.glob(sys.argv[1] + "/*.eml"))]
rows = list(sqlite3.connect(sys.argv[2]).execute("SELECT alert_id, batch FROM alerts ORDER BY id"))
assert len(mails) == 2, len(mails)
assert [m["X-Newswatch-Id"] for m in mails] == [rows[0][1], rows[2][1]] and rows[0][1] != rows[2][1], ([m["X-Newswatch-Id"] for m in mails], rows)
assert [m["Message-ID"] for m in mails] == ["<%s@example.org>" % b for b in (rows[0][1], rows[2][1])]
texts = [m.get_body(("plain",)).get_content() for m in mails]
titles = ["recalls 9000 scooters", "buys a shipyard", "cuts 700 jobs", "settles a patent"]
for t in titles:  # each alert in one mail, in order
    assert sum(t in x for x in texts) == 1, t
assert titles[1] in texts[0] and titles[2] in texts[1], texts
PY
ok "a digest of 4 over the server's SIZE (552 to MAIL FROM): sent again as two digests of 2 under their own Message-IDs, every alert once"
