#!/bin/bash
# retention.sh — keep_articles: articles first seen longer ago than it, that no story holds
# and that no feed lists, are forgotten (row, sightings, fingerprints, full-text entries), a
# look at 500 a transaction while more are old. A feed lists an item while its last document had it (a
# 304 changes nothing) or it had it within keep_articles; a story's hits and their articles
# stay; a copy of a forgotten original is no longer marked as one; the full-text index keeps
# no entry of a forgotten article (it is deleted by the text it was indexed with); the newest
# article is never forgotten (its id would be given again); keep_articles = 0 keeps
# everything; newswatchd forgets before its writer's transaction of documents; once as many
# articles have left the full-text index as the store holds, it is made whole again, in steps,
# at any size. Replay runs each snapshot at its newest item's date, so months pass in them.
. "$top_srcdir/tests/integration/lib.sh" || exit 99

# snap FILE DATE ITEM... : an RSS snapshot; each ITEM is "guid|title|description[|content]"
snap() {
	$PY - "$@" <<'PY'
import sys
from xml.sax.saxutils import escape
path, date, items = sys.argv[1], sys.argv[2], sys.argv[3:]
with open(path, "w", encoding="utf-8") as f:
    f.write('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>t</title>'
            '<link>https://news.example.com/</link>\n')
    for it in items:
        guid, title, desc, *content = it.split("|", 3)
        content = f'<content:encoded>{escape(content[0])}</content:encoded>' if content else ''
        f.write(f'<item><guid>{guid}</guid><link>https://news.example.com/{guid}</link>'
                f'<title>{escape(title)}</title><description>{escape(desc)}</description>{content}'
                f'<pubDate>{date}</pubDate></item>\n')
    f.write('</channel></rss>\n')
PY
}

cat >"$T/nw.conf" <<'CONF'
[daemon]
database = unused.db
keep_articles = 45d
[story deal]
entity.openai = OpenAI | 오픈AI
entity.msft = Microsoft | 마이크로소프트
match = openai AND msft
CONF
sed 's/^keep_articles = .*/keep_articles = 0/' "$T/nw.conf" >"$T/forever.conf"

# January: a story's report (a hit), a study that matches nothing (a summary, and content
# with a line of boilerplate: all of it indexed), a council story that
# matches nothing and a copy of it elsewhere under a headline that names the story (a hit:
# known), and 600 market notes that match nothing
copy_body="The city council approved a budget of 4.2 billion won on Tuesday after a debate of nine hours. Members voted 14 to 3 for the plan, which funds new bus routes, two libraries and repairs to the river embankment."
fish="fish-1|Zebrafish study shows how hearts regrow|Researchers found that zebrafish regrow heart tissue within weeks.|Researchers found that zebrafish regrow heart tissue within weeks, a result that may guide therapy for people after a heart attack. Copyright 2024 Wire News. All rights reserved."
snap "$T/wire-jan.xml" "Wed, 10 Jan 2024 09:00:00 GMT" \
	"deal-1|OpenAI and Microsoft sign a new cloud agreement|OpenAI and Microsoft signed a cloud agreement worth 10 billion dollars on Wednesday, the companies said." \
	"$fish" "council-1|Council approves city budget|$copy_body"
snap "$T/blog-jan.xml" "Wed, 10 Jan 2024 10:00:00 GMT" \
	"council-copy|Council budget: what OpenAI and Microsoft money could not buy|$copy_body"
bulk=()
for i in $(seq 1 600); do
	bulk+=("bulk-$i|Market note $i on grain prices|Wheat futures number $i moved by $i cents as traders weighed harvest $((i * 7)) reports from region $((i * 13)).")
