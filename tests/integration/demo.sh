#!/bin/bash
# demo.sh — `newswatch replay` over the bundled demo: one JSON object per new item, the
# empty first snapshots make later items alert, copies fold, off-story items match nothing,
# and the store it leaves answers the query commands.
. "$top_srcdir/tests/integration/lib.sh" || exit 99
cd "$top_srcdir"
mapfile -t snaps < <(grep -v '^[[:space:]]*\(#\|$\)' conf/demo/replay.list)
"$NEWSWATCH" -c conf/demo.conf --db "$T/demo.db" replay "${snaps[@]}" >"$T/out.jsonl" 2>"$T/err" \
	|| { cat "$T/err"; fail "replay failed"; }
$PY - "$T/out.jsonl" <<'PY' || fail "replay output"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert len(rows) >= 30, len(rows)
for r in rows:
    assert set(r) >= {"feed", "id", "link", "title", "duplicate_of", "stories"}, r
    for s in r["stories"]:
        assert s["verdict"] in ("new", "update", "known"), s
        assert isinstance(s["matched"], list) and isinstance(s["new_facts"], list)
alerts = [r for r in rows if any(s["alert"] for s in r["stories"])]
dups = [r for r in rows if r["duplicate_of"]]
story = [r for r in rows if r["stories"]]
off = [r for r in rows if not r["stories"]]
# conf/demo/README.md: 8 new developments and 1 update alert; the rest is coverage
assert len(alerts) == 9, [r["title"] for r in alerts]
updates = [r for r in alerts if any(s["verdict"] == "update" for s in r["stories"])]
assert len(updates) == 1 and "700" in updates[0]["title"], [r["title"] for r in updates]
assert any("700" in f for s in updates[0]["stories"] for f in s["new_facts"]), updates[0]
assert len(dups) == 4, [r["title"] for r in dups]
# a duplicate never alerts and is always 'known'
for r in dups:
    assert all(s["verdict"] == "known" and not s["alert"] for s in r["stories"]), r
# the tracking-parameter copy points at the wire's clean link
assert any("utm_" in (r["link"] or "") and r["duplicate_of"] and "utm_" not in r["duplicate_of"] for r in rows)
assert len(off) >= 4, [r["title"] for r in off]
titles = " ".join(r["title"] for r in off)
assert "Windows" in titles, titles
print(f"{len(rows)} items, {len(story)} on the story, {len(alerts)} alerting, {len(dups)} duplicates, {len(off)} off-story")
PY
ok "replay output"

"$NEWSWATCH" --db "$T/demo.db" --json status >"$T/status.json" || fail "status"
$PY - "$T/status.json" <<'PY' || fail "status --json"
import json, sys
s = json.load(open(sys.argv[1]))
for k in ("feeds", "items", "hits", "developments", "alerts_queued", "alerts_failed"):
    assert isinstance(s[k], int), k
assert s["feeds"] == 4 and s["items"] >= 30 and s["hits"] > 0 and s["developments"] > 0, s
PY
"$NEWSWATCH" --db "$T/demo.db" timeline openai-microsoft | grep -q "development" || fail "timeline"
"$NEWSWATCH" --db "$T/demo.db" feeds | grep -q "wire-en" || fail "feeds"
ok "store answers status, timeline and feeds"
# two years pass between the 2023 and 2025 snapshots: the near-duplicate fingerprints of
# 2023 are dropped, only the 2025 window's remain (memory and store stay bounded)
[ "$(sqlite3 "$T/demo.db" "SELECT count(*) FROM fingerprints WHERE t < strftime('%s', '2025-01-01')")" = 0 ] \
	|| fail "old fingerprints kept after their window"
[ "$(sqlite3 "$T/demo.db" "SELECT count(*) FROM fingerprints")" -ge 1 ] || fail "no fingerprints at all"
ok "fingerprints older than the window are pruned"

# exports and metrics: the four 2025 reports as JSON Lines and CSV, the counts for Prometheus
"$NEWSWATCH" --db "$T/demo.db" hits --since 2025-10-01T00:00:00Z --format jsonl >"$T/hits.jsonl" || fail "hits jsonl"
"$NEWSWATCH" --db "$T/demo.db" hits --since 2025-10-01T00:00:00Z --format csv >"$T/hits.csv" || fail "hits csv"
$PY - "$T/hits.jsonl" "$T/hits.csv" <<'PY' || fail "hits --since export"
import csv, json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert len(rows) == 4 and all(r["story"] == "openai-microsoft" for r in rows), rows
table = list(csv.DictReader(open(sys.argv[2], newline="")))
assert [r["title"] for r in table] == [r["title"] for r in rows], table
assert any("27%" in r["title"] for r in table)
PY
"$NEWSWATCH" --db "$T/demo.db" status --prometheus >"$T/metrics" || fail "status --prometheus"
grep -q '^# TYPE newswatch_alerts_queued gauge$' "$T/metrics" || fail "prometheus TYPE line"
grep -q '^newswatch_developments 8$' "$T/metrics" || { cat "$T/metrics"; fail "prometheus developments"; }
ok "hits --since as JSON Lines and CSV; status --prometheus"

