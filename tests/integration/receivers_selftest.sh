#!/bin/bash
# receivers_selftest.sh — the test receivers themselves, driven by the curl CLI: make_cert.sh's
# CA and certificate; smtp_receiver.py with STARTTLS + AUTH (message stored byte for byte,
# metadata, mailcheck.py's view of it), a wrong password refused with 535, mail without
# STARTTLS refused with 530 and AUTH not offered before it, --fail-first giving 451 and then
# success, implicit TLS (smtps://); hook_receiver.py over HTTPS with a secret (a correctly
# signed POST, plain and chunked, gets 200 and sig_ok true, a wrongly signed or unsigned one
# 401), --fail-first 2 with Retry-After then 200, --status-for-all; every receiver ends on
# SIGTERM and nothing is left running.
. "$top_srcdir/tests/integration/lib.sh"
D="$top_srcdir/tests/integration"
CURL=(curl -sS --max-time 20)

$PY -c 'import aiosmtpd' 2>/dev/null || skip "python3-aiosmtpd is not installed for $PY"
command -v openssl >/dev/null || skip "openssl is not installed"
command -v curl >/dev/null || skip "curl is not installed"
curl --version | grep -qw smtps || skip "curl was built without smtp/smtps"


# --- certificates ---
bash "$D/make_cert.sh" "$T/tls" || fail "make_cert.sh failed"
for f in ca.pem ca.key server.pem server.key; do [ -s "$T/tls/$f" ] || fail "make_cert.sh made no $f"; done
openssl verify -CAfile "$T/tls/ca.pem" "$T/tls/server.pem" >/dev/null || fail "server.pem does not verify against ca.pem"
CA=$T/tls/ca.pem
TLS=(--cert "$T/tls/server.pem" --key "$T/tls/server.key")
ok "make_cert.sh: a CA and a server certificate for localhost/127.0.0.1"

# --- the test message: CRLF, encoded-word subject, quoted-printable UTF-8 body, a dot line ---
subject='Alert: Zürich — 3 new items'
printf 'secret pass\n' > "$T/pass"
{
	printf 'From: Newswatch <alerts@example.com>\r\n'
	printf 'To: Ann <ann@example.com>, bob@example.com\r\n'
	printf 'Subject: =?UTF-8?B?%s?=\r\n' "$(printf %s "$subject" | base64 -w0)"
	printf 'Date: Wed, 22 Nov 2023 10:00:00 +0100\r\n'
	printf 'Message-ID: <selftest-1@newswatch.test>\r\n'
	printf 'MIME-Version: 1.0\r\n'
	printf 'Content-Type: text/plain; charset=utf-8\r\n'
	printf 'Content-Transfer-Encoding: quoted-printable\r\n'
	printf '\r\n'
	printf 'Gr=C3=BC=C3=9Fe aus Z=C3=BCrich\r\n'
	printf '.a line starting with a dot\r\n'
} > "$T/msg.eml"
SMTP_ARGS=(--mail-from alerts@example.com --mail-rcpt ann@example.com --mail-rcpt bob@example.com -T "$T/msg.eml")

# --- SMTP: STARTTLS required, AUTH ---
P=$(free_port)
start_receiver smtp1 "$PY" "$D/smtp_receiver.py" --port "$P" --dir "$T/smtp1" "${TLS[@]}" \
	--starttls-required --auth "newswatch:$T/pass" --pidfile "$T/smtp1.pid"
[ "$(cat "$T/smtp1.pid")" = "$smtp1_pid" ] || fail "smtp_receiver.py --pidfile: wrong pid"
"${CURL[@]}" --cacert "$CA" --ssl-reqd "smtp://127.0.0.1:$P" "${SMTP_ARGS[@]}" \
	--user 'newswatch:secret pass' 2>"$T/curl1.err" || { cat "$T/curl1.err" >&2; fail "STARTTLS + AUTH delivery failed"; }
[ -f "$T/smtp1/0001.eml" ] && [ -f "$T/smtp1/0001.json" ] || fail "no 0001.eml/0001.json stored"
cmp -s "$T/msg.eml" "$T/smtp1/0001.eml" || fail "0001.eml differs from what was sent"
jcheck 'd == {"mail_from": "alerts@example.com", "rcpt_tos": ["ann@example.com", "bob@example.com"],
	"mail_options": d["mail_options"], "tls": True, "auth_user": "newswatch"}' < "$T/smtp1/0001.json" ||
	fail "0001.json: $(cat "$T/smtp1/0001.json")"
[ "$(count "$T/smtp1" '.*')" -eq 0 ] || fail "temporary files left in the output folder"
ok "smtp: STARTTLS + AUTH delivery stored byte for byte with its envelope (tls, auth_user)"

