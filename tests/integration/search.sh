#!/bin/bash
# search.sh — `newswatch search` through the FTS5 index: two-character Korean and Japanese
# words are found (CJK characters are indexed one by one, a query's CJK word is the phrase
# of its characters), Latin words and figures too, nothing for a word that is absent or for
# characters that are there but not together; the query plan uses the full-text index, not a
# scan; stores of schema 6 (unicode61 index, 256-bit content hashes) and 7 (an index of
# character pairs) migrate and find the same.
. "$top_srcdir/tests/integration/lib.sh" || exit 99
cd "$top_srcdir"
mapfile -t snaps < <(grep -v '^[[:space:]]*\(#\|$\)' conf/demo/replay.list)
"$NEWSWATCH" -c conf/demo.conf --db "$T/d.db" replay "${snaps[@]}" >/dev/null || fail "replay"
expect() { # expect QUERY TITLE-SUBSTRING
	"$NEWSWATCH" --db "$T/d.db" --json search "$1" >"$T/r.json" || fail "search $1"
	$PY -c 'import json,sys; t=[r["title"] for r in json.load(open(sys.argv[1]))]; sys.exit(0 if any(sys.argv[2] in x for x in t) else 1)' \
		"$T/r.json" "$2" || { cat "$T/r.json"; fail "search '$1' did not find '$2'"; }
}
expect 해임 "샘 알트먼 CEO 전격 해임"          # two Hangul characters
expect 지분 "MS 지분 약 27%"
expect 復帰 "CEOに復帰へ"                        # two Han characters
expect アルトマン "サム・アルトマンCEOを解任"
expect 샘 "샘 알트먼"                            # one character
expect "staff letter" "More than 700 OpenAI employees now back letter"
expect Microsoft "Microsoft hires Sam Altman"
expect MICROSOFT "Microsoft hires Sam Altman"   # case does not count
"$NEWSWATCH" --db "$T/d.db" --json search 해고 >"$T/none.json" || fail "search 해고"
[ "$($PY -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$T/none.json")" = 0 ] || fail "해고 found something"
# 트 and 알 are both in 알트먼, but never in this order; 회 and 샘, 다 and 브 follow each
# other only across punctuation ("…회, 샘 …", "…다. 브…")
for q in 트알 회샘 다브; do
	"$NEWSWATCH" --db "$T/d.db" --json search "$q" >"$T/none-$q.json" || fail "search $q"
	[ "$($PY -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$T/none-$q.json")" = 0 ] ||
		fail "$q found something"
done
ok "two-character Korean and Japanese words, one character, Latin words: found; an absent word, characters not together or parted by punctuation: nothing"
# words parted by an ideographic space (a Japanese input method's), a no-break space or a CR
# are words in any order, as with a space (they were one phrase: nothing found)
expect "復帰"$'\xe3\x80\x80'"アルトマン" "CEOに復帰へ" # (U+3000, bytes: any locale)
expect "해임"$'\xe3\x80\x80'"알트먼" "샘 알트먼 CEO 전격 해임"
expect "Altman"$'\xc2\xa0'"Sam" "Microsoft hires Sam Altman"
expect "Altman"$'\r'"Sam" "Microsoft hires Sam Altman"
ok "words parted by an ideographic or no-break space, or a CR, in any order: found"
plan=$(sqlite3 "$T/d.db" "EXPLAIN QUERY PLAN SELECT a.id FROM articles_fts f JOIN articles a ON a.id = f.rowid WHERE articles_fts MATCH '\"해임\"'")
echo "$plan"
echo "$plan" | grep -q "VIRTUAL TABLE INDEX" || fail "search does not use the full-text index"
ok "the query plan uses the FTS5 index"

# Older stores: a replay opens them, which migrates them to the latest schema; then the searches must
# find what they found before.
QS="해임 復帰 Microsoft 27"
search_all() { # search_all TAG: every query of QS, into $T/TAG-QUERY.json
	for q in $QS; do
		"$NEWSWATCH" --db "$T/d.db" --json search "$q" >"$T/$1-$q.json" || fail "search $q"
	done
}
migrated() { # migrated FROM: replay on the schema FROM store; logged, the latest schema, intact, same finds
	"$NEWSWATCH" -c conf/demo.conf --db "$T/d.db" replay "${snaps[0]}" >/dev/null 2>"$T/mig$1.err" ||
		{ cat "$T/mig$1.err"; fail "replay on the schema $1 store"; }
	grep -q "store: updating from schema $1 to $SCHEMA" "$T/mig$1.err" || { cat "$T/mig$1.err"; fail "the migration from $1 is not logged"; }
	[ "$(sqlite3 "$T/d.db" 'PRAGMA user_version')" = "$SCHEMA" ] || fail "schema $1 store not migrated to schema $SCHEMA"
	[ "$(sqlite3 "$T/d.db" 'PRAGMA integrity_check')" = ok ] || fail "integrity_check after the migration from $1"
	search_all "from$1"
	for q in $QS; do
		$PY -c 'import json,sys; a,b=(sorted(r["title"] for r in json.load(open(f))) for f in sys.argv[1:]); sys.exit(a!=b)' \
			"$T/before-$q.json" "$T/from$1-$q.json" || fail "search '$q' after the migration from $1 finds other articles"
	done
}
search_all before

