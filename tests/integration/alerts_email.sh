#!/bin/bash
# alerts_email.sh — alerts as mail to a real SMTP server on loopback (Debian's aiosmtpd, via
# smtp_receiver.py) with STARTTLS on a certificate this test makes (trusted through ca_file)
# and AUTH with the password from password_file:
#  - the server refuses the first DATA (451): the mail is retried on the next run; a 550 to
#    RCPT TO (an address of the channel refused) is retried too, not failed; a 550 once the
#    server had the whole message fails that message; one recipient refused among good ones
#    gets nothing, the others get the mail; one that says "later" (451) is owed the mail,
#    and its retry goes to it alone;
#  - each mail, parsed with Python's email package: the subject decodes to the Korean or
#    Japanese title, text and HTML parts, UTF-8 and 7-bit clean, Date, a Message-ID made of
#    the alert id, and In-Reply-To/References naming the story's one thread; both recipients;
#  - smtps:// (TLS from the start) works; a server offering no STARTTLS gets nothing;
#  - a password file readable by others is refused with the fix; a LoadCredential= name is
#    read from $CREDENTIALS_DIRECTORY; the password appears in no output;
#  - a bad recipient is a conf error, and the failed init leaks nothing (valgrind or LSan).
. "$top_srcdir/tests/integration/lib.sh" || exit 99
D="$top_srcdir/tests/integration"
$PY -c 'import aiosmtpd' 2>/dev/null || skip "python3-aiosmtpd is not installed for $PY"
command -v openssl >/dev/null || skip "openssl is not installed"
mkdir -p "$T/www" "$T/mail" "$T/mail2" "$T/mail3" "$T/creds"
chmod 755 "$T/www"
"$D/make_cert.sh" "$T/cert" >/dev/null 2>&1 || fail "make_cert.sh"
PASSWORD='pw-Zq7-not-in-logs'
printf '%s\n' "$PASSWORD" > "$T/smtp.pass"
chmod 600 "$T/smtp.pass"
cp "$T/smtp.pass" "$T/creds/smtp"
chmod 400 "$T/creds/smtp"
feed() {
	{
		echo '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Wire</title><link>https://wire.example.com/</link>'
		for it in "$@"; do
			IFS='|' read -r title guid <<<"$it"
			echo "<item><title>$title</title><guid isPermaLink=\"false\">$guid</guid><link>https://wire.example.com/$guid</link><pubDate>$(date -u -R)</pubDate><description>$title.</description></item>"
		done
		echo '</channel></rss>'
	} > "$T/www/feed.xml"
	chmod 644 "$T/www/feed.xml"
}
# news ITEM...: these items, newest first, before those the feed listed already
listed=()
news() {
	listed=("$@" "${listed[@]}")
	feed "${listed[@]}"
}
start_nginx "$T/www"
P1=$(free_port)
P2=$(free_port)
P3=$(free_port)
start_receiver smtp1 "$PY" "$D/smtp_receiver.py" --port "$P1" --dir "$T/mail" --cert "$T/cert/server.pem" \
	--key "$T/cert/server.key" --starttls-required --auth "newswatch:$T/smtp.pass" --fail-first 1
start_receiver smtp2 "$PY" "$D/smtp_receiver.py" --port "$P2" --dir "$T/mail2" --cert "$T/cert/server.pem" \
	--key "$T/cert/server.key" --implicit-tls --auth "newswatch:$T/smtp.pass"
start_receiver smtp3 "$PY" "$D/smtp_receiver.py" --port "$P3" --dir "$T/mail3"
cat > "$T/nw.conf" <<CONF
[daemon]
database = $T/store.db
[feed wire]
url = http://127.0.0.1:$NGINX_PORT/feed.xml
[story saga]
entity.openai = OpenAI | 오픈AI | オープンAI
match = openai
alert = mail
[alert mail]
plugin = email
smtp = smtp://127.0.0.1:$P1
from = newswatch <nw@example.org>
to = desk@example.org, me@example.org
username = newswatch
password_file = $T/smtp.pass
ca_file = $T/cert/ca.pem
retry_min = 1s
[alert tls]
plugin = email
smtp = smtps://127.0.0.1:$P2
from = nw@example.org
to = desk@example.org
username = newswatch
password_file = smtp
ca_file = $T/cert/ca.pem
[alert plain]
plugin = email
smtp = smtp://127.0.0.1:$P3
from = nw@example.org
to = desk@example.org
CONF