$PY "$D/mailcheck.py" "$T/smtp1/0001.eml" > "$T/mailcheck.out" || fail "mailcheck.py failed"
SUBJECT="$subject" jcheck 'd["subject"] == env["SUBJECT"]
	and d["subject_raw"].startswith("=?UTF-8?B?") and d["from"] == "Newswatch <alerts@example.com>"
	and d["to"] == ["Ann <ann@example.com>", "bob@example.com"]
	and d["date"] == "Wed, 22 Nov 2023 10:00:00 +0100" and d["date_ok"] is True
	and d["message_id"] == "<selftest-1@newswatch.test>" and d["in_reply_to"] is None
	and d["content_type"] == "text/plain" and len(d["parts"]) == 1
	and d["parts"][0]["charset"] == "utf-8" and d["parts"][0]["cte"] == "quoted-printable"
	and d["parts"][0]["text"] == "Grüße aus Zürich\n.a line starting with a dot\n"
	and d["raw_non_ascii"] is False and d["headers_ok"] is True and d["defects"] == []' \
	< "$T/mailcheck.out" || fail "mailcheck.py: $(cat "$T/mailcheck.out")"
# and what it says about a bad one: LF endings, raw UTF-8, a 1200-byte header, no zone
{
	printf 'Subject: Zürich\nDate: Wed, 22 Nov 2023 10:00:00 -0000\nX-Long: %s\n\nbody\n' "$(printf 'x%.0s' $(seq 1200))"
} > "$T/bad.eml"
$PY "$D/mailcheck.py" "$T/bad.eml" | jcheck 'd["raw_non_ascii"] and not d["headers_ok"]
	and not d["crlf_ok"] and d["max_header_line"] == 1208 and not d["date_ok"]' ||
	fail "mailcheck.py on a bad mail: $($PY "$D/mailcheck.py" "$T/bad.eml")"
ok "mailcheck.py: decoded subject, addresses, date, parts; flags bare LF, 8-bit bytes, long headers"

if "${CURL[@]}" -v --cacert "$CA" --ssl-reqd "smtp://127.0.0.1:$P" "${SMTP_ARGS[@]}" \
	--user 'newswatch:wrong' 2>"$T/curl2.err"; then
	fail "a wrong password was accepted"
fi
grep -q '^< 535 ' "$T/curl2.err" || fail "wrong password: no 535 ($(grep '^<' "$T/curl2.err" | tail -3))"
[ "$(count "$T/smtp1" '*.eml')" -eq 1 ] || fail "a message was stored after a failed AUTH"
ok "smtp: a wrong password is refused with 535"

if "${CURL[@]}" -v "smtp://127.0.0.1:$P" "${SMTP_ARGS[@]}" 2>"$T/curl3.err"; then
	fail "mail without STARTTLS was accepted"
fi
grep -q '^< 530 ' "$T/curl3.err" || fail "no STARTTLS: no 530 ($(grep '^<' "$T/curl3.err" | tail -3))"
grep -q '^< 250[- ]AUTH' "$T/curl3.err" && fail "AUTH offered before STARTTLS"
grep -q '^< 250[- ]STARTTLS' "$T/curl3.err" || fail "STARTTLS not offered"
[ "$(count "$T/smtp1" '*.eml')" -eq 1 ] || fail "a message was stored without STARTTLS"
ok "smtp: without STARTTLS, MAIL is refused with 530 and AUTH is not offered"
stop_receiver smtp1
[ -e "$T/smtp1.pid" ] && fail "smtp_receiver.py left its pidfile behind"
ok "smtp: SIGTERM ends the receiver (status 0, pidfile removed)"

# --- SMTP: --fail-first 1, STARTTLS offered but optional, no AUTH ---
P=$(free_port)
start_receiver smtp2 "$PY" "$D/smtp_receiver.py" --port "$P" --dir "$T/smtp2" "${TLS[@]}" --fail-first 1
if "${CURL[@]}" -v --cacert "$CA" --ssl-reqd "smtp://127.0.0.1:$P" "${SMTP_ARGS[@]}" 2>"$T/curl4.err"; then
	fail "--fail-first 1: the first message was accepted"
fi
grep -q '^< 451 4.3.0 try again later' "$T/curl4.err" || fail "--fail-first 1: no 451 ($(grep '^<' "$T/curl4.err" | tail -3))"
[ "$(count "$T/smtp2" '*.eml')" -eq 0 ] || fail "--fail-first 1: the refused message was stored"
"${CURL[@]}" --cacert "$CA" --ssl-reqd "smtp://127.0.0.1:$P" "${SMTP_ARGS[@]}" 2>"$T/curl5.err" ||
	{ cat "$T/curl5.err" >&2; fail "--fail-first 1: the second try failed"; }