# schema 6 → latest: the index is rebuilt for the ascii tokenizer (7) and for CJK characters one by
# one (8), hashes cut to 64 bits
sqlite3 "$T/d.db" "DROP TABLE articles_fts;
CREATE VIRTUAL TABLE articles_fts USING fts5(body, content = '', tokenize = 'unicode61');
CREATE INDEX fingerprints_t ON fingerprints(t);
UPDATE articles SET content_hash = content_hash || content_hash || content_hash || content_hash;
ALTER TABLE feeds DROP COLUMN listed_at;
ALTER TABLE feeds DROP COLUMN source;
ALTER TABLE feeds DROP COLUMN configured;
ALTER TABLE alerts DROP COLUMN owed;
ALTER TABLE developments DROP COLUMN number; ALTER TABLE stories DROP COLUMN developments_made; ALTER TABLE fingerprints DROP COLUMN lede; ALTER TABLE feeds DROP COLUMN holds; ALTER TABLE feeds DROP COLUMN paced; ALTER TABLE feeds DROP COLUMN fail_kind; ALTER TABLE feeds DROP COLUMN kind_since; ALTER TABLE alerts DROP COLUMN refused;
PRAGMA user_version = 6;" || fail "making a schema 6 store"
migrated 6
sqlite3 "$T/d.db" "SELECT sql FROM sqlite_master WHERE name = 'articles_fts'" | grep -q "'ascii'" || fail "index not rebuilt"
[ "$(sqlite3 "$T/d.db" 'SELECT count(*) FROM articles WHERE length(content_hash) <> 16')" = 0 ] || fail "hashes not cut"
ok "a schema 6 store migrates: index rebuilt, hashes cut, integrity ok, searches find the same articles"

# schema 7 → latest: an index of character pairs is rebuilt one character at a time. The pairs are
# stood in for by an index where every article holds the pair 해임 (which the query 해임, now
# the phrase of 해 and 임, does not find), so that only a rebuilt index finds what it did.
sqlite3 "$T/d.db" "INSERT INTO articles_fts(articles_fts) VALUES ('delete-all');
INSERT INTO articles_fts(rowid, body) SELECT id, '해임 임해' FROM articles;
ALTER TABLE feeds DROP COLUMN listed_at;
ALTER TABLE feeds DROP COLUMN source;
ALTER TABLE feeds DROP COLUMN configured;
ALTER TABLE alerts DROP COLUMN owed;
ALTER TABLE developments DROP COLUMN number; ALTER TABLE stories DROP COLUMN developments_made; ALTER TABLE fingerprints DROP COLUMN lede; ALTER TABLE feeds DROP COLUMN holds; ALTER TABLE feeds DROP COLUMN paced; ALTER TABLE feeds DROP COLUMN fail_kind; ALTER TABLE feeds DROP COLUMN kind_since; ALTER TABLE alerts DROP COLUMN refused;
PRAGMA user_version = 7;" || fail "making a schema 7 store"
"$NEWSWATCH" --db "$T/d.db" --json search 해임 >"$T/pairs.json" 2>"$T/pairs.err" || fail "search 해임 in the schema 7 store"
[ "$($PY -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$T/pairs.json")" = 0 ] ||
	fail "the stand-in index of pairs is found by a search of characters"
# read-only, the store is not migrated: the command says that its answers may be incomplete
grep -q "has schema 7, this newswatch $SCHEMA" "$T/pairs.err" || { cat "$T/pairs.err"; fail "no warning about the old schema"; }
migrated 7
"$NEWSWATCH" --db "$T/d.db" --json search 해임 2>"$T/now.err" >/dev/null || fail "search after the migration"
[ ! -s "$T/now.err" ] || { cat "$T/now.err"; fail "a warning about a store that is up to date"; }
ok "a schema 7 store: read-only, a warning that answers may be incomplete; then it migrates: the index is rebuilt, integrity ok, searches find the same articles, no warning"

# schema 10 → latest: its index was made with that newswatch's text, which no table recorded
# (index_text came with 11): made again, not taken for today's. Stood in for by an index where
# every article holds only the word zzqq.
sqlite3 "$T/d.db" "INSERT INTO articles_fts(articles_fts) VALUES ('delete-all');
INSERT INTO articles_fts(rowid, body) SELECT id, 'zzqq' FROM articles;
DROP TABLE index_text; DROP TABLE upkeep; DROP INDEX alerts_waiting;
ALTER TABLE feeds DROP COLUMN source;
ALTER TABLE feeds DROP COLUMN configured;
ALTER TABLE alerts DROP COLUMN owed;
ALTER TABLE developments DROP COLUMN number; ALTER TABLE stories DROP COLUMN developments_made; ALTER TABLE fingerprints DROP COLUMN lede; ALTER TABLE feeds DROP COLUMN holds; ALTER TABLE feeds DROP COLUMN paced; ALTER TABLE feeds DROP COLUMN fail_kind; ALTER TABLE feeds DROP COLUMN kind_since; ALTER TABLE alerts DROP COLUMN refused;
PRAGMA user_version = 10;" || fail "making a schema 10 store"
migrated 10
grep -q "store: the full-text index is made again: its text changes (.*, was the text of schema 10)" "$T/mig10.err" ||
	{ cat "$T/mig10.err"; fail "the index of a schema 10 store is not made again"; }