# --- a secret readable by others is refused, naming the fix; the password is never shown ---
chmod 644 "$T/smtp.pass"
CREDENTIALS_DIRECTORY=$T/creds "$NEWSWATCHD" --check-config -c "$T/nw.conf" >"$T/check.out" 2>&1 && fail "a world-readable password file was accepted"
grep -q "nw.conf:.*password_file: $T/smtp.pass is readable by others (mode 0644).*chmod o-rwx $T/smtp.pass" "$T/check.out" ||
	{ cat "$T/check.out"; fail "no file:line error with the fix"; }
chmod 600 "$T/smtp.pass"
# outside the service (no $CREDENTIALS_DIRECTORY): the daemon refuses a credential's name,
# --check-config (run before `systemctl reload`) says it could not read it, and commands that
# send nothing do not read secrets at all (a member of the store's group may not be able to)
rc=0
"$NEWSWATCHD" --once -c "$T/nw.conf" >"$T/check2.out" 2>&1 || rc=$?
[ $rc = 1 ] && grep -q 'CREDENTIALS_DIRECTORY' "$T/check2.out" || { cat "$T/check2.out"; fail "the daemon without \$CREDENTIALS_DIRECTORY: exit $rc"; }
"$NEWSWATCHD" --check-config -c "$T/nw.conf" >"$T/check3.out" 2>&1 || { cat "$T/check3.out"; fail "--check-config outside the service refused a credential"; }
grep -q 'nw.conf: 1 secret of LoadCredential= not read' "$T/check3.out" || { cat "$T/check3.out"; fail "--check-config does not say what it could not read"; }
rc=0
"$NEWSWATCH" -c "$T/nw.conf" test-rule "OpenAI opens an office" >"$T/rule.out" 2>&1 || rc=$?
[ $rc = 0 ] || { cat "$T/rule.out"; fail "test-rule outside the service: exit $rc"; }
if [ "$(id -u)" = 0 ]; then
	rc=0
	runuser -u nobody -- "$NEWSWATCH" -c "$T/nw.conf" test-rule "OpenAI opens an office" >"$T/rule2.out" 2>&1 || rc=$?
	[ $rc = 0 ] || { cat "$T/rule2.out"; fail "test-rule by a user who cannot read the secrets: exit $rc"; }
fi
export CREDENTIALS_DIRECTORY=$T/creds
"$NEWSWATCHD" --check-config -c "$T/nw.conf" >"$T/check4.out" || fail "check-config with the credentials"
! grep -q 'not read' "$T/check4.out" || fail "--check-config with the credentials says one was not read"
ok "password_file readable by others refused with 'chmod o-rwx'; a credential's name: the daemon needs \$CREDENTIALS_DIRECTORY, --check-config says it is not read outside the service, test-rule reads no secret"

# --- backlog, then a Korean and a Japanese development: two mails, the first attempt refused ---
news "OpenAI opens an office in Seoul|g1"
"$NEWSWATCHD" --once -c "$T/nw.conf" >"$T/run1.out" 2>"$T/run1.err" || { cat "$T/run1.err"; fail "run 1"; }
news "오픈AI, 샘 알트먼 CEO 해임|g2" "オープンAI、新しいCEOを任命|g3"
"$NEWSWATCHD" --once -c "$T/nw.conf" >"$T/run2.out" 2>"$T/run2.err" || { cat "$T/run2.err"; fail "run 2"; }
[ "$(sql "$T/store.db" "SELECT count(*) FROM alerts")" = 2 ] || { cat "$T/run2.err"; fail "want 2 alerts queued"; }
grep -q '451' "$T/run2.err" || { cat "$T/run2.err"; fail "the 451 is not logged"; }
[ "$(count "$T/mail" '*.eml')" = 0 ] || fail "a mail went through despite 451"
sleep 2.1 # retry_min = 1s, counted from the next whole second
"$NEWSWATCHD" --once -c "$T/nw.conf" >"$T/run3.out" 2>"$T/run3.err" || { cat "$T/run3.err"; fail "run 3"; }
[ "$(count "$T/mail" '*.eml')" = 2 ] || { cat "$T/run3.err"; fail "want 2 mails, have $(count "$T/mail" '*.eml')"; }
ok "SMTP 451 on the first attempt: retried on the next run, both mails delivered"