cmp -s "$T/msg.eml" "$T/smtp2/0001.eml" || fail "--fail-first 1: the retry is not stored as 0001.eml"
jcheck 'd["tls"] is True and d["auth_user"] is None' < "$T/smtp2/0001.json" || fail "smtp2 0001.json: $(cat "$T/smtp2/0001.json")"
"${CURL[@]}" "smtp://127.0.0.1:$P" "${SMTP_ARGS[@]}" 2>"$T/curl6.err" || fail "plain SMTP delivery failed"
jcheck 'd["tls"] is False' < "$T/smtp2/0002.json" || fail "smtp2 0002.json: $(cat "$T/smtp2/0002.json")"
stop_receiver smtp2
ok "smtp: --fail-first 1 answers 451 once, then stores the retry as 0001; plain mail has tls false"

# --- SMTP: implicit TLS (smtps) with AUTH ---
P=$(free_port)
start_receiver smtp3 "$PY" "$D/smtp_receiver.py" --port "$P" --dir "$T/smtp3" "${TLS[@]}" \
	--implicit-tls --auth "newswatch:$T/pass"
"${CURL[@]}" --cacert "$CA" "smtps://127.0.0.1:$P" "${SMTP_ARGS[@]}" --user 'newswatch:secret pass' \
	2>"$T/curl7.err" || { cat "$T/curl7.err" >&2; fail "smtps delivery failed"; }
cmp -s "$T/msg.eml" "$T/smtp3/0001.eml" || fail "smtps: 0001.eml differs from what was sent"
jcheck 'd["tls"] is True and d["auth_user"] == "newswatch"' < "$T/smtp3/0001.json" || fail "smtp3 0001.json: $(cat "$T/smtp3/0001.json")"
# (a plaintext client waits for a greeting that never comes: a short timeout)
if curl -sS --max-time 2 "smtp://127.0.0.1:$P" "${SMTP_ARGS[@]}" 2>/dev/null; then
	fail "smtps: a plaintext client got through"
fi
stop_receiver smtp3
ok "smtp: implicit TLS (smtps://) with AUTH delivers; a plaintext client does not"

# --- webhooks: HTTPS with a secret ---
printf 'hook secret\n' > "$T/hook.secret"
body='{"event":"alert","title":"Zürich — 3 new items"}'
printf %s "$body" > "$T/body.json"
sig="sha256=$(openssl dgst -sha256 -hmac 'hook secret' < "$T/body.json" | sed 's/^.*= //')"
P=$(free_port)
start_receiver hook1 "$PY" "$D/hook_receiver.py" --port "$P" --out "$T/hook1.jsonl" \
	--secret-file "$T/hook.secret" --tls-cert "$T/tls/server.pem" --tls-key "$T/tls/server.key"
H=https://127.0.0.1:$P
code=$("${CURL[@]}" --cacert "$CA" -o "$T/resp1" -w '%{http_code}' -H 'Content-Type: application/json' \
	-H "X-Newswatch-Signature: $sig" --data-binary @"$T/body.json" "$H/hook?feed=1") || fail "signed POST: curl failed"
[ "$code" = 200 ] || fail "signed POST: status $code"
[ "$(cat "$T/resp1")" = '{"ok":true}' ] || fail "signed POST: body $(cat "$T/resp1")"
BODY="$body" SIG="$sig" jcheck 'd["n"] == 1 and d["method"] == "POST" and d["path"] == "/hook?feed=1"
	and d["body"] == env["BODY"] and d["sig"] == env["SIG"]
	and d["sig_ok"] is True and d["status"] == 200
	and d["headers"]["content-type"] == "application/json"
	and d["headers"]["content-length"] == str(len(d["body"].encode()))' < <(jline "$T/hook1.jsonl" 1) ||
	fail "signed POST logged as $(jline "$T/hook1.jsonl" 1)"
ok "hook: a correctly signed POST over HTTPS gets 200 and is logged with sig_ok true"

code=$("${CURL[@]}" --cacert "$CA" -o /dev/null -w '%{http_code}' -H 'Transfer-Encoding: chunked' \
	-H "X-Newswatch-Signature: $sig" --data-binary @"$T/body.json" "$H/chunked") || fail "chunked POST: curl failed"
[ "$code" = 200 ] || fail "chunked signed POST: status $code"
BODY="$body" jcheck 'd["n"] == 2 and d["headers"]["transfer-encoding"] == "chunked"
	and d["body"] == env["BODY"] and d["sig_ok"] is True' < <(jline "$T/hook1.jsonl" 2) ||
	fail "chunked POST logged as $(jline "$T/hook1.jsonl" 2)"