done
# one note ends with boilerplate, which matching leaves out (its index text is made apart)
bulk[6]="${bulk[6]} Copyright 2024 Market Wire. All rights reserved."
snap "$T/bulk-jan.xml" "Wed, 10 Jan 2024 11:00:00 GMT" "${bulk[@]}"
# February: the wire lists the study again, alone; the market feed has one new note only.
# March and May: one new article a snapshot elsewhere; April: the wire no longer lists the study.
snap "$T/wire-feb.xml" "Mon, 05 Feb 2024 09:00:00 GMT" "$fish"
snap "$T/bulk-feb.xml" "Mon, 05 Feb 2024 11:00:00 GMT" "bulk-feb|Market note for February|Rice futures eased in thin trade."
snap "$T/other-mar1.xml" "Wed, 20 Mar 2024 09:00:00 GMT" "mar-1|Harbour reopens after storm|The harbour reopened on Wednesday after a storm closed it for three days."
snap "$T/other-mar2.xml" "Wed, 20 Mar 2024 10:00:00 GMT" "mar-2|Rail strike ends|Rail workers ended a strike that halted trains for a week."
snap "$T/wire-apr.xml" "Wed, 10 Apr 2024 10:00:00 GMT" "apr-1|Museum wing opens|A new museum wing opened to visitors on Wednesday."
snap "$T/other-may.xml" "Wed, 01 May 2024 10:00:00 GMT" "may-1|Ferry timetable changes|The summer ferry timetable starts a week early this year."

q() { sqlite3 "$T/k.db" "$1"; }
replay() { # replay TAG FEED=SNAPSHOT...: into k.db
	local tag=$1
	shift
	"$NEWSWATCH" -c "$T/nw.conf" --db "$T/k.db" replay "$@" >"$T/$tag.jsonl" 2>"$T/$tag.err" ||
		{ cat "$T/$tag.err"; fail "replay ($tag)"; }
}
titles() { q 'SELECT title FROM articles ORDER BY id' | tr '\n' '|'; }

jan=(wire="$T/wire-jan.xml" blog="$T/blog-jan.xml" bulk="$T/bulk-jan.xml")
replay jan "${jan[@]}"
[ "$(q 'SELECT count(*) FROM articles')" = 604 ] || fail "January: $(q 'SELECT count(*) FROM articles') articles, not 604"
[ "$(q "SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL")" = 1 ] || fail "the blog's council story is not a copy"
[ "$(q "SELECT count(DISTINCT article_id) FROM hits")" = 2 ] || fail "January: not 2 articles with hits"
ok "January: 604 articles, 2 with hits (the report and the copy), 1 copy"

feb=(wire="$T/wire-feb.xml" bulk="$T/bulk-feb.xml")
replay feb "${feb[@]}"
[ "$(grep -c . "$T/feb.jsonl")" = 1 ] || fail "February: not just the new market note is new"
[ "$(q 'SELECT count(*) FROM articles')" = 605 ] || fail "February forgot articles"

replay mar1 other="$T/other-mar1.xml"
# a look examines 500 articles: the first 500 of January, of which 3 are held (the report
# and the copy have hits, the wire listed the study in February)
[ "$(q 'SELECT count(*) FROM articles')" = $((605 + 1 - 497)) ] || fail "after one March document: $(q 'SELECT count(*) FROM articles') articles, not 109 (497 forgotten)"
# the study is the oldest article after the story's report: forgotten first, were it not listed
[ "$(q "SELECT count(*) FROM articles WHERE title LIKE 'Zebrafish%'")" = 1 ] || fail "the study the wire listed in February is forgotten"
ok "one document in March: a look at 500 articles first seen in January forgets the 497 that no story holds and no feed lists; the study, which the wire listed in February, stays"

# in one process: March's second document forgets the rest. In April the wire no longer
# lists the study, and May's look begins from the oldest article again: the study goes. The
# February note stays: its feed's last document (February) listed it, whatever came since
# (304s) or not.
# (the market feed answers 304 since February: replay makes no polls, so its last poll is set
# to May as the daemon's would be)
sqlite3 "$T/k.db" "UPDATE feeds SET last_fetch = strftime('%s', '2024-05-01') WHERE name = 'bulk'" || fail "sqlite3"
replay rest other="$T/other-mar2.xml" wire="$T/wire-apr.xml" other="$T/other-may.xml"
want="OpenAI and Microsoft sign a new cloud agreement|Council budget: what OpenAI and Microsoft money could not buy|Market note for February|Harbour reopens after storm|Rail strike ends|Museum wing opens|Ferry timetable changes|"
[ "$(titles)" = "$want" ] || { titles; fail "not the 2 articles with hits, the listed note and the 4 of March to May"; }
ok "then the rest, and in May the study the wire stopped listing in April; the 2 articles with hits and the note its feed still lists stay"