$PY "$D/mailcheck.py" "$T/mail"/0*.eml > "$T/mails.jsonl" || fail "mailcheck.py"
sql "$T/store.db" "SELECT alert_id FROM alerts ORDER BY id" > "$T/ids"
$PY - "$T/mails.jsonl" "$T/ids" "$T/mail" <<'PY' || { cat "$T/mails.jsonl"; fail "mail format"; }
import json, sys, glob
mails = [json.loads(l) for l in open(sys.argv[1])]
ids = open(sys.argv[2]).read().split()
envs = [json.load(open(f)) for f in sorted(glob.glob(sys.argv[3] + "/0*.json"))]
assert [m["message_id"] for m in mails] == ["<%s@example.org>" % i for i in ids], [m["message_id"] for m in mails]
subjects = sorted(m["subject"] for m in mails)
assert subjects == ["[newswatch] saga: オープンAI、新しいCEOを任命", "[newswatch] saga: 오픈AI, 샘 알트먼 CEO 해임"], subjects
assert all(m["subject"].startswith("[newswatch] saga: ") for m in mails)
assert all("=?UTF-8?B?" in m["subject_raw"] for m in mails)
for m in mails:
    assert m["content_type"] == "multipart/alternative", m["content_type"]
    types = [p["type"] for p in m["parts"]]
    assert types == ["text/plain", "text/html"], types
    assert all(p["charset"] == "utf-8" for p in m["parts"])
    assert m["in_reply_to"] == m["references"] == "<story.saga@example.org>", (m["in_reply_to"], m["references"])
    assert m["date_ok"] and not m["raw_non_ascii"] and m["headers_ok"], m
    assert sorted(m["to"]) == ["desk@example.org", "me@example.org"], m["to"]
ko = [m for m in mails if "샘 알트먼" in m["subject"]][0]
assert "샘 알트먼" in ko["parts"][0]["text"] and "샘 알트먼" in ko["parts"][1]["text"]
assert '<a href="https://wire.example.com/g2">' in ko["parts"][1]["text"]
assert all(m["max_header_line"] <= 78 for m in mails), [m["max_header_line"] for m in mails]
for e in envs:
    assert e["tls"] is True and e["auth_user"] == "newswatch", e
    assert e["mail_from"] == "nw@example.org" and sorted(e["rcpt_tos"]) == ["desk@example.org", "me@example.org"], e
print("subjects:", [m["subject"] for m in mails])
PY
ok "mails: Korean and Japanese subjects decode, text + HTML parts in UTF-8, 7-bit clean, one thread per story, over STARTTLS with AUTH"

# --- smtps:// with the password from LoadCredential=; a server without STARTTLS gets nothing ---
"$NEWSWATCH" -c "$T/nw.conf" alert-test tls >"$T/t2.out" 2>&1 || { cat "$T/t2.out"; fail "alert-test over smtps://"; }
[ "$(count "$T/mail2" '*.eml')" = 1 ] || fail "smtps:// mail missing"
$PY -c 'import json,sys; e=json.load(open(sys.argv[1])); sys.exit(0 if e["tls"] and e["auth_user"] == "newswatch" else 1)' "$T/mail2/0001.json" ||
	fail "smtps:// mail not over TLS with AUTH"
"$NEWSWATCH" -c "$T/nw.conf" alert-test plain >"$T/t3.out" 2>&1 && fail "mail sent in clear to a server without STARTTLS"
grep -qi 'ssl\|tls' "$T/t3.out" || { cat "$T/t3.out"; fail "the refusal does not say why"; }
[ "$(count "$T/mail3" '*.eml')" = 0 ] || fail "the server without STARTTLS received a mail"
ok "smtps:// delivers (password from \$CREDENTIALS_DIRECTORY); without STARTTLS nothing is sent: $(tail -n 1 "$T/t3.out")"

