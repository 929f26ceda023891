#!/bin/bash
# retention.sh — keep_articles: articles first seen longer ago than it that no story holds and
# no feed listed since are forgotten (row, sightings, fingerprints, full-text entries), 200 with each document while
# more are old; a story's hits and their articles stay; a copy of a forgotten original is no
# longer marked as one; the full-text index keeps no entry of a forgotten article (the text it
# is deleted by is the text it was indexed with); an article its feed still lists stays, and
# once the feed has not listed it for keep_articles, it goes; keep_articles = 0 keeps
# everything. Replay
# runs each snapshot at its newest item's date, so the months pass in the snapshots.
. "$top_srcdir/tests/integration/lib.sh" || exit 99

# snap FILE DATE ITEM... : an RSS snapshot; each ITEM is "guid|title|description"
snap() {
	$PY - "$@" <<'PY'
import sys
from xml.sax.saxutils import escape
path, date, items = sys.argv[1], sys.argv[2], sys.argv[3:]
with open(path, "w", encoding="utf-8") as f:
    f.write('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>t</title>'
            '<link>https://news.example.com/</link>\n')
    for it in items:
        guid, title, desc = it.split("|", 2)
        f.write(f'<item><guid>{guid}</guid><link>https://news.example.com/{guid}</link>'
                f'<title>{escape(title)}</title><description>{escape(desc)}</description>'
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

# January: a story's report (a hit), a study that matches nothing (its body has an outlet's
# line that is boilerplate, which the index text leaves out), a council story that matches
# nothing and a copy of it elsewhere under a headline that names the story (a hit: known),
# and 250 more articles that match nothing
copy_body="The city council approved a budget of 4.2 billion won on Tuesday after a debate of nine hours. Members voted 14 to 3 for the plan, which funds new bus routes, two libraries and repairs to the river embankment."
snap "$T/wire-jan.xml" "Wed, 10 Jan 2024 09:00:00 GMT" \
	"deal-1|OpenAI and Microsoft sign a new cloud agreement|OpenAI and Microsoft signed a cloud agreement worth 10 billion dollars on Wednesday, the companies said." \
	"fish-1|Zebrafish study shows how hearts regrow|Researchers found that zebrafish regrow heart tissue within weeks, a result that may guide therapy. Copyright 2024 Wire News. All rights reserved." \
	"council-1|Council approves city budget|$copy_body"
snap "$T/blog-jan.xml" "Wed, 10 Jan 2024 10:00:00 GMT" \
	"council-copy|Council budget: what OpenAI and Microsoft money could not buy|$copy_body"
bulk=()
for i in $(seq 1 250); do
	bulk+=("bulk-$i|Market note $i on grain prices|Wheat futures number $i moved by $i cents as traders weighed harvest $((i * 7)) reports from region $((i * 13)).")
done
snap "$T/bulk-jan.xml" "Wed, 10 Jan 2024 11:00:00 GMT" "${bulk[@]}"
# February: the wire lists the study again. March: one new article a snapshot. May: one more.
snap "$T/wire-feb.xml" "Mon, 05 Feb 2024 09:00:00 GMT" \
	"fish-1|Zebrafish study shows how hearts regrow|Researchers found that zebrafish regrow heart tissue within weeks, a result that may guide therapy. Copyright 2024 Wire News. All rights reserved."
snap "$T/other-mar1.xml" "Wed, 20 Mar 2024 09:00:00 GMT" "mar-1|Harbour reopens after storm|The harbour reopened on Wednesday after a storm closed it for three days."
snap "$T/other-mar2.xml" "Wed, 20 Mar 2024 10:00:00 GMT" "mar-2|Rail strike ends|Rail workers ended a strike that halted trains for a week."
snap "$T/other-may.xml" "Wed, 01 May 2024 10:00:00 GMT" "may-1|Ferry timetable changes|The summer ferry timetable starts a week early this year."

jan=(wire="$T/wire-jan.xml" blog="$T/blog-jan.xml" bulk="$T/bulk-jan.xml")
"$NEWSWATCH" -c "$T/nw.conf" --db "$T/k.db" replay "${jan[@]}" >"$T/jan.jsonl" 2>"$T/jan.err" ||
	{ cat "$T/jan.err"; fail "replay of January"; }
q() { sqlite3 "$T/k.db" "$1"; }
[ "$(q 'SELECT count(*) FROM articles')" = 254 ] || fail "January: $(q 'SELECT count(*) FROM articles') articles, not 254"
[ "$(q "SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL")" = 1 ] || fail "the blog's council story is not a copy"
[ "$(q "SELECT count(DISTINCT article_id) FROM hits")" = 2 ] || fail "January: not 2 articles with hits"
[ "$(q "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'zebrafish'")" = 1 ] || fail "zebrafish not indexed"
ok "January: 254 articles, 2 with hits (the report and the copy), 1 copy"

"$NEWSWATCH" -c "$T/nw.conf" --db "$T/k.db" replay wire="$T/wire-feb.xml" >"$T/feb.jsonl" 2>"$T/feb.err" ||
	{ cat "$T/feb.err"; fail "replay of February"; }
[ ! -s "$T/feb.jsonl" ] || fail "the study listed again is new"
[ "$(q 'SELECT count(*) FROM articles')" = 254 ] || fail "February forgot articles"

"$NEWSWATCH" -c "$T/nw.conf" --db "$T/k.db" replay other="$T/other-mar1.xml" >/dev/null 2>"$T/mar1.err" ||
	{ cat "$T/mar1.err"; fail "replay of March (1)"; }
left=$(q 'SELECT count(*) FROM articles')
[ "$left" = $((254 + 1 - 200)) ] || fail "after one March document: $left articles, not 55 (200 forgotten)"
# the study is the oldest article after the story's report: forgotten first, were it not listed
[ "$(q "SELECT count(*) FROM articles WHERE title LIKE 'Zebrafish%'")" = 1 ] || fail "the study listed in February is forgotten"
ok "one document in March forgets 200 of the 251 old articles that no story holds and no feed listed since February; the study the wire listed in February stays"

# in one process: March's second document forgets the rest; May's, a look that starts again
# from the first article, forgets the study, which the wire has not listed since February
"$NEWSWATCH" -c "$T/nw.conf" --db "$T/k.db" replay other="$T/other-mar2.xml" other="$T/other-may.xml" \
	>/dev/null 2>"$T/mar2.err" || { cat "$T/mar2.err"; fail "replay of March (2) and May"; }
titles=$(q 'SELECT title FROM articles ORDER BY id')
[ "$titles" = "OpenAI and Microsoft sign a new cloud agreement
Council budget: what OpenAI and Microsoft money could not buy
Harbour reopens after storm
Rail strike ends
Ferry timetable changes" ] || { echo "$titles"; fail "not the 2 articles with hits and the 3 of March and May"; }
ok "the next document forgets the rest but the study its feed listed in February; in May the study goes too; the articles with hits, March's and May's stay"

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
[ "$(q "$vocab SELECT count(DISTINCT doc) FROM temp.v")" = 5 ] || fail "the index does not hold the 5 articles"
q "INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')" || fail "FTS5 integrity-check"
"$NEWSWATCH" --db "$T/k.db" --json search zebrafish >"$T/s.json" || fail "search zebrafish"
[ "$($PY -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$T/s.json")" = 0 ] || fail "zebrafish still found"
"$NEWSWATCH" --db "$T/k.db" --json search harbour >"$T/s.json" || fail "search harbour"
[ "$($PY -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$T/s.json")" = 1 ] || fail "harbour not found"
"$NEWSWATCH" --db "$T/k.db" timeline deal >"$T/timeline.txt" || fail "timeline"
grep -q "OpenAI and Microsoft sign a new cloud agreement" "$T/timeline.txt" || { cat "$T/timeline.txt"; fail "the timeline lost its report"; }
ok "the full-text index holds only the 5 articles left, FTS5 integrity-check ok; search finds March, not the forgotten study; the timeline keeps its report"

# keep_articles = 0: nothing is forgotten
"$NEWSWATCH" -c "$T/forever.conf" --db "$T/f.db" replay "${jan[@]}" wire="$T/wire-feb.xml" other="$T/other-mar1.xml" \
	other="$T/other-mar2.xml" other="$T/other-may.xml" >/dev/null 2>"$T/f.err" || { cat "$T/f.err"; fail "replay with keep_articles = 0"; }
[ "$(sqlite3 "$T/f.db" 'SELECT count(*) FROM articles')" = 257 ] || fail "keep_articles = 0 forgot articles"
ok "keep_articles = 0 keeps all 257"