[ "$(q 'PRAGMA integrity_check')" = ok ] || fail "integrity_check"
[ -z "$(q 'PRAGMA foreign_key_check')" ] || fail "foreign_key_check: $(q 'PRAGMA foreign_key_check')"
[ "$(q "SELECT count(*) FROM sightings WHERE article_id NOT IN (SELECT id FROM articles)")" = 0 ] || fail "sightings left"
[ "$(q "SELECT count(*) FROM fingerprints WHERE article_id NOT IN (SELECT id FROM articles)")" = 0 ] || fail "fingerprints left"
[ "$(q "SELECT duplicate_of IS NULL FROM articles WHERE title LIKE 'Council budget%'")" = 1 ] ||
	fail "the copy still points at its forgotten original"
ok "integrity and foreign keys ok; no sighting or fingerprint of a forgotten article; the copy is no longer marked"

# every entry of the full-text index belongs to an article that is still there: had an
# article been deleted from it by another text than it was indexed with, its other words
# would still point at it
vocab="CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, articles_fts, 'instance');"
stale=$(q "$vocab SELECT count(*) FROM temp.v WHERE doc NOT IN (SELECT id FROM articles)")
[ "$stale" = 0 ] || fail "$stale entries of the full-text index belong to forgotten articles"
[ "$(q "$vocab SELECT count(DISTINCT doc) FROM temp.v")" = 7 ] || fail "the index does not hold the 7 articles"
q "INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')" || fail "FTS5 integrity-check"
"$NEWSWATCH" --db "$T/k.db" --json search zebrafish >"$T/s.json" || fail "search zebrafish"
[ "$($PY -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$T/s.json")" = 0 ] || fail "zebrafish still found"
"$NEWSWATCH" --db "$T/k.db" --json search harbour >"$T/s.json" || fail "search harbour"
[ "$($PY -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$T/s.json")" = 1 ] || fail "harbour not found"
"$NEWSWATCH" --db "$T/k.db" timeline deal >"$T/timeline.txt" || fail "timeline"
grep -q "OpenAI and Microsoft sign a new cloud agreement" "$T/timeline.txt" || { cat "$T/timeline.txt"; fail "the timeline lost its report"; }
ok "the full-text index holds only the 7 articles left, FTS5 integrity-check ok; search finds March, not the forgotten study; the timeline keeps its report"

# FTS5 deletes by adding the words marked deleted, both kept until a merge meets them: once
# as many articles have left the index as the store holds, it is made whole again
grep -q "full-text index made whole again" "$T"/mar1.err "$T"/rest.err ||
	{ cat "$T"/mar1.err "$T"/rest.err; fail "598 of 605 articles forgotten and the index not made whole"; }
[ "$(q "SELECT count(*) < 256 FROM upkeep WHERE key = 'fts_forgotten'")" = 1 ] || fail "the count of forgotten articles not reset"
ok "598 of 605 articles forgotten: the full-text index made whole again ($(q 'SELECT sum(length(block)) FROM articles_fts_data') bytes left)"

# the newest article is never forgotten, so that no id is given again: 5 January notes,
# whose feed's last document is then made one of February that listed none of them; in May
# one new article elsewhere
snap "$T/five-jan.xml" "Wed, 10 Jan 2024 11:00:00 GMT" "${bulk[@]:0:5}"
"$NEWSWATCH" -c "$T/nw.conf" --db "$T/n.db" replay bulk="$T/five-jan.xml" >/dev/null 2>"$T/n.err" ||
	{ cat "$T/n.err"; fail "replay (newest)"; }
sqlite3 "$T/n.db" "UPDATE feeds SET listed_at = strftime('%s', '2024-02-05') WHERE name = 'bulk'" || fail "sqlite3"
"$NEWSWATCH" -c "$T/nw.conf" --db "$T/n.db" replay other="$T/other-may.xml" >/dev/null 2>"$T/n.err" ||
	{ cat "$T/n.err"; fail "replay (newest, May)"; }