# --- 550 to RCPT TO refuses an address of the channel, which every mail would meet: retried,
# not failed; a 550 once the server had the whole message refuses that message: failed ---
# mail_channel NAME WORD TO [LINE...] -- RECEIVER_ARGS...: a receiver of its own (its mail in
# $T/mail-NAME, smtp_receiver.py run with RECEIVER_ARGS) and a story of WORD whose alerts go
# there through [alert NAME], to TO, with the conf LINEs added to the channel
mail_channel() {
	local name=$1 word=$2 to=$3 port extra=()
	shift 3
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		extra+=("$1")
		shift
	done
	shift
	port=$(free_port)
	mkdir -p "$T/mail-$name"
	start_receiver "smtp-$name" "$PY" "$D/smtp_receiver.py" --port "$port" --dir "$T/mail-$name" "$@"
	printf '[story %s]\nentity.w = %s\nmatch = w\nalert = %s\n[alert %s]\nplugin = email\nsmtp = smtp://127.0.0.1:%s\nstarttls = optional\nfrom = nw@example.org\nto = %s\nretry_min = 1s\n' \
		"$name" "$word" "$name" "$name" "$port" "$to" >>"$T/nw.conf"
	[ ${#extra[@]} = 0 ] || printf '%s\n' "${extra[@]}" >>"$T/nw.conf"
}
# refusing NAME FAIL_AT REPLY: a receiver refusing its first message at FAIL_AT with REPLY,
# and a story whose alerts go there, through a channel of that name
refusing() { mail_channel "$1" Zorblax desk@example.org -- --fail-first 1 --fail-at "$2" --fail-reply "$3"; }
refusing bounce rcpt "550 5.1.1 no such mailbox"
news "Zorblax opens a lab in Busan|g4"
"$NEWSWATCHD" --once -c "$T/nw.conf" >"$T/run4.out" 2>"$T/run4.err" || { cat "$T/run4.err"; fail "run 4"; }
grep -q 'RCPT failed: 550.*: 550 5.1.1 no such mailbox; retrying in' "$T/run4.err" ||
	{ cat "$T/run4.err"; fail "the 550 is not logged as a retry, with the server's reply"; }
[ "$(sql "$T/store.db" "SELECT state FROM alerts WHERE channel = 'bounce'")" = queued ] || fail "a 550 failed the alert for good"
sleep 2.1
"$NEWSWATCHD" --once -c "$T/nw.conf" >"$T/run5.out" 2>"$T/run5.err" || { cat "$T/run5.err"; fail "run 5"; }
[ "$(sql "$T/store.db" "SELECT state FROM alerts WHERE channel = 'bounce'")" = sent ] || { cat "$T/run5.err"; fail "not delivered after the 550"; }
[ "$(count "$T/mail-bounce" '*.eml')" = 1 ] || fail "want 1 mail after the 550, have $(count "$T/mail-bounce" '*.eml')"
ok "SMTP 550 to RCPT TO (an address of the channel refused): the alert stays queued, retried, then delivered"
refusing spam data "550 5.7.1 message refused as spam"
news "Zorblax recalls 9,000 scooters after battery fires|g5"
"$NEWSWATCHD" --once -c "$T/nw.conf" >"$T/run6.out" 2>"$T/run6.err" || { cat "$T/run6.err"; fail "run 6"; }
grep -q 'via \[alert spam\] failed for good: .*550' "$T/run6.err" || { cat "$T/run6.err"; fail "the 550 after the message is not a failure"; }
[ "$(sql "$T/store.db" "SELECT state FROM alerts WHERE channel = 'spam'")" = failed ] || fail "a 550 after the message left the alert queued"
ok "SMTP 550 after the whole message (that message refused): failed for good, the reply logged"
refusing big mail "552 5.3.4 message size exceeds fixed limit"
news "Zorblax buys a shipyard in Ulsan|g6"
"$NEWSWATCHD" --once -c "$T/nw.conf" >"$T/run7.out" 2>"$T/run7.err" || { cat "$T/run7.err"; fail "run 7"; }
[ "$(sql "$T/store.db" "SELECT state FROM alerts WHERE channel = 'big'")" = failed ] ||
	{ cat "$T/run7.err"; fail "a 552 at MAIL FROM (too big, before the message went out) left the alert queued"; }
ok "SMTP 552 at MAIL FROM (too big, said before the message went out): failed for good, not held"
refusing full rcpt "552 5.2.2 mailbox full"
news "Zorblax sells its chip unit|g7"
"$NEWSWATCHD" --once -c "$T/nw.conf" >"$T/run8.out" 2>"$T/run8.err" || { cat "$T/run8.err"; fail "run 8"; }
[ "$(sql "$T/store.db" "SELECT state FROM alerts WHERE channel = 'full'")" = queued ] &&
	grep -q 'via \[alert full\]: .*552.*retrying in' "$T/run8.err" ||
	{ cat "$T/run8.err"; fail "a 552 to RCPT TO (a full mailbox) did not leave the alert queued for a retry"; }
ok "SMTP 552 to RCPT TO (a full mailbox, the channel's): retried, not failed"

# --- one recipient refused (550 to its RCPT TO) among good ones: the mail goes to the others
# and the alert is sent; all of them refused (the bounce channel above): retried ---
mail_channel some Zorblax "gone@example.org, desk@example.org, me@example.org" -- --refuse-rcpt gone@example.org
news "Zorblax opens a port in Mokpo|g8"
"$NEWSWATCHD" --once -c "$T/nw.conf" >"$T/run9.out" 2>"$T/run9.err" || { cat "$T/run9.err"; fail "run 9"; }
[ "$(sql "$T/store.db" "SELECT group_concat(state) FROM alerts WHERE channel = 'some'")" = sent ] ||
	{ cat "$T/run9.err"; fail "one refused recipient among three: the alert is $(sql "$T/store.db" "SELECT group_concat(state) FROM alerts WHERE channel = 'some'")"; }
[ "$(count "$T/mail-some" '*.eml')" = 1 ] || fail "want 1 mail with one recipient refused, have $(count "$T/mail-some" '*.eml')"
$PY -c 'import json, sys; e = json.load(open(sys.argv[1])); assert sorted(e["rcpt_tos"]) == ["desk@example.org", "me@example.org"], e' \
	"$T/mail-some/0001.json" || fail "the mail did not go to the two recipients the server accepts"
# the refusal is on record, not only in the log: `newswatch alerts` shows the sent alert with
# an error naming the server, the recipient refused and the server's reply
SOME=$(sed -n '/^\[alert some\]/,/^\[/s/^smtp = //p' "$T/nw.conf")
"$NEWSWATCH" -c "$T/nw.conf" alerts --sent --json >"$T/some.json" || fail "newswatch alerts --sent --json"
$PY - "$T/some.json" "$SOME" <<'PY' || { cat "$T/some.json"; fail "newswatch alerts --json does not show the recipient refused for good"; }
import json, sys
a = [x for x in json.load(open(sys.argv[1])) if x["channel"] == "some"]
assert len(a) == 1 and a[0]["state"] == "sent", a
want = "%s: not delivered to 1 of 3 recipients, refused for good: gone@example.org: 550 5.1.1 no such mailbox" % sys.argv[2]
assert a[0]["error"] == want, (a[0]["error"], want)
PY
"$NEWSWATCH" -c "$T/nw.conf" alerts --sent >"$T/some.out" || fail "newswatch alerts --sent"
grep -qF "$SOME: not delivered to 1 of 3 recipients, refused for good: gone@example.org: 550 5.1.1 no such mailbox" "$T/some.out" ||
	{ cat "$T/some.out"; fail "the table of newswatch alerts does not show the whole error of the sent alert"; }
grep -q "via \[alert some\]: $SOME: not delivered to 1 of 3 recipients, refused for good: gone@example.org: 550 5.1.1 no such mailbox" "$T/run9.err" ||
	{ cat "$T/run9.err"; fail "the log line does not name the server, the recipient refused and its reply"; }
ok "SMTP 550 to one RCPT TO of three: the mail goes to the other two, the alert is sent, its error (newswatch alerts) and the log naming the server, gone@example.org and the 550"

# --- one recipient's server says "later" (451 to its RCPT TO: greylisting) while the others take
# the mail: each alert stays queued, owed to that one alone, and does not hold back the next
# alert (both reach the others in the same run); the retries (a run later, from the store) go
# to that one alone, the same messages; then both are sent. Each mail once per person. ---
mail_channel grey Quellstrom "desk@example.org, later@example.org, gone@example.org, me@example.org" -- \
	--defer-rcpt later@example.org:2 --refuse-rcpt gone@example.org
news "Quellstrom names a new chief in Incheon|g10" "Quellstrom recalls 9,000 heat pumps in Ulsan|g11"
"$NEWSWATCHD" --once -c "$T/nw.conf" >"$T/run10.out" 2>"$T/run10.err" || { cat "$T/run10.err"; fail "run 10"; }
grey_state() { sql "$T/store.db" "SELECT group_concat(state || ' ' || coalesce(owed, '-'), '|') FROM alerts WHERE channel = 'grey'"; }
[ "$(grey_state)" = "queued later@example.org|queued later@example.org" ] ||
	{ cat "$T/run10.err"; fail "a 451 for one recipient of four: the alerts are '$(grey_state)', not both queued and owed to later@example.org"; }
grep -q 'via \[alert grey\]: .*taken for 2 of 4 recipients, still owed to 1: later@example.org: 451 4.7.1 greylisted.*gone@example.org: 550 5.1.1 no such mailbox.*retrying in' "$T/run10.err" ||
	{ cat "$T/run10.err"; fail "the partial delivery is not logged with each refused recipient's reply"; }
[ "$(count "$T/mail-grey" '*.eml')" = 2 ] || fail "want 2 mails (one per alert, the second not held back by the first) after the 451s, have $(count "$T/mail-grey" '*.eml')"
sleep 2.1
"$NEWSWATCHD" --once -c "$T/nw.conf" >"$T/run11.out" 2>"$T/run11.err" || { cat "$T/run11.err"; fail "run 11"; }
[ "$(grey_state)" = "sent -|sent -" ] || [ "$(sql "$T/store.db" "SELECT group_concat(state) FROM alerts WHERE channel = 'grey'")" = "sent,sent" ] ||
	{ cat "$T/run11.err"; fail "the owed recipient's retries: the alerts are '$(grey_state)'"; }
[ "$(count "$T/mail-grey" '*.eml')" = 4 ] || fail "want 4 mails after the retries, have $(count "$T/mail-grey" '*.eml')"
$PY - "$T/mail-grey" <<'PY' || fail "the retries did not go to the owed recipient alone, as the same messages"
import email, json, sys
d = sys.argv[1]
m = [json.load(open("%s/%04d.json" % (d, i))) for i in (1, 2, 3, 4)]
ids = [email.message_from_binary_file(open("%s/%04d.eml" % (d, i), "rb"))["Message-ID"] for i in (1, 2, 3, 4)]
for i in (0, 1):
    assert sorted(m[i]["rcpt_tos"]) == ["desk@example.org", "me@example.org"], m[i]
for i in (2, 3):
    assert m[i]["rcpt_tos"] == ["later@example.org"], m[i]
assert len(set(ids)) == 2 and sorted(ids[:2]) == sorted(ids[2:]), ids
PY
# the recipient refused for good at the first attempt is still on record once the owed one
# took the mail: the error of each sent alert names it
"$NEWSWATCH" -c "$T/nw.conf" alerts --json >"$T/grey.json" || fail "newswatch alerts --json"
$PY - "$T/grey.json" <<'PY' || { cat "$T/grey.json"; fail "the sent alerts' errors do not keep the recipient refused for good before the retry"; }
import json, re, sys
a = [x for x in json.load(open(sys.argv[1])) if x["channel"] == "grey"]
assert len(a) == 2, a
for x in a:
    assert x["state"] == "sent", x
    assert re.fullmatch(r"smtp://127\.0\.0\.1:[0-9]+: not delivered to 1 of 4 recipients, refused for good: "
                        r"gone@example\.org: 550 5\.1\.1 no such mailbox", x["error"] or ""), x
PY
ok "SMTP 451 to one RCPT TO of four (greylisting), two alerts: both reach the others at once, each stays queued owed to that one, whose retries go to it alone under the same Message-IDs; then sent"

# --- a mail owed to one recipient still counts against the channel's rate_limit (it reached
# the others): one message an hour, two alerts, one mailbox full for good: one mail, not two ---
mail_channel rate Vantorix "desk@example.org, full@example.org" "rate_limit = 1" "rate_window = 1h" -- \
	--defer-rcpt full@example.org:99
news "Vantorix opens a plant in Gunsan|g12" "Vantorix names a new chief|g13"
"$NEWSWATCHD" --once -c "$T/nw.conf" >"$T/run12.out" 2>"$T/run12.err" || { cat "$T/run12.err"; fail "run 12"; }
sleep 2.1
"$NEWSWATCHD" --once -c "$T/nw.conf" >"$T/run13.out" 2>"$T/run13.err" || { cat "$T/run13.err"; fail "run 13"; }
[ "$(count "$T/mail-rate" '*.eml')" = 1 ] || { cat "$T/run12.err" "$T/run13.err"; fail "rate_limit = 1/h with a mail owed to one recipient: $(count "$T/mail-rate" '*.eml') mails, want 1"; }
ok "a mail owed to one recipient counts against rate_limit: 1 mail in the hour, the second alert waits"

# --- a server slow to answer the end of a message (30 s: scanning it) stops nothing else: the
# daemon polls its feed every second meanwhile, and SIGTERM ends it within seconds (libcurl
# waits for that reply blocking: on the loop, nothing moved until it came); the mail, never
# answered, is still queued and goes again at the next start, once, under the same id ---
PS=$(free_port)
mkdir -p "$T/mail-slow"
start_receiver smtp-slow "$PY" "$D/smtp_receiver.py" --port "$PS" --dir "$T/mail-slow" --slow-data 30
printf '<?xml version="1.0"?><rss version="2.0"><channel><title>S</title><item><title>Vantor opens a lab</title><guid>s1</guid><link>https://s.example.com/s1</link></item></channel></rss>\n' >"$T/www/slow.xml"
chmod 644 "$T/www/slow.xml"
cat >"$T/slow.conf" <<CONF
[daemon]
database = $T/slow.db
[feed slow]
url = http://127.0.0.1:$NGINX_PORT/slow.xml
interval = 1s
[story vantor]
entity.v = Vantor
match = v
alert = slowmail
[alert slowmail]
plugin = email
smtp = smtp://127.0.0.1:$PS
starttls = optional
from = nw@example.org
to = desk@example.org
retry_min = 1s
CONF
"$NEWSWATCHD" -c "$T/slow.conf" >"$T/slow.out" 2>"$T/slow.err" &
slow_pid=$!
cleanup_hooks+=("kill -9 $slow_pid 2>/dev/null")
for _ in $(seq 100); do [ "$(sql "$T/slow.db" 'SELECT count(*) FROM articles' 2>/dev/null)" = 1 ] && break; sleep 0.1; done
printf '<?xml version="1.0"?><rss version="2.0"><channel><title>S</title><item><title>Vantor buys a shipyard</title><guid>s2</guid><link>https://s.example.com/s2</link></item><item><title>Vantor opens a lab</title><guid>s1</guid><link>https://s.example.com/s1</link></item></channel></rss>\n' >"$T/www/slow.xml"
for _ in $(seq 100); do [ "$(sql "$T/slow.db" "SELECT count(*) FROM alerts WHERE channel = 'slowmail'" 2>/dev/null)" = 1 ] && break; sleep 0.1; done
[ "$(sql "$T/slow.db" "SELECT count(*) FROM alerts WHERE channel = 'slowmail'")" = 1 ] || { cat "$T/slow.err"; fail "no alert for the slow server"; }
sleep 1 # the mail is out, its end waiting for the server's reply
polls=$(grep -c 'slow.xml' "$T/nginx/access.log")
sleep 4
polls=$(($(grep -c 'slow.xml' "$T/nginx/access.log") - polls))
[ "$polls" -ge 2 ] || { cat "$T/slow.err"; fail "while a mail waited for the server's reply the feed (every 1 s) was polled $polls times in 4 s"; }
kill -TERM "$slow_pid"
for _ in $(seq 50); do kill -0 "$slow_pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$slow_pid" 2>/dev/null && { cat "$T/slow.err"; fail "SIGTERM while a mail waits 30 s for the server's reply: still running 5 s later"; }
wait "$slow_pid" || { cat "$T/slow.err"; fail "newswatchd exited $? after SIGTERM"; }
[ "$(sql "$T/slow.db" "SELECT state FROM alerts WHERE channel = 'slowmail'")" = queued ] || fail "the mail left unanswered is not queued any more"
stop_receiver smtp-slow
mkdir -p "$T/mail-slow2"
start_receiver smtp-slow2 "$PY" "$D/smtp_receiver.py" --port "$PS" --dir "$T/mail-slow2"
"$NEWSWATCHD" --once -c "$T/slow.conf" >"$T/slow2.out" 2>"$T/slow2.err" || { cat "$T/slow2.err"; fail "the run after the slow server"; }
[ "$(sql "$T/slow.db" "SELECT state FROM alerts WHERE channel = 'slowmail'")" = sent ] && [ "$(count "$T/mail-slow2" '*.eml')" = 1 ] ||
	{ cat "$T/slow2.err"; fail "the mail was not sent once at the next start"; }
slow_id=$(sql "$T/slow.db" "SELECT alert_id FROM alerts WHERE channel = 'slowmail'")
grep -qi "^Message-ID: <$slow_id@" "$T/mail-slow2/0001.eml" || { grep -i message-id "$T/mail-slow2/0001.eml"; fail "the mail sent again has another Message-ID than <$slow_id@...>"; }
ok "a server 30 s slow to answer a mail's end: the feed polled $polls times in 4 s meanwhile, SIGTERM obeyed at once; the mail sent at the next start, same id"

# --- a server that takes the mail but never answers QUIT: recorded sent at once (libcurl waits
# 2 minutes for that reply, and a stop meanwhile sent it again at the next start) ---
PQ=$(free_port)
mkdir -p "$T/mail-quit"
start_receiver smtp-quit "$PY" "$D/smtp_receiver.py" --port "$PQ" --dir "$T/mail-quit" --silent-quit
sed -e "s|^database = .*|database = $T/quit.db|" -e "s|^smtp = .*|smtp = smtp://127.0.0.1:$PQ|" "$T/slow.conf" >"$T/quit.conf"
printf '<?xml version="1.0"?><rss version="2.0"><channel><title>S</title><item><title>Vantor opens a lab</title><guid>s1</guid><link>https://s.example.com/s1</link></item></channel></rss>\n' >"$T/www/slow.xml"
"$NEWSWATCHD" -c "$T/quit.conf" >"$T/quit.out" 2>"$T/quit.err" &
quit_pid=$!
cleanup_hooks+=("kill -9 $quit_pid 2>/dev/null")
for _ in $(seq 100); do [ "$(sql "$T/quit.db" 'SELECT count(*) FROM articles' 2>/dev/null)" = 1 ] && break; sleep 0.1; done
printf '<?xml version="1.0"?><rss version="2.0"><channel><title>S</title><item><title>Vantor buys a shipyard</title><guid>s2</guid><link>https://s.example.com/s2</link></item><item><title>Vantor opens a lab</title><guid>s1</guid><link>https://s.example.com/s1</link></item></channel></rss>\n' >"$T/www/slow.xml"
for _ in $(seq 100); do [ "$(count "$T/mail-quit" '*.json')" = 1 ] && break; sleep 0.1; done
[ "$(count "$T/mail-quit" '*.json')" = 1 ] || { cat "$T/quit.err"; fail "the server that never answers QUIT got no mail"; }
for _ in $(seq 30); do [ "$(sql "$T/quit.db" "SELECT state FROM alerts WHERE channel = 'slowmail'")" = sent ] && break; sleep 0.1; done
quit_state=$(sql "$T/quit.db" "SELECT state FROM alerts WHERE channel = 'slowmail'")
kill -TERM "$quit_pid"
wait "$quit_pid" || fail "newswatchd exited $? after SIGTERM"
[ "$quit_state" = sent ] || { cat "$T/quit.err"; fail "a mail the server took, its QUIT unanswered: '$quit_state' 3 s later, not sent"; }
"$NEWSWATCHD" --once -c "$T/quit.conf" >/dev/null 2>"$T/quit2.err" || { cat "$T/quit2.err"; fail "the run after"; }
[ "$(count "$T/mail-quit" '*.json')" = 1 ] || fail "the mail was sent again at the next start: $(count "$T/mail-quit" '*.json') mails"
ok "a server that takes the mail and never answers QUIT: recorded sent within 3 s, not sent again"

# --- a channel whose init fails (a bad recipient, after the sender was read) leaks nothing ---
cat > "$T/badto.conf" <<CONF
[alert m]
plugin = email
smtp = smtp://127.0.0.1:$P3
from = nw@example.org
to = not-an-address
CONF
leak=none leakcheck=()
if [ -n "${nw_sanitizers:-}" ]; then
	leak=LeakSanitizer # reports at exit, with a status of its own
elif command -v valgrind >/dev/null; then
	leak=valgrind
	leakcheck=(valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=99)
fi
if [ $leak != none ]; then
	"${leakcheck[@]}" "$NEWSWATCHD" --check-config -c "$T/badto.conf" >"$T/badto.out" 2>&1
	rc=$?
	[ $rc = 1 ] && grep -q "badto.conf:5: \[alert m\]: to: 'not-an-address' is not an address" "$T/badto.out" ||
		{ cat "$T/badto.out"; fail "--check-config with a bad 'to': exit $rc (want 1, nothing leaked)"; }
	ok "a bad 'to' is a conf error, and the instance whose init failed leaks nothing ($leak)"
else
	echo "# no valgrind and no sanitizers: the leak check of a failed email init is skipped"
fi

if grep -rqF "$PASSWORD" "$T"/*.out "$T"/*.err 2>/dev/null; then fail "the password appears in output"; fi
ok "the password appears in no output"
