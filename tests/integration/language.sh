#!/bin/bash
# language.sh — a story's `language` filter: items in other languages (from the feed's
# language, else the script of their text) stay out of the story; a bad code is a conf error.
. "$top_srcdir/tests/integration/lib.sh" || exit 99
cat > "$T/lang.conf" <<'CONF'
[story s]
entity.openai = OpenAI | 오픈AI | オープンAI
language = ko, ja
CONF
cat > "$T/feed.xml" <<'XML'
<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><guid>1</guid><title>OpenAI news in English</title><pubDate>Mon, 20 Nov 2023 10:00:00 +0000</pubDate></item>
<item><guid>2</guid><title>오픈AI 소식</title><pubDate>Mon, 20 Nov 2023 11:00:00 +0000</pubDate></item>
<item><guid>3</guid><title>オープンAIのニュース</title><pubDate>Mon, 20 Nov 2023 12:00:00 +0000</pubDate></item>
<item><guid>4</guid><title>OpenAI again</title><language>ko</language><pubDate>Mon, 20 Nov 2023 13:00:00 +0000</pubDate></item>
</channel></rss>
XML
"$NEWSWATCH" -c "$T/lang.conf" replay "$T/feed.xml" >"$T/out.jsonl" || fail "replay"
$PY - "$T/out.jsonl" <<'PY' || fail "language filter"
import json, sys
got = {json.loads(l)["title"]: [s["story"] for s in json.loads(l)["stories"]] for l in open(sys.argv[1])}
assert got["OpenAI news in English"] == [], got
assert got["오픈AI 소식"] == ["s"] and got["オープンAIのニュース"] == ["s"], got
PY
ok "English item kept out of a ko/ja story; Korean and Japanese items in"
printf '[story s]\nentity.a = A\nlanguage = fr\n' > "$T/bad.conf"
! "$NEWSWATCHD" --check-config -c "$T/bad.conf" 2>"$T/err" || fail "language = fr accepted"
grep -q "bad.conf:3: .*language 'fr'" "$T/err" || fail "no file:line error for language = fr"
ok "unknown language code is a file:line error"