[ "$(sqlite3 "$T/n.db" 'SELECT group_concat(id) FROM articles')" = "5,6" ] ||
	fail "not the newest January note and May's article: $(sqlite3 "$T/n.db" 'SELECT group_concat(id) FROM articles')"
ok "of 5 old notes no feed lists, the newest stays; May's article gets id 6, not one given before"

# an article whose text is no longer what the index has (stood in for by words added to it
# in the store, more than the whole index holds): the index refuses to delete it by that
# text; it is forgotten all the same, with a warning, its words staying in the index
"$NEWSWATCH" -c "$T/nw.conf" --db "$T/m.db" replay bulk="$T/five-jan.xml" >/dev/null 2>"$T/m.err" ||
	{ cat "$T/m.err"; fail "replay (mismatch)"; }
sqlite3 "$T/m.db" "UPDATE feeds SET listed_at = strftime('%s', '2024-02-05') WHERE name = 'bulk';
UPDATE articles SET summary = summary || ' $(seq -s ' ' 1 400)' WHERE id = 1" || fail "sqlite3"
"$NEWSWATCH" -c "$T/nw.conf" --db "$T/m.db" replay other="$T/other-may.xml" >/dev/null 2>"$T/m.err" ||
	{ cat "$T/m.err"; fail "replay (mismatch, May)"; }
grep -q "the full-text index refuses the text of 1 as not what it holds" "$T/m.err" || { cat "$T/m.err"; fail "no warning"; }
[ "$(sqlite3 "$T/m.db" 'SELECT group_concat(id) FROM articles')" = "5,6" ] ||
	fail "not forgotten: $(sqlite3 "$T/m.db" 'SELECT group_concat(id) FROM articles')"
[ "$(sqlite3 "$T/m.db" 'PRAGMA integrity_check')" = ok ] || fail "integrity_check (mismatch)"
[ "$(sqlite3 "$T/m.db" "$vocab SELECT group_concat(DISTINCT doc) FROM temp.v WHERE doc NOT IN (SELECT id FROM articles)")" = 1 ] ||
	fail "index entries left of other forgotten notes than the refused one"
"$NEWSWATCH" --db "$T/m.db" --json search wheat >"$T/s.json" || fail "search wheat"
[ "$($PY -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$T/s.json")" = 1 ] || fail "search shows forgotten notes"
ok "an article the index will not delete by its text is forgotten all the same ('$(grep -o 'the full-text index refuses[^;]*' "$T/m.err")'), the others of its look deleted from the index; search shows only the note left"

# an item a feed lists again after leaving it out: forgotten meanwhile, it is stored again
# as new (not dropped); listed again after that, it is not new
snap "$T/x-jan.xml" "Wed, 10 Jan 2024 09:00:00 GMT" "x1|Lighthouse restored|The old lighthouse was restored."
snap "$T/x-feb.xml" "Mon, 05 Feb 2024 09:00:00 GMT" "y1|Canal dredged|The canal was dredged."
snap "$T/x-may.xml" "Wed, 01 May 2024 09:00:00 GMT" "x1|Lighthouse restored|The old lighthouse was restored." \
	"z1|Pier extended|The pier was extended by forty metres."
sed 's/01 May 2024/01 Jun 2024/' "$T/x-may.xml" >"$T/x-jun.xml"
for m in jan feb may jun; do
	"$NEWSWATCH" -c "$T/nw.conf" --db "$T/x.db" replay wire="$T/x-$m.xml" >"$T/x-$m.jsonl" 2>"$T/x.err" ||
		{ cat "$T/x.err"; fail "replay (x, $m)"; }