ok "hook: a chunked signed POST is read whole and verified"

code=$("${CURL[@]}" --cacert "$CA" -o /dev/null -w '%{http_code}' \
	-H "X-Newswatch-Signature: sha256=$(printf '0%.0s' $(seq 64))" --data-binary @"$T/body.json" "$H/hook") || fail "bad POST: curl failed"
[ "$code" = 401 ] || fail "wrongly signed POST: status $code"
jcheck 'd["n"] == 3 and d["sig_ok"] is False and d["status"] == 401' < <(jline "$T/hook1.jsonl" 3) ||
	fail "wrongly signed POST logged as $(jline "$T/hook1.jsonl" 3)"
code=$("${CURL[@]}" --cacert "$CA" -o /dev/null -w '%{http_code}' --data-binary @"$T/body.json" "$H/hook") ||
	fail "unsigned POST: curl failed"
[ "$code" = 401 ] || fail "unsigned POST: status $code"
jcheck 'd["sig"] is None and d["sig_ok"] is False' < <(jline "$T/hook1.jsonl" 4) ||
	fail "unsigned POST logged as $(jline "$T/hook1.jsonl" 4)"
ok "hook: a wrongly signed or unsigned POST gets 401 (sig_ok false)"

if "${CURL[@]}" -o /dev/null "$H/" 2>/dev/null; then fail "hook: curl trusted the test CA without --cacert"; fi
stop_receiver hook1

# --- webhooks: plain HTTP, --fail-first 2 with Retry-After; no secret ---
P=$(free_port)
start_receiver hook2 "$PY" "$D/hook_receiver.py" --port "$P" --out "$T/hook2.jsonl" \
	--fail-first 2 --retry-after 7 --pidfile "$T/hook2.pid"
[ "$(cat "$T/hook2.pid")" = "$hook2_pid" ] || fail "hook_receiver.py --pidfile: wrong pid"
for i in 1 2 3; do
	code=$("${CURL[@]}" -D "$T/h$i" -o "$T/r$i" -w '%{http_code}' --data-binary @"$T/body.json" \
		"http://127.0.0.1:$P/hook") || fail "POST $i: curl failed"
	echo "$code" >> "$T/codes"
done
[ "$(tr '\n' ' ' < "$T/codes")" = "503 503 200 " ] || fail "--fail-first 2: statuses $(tr '\n' ' ' < "$T/codes")"
grep -qix 'retry-after: 7.' "$T/h1" && grep -qix 'retry-after: 7.' "$T/h2" || fail "--retry-after 7: no Retry-After header"
grep -qi '^retry-after' "$T/h3" && fail "Retry-After on the 200"
[ "$(cat "$T/r3")" = '{"ok":true}' ] || fail "after the failures: body $(cat "$T/r3")"
jcheck '[x["status"] for x in d] == [503, 503, 200] and all(x["sig_ok"] is None for x in d)' \
	< <($PY -c 'import json, sys; print(json.dumps([json.loads(l) for l in open(sys.argv[1])]))' "$T/hook2.jsonl") ||
	fail "--fail-first 2 logged as $(cat "$T/hook2.jsonl")"
stop_receiver hook2
[ -e "$T/hook2.pid" ] && fail "hook_receiver.py left its pidfile behind"
ok "hook: --fail-first 2 answers 503 + Retry-After twice, then 200; sig_ok null without a secret"

# --- webhooks: --status-for-all 422 ---
P=$(free_port)
start_receiver hook3 "$PY" "$D/hook_receiver.py" --port "$P" --out "$T/hook3.jsonl" --status-for-all 422
code=$("${CURL[@]}" -o "$T/r4" -w '%{http_code}' -X PUT --data-binary @"$T/body.json" "http://127.0.0.1:$P/x") ||
	fail "PUT: curl failed"
[ "$code" = 422 ] && grep -qx 'nope: bad payload' "$T/r4" || fail "--status-for-all 422: $code $(cat "$T/r4")"
jcheck 'd["method"] == "PUT" and d["status"] == 422' < "$T/hook3.jsonl" || fail "PUT logged as $(cat "$T/hook3.jsonl")"
stop_receiver hook3
ok "hook: --status-for-all 422 answers every request 422 \"nope: bad payload\"; any method is taken"

# --- nothing left running ---
for name in smtp1 smtp2 smtp3 hook1 hook2 hook3; do
	pid_var="${name}_pid"
	kill -0 "${!pid_var}" 2>/dev/null && fail "$name (${!pid_var}) is still running"
done
ok "all receivers stopped"