# the human form the quickstart shows, alerts delivered through the outbox to the log channel
"$NEWSWATCH" -c conf/demo.conf --db "$T/demo2.db" replay --format text --deliver "${snaps[@]}" >"$T/text.out" \
	|| fail "text replay"
[ "$(grep -c '^ALERT \[openai-microsoft\]' "$T/text.out")" = 9 ] || { cat "$T/text.out"; fail "want 9 delivered alerts"; }
grep -q '^ALERT \[openai-microsoft\] update #' "$T/text.out" || fail "the update was not delivered"
[ "$(sqlite3 "$T/demo2.db" "SELECT count(*) FROM alerts WHERE state = 'sent'")" = 9 ] || fail "alerts not marked sent"
ok "text replay delivers the 9 alerts through the outbox"

# items without a link (a guid only): each alert has an id of its own, none dropped as a
# repeat of another item's
cat >"$T/nolink.conf" <<CONF
[story s]
entity.x = Zorblax
match = x
alert = log
[alert log]
plugin = log
CONF
printf '<rss version="2.0"><channel><title>w</title></channel></rss>\n' >"$T/empty.xml"
cat >"$T/nolink.xml" <<XML
<rss version="2.0"><channel><title>w</title>
<item><guid isPermaLink="false">a-1</guid><title>Zorblax opens a research lab in Busan</title>
<description>Zorblax opened a research lab in Busan on Monday with 40 engineers.</description>
<pubDate>Mon, 02 Nov 2026 09:00:00 GMT</pubDate></item>
<item><guid isPermaLink="false">a-2</guid><title>Zorblax recalls 9,000 scooters over battery fires</title>
<description>Regulators ordered Zorblax to recall 9,000 scooters after three battery fires.</description>
<pubDate>Tue, 03 Nov 2026 09:00:00 GMT</pubDate></item>
</channel></rss>
XML
# (--deliver: without it, replay queues no alert)
"$NEWSWATCH" -c "$T/nolink.conf" --db "$T/nolink.db" replay --format text --deliver wire="$T/empty.xml" \
	wire="$T/nolink.xml" >"$T/nolink.out" 2>"$T/nolink.err" || { cat "$T/nolink.err"; fail "replay of items without links"; }
grep -q ', 2 alerts$' "$T/nolink.out" || { cat "$T/nolink.out"; fail "want 2 alerts raised"; }
[ "$(sqlite3 "$T/nolink.db" "SELECT count(DISTINCT alert_id) FROM alerts")" = 2 ] ||
	fail "two items without links share one alert id: $(sqlite3 "$T/nolink.db" 'SELECT count(*) FROM alerts') queued"
ok "items without links: 2 alerts raised, 2 queued under ids of their own"
# two links alike in their first 4 KB (a long tracking-free query): two articles, two alerts
pad=$(head -c 4100 /dev/zero | tr '\0' p)
sed -e "s|<guid isPermaLink=\"false\">a-1</guid>|<link>https://wire.example.com/story?q=$pad\&amp;id=1</link>|" \
    -e "s|<guid isPermaLink=\"false\">a-2</guid>|<link>https://wire.example.com/story?q=$pad\&amp;id=2</link>|" \
	"$T/nolink.xml" >"$T/longlink.xml"
"$NEWSWATCH" -c "$T/nolink.conf" --db "$T/longlink.db" replay --format text --deliver wire="$T/empty.xml" \
	wire="$T/longlink.xml" >"$T/longlink.out" 2>"$T/longlink.err" || { cat "$T/longlink.err"; fail "replay of items with long links"; }
[ "$(sqlite3 "$T/longlink.db" "SELECT count(DISTINCT alert_id) FROM alerts")" = 2 ] ||
	fail "two links alike in their first 4 KB share one alert id: $(sqlite3 "$T/longlink.db" 'SELECT count(*) FROM alerts') queued"
ok "two links alike in their first 4 KB: 2 alerts queued under ids of their own"