done
[ "$(cut -d'"' -f8 "$T/x-may.jsonl" | sort | tr '\n' ' ')" = "x1 z1 " ] || { cat "$T/x-may.jsonl"; fail "May: not x1 (again) and z1 new"; }
[ ! -s "$T/x-jun.jsonl" ] || { cat "$T/x-jun.jsonl"; fail "June: something new"; }
[ "$(sqlite3 "$T/x.db" 'SELECT group_concat(title, "|") FROM (SELECT title FROM articles ORDER BY title)')" = "Lighthouse restored|Pier extended" ] ||
	fail "x: $(sqlite3 "$T/x.db" 'SELECT group_concat(title, "|") FROM articles')"
ok "an item listed again after months out of its feed is stored again as new, then known; the one no longer listed goes"
# a feed no longer polled lists nothing once keep_articles has passed: in August, the wire's
# June document protects nothing
snap "$T/x-aug.xml" "Thu, 01 Aug 2024 09:00:00 GMT" "w1|Harvest festival|The harvest festival opens on Friday."
"$NEWSWATCH" -c "$T/nw.conf" --db "$T/x.db" replay other="$T/x-aug.xml" >/dev/null 2>"$T/x.err" ||
	{ cat "$T/x.err"; fail "replay (x, aug)"; }
[ "$(sqlite3 "$T/x.db" "SELECT count(*), sum(title = 'Harvest festival') FROM articles")" = "2|1" ] ||
	fail "x, August: not August's and the newest: $(sqlite3 "$T/x.db" 'SELECT group_concat(title, "|") FROM articles')"
ok "a feed not polled for keep_articles lists nothing: its articles go (but the newest)"

# the daemon: the writer forgets before its transaction of documents. The January store
# (replayed; its feeds not polled since 2024) and one feed served by nginx, polled now.
mkdir -p "$T/www"
chmod 755 "$T/www"
start_nginx "$T/www"
feed_item "Tram line opens" "The new tram line opened this morning."
"$NEWSWATCH" -c "$T/nw.conf" --db "$T/d.db" replay "${jan[@]}" >/dev/null 2>"$T/d.err" || { cat "$T/d.err"; fail "replay (daemon)"; }
sed "s|^database = .*|database = $T/d.db|" "$T/nw.conf" >"$T/d.conf"
printf '[feed live]\nurl = http://127.0.0.1:%s/feed.xml\n' "$NGINX_PORT" >>"$T/d.conf"
# alerts of a channel the conf no longer has: sent, failed or queued in January; raised in
# January but sent or failed (after weeks of retries) today; sent today
sqlite3 "$T/d.db" "INSERT INTO alerts(alert_id, channel, payload, created, state, next_attempt, sent_at) VALUES
	('a-sent-old', 'gone', '{}', strftime('%s', '2024-01-10'), 'sent', 0, strftime('%s', '2024-01-10')),
	('a-failed-old', 'gone', '{}', strftime('%s', '2024-01-10'), 'failed', 0, NULL),
	('z-queued-old', 'gone', '{}', strftime('%s', '2024-01-10'), 'queued', 0, NULL),
	('a-sent-late', 'gone', '{}', strftime('%s', '2024-01-11'), 'sent', 0, strftime('%s', 'now')),
	('a-failed-late', 'gone', '{}', strftime('%s', '2024-01-12'), 'failed', strftime('%s', 'now'), NULL),
	('a-sent-now', 'gone', '{}', strftime('%s', 'now'), 'sent', 0, strftime('%s', 'now'))" || fail "sqlite3: alerts"
"$NEWSWATCHD" --once -v -c "$T/d.conf" >/dev/null 2>"$T/d.err" || { cat "$T/d.err"; fail "newswatchd --once"; }
[ "$(sqlite3 "$T/d.db" "SELECT group_concat(alert_id, ' ') FROM (SELECT alert_id FROM alerts ORDER BY id)")" = "z-queued-old a-sent-late a-failed-late a-sent-now" ] ||
	fail "alerts sent or failed over keep_articles ago not forgotten, or a queued one or one sent or failed today lost: $(sqlite3 "$T/d.db" "SELECT group_concat(alert_id, ' ') FROM alerts")"
grep -q "forgot 2 alerts sent or failed over 45 days ago" "$T/d.err" || { grep -i forg "$T/d.err"; fail "the alerts forgotten not logged"; }
# newest first (by when raised, not by id: z-queued-old was raised first)
"$NEWSWATCH" --db "$T/d.db" --json alerts | jcheck '[a["id"] for a in d] == ["a-sent-now", "a-failed-late", "a-sent-late", "z-queued-old"]' ||
	{ "$NEWSWATCH" --db "$T/d.db" alerts; fail "alerts not listed newest first"; }
grep -q "forgot 498 articles first seen over 45 days ago" "$T/d.err" || { grep -i forg "$T/d.err"; fail "the writer did not forget"; }
[ "$(sqlite3 "$T/d.db" "SELECT count(*), sum(title = 'Tram line opens') FROM articles")" = "$((604 + 1 - 498))|1" ] ||
	fail "daemon: $(sqlite3 "$T/d.db" "SELECT count(*), sum(title = 'Tram line opens') FROM articles")"
[ "$(sqlite3 "$T/d.db" 'PRAGMA integrity_check')" = ok ] || fail "integrity_check (daemon)"
ok "newswatchd --once: the writer forgets 498 of the first 500 January articles (2 have hits) before storing the new one, and the alerts sent or failed in January (not one still queued, nor those raised then but sent or failed today)"

# keep_articles = 0: nothing is forgotten
"$NEWSWATCH" -c "$T/forever.conf" --db "$T/f.db" replay "${jan[@]}" "${feb[@]}" other="$T/other-mar1.xml" \
	other="$T/other-mar2.xml" wire="$T/wire-apr.xml" other="$T/other-may.xml" >/dev/null 2>"$T/f.err" ||
	{ cat "$T/f.err"; fail "replay with keep_articles = 0"; }
[ "$(sqlite3 "$T/f.db" 'SELECT count(*) FROM articles')" = 609 ] || fail "keep_articles = 0 forgot articles"
ok "keep_articles = 0 keeps all 609"

# a store of more than 20,000 articles whose index has as many forgotten as that: made whole
# again by the daemon itself, a step at a time (it was left to the owner, with the daemon
# stopped: optimize at once held the write lock for seconds). 24,000 articles indexed, 21,000
# deleted from the index again; their rows stand for a store of 21,000.
cp "$T/f.db" "$T/big.db"
sqlite3 "$T/big.db" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 21000)
	INSERT INTO articles(canonical_url, title, first_seen) SELECT 'https://big.example.com/' || i, 'x', strftime('%s', 'now') FROM n" ||
	fail "sqlite3: articles"
