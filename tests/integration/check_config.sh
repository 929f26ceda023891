#!/bin/bash
# check_config.sh — `newswatchd --check-config` reports every mistake as file:line and exits
# 1; a good conf exits 0; --dump-options lists every option with a description.
. "$top_srcdir/tests/integration/lib.sh" || exit 99

cat > "$T/bad.conf" <<'CONF'
[daemon]
interval = sometimes
[feed wire]
url = https://example.com/rss
colour = blue
[story s]
entity.a = Alpha
match = a AND (b
CONF
rc=0
"$NEWSWATCHD" --check-config -c "$T/bad.conf" >"$T/out" 2>"$T/err" || rc=$?
cat "$T/err"
[ "$rc" -eq 1 ] || fail "exit $rc, want 1"
grep -q "^$T/bad.conf:2: .*interval" "$T/err" || fail "no error for line 2"
grep -q "^$T/bad.conf:5: .*unknown option 'colour'" "$T/err" || fail "no error for line 5"
grep -q "^$T/bad.conf:8: .*column" "$T/err" || fail "no error with a column for line 8"
ok "three mistakes, three file:line errors"

cat > "$T/good.conf" <<'CONF'
[daemon]
database = /tmp/never-opened.db
[feed wire]
url = https://example.com/rss
[story s]
entity.a = Alpha | 알파
match = a
alert = out
[alert out]
plugin = log
CONF
"$NEWSWATCHD" --check-config -c "$T/good.conf" || fail "good conf refused"
ok "good conf accepted"

# a url libcurl cannot fetch (a password with a raw ?) is a file:line error that does not
# show the password (every poll failed with it, the whole address in the log); a url of
# another scheme is said with its password hidden
printf '[daemon]\ndatabase = /tmp/never-opened.db\n[feed a]\nurl = http://bob:S3CRET?PW@127.0.0.1:18080/ok\n[feed b]\nurl = htps://alice:TOPSECRET@h.example/x\n' >"$T/url.conf"
rc=0; "$NEWSWATCHD" --check-config -c "$T/url.conf" >"$T/url.out" 2>&1 || rc=$?
[ $rc = 1 ] && grep -q "^$T/url.conf:4: \[feed a\]: url is not an address libcurl can fetch" "$T/url.out" &&
	grep -qF "$T/url.conf:6: [feed b]: url 'htps://alice:***@h.example/x' is not http:// or https://" "$T/url.out" &&
	! grep -q 'S3CRET\|TOPSECRET' "$T/url.out" || { cat "$T/url.out"; fail "a url with a password libcurl cannot read: exit $rc"; }
ok "a url libcurl cannot fetch, and one of another scheme: file:line errors, no password shown"

# low_speed_time is whole seconds for libcurl: under 1s would be 0, the drip guard off
printf '[daemon]\nlow_speed_time = 500ms\n' >"$T/ls.conf"
"$NEWSWATCHD" --check-config -c "$T/ls.conf" 2>"$T/ls.err" && fail "low_speed_time = 500ms accepted"
grep -q "^$T/ls.conf:2: low_speed_time must be between 1s and 10m" "$T/ls.err" || { cat "$T/ls.err"; fail "low_speed_time = 500ms: no range error"; }
ok "low_speed_time under a second refused"

"$NEWSWATCHD" --dump-options >"$T/dump" || fail "--dump-options failed"
for o in database per_host interval url allow_file entity.NAME match exclude alert_on retry_min max_age; do
	grep -q "^  $o	" "$T/dump" || fail "--dump-options lacks $o"
done
grep -q '^\[alert plugin = log\]' "$T/dump" || fail "--dump-options lacks the log plugin"
ok "--dump-options lists core and plugin options"

# a plugin folder that cannot be read: said on stderr (a list of the core's options alone
# looked complete, and exited 0); the core's options are still listed
NEWSWATCH_PLUGIN_DIR=$T/no-such-folder "$NEWSWATCHD" --dump-options >"$T/dump2" 2>"$T/dump2.err" && fail "--dump-options with no plugin folder exited 0"
grep -q "cannot read the plugin folder $T/no-such-folder" "$T/dump2.err" || { cat "$T/dump2.err"; fail "--dump-options: no warning naming the plugin folder"; }
grep -q "^  database	" "$T/dump2" || fail "--dump-options with no plugin folder: the core's options not listed"
ok "--dump-options warns when the plugin folder cannot be read"

# a database the daemon could not open: a relative path, a folder that does not exist (warnings)
printf '[daemon]\ndatabase = %s/no-such-folder/x.db\n' "$T" >"$T/db1.conf"
"$NEWSWATCHD" --check-config -c "$T/db1.conf" >"$T/db1.out" 2>&1 || { cat "$T/db1.out"; fail "--check-config: a missing folder is not an error"; }
grep -q "warning: database = $T/no-such-folder/x.db: its folder $T/no-such-folder: No such file or directory" "$T/db1.out" ||
	{ cat "$T/db1.out"; fail "--check-config: no warning for the store's missing folder"; }
printf '[daemon]\ndatabase = rel.db\n' >"$T/db2.conf"
"$NEWSWATCHD" --check-config -c "$T/db2.conf" >"$T/db2.out" 2>&1 && grep -q "warning: database = rel.db is relative" "$T/db2.out" ||
	{ cat "$T/db2.out"; fail "--check-config: no warning for a relative database"; }
printf '[daemon]\ndatabase = %s/p.db\nplugin_dir = plugins/.libs\n' "$T" >"$T/pd.conf"
"$NEWSWATCHD" --check-config -c "$T/pd.conf" >"$T/pd.out" 2>&1 && grep -q "warning: plugin_dir = plugins/.libs is relative: to the daemon's working directory" "$T/pd.out" ||
	{ cat "$T/pd.out"; fail "--check-config: no warning for a relative plugin_dir"; }
ok "--check-config warns about a database in a folder that does not exist, a relative one, and a relative plugin_dir"
printf '[story quiet]\nentity.o = OpenAI\nmatch = o\n' >"$T/quiet.conf"
"$NEWSWATCHD" --check-config -c "$T/quiet.conf" >"$T/quiet.out" 2>&1 && grep -q "quiet.conf:1: note: \[story quiet\] has no alert" "$T/quiet.out" ||
	{ cat "$T/quiet.out"; fail "--check-config: no note of a story without alert ="; }
ok "--check-config notes a story without alert = (exit 0)"
# errors in the order of the file (sections are checked in passes), a likely typo named
printf '[feed a]\nurl = http://127.0.0.1/\nintervall = 5m\n[daemon]\nper_hosts = 3\n' >"$T/typo.conf"
"$NEWSWATCHD" --check-config -c "$T/typo.conf" >"$T/typo.out" 2>&1 && fail "--check-config: typos accepted"
[ "$(sed -n 's/^[^:]*:\([0-9][0-9]*\): .*/\1/p' "$T/typo.out" | tr '\n' ' ')" = "3 5 " ] || { cat "$T/typo.out"; fail "--check-config: errors not in the order of the file"; }
grep -q "unknown option 'intervall' in \[feed a\] (plugin rss); did you mean 'interval'?" "$T/typo.out" &&
	grep -q "unknown option 'per_hosts' in \[daemon\]; did you mean 'per_host'?" "$T/typo.out" ||
	{ cat "$T/typo.out"; fail "--check-config: no 'did you mean' for a typo"; }
ok "--check-config: errors in the order of the file; a typo gets 'did you mean'"
# a conf every user may read, with a feed's password or a webhook's url in it: said, with the fix
printf '[daemon]\ndatabase = %s/c.db\n[feed paid]\nurl = https://alice:hunter2@example.com/feed\n' "$T" >"$T/cred.conf"
chmod 644 "$T/cred.conf"
"$NEWSWATCHD" --check-config -c "$T/cred.conf" >"$T/cred.out" 2>&1 || { cat "$T/cred.out"; fail "--check-config: a readable conf is not an error"; }
grep -q "cred.conf:3: warning: \[feed paid\] has a credential in its url, and every user of this machine can read the file: \`chown root:newswatch $T/cred.conf; chmod 0640 $T/cred.conf\`" "$T/cred.out" ||
	{ cat "$T/cred.out"; fail "--check-config: no warning for a feed's password in a conf others can read"; }
! grep -q hunter2 "$T/cred.out" || fail "--check-config shows the password"
chmod 640 "$T/cred.conf"
"$NEWSWATCHD" --check-config -c "$T/cred.conf" >"$T/cred2.out" 2>&1 && ! grep -q "credential" "$T/cred2.out" ||
	{ cat "$T/cred2.out"; fail "--check-config: a warning for a conf of mode 0640"; }
ok "--check-config warns when a conf others can read holds a feed's password (with the fix), not once it is 0640"
# a webhook whose url is a bare host (a token in token_file) holds no credential; a Slack
# hook's path is one
printf '123:abc\n' >"$T/tg.token"; chmod 600 "$T/tg.token"
printf '[alert tg]\nplugin = webhook\nurl = https://api.telegram.org\nformat = telegram\ntoken_file = %s\nchat_id = 1\n[alert sl]\nplugin = webhook\nurl = https://hooks.slack.com/services/T0/B0/XYZ\nformat = slack\n' "$T/tg.token" >"$T/hooks.conf"
chmod 644 "$T/hooks.conf"
"$NEWSWATCHD" --check-config -c "$T/hooks.conf" >"$T/hooks.out" 2>&1 || { cat "$T/hooks.out"; fail "--check-config of the hooks"; }
grep -q "hooks.conf:7: warning: \[alert sl\] has a credential in its url" "$T/hooks.out" && ! grep -q "alert tg" "$T/hooks.out" ||
	{ cat "$T/hooks.out"; fail "--check-config: want a warning for the Slack hook's url only"; }
ok "--check-config: a Slack hook's url in a readable conf is a warning; a bare host with token_file is not"
# what would fail at every poll or delivery is said at the check, with its line: a file://
# url with a host, a webhook's or mail server's address libcurl refuses, a ca_file that is
# not there; a secret that is a FIFO is refused without waiting on it (it froze a reload);
# a NUL in a section's header does not put its keys in the section before; a read that
# fails (out of memory on a huge line) is an error, not "ok" with the rest dropped
mkfifo "$T/fifo"
cat >"$T/addr.conf" <<CONF
[daemon]
database = $T/addr.db
[feed a]
url = file://feed.xml
allow_file = yes
[alert w]
plugin = webhook
url = https://ex ample/
[alert m]
plugin = email
smtp = smtp://m.example:99999
from = a@b.example
to = c@d.example
ca_file = $T/nonexistent.pem
[alert f]
plugin = webhook
url = https://127.0.0.1:9/x
secret_file = $T/fifo
[alert r]
plugin = webhook
url = https://127.0.0.1:9/x
ca_file = certs/ca.pem
CONF
rc=0; timeout 20 "$NEWSWATCHD" --check-config -c "$T/addr.conf" >"$T/addr.out" 2>&1 || rc=$?
[ $rc = 1 ] || { cat "$T/addr.out"; fail "--check-config of bad addresses: exit $rc (124: it hung on the FIFO)"; }
for want in "addr.conf:4: \[feed a\]: a file:// url names an absolute path" \
	"addr.conf:8: \[alert w\]: url is not an address libcurl can use" \
	"addr.conf:11: \[alert m\]: smtp is not an address libcurl can use" \
	"addr.conf:14: \[alert m\]: ca_file $T/nonexistent.pem: No such file or directory" \
	"addr.conf:22: \[alert r\]: ca_file certs/ca.pem is a relative path (the daemon runs in /): give an absolute one" \
	"addr.conf:18: secret_file: $T/fifo is not a regular file"; do
	grep -q "$want" "$T/addr.out" || { cat "$T/addr.out"; fail "--check-config: no '$want'"; }
done
printf '[daemon]\ndatabase = %s/n.db\n[fe\0ed a]\nurl = https://x.example/\n' "$T" >"$T/nul.conf"
"$NEWSWATCHD" --check-config -c "$T/nul.conf" >"$T/nul.out" 2>&1 && fail "--check-config: a NUL in a header accepted"
grep -q "nul.conf:3: NUL byte in line" "$T/nul.out" && ! grep -q "unknown option 'url' in \[daemon\]" "$T/nul.out" ||
	{ cat "$T/nul.out"; fail "--check-config: a header with a NUL: its key taken into [daemon]"; }
if [ -z "${nw_sanitizers:-}" ]; then # (AddressSanitizer maps terabytes: no ulimit -v for it)
	rc=0; (ulimit -v 400000; "$NEWSWATCHD" --check-config -c /dev/zero) >"$T/zero.out" 2>&1 || rc=$?
	[ $rc = 1 ] && grep -q "/dev/zero:1: read error" "$T/zero.out" || { cat "$T/zero.out"; fail "--check-config of /dev/zero: exit $rc"; }
fi
ok "--check-config: a file:// url with a host, channel addresses libcurl refuses, a missing ca_file, a FIFO secret (not waited on), a NUL in a header, a failed read: each said with its line"
# a hashtag after a blank is a comment, as documented, but a likely alias: noted
printf '[daemon]\ndatabase = %s/h.db\n[story s]\nentity.tag = foo | bar #MeToo\nentity.x = x  # a comment\nentity.y = "#quoted"\n' "$T" >"$T/hash.conf"
"$NEWSWATCHD" --check-config -c "$T/hash.conf" >"$T/hash.out" 2>&1 || { cat "$T/hash.out"; fail "--check-config of a hashtag"; }
grep -q "hash.conf:4: note: '#MeToo' is read as a comment (a '#' after a blank starts one); to make it part of the value, quote it: \"#MeToo\"" "$T/hash.out" &&
	[ "$(grep -c "is read as a comment" "$T/hash.out")" = 1 ] || { cat "$T/hash.out"; fail "--check-config: a hashtag cut as a comment not noted (once)"; }
ok "--check-config notes a #hashtag cut from a value as a comment, with the quoting that keeps it"
# an alias list written with commas for | is one alias: allowed (a company's "Co., Ltd."),
# but noted with its line and column; a comma in a number or in quotes is not
printf '[daemon]\ndatabase = %s/c.db\n[story s]\nentity.openai = OpenAI, 오픈AI | オープンAI\nentity.ok = 1,350억 | "Co., Ltd."\n' "$T" >"$T/comma.conf"
"$NEWSWATCHD" --check-config -c "$T/comma.conf" >"$T/comma.out" 2>&1 || { cat "$T/comma.out"; fail "--check-config of an alias with a comma"; }
grep -q "comma.conf:4: note: column 17: story 's': alias 'OpenAI, 오픈AI' of entity 'openai' holds a comma: it is one alias" "$T/comma.out" &&
	[ "$(grep -c "holds a comma" "$T/comma.out")" = 1 ] || { cat "$T/comma.out"; fail "--check-config: an alias list written with commas not noted (once)"; }
ok "--check-config notes an alias list written with commas for |, at its line and column"
# a plugin's mistakes all at once (a scraper's selectors and zone, a mail channel's server,
# sender and recipients), not one per check
printf '[daemon]\ndatabase = %s/m.db\n[feed h]\nplugin = html\nurl = https://e.example/\nitem = //article[\nlink = ((\ntimezone = +25:00\n[alert m]\nplugin = email\nsmtp = http://m.example\nfrom = not an address\nto = c@d.example, x\n' "$T" >"$T/many.conf"
"$NEWSWATCHD" --check-config -c "$T/many.conf" >"$T/many.out" 2>&1 && fail "--check-config: mistakes accepted"
grep -q "timezone: '+25:00' is not an offset.*; item: invalid XPath '//article\['.*; link: invalid XPath '(('" "$T/many.out" &&
	grep -q "\[alert m\]: smtp must be smtp://.*; from: 'not an address' is not an address; to: 'x' is not an address" "$T/many.out" ||
	{ cat "$T/many.out"; fail "--check-config: a plugin's mistakes not all said"; }
ok "--check-config: all of a scraper's and a mail channel's mistakes at once"
# a required option missing (the scraper's item, the mail channel's smtp) does not hide the
# section's other mistakes: they are said with it, not at the next --check-config
printf '[daemon]\ndatabase = %s/q.db\n[feed h]\nplugin = html\nurl = https://e.example/\nlink = ((\ntimezone = +25:00\n[alert m]\nplugin = email\nfrom = not an address\nto = c@d.example\n' "$T" >"$T/req.conf"
"$NEWSWATCHD" --check-config -c "$T/req.conf" >"$T/req.out" 2>&1 && fail "--check-config: missing required options accepted"
grep -q "req.conf:3: \[feed h\]: item: required .*; timezone: '+25:00' is not an offset.*; link: invalid XPath '(('" "$T/req.out" &&
	grep -q "req.conf:8: \[alert m\]: smtp: required .*; from: 'not an address' is not an address" "$T/req.out" ||
	{ cat "$T/req.out"; fail "--check-config: a missing required option hid the section's other mistakes"; }
ok "--check-config: a missing item or smtp is said with the section's other mistakes"
# a [feed] pasted twice under another name (the same url, plugin and options; its interval
# may differ) is warned about; one page scraped twice with other XPaths is not
printf '[daemon]\ndatabase = %s/dup.db\n[feed a]\nurl = https://e.example/rss\n[feed b]\nurl = https://e.example/rss\ninterval = 5m\n[feed c]\nplugin = html\nurl = https://e.example/rss\nitem = //li\n[feed d]\nplugin = html\nurl = https://e.example/rss\nitem = //article\n' "$T" >"$T/dup.conf"
"$NEWSWATCHD" --check-config -c "$T/dup.conf" >"$T/dup.out" 2>&1 || { cat "$T/dup.out"; fail "--check-config of a feed pasted twice: not exit 0"; }
grep -q "dup.conf:5: warning: \[feed b\] is \[feed a\] of line 3 again (the same url, plugin and options): the feed is polled twice" "$T/dup.out" &&
	[ "$(grep -c "polled twice" "$T/dup.out")" = 1 ] || { cat "$T/dup.out"; fail "--check-config: want one warning, for [feed b]"; }
ok "--check-config warns about a feed pasted twice under another name, not about two scrapers of one page"
# one mistake, one error: a story with no entity.NAME lines (with a rule that names one, or
# with none), an empty url, an empty required option of the core's or of a plugin's (one
# its init() checks: said by it, with the section's other mistakes)
printf '[daemon]\ndatabase = %s/one.db\n[story s]\nmatch = a AND "Sam Altman"\n[story t]\nalert_on = new\n[feed f]\nurl =\n[alert m]\nplugin =\n[alert e]\nplugin = email\nsmtp =\nfrom = a@b.example\nto = c@d.example\n[feed h]\nplugin = html\nurl = https://e.example/\nitem =\nlink = ((\n' "$T" >"$T/one.conf"
"$NEWSWATCHD" --check-config -c "$T/one.conf" >"$T/one.out" 2>&1 && fail "--check-config: one.conf accepted"
[ "$(sed -n 's/^[^:]*:\([0-9][0-9]*\): .*/\1/p' "$T/one.out" | tr '\n' ' ')" = "3 5 8 10 13 19 " ] || { cat "$T/one.out"; fail "--check-config: want one error for each of lines 3 5 8 10 13 19"; }
grep -q "one.conf:3: story 's': no entity.NAME = aliases line" "$T/one.out" &&
	grep -q "one.conf:5: story 't': no entity.NAME = aliases line" "$T/one.out" &&
	grep -q "one.conf:8: 'url' has no value" "$T/one.out" &&
	grep -q "one.conf:19: \[feed h\]: item: required .*; link: invalid XPath '(('" "$T/one.out" ||
	{ cat "$T/one.out"; fail "--check-config: the single errors do not say what is wrong"; }
ok "--check-config: a story without entities, an empty url or required option: one error each, at its line"
# a value not among an option's choices: the likely one named, as for an option's name
printf '[daemon]\ndatabase = %s/dym.db\n[story s]\nentity.a = Alpha\nalert_on = new, updte\nlanguage = ko, kor, japanese\nalert = m\n[alert m]\nplugin = log\nmode = digets\n' "$T" >"$T/dym.conf"
"$NEWSWATCHD" --check-config -c "$T/dym.conf" >"$T/dym.out" 2>&1 && fail "--check-config: misspelt values accepted"
grep -q "dym.conf:5: \[story s\]: alert_on 'updte' is not new or update; did you mean 'update'?" "$T/dym.out" &&
	grep -q "dym.conf:6: \[story s\]: language 'kor' is not one of en, ko, ja, zh; did you mean 'ko'?" "$T/dym.out" &&
	grep -q "dym.conf:6: \[story s\]: language 'japanese' is not one of en, ko, ja, zh; did you mean 'ja'?" "$T/dym.out" &&
	grep -q "dym.conf:10: mode: 'digets' is not one of immediate, digest; did you mean 'digest'?" "$T/dym.out" ||
	{ cat "$T/dym.out"; fail "--check-config: no 'did you mean' for a misspelt value"; }
ok "--check-config: a misspelt alert_on, language or choice gets 'did you mean'"
