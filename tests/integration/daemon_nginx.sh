#!/bin/bash
# daemon_nginx.sh — newswatchd --once against nginx on loopback: the first fetch is backlog
# (stored, no alert); an item added between two runs is stored and alerts exactly once;
# an unchanged feed is fetched with a conditional GET and answered 304; a permanent redirect
# seen three times is followed directly; a feed that keeps failing warns at failures 1, 2, 4...;
# a warning its every document comes with is said once
. "$top_srcdir/tests/integration/lib.sh" || exit 99
mkdir -p "$T/www"
chmod 755 "$T/www"
feed() { # feed ITEM...: write the RSS file with the given items (title|guid|date)
	{
		echo '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Wire</title><link>https://wire.example.com/</link>'
		for it in "$@"; do
			IFS='|' read -r title guid date <<<"$it"
			echo "<item><title>$title</title><guid isPermaLink=\"false\">$guid</guid><link>https://wire.example.com/$guid?utm_source=rss</link><pubDate>$date</pubDate><description>$title. More text about it.</description></item>"
		done
		echo '</channel></rss>'
	} > "$T/www/feed.xml.tmp"
	chmod 644 "$T/www/feed.xml.tmp"
	mv "$T/www/feed.xml.tmp" "$T/www/feed.xml"
}
NGINX_EXTRA='location = /old.xml { return 301 /feed.xml; }' start_nginx "$T/www"
cat > "$T/nw.conf" <<CONF
[daemon]
database = $T/store.db
[feed wire]
url = http://127.0.0.1:$NGINX_PORT/feed.xml
[feed moved]
url = http://127.0.0.1:$NGINX_PORT/old.xml
[story saga]
entity.openai = OpenAI | 오픈AI
entity.altman = "Sam Altman" | 샘 알트먼
match = openai AND altman
alert = out
[alert out]
plugin = log
CONF
feed "OpenAI board removes Sam Altman|a1|Fri, 17 Nov 2023 20:30:00 +0000" \
     "Weather is mild today|a2|Fri, 17 Nov 2023 21:00:00 +0000"
"$NEWSWATCHD" --once -c "$T/nw.conf" >"$T/run1.out" 2>"$T/run1.err" || { cat "$T/run1.err"; fail "run 1"; }
[ "$(sql "$T/store.db" 'SELECT count(*) FROM articles')" = 2 ] || fail "run 1: want 2 articles (one article seen by two feeds)"
[ "$(sql "$T/store.db" 'SELECT count(*) FROM sightings')" = 4 ] || fail "run 1: want 4 sightings"
[ "$(sql "$T/store.db" "SELECT count(*) FROM hits WHERE verdict = 'new'")" = 1 ] || fail "run 1: want 1 new hit"
[ "$(sql "$T/store.db" 'SELECT count(*) FROM alerts')" = 0 ] || fail "run 1: backlog must not alert"
! grep -q ALERT "$T/run1.out" || fail "run 1 printed an alert"
grep -q -- '--once: 2 feeds polled in [0-9.]* s: 2 with a document, 0 not modified, 0 failed; 4 items, 4 new, 2 duplicates, 2 hits, 0 alerts queued$' "$T/run1.err" ||
	{ cat "$T/run1.err"; fail "run 1: the run's line"; }
ok "first fetch: backlog stored, no alert; the run said in a line"

# dated now: an item first seen days after its date is no news (alert_within)
feed "오픈AI 이사회, 샘 알트먼 복귀 합의|a3|$(date -u -R)" \
     "OpenAI board removes Sam Altman|a1|Fri, 17 Nov 2023 20:30:00 +0000" \
     "Weather is mild today|a2|Fri, 17 Nov 2023 21:00:00 +0000"
"$NEWSWATCHD" --once -c "$T/nw.conf" >"$T/run2.out" 2>"$T/run2.err" || { cat "$T/run2.err"; fail "run 2"; }
cat "$T/run2.out"
[ "$(sql "$T/store.db" 'SELECT count(*) FROM articles')" = 3 ] || fail "run 2: want 3 articles"
[ "$(sql "$T/store.db" "SELECT count(*) FROM alerts WHERE state = 'sent'")" = 1 ] || fail "run 2: want 1 sent alert (two feeds, one article)"
[ "$(grep -c '^ALERT' "$T/run2.out")" = 1 ] || fail "run 2: want exactly one alert printed"
grep -q '샘 알트먼 복귀' "$T/run2.out" || fail "run 2: alert lacks the Korean title"
# the other feed's report of it, stored before the alert went out, is named in it
src=$(sed -n 's/^       \([a-z]*\) — .*/\1/p' "$T/run2.out")
other=$([ "$src" = wire ] && echo moved || echo wire)
grep -qx "       also reported by: $other" "$T/run2.out" || { cat "$T/run2.out"; fail "run 2: the alert (from $src) does not say $other reported it too"; }
[ "$(sql "$T/store.db" "SELECT canonical_url FROM articles WHERE title LIKE '%복귀%'")" = "https://wire.example.com/a3" ] \
	|| fail "canonical URL keeps utm_source"