$PY - "$T/big.db" <<'PY' || fail "filling the index"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
words = ["w%d" % i for i in range(5000)]
doc = lambda i: " ".join(words[(i * 7919 + k * 104729) % 5000] for k in range(60))
for b in range(48):
    db.execute("BEGIN")
    for i in range(b * 500, b * 500 + 500):
        db.execute("INSERT INTO articles_fts(rowid, body) VALUES (?, ?)", (10**7 + i, doc(i)))
    for i in range(b * 500 - 3000, b * 500 - 2500) if b * 500 - 3000 >= 0 and b * 500 - 2500 <= 21000 else ():
        db.execute("INSERT INTO articles_fts(articles_fts, rowid, body) VALUES ('delete', ?, ?)", (10**7 + i, doc(i)))
    db.execute("COMMIT")
db.execute("UPDATE upkeep SET value = 30000 WHERE key = 'fts_forgotten'")
PY
before=$(sqlite3 "$T/big.db" "SELECT sum(length(block)) FROM articles_fts_data")
cp "$T/big.db" "$T/opt.db"
sqlite3 "$T/opt.db" "INSERT INTO articles_fts(articles_fts) VALUES ('optimize')" || fail "optimize"
optimized=$(sqlite3 "$T/opt.db" "SELECT sum(length(block)) FROM articles_fts_data")
# a turn of steps (100 ms) comes before each transaction of documents; replay stores one
# document here, and each replay goes on with what the last one began (a restart)
: >"$T/big.err"
for runs in 1 2 3 4 5 6 7 8 9 10; do
	"$NEWSWATCH" -c "$T/forever.conf" --db "$T/big.db" replay other="$T/other-may.xml" >/dev/null 2>>"$T/big.err" ||
		{ cat "$T/big.err"; fail "replay into the big store"; }
	grep -q "full-text index made whole again" "$T/big.err" && break
done
grep -q "full-text index made whole again (as many articles have left it as the store holds): [0-9]* steps" "$T/big.err" ||
	{ cat "$T/big.err"; fail "the index of a store of 21,000 articles not made whole in 10 replays"; }