"$NEWSWATCH" --db "$T/d.db" --json search zzqq >"$T/zz10.json" || fail "search zzqq"
[ "$($PY -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$T/zz10.json")" = 0 ] || fail "the schema 10 index is still there"
ok "a schema 10 store migrates: its index, of an unrecorded text, is made again; searches find the same articles"

# an index made with another text (utf8proc's Unicode data or text.c changed since): a store
# opened for writing makes it again, says so, and searches find what they did. Stood in for by
# a version of another Unicode and an index where every article holds only the word zzqq.
sqlite3 "$T/d.db" "UPDATE index_text SET version = 'unicode 0.0.0, text 0';
INSERT INTO articles_fts(articles_fts) VALUES ('delete-all');
INSERT INTO articles_fts(rowid, body) SELECT id, 'zzqq' FROM articles;" || fail "making an index of another text"
# read-only, it is not made again: the command says that searches may miss words
"$NEWSWATCH" --db "$T/d.db" --json search zzqq >/dev/null 2>"$T/textro.err" || fail "search in the store of another text"
grep -q "its full-text index was made with another text than this newswatch's" "$T/textro.err" ||
	{ cat "$T/textro.err"; fail "no warning about an index of another text"; }
"$NEWSWATCH" -c conf/demo.conf --db "$T/d.db" replay "${snaps[0]}" >/dev/null 2>"$T/text.err" ||
	{ cat "$T/text.err"; fail "replay on the store of another text"; }
grep -q "store: the full-text index is made again: its text changes (unicode [0-9.]*, text [0-9]*, was unicode 0.0.0, text 0)" "$T/text.err" ||
	{ cat "$T/text.err"; fail "the new index is not logged"; }
search_all text
for q in $QS; do
	$PY -c 'import json,sys; a,b=(sorted(r["title"] for r in json.load(open(f))) for f in sys.argv[1:]); sys.exit(a!=b)' \
		"$T/before-$q.json" "$T/text-$q.json" || fail "search '$q' after the index was made again finds other articles"
done
"$NEWSWATCH" --db "$T/d.db" --json search zzqq >"$T/zz.json" || fail "search zzqq"
[ "$($PY -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$T/zz.json")" = 0 ] || fail "the old index is still there"
ok "an index of another text is made again at the next open for writing ('$(grep -o 'the full-text index is made again[^;]*' "$T/text.err")'); searches find the same articles"

# --- an article that gives no date: its published is unknown (null, '-' in the table), not the
# time it was first seen, which read as a publication date
cat >"$T/nodate.xml" <<'XML'
<?xml version="1.0"?>
<rss version="2.0"><channel><title>n</title><link>http://n.example/</link>
<item><title>Quokkasurvey undated</title><link>http://n.example/a</link><description>quokkasurvey</description></item>
<item><title>Quokkasurvey dated</title><link>http://n.example/b</link><description>quokkasurvey</description>
<pubDate>Mon, 20 Nov 2023 07:53:00 GMT</pubDate></item>
</channel></rss>
XML
"$NEWSWATCH" -c conf/demo.conf --db "$T/nd.db" replay "nodate=$T/nodate.xml" >/dev/null 2>"$T/nd.err" || { cat "$T/nd.err"; fail "replay nodate.xml"; }
"$NEWSWATCH" --db "$T/nd.db" --json search quokkasurvey >"$T/nd.json" || fail "search quokkasurvey --json"
"$NEWSWATCH" --db "$T/nd.db" search quokkasurvey >"$T/nd.txt" || fail "search quokkasurvey"
[ "$($PY -c 'import json,sys; print(sorted((r["title"], r["published"]) for r in json.load(open(sys.argv[1]))))' "$T/nd.json")" = \
	"[('Quokkasurvey dated', '2023-11-20T07:53:00Z'), ('Quokkasurvey undated', None)]" ] ||
	{ cat "$T/nd.json"; fail "search: the published of an article without a date is not null"; }
grep -q "^[0-9]*  *-  *Quokkasurvey undated " "$T/nd.txt" && grep -q "^[0-9]*  *2023-11-20 07:53:00  *Quokkasurvey dated " "$T/nd.txt" ||
	{ cat "$T/nd.txt"; fail "search: an article without a date has no '-' in the table"; }
ok "search: an article that gives no date is published null ('-'), not when it was first seen"