"$NEWSWATCH" --db "$T/store.db" --json search 복귀 | grep -q '샘 알트먼 복귀' || fail "run 2: the new article is not in the full-text index"
ok "new item: stored, searchable, and alerted exactly once"

"$NEWSWATCHD" --once -c "$T/nw.conf" >"$T/run3.out" 2>"$T/run3.err" || { cat "$T/run3.err"; fail "run 3"; }
! grep -q ALERT "$T/run3.out" || fail "run 3 alerted again"
[ "$(sql "$T/store.db" 'SELECT count(*) FROM alerts')" = 1 ] || fail "run 3: alert queued again"
[ "$(grep -c 'GET /feed.xml HTTP/1.1" 304 ' "$T/nginx/access.log")" -ge 1 ] || { tail -n 4 "$T/nginx/access.log"; fail "run 3: no 304"; }
grep -q -- '--once: 2 feeds polled in [0-9.]* s: 2 with a document, 0 not modified, 0 failed; 6 items, 2 new, 1 duplicates, 2 hits, 1 alerts queued$' "$T/run2.err" ||
	{ cat "$T/run2.err"; fail "run 2: the run's line"; }
grep -q -- '--once: 2 feeds polled in [0-9.]* s: 0 with a document, 2 not modified, 0 failed; 0 items, 0 new' "$T/run3.err" ||
	{ cat "$T/run3.err"; fail "run 3: the run's line"; }
ok "unchanged feed: 304, nothing new"

# the moved feed saw 301 on three polls: the fourth goes to the new address directly
[ "$(sql "$T/store.db" "SELECT moved_count FROM feeds WHERE name = 'moved'")" = 3 ] || fail "moved_count after 3 polls"
"$NEWSWATCHD" --once -c "$T/nw.conf" >"$T/run4.out" 2>"$T/run4.err" || { cat "$T/run4.err"; fail "run 4"; }
[ "$(grep -c 'GET /old.xml' "$T/nginx/access.log")" = 3 ] || { cat "$T/nginx/access.log"; fail "run 4 asked /old.xml again"; }
[ "$(sql "$T/store.db" "SELECT failures FROM feeds WHERE name = 'moved'")" = 0 ] || fail "moved feed failing"
ok "permanent redirect seen three times: the feed now polls its new address"

# a feed that keeps failing: a warning at its 1st, 2nd and 4th failure, not at every poll;
# when it is back, one line says so
cat >> "$T/nw.conf" <<CONF
[feed gone]
url = http://127.0.0.1:$NGINX_PORT/gone.xml
CONF
for i in 1 2 3 4 5; do
	"$NEWSWATCHD" --once -c "$T/nw.conf" >/dev/null 2>"$T/gone$i.err" || { cat "$T/gone$i.err"; fail "gone run $i"; }
done
[ "$(sql "$T/store.db" "SELECT failures FROM feeds WHERE name = 'gone'")" = 5 ] || fail "the gone feed's failures are not 5"
for i in 1 2 4; do
	grep -q "warning: feed gone: .*HTTP 404: no feed at this address (wrong, or moved without a redirect): check the url (failure $i, next try in [0-9]*s; the next warning at failure $((2 * i)))" "$T/gone$i.err" ||
		{ cat "$T/gone$i.err"; fail "no warning at failure $i"; }
done
! grep -q 'feed gone' "$T/gone3.err" "$T/gone5.err" || { cat "$T/gone3.err" "$T/gone5.err"; fail "a warning at failure 3 or 5"; }
feed "Weather is mild today|a2|Fri, 17 Nov 2023 21:00:00 +0000"
cp "$T/www/feed.xml" "$T/www/gone.xml"
"$NEWSWATCHD" --once -c "$T/nw.conf" >/dev/null 2>"$T/back.err" || { cat "$T/back.err"; fail "back run"; }
grep -q 'feed gone: fetched again after 5 failures' "$T/back.err" || { cat "$T/back.err"; fail "no word of the feed being back"; }
grep -q -- '--once: 3 feeds polled in [0-9.]* s: 0 with a document, 2 not modified, 1 failed;' "$T/gone5.err" ||
	{ cat "$T/gone5.err"; fail "gone run 5: the run's line"; }
ok "a feed failing 5 times: warnings at failures 1, 2 and 4 only; 'fetched again after 5 failures' when it is back"

# fingerprints older than the near-duplicate window (every item here but a3 is of 2023) are forgotten
# by each run, not only by a daemon that has run a whole window
"$NEWSWATCHD" --once -c "$T/nw.conf" >/dev/null 2>"$T/prune.err" || { cat "$T/prune.err"; fail "prune run"; }
[ "$(sql "$T/store.db" "SELECT count(*) FROM fingerprints WHERE t < strftime('%s', 'now') - 15 * 86400")" = 0 ] ||
	fail "$(sql "$T/store.db" "SELECT count(*) FROM fingerprints") fingerprints older than the window kept by --once runs"
ok "fingerprints older than the window: forgotten by a --once run"

# a feed's options changed (an html feed's item XPath fixed): what it was polled with before
# does not hold. Its validators are dropped, so the page is fetched whole, not answered 304
# until it changes; and what it lists then is its backlog, not a flood of alerts
cat > "$T/www/page.html" <<'HTML'
<html><head><title>Desk</title></head><body>
<div class="news"><h2>OpenAI and Sam Altman agree on his return</h2><a href="/n/1">more</a></div>
<div class="news"><h2>OpenAI names a new board after Sam Altman returns</h2><a href="/n/2">more</a></div>
</body></html>
HTML
chmod 644 "$T/www/page.html"
html_conf() {
	sed '/^\[feed /,$d' "$T/nw.conf" >"$T/html.conf"
	printf '[feed wire]\nurl = http://127.0.0.1:%s/feed.xml\n[feed desk]\nplugin = html\nurl = http://127.0.0.1:%s/page.html\nitem = %s\n' \
		"$NGINX_PORT" "$NGINX_PORT" "$1" >>"$T/html.conf"
	sed -n '/^\[story /,$p' "$T/nw.conf" >>"$T/html.conf"
}
html_conf '//article'
"$NEWSWATCHD" --once -c "$T/html.conf" >/dev/null 2>"$T/html1.err" || { cat "$T/html1.err"; fail "html feed, item matching nothing"; }
html_conf '//div[@class="news"]'
"$NEWSWATCHD" --once -c "$T/html.conf" >"$T/html2.out" 2>"$T/html2.err" || { cat "$T/html2.err"; fail "html feed, item fixed"; }
[ "$(sql "$T/store.db" "SELECT count(*) FROM sightings s JOIN feeds f ON f.id = s.feed_id WHERE f.name = 'desk'")" = 2 ] ||
	{ cat "$T/html1.err" "$T/html2.err"; tail -3 "$T/nginx/access.log"; fail "the fixed html feed's items not stored (answered 304?)"; }
! grep -q '^ALERT' "$T/html2.out" || { cat "$T/html2.out"; fail "the fixed html feed's items alerted: they are its backlog"; }
ok "a feed's options changed: fetched again whole (no 304 by old validators), its items backlog, no alert"

# a feed removed from the conf: its row and articles stay, but it counts no more (html.conf has
# desk, gone and wire; moved, gone before, counts no more already)
"$NEWSWATCH" -c "$T/html.conf" --json status | jcheck 'd["feeds"] == 3' || { "$NEWSWATCH" -c "$T/html.conf" --json status; fail "status before removing a feed"; }
html_conf '//div[@class="news"]'
sed -i '/^\[feed wire\]/,+1d' "$T/html.conf"
"$NEWSWATCHD" --once -c "$T/html.conf" >/dev/null 2>"$T/html3.err" || { cat "$T/html3.err"; fail "run without the feed wire"; }
"$NEWSWATCH" -c "$T/html.conf" --json status | jcheck 'd["feeds"] == 2 and d["feeds_failing"] == 0' ||
	{ "$NEWSWATCH" -c "$T/html.conf" --json status; fail "status counts a removed feed"; }
"$NEWSWATCH" -c "$T/html.conf" --json feeds | jcheck '[f["name"] for f in d] == ["desk", "gone"]' ||
	{ "$NEWSWATCH" -c "$T/html.conf" --json feeds; fail "feeds lists a removed feed"; }
[ "$(sql "$T/store.db" "SELECT count(*) FROM sightings s JOIN feeds f ON f.id = s.feed_id WHERE f.name = 'wire'")" -ge 3 ] ||
	fail "a removed feed's sightings were lost"
ok "a feed removed from the conf: no longer in status or feeds, its articles kept"

# a feed's own text in the log and the tables: a JSON Feed's version with a new line, a
# forged journal priority and terminal escapes, a title with ESC and BEL. Under systemd
# (JOURNAL_STREAM) each line of stderr is an entry with its "<N>": none may be the feed's.
$PY - "$T/www/hostile.json" <<'PY'
import json, sys
json.dump({"version": "jsonfeed.org\n<0>newswatchd: error: store corrupted \u001b]0;owned\u0007\u001b[2J",
           "title": "t", "items": [{"id": "1", "title": "OpenAI \u001b]0;owned\u0007\u001b[31mFAKE\u009b0m",
                                   "url": "https://hostile.example.com/1"}]}, open(sys.argv[1], "w"))
PY
chmod 644 "$T/www/hostile.json"
cat > "$T/hostile.conf" <<CONF
[daemon]
database = $T/hostile.db
[feed hostile]
plugin = jsonfeed
url = http://127.0.0.1:$NGINX_PORT/hostile.json
CONF
JOURNAL_STREAM=8:1 "$NEWSWATCHD" --once -c "$T/hostile.conf" >/dev/null 2>"$T/hostile.err" || { cat "$T/hostile.err"; fail "the hostile feed's run"; }
grep -q '^<4>feed hostile: .*unknown JSON Feed version "jsonfeed.org <0>newswatchd: error: store corrupted ?\]0;owned??\[2J"' "$T/hostile.err" ||
	{ cat -v "$T/hostile.err"; fail "the feed's version not in the warning, made one line"; }
! grep -q '^<[0-3]>' "$T/hostile.err" || { cat -v "$T/hostile.err"; fail "a journal line of the feed's making"; }
"$NEWSWATCH" -c "$T/hostile.conf" feeds >"$T/hostile.feeds"
"$NEWSWATCH" -c "$T/hostile.conf" hits >"$T/hostile.hits"
sql "$T/hostile.db" "SELECT title FROM articles" >"$T/hostile.title"
! LC_ALL=C grep -q -P '[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]' "$T/hostile.err" "$T/hostile.feeds" "$T/hostile.hits" "$T/hostile.title" ||
	{ cat -v "$T/hostile.err" "$T/hostile.feeds" "$T/hostile.title"; fail "a control character of the feed's reached the log, a table or the store"; }
[ "$(cat "$T/hostile.title")" = "OpenAI ]0;owned [31mFAKE 0m" ] || { cat -v "$T/hostile.title"; fail "the title: $(cat -v "$T/hostile.title")"; }
ok "a feed's text in the log, the tables and the store: one line, no control character (no forged journal entry, no terminal escape)"

# a feed whose every document comes with the same warning (a bare '&'), changing at every
# poll: warned at the first, then only with -v; another warning is said again
amp() { # amp N [TEXT]: the feed with N items, the first titled with TEXT
	{
		echo '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Amp</title>'
		for i in $(seq "$1"); do
			echo "<item><title>${2:-Tom & Jerry} $i</title><guid>amp-$i</guid><link>https://amp.example.com/$i</link></item>"
		done
		echo '</channel></rss>'
	} >"$T/www/amp.xml"
	chmod 644 "$T/www/amp.xml"
}
printf '[daemon]\ndatabase = %s/amp.db\n[feed amp]\nurl = http://127.0.0.1:%s/amp.xml\n' "$T" "$NGINX_PORT" >"$T/amp.conf"
for n in 1 2 3; do
	amp "$n"
	"$NEWSWATCHD" --once -c "$T/amp.conf" >/dev/null 2>"$T/amp$n.err" || { cat "$T/amp$n.err"; fail "amp run $n"; }
done
grep -q "warning: feed amp: .*bare '&' escaped" "$T/amp1.err" || { cat "$T/amp1.err"; fail "no warning at the first degraded document"; }
! grep -q "warning: feed amp" "$T/amp2.err" "$T/amp3.err" || { cat "$T/amp2.err" "$T/amp3.err"; fail "the same warning at every poll"; }
[ "$(sql "$T/amp.db" "SELECT warning FROM feeds WHERE name = 'amp'")" = "not well-formed XML, recovered: bare '&' escaped" ] ||
	fail "the feed's warning is not in the store (newswatch feeds)"
amp 4 "$(printf 'Bad \xff byte')"
"$NEWSWATCHD" --once -c "$T/amp.conf" >/dev/null 2>"$T/amp4.err" || { cat "$T/amp4.err"; fail "amp run 4"; }
grep -q "warning: feed amp: .*invalid UTF-8 replaced" "$T/amp4.err" || { cat "$T/amp4.err"; fail "another warning not said"; }
ok "the same warning at every poll (a bare '&'): said at the first only; another (invalid UTF-8) said again"