after=$(sqlite3 "$T/big.db" "SELECT sum(length(block)) FROM articles_fts_data")
[ "$(sqlite3 "$T/big.db" "SELECT value FROM upkeep WHERE key = 'fts_forgotten'")" = 0 ] || fail "the count of forgotten articles not reset"
[ "$after" -lt $((before / 2)) ] && [ "$after" -lt $((optimized + optimized / 10)) ] ||
	fail "the index: $before bytes before, $after after, $optimized with optimize"
sqlite3 "$T/big.db" "INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')" || fail "FTS5 integrity-check (big)"
"$NEWSWATCH" --db "$T/big.db" --json search harbour | jcheck 'len(d) == 1' || fail "search harbour (big)"
ok "a store of 21,000 articles, 21,000 gone from its index: made whole again by newswatch itself (in $runs replays, the last $(grep -o '[0-9]* steps in [0-9]* s' "$T/big.err"); $before bytes, then $after; optimize: $optimized)"

# months of it: 18 monthly documents of 300 new articles each (three feeds in turn), each
# replay forgetting the 300 no feed lists any more. The room they leave is used again: the
# file levels off, with no row of a forgotten article left in any table
cat >"$T/month.py" <<'PY'
import random, sys
from datetime import datetime, timezone
from email.utils import format_datetime
m, path = int(sys.argv[1]), sys.argv[2]
rnd = random.Random(m)
words = ["harbour", "council", "budget", "river", "tram", "library", "festival", "ferry", "market", "grain"]
d = format_datetime(datetime(2023 + m // 12, m % 12 + 1, 10, 9, 0, tzinfo=timezone.utc))
with open(path, "w") as f:
    f.write('<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>https://m.example.com/</link>\n')
    for i in range(300):
        g = "m%d-%d" % (m, i)
        body = " ".join(rnd.choice(words) + str(rnd.randrange(100000)) for _ in range(120))
        f.write('<item><guid>%s</guid><link>https://m.example.com/%s</link><title>Note %s</title>'
                '<description>%s</description><pubDate>%s</pubDate></item>\n' % (g, g, g, body, d))
    f.write('</channel></rss>\n')
PY
pages=()
for m in $(seq 0 17); do
	$PY "$T/month.py" "$m" "$T/month.xml" || fail "month.py"
	"$NEWSWATCH" -c "$T/nw.conf" --db "$T/months.db" replay "feed$((m % 3))=$T/month.xml" >/dev/null 2>"$T/months.err" ||
		{ cat "$T/months.err"; fail "replay (month $m)"; }
	pages+=("$(sqlite3 "$T/months.db" 'PRAGMA page_count')")
done
mq() { sqlite3 "$T/months.db" "$1"; }
[ "$(mq 'SELECT count(*) FROM articles')" = 600 ] || fail "after 18 months: $(mq 'SELECT count(*) FROM articles') articles, not the 600 the last two documents list"
[ "${pages[17]}" -le $((pages[5] + pages[5] / 20)) ] || fail "the file grows over the months: ${pages[*]} pages"
[ "$(mq 'PRAGMA integrity_check')" = ok ] && [ -z "$(mq 'PRAGMA foreign_key_check')" ] ||
	fail "months: integrity_check or foreign_key_check"
[ "$(mq "SELECT (SELECT count(*) FROM sightings WHERE article_id NOT IN (SELECT id FROM articles)) +
	(SELECT count(*) FROM fingerprints WHERE article_id NOT IN (SELECT id FROM articles)) +
	(SELECT count(*) FROM hits WHERE article_id NOT IN (SELECT id FROM articles)) +
	(SELECT count(*) FROM developments WHERE first_article NOT IN (SELECT id FROM articles))")" = 0 ] ||
	fail "months: rows of forgotten articles left"
[ "$(mq "$vocab SELECT count(*) FROM temp.v WHERE doc NOT IN (SELECT id FROM articles)")" = 0 ] ||
	fail "months: index entries of forgotten articles left"
ok "18 months of 300 new articles each, 4,800 forgotten: the file levels off (${pages[1]} pages after the second month, ${pages[5]} after the sixth, ${pages[17]} after the last; $(mq 'PRAGMA freelist_count') free), integrity and foreign keys ok, no row or index entry of a forgotten article"
