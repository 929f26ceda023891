#!/bin/bash
# copies.sh — what is a copy and what is news, over `newswatch replay` snapshots written here:
# a feed's stock text under new headlines, a flash whose only body is "developing story", the
# same title-only text a year apart, one word that names two events ("fires"), a verb of return
# ("rehires"). Each of these once cost an alert for a real development.
. "$top_srcdir/tests/integration/lib.sh" || exit 99

$PY -B - "$T" "$top_srcdir/tests/integration" <<'PY' || fail "writing the snapshots"
import sys
sys.path.insert(0, sys.argv[2])
import snapshots
snap = snapshots.writer(sys.argv[1])

snap("empty")
# a site's tagline as every item's whole description
tag = ("Tech Daily brings you the latest news on artificial intelligence, startups, big tech companies and the "
       "people shaping the future of the internet, every day from our newsroom in San Francisco and Seoul.")
snap("tag1", ("OpenAI board fires Sam Altman as chief executive", "https://a.example.com/1",
              "Fri, 17 Nov 2023 20:00:00 +0000", tag))
snap("tag2", ("Sam Altman returns to OpenAI as CEO after Microsoft talks", "https://a.example.com/2",
              "Wed, 22 Nov 2023 06:00:00 +0000", tag))
# breaking flashes whose body is the outlet's stock line, in Korean and in English
ko = "이 기사는 속보입니다. 자세한 내용은 추후 업데이트될 예정입니다. 독자 여러분의 양해 바랍니다."
en = "This is a developing story and will be updated. Check back for more as this story develops."
snap("ko1", ("[속보] 오픈AI 이사회, 샘 알트먼 CEO 해임", "https://k.example.kr/1", "Fri, 17 Nov 2023 20:10:00 +0000", ko))
snap("ko2", ("[속보] 오픈AI 이사회, 샘 알트먼 CEO 복귀", "https://k.example.kr/2", "Wed, 22 Nov 2023 06:10:00 +0000", ko))
snap("en1", ("BREAKING: OpenAI board fires Sam Altman", "https://e.example.com/1", "Fri, 17 Nov 2023 20:20:00 +0000", en))
snap("en2", ("BREAKING: OpenAI board reinstates Sam Altman", "https://e.example.com/2",
             "Wed, 22 Nov 2023 06:20:00 +0000", en))
# a live page's title-only entry, the same words a year later
live = "Live: Sam Altman keynote at OpenAI DevDay with Microsoft's Satya Nadella"
snap("live1", (live, "https://l.example.com/live/2023", "Mon, 06 Nov 2023 17:00:00 +0000", ""))
snap("live2", (live, "https://l.example.com/live/2024", "Tue, 01 Oct 2024 17:00:00 +0000", ""))
# the same dismissal, in Korean first, then in English with "fires"
snap("fk", ("오픈AI 이사회, 샘 알트먼 CEO 전격 해임", "https://f.example.kr/1", "Fri, 17 Nov 2023 21:00:00 +0000",
            "오픈AI 이사회는 17일 샘 알트먼 최고경영자를 해임했다고 밝혔다."))
snap("fe", ("OpenAI board fires Sam Altman", "https://f.example.com/1", "Fri, 17 Nov 2023 22:00:00 +0000",
            "OpenAI's board said on Friday it had fired Sam Altman as chief executive."))
# rehired
snap("rh1", ("OpenAI fires Sam Altman, Microsoft says partnership intact", "https://r.example.com/1",
             "Fri, 17 Nov 2023 20:30:00 +0000", "The board of OpenAI removed its chief executive on Friday."))
snap("rh2", ("OpenAI rehires Sam Altman, Microsoft says partnership intact", "https://r.example.com/2",
             "Wed, 22 Nov 2023 05:00:00 +0000", "The board of OpenAI brought its chief executive back on Wednesday."))
# two press releases: one sentence of news each over the same "About" paragraphs
about = (" About OpenAI: OpenAI is an AI research and deployment company whose mission is to ensure that artificial "
         "general intelligence benefits all of humanity. About Microsoft: Microsoft enables digital transformation for "
         "the era of an intelligent cloud and an intelligent edge, and its mission is to empower every person and every "
         "organization on the planet to achieve more.")
snap("pr1", ("OpenAI and Microsoft extend partnership", "https://p.example.com/pr1", "Fri, 10 Nov 2023 14:00:00 +0000",
             "SAN FRANCISCO -- OpenAI and Microsoft today announced an extension of their partnership to build new "
             "supercomputing systems." + about))
snap("pr2", ("OpenAI names Sam Altman's successor as interim CEO", "https://q.example.com/pr2",
             "Fri, 17 Nov 2023 21:00:00 +0000",
             "SAN FRANCISCO -- OpenAI today announced that Mira Murati will lead the company as interim chief "
             "executive." + about))
# a write-through: the lede replaced, the background the same
bg = (" The board said he had not been consistently candid in his communications with it, hindering its ability to "
      "exercise its responsibilities. Microsoft, which has invested billions of dollars in the startup, said it "
      "remained committed to its partnership with the company. The abrupt move stunned Silicon Valley, where Altman "
      "had become the face of the generative artificial intelligence boom after the launch of ChatGPT a year ago. "
      "OpenAI was founded in 2015 as a nonprofit research lab and later created a capped-profit arm to raise money "
      "from investors.")
snap("wt1", ("OpenAI board fires Sam Altman as chief executive", "https://w.example.com/1", "Fri, 17 Nov 2023 20:00:00 +0000",
             "OpenAI's board of directors said on Friday it had removed Sam Altman as chief executive." + bg))
snap("wt2", ("Sam Altman to return as OpenAI chief executive", "https://v.example.com/2", "Wed, 22 Nov 2023 06:00:00 +0000",
             "OpenAI said on Wednesday that Sam Altman would return as chief executive under a new board." + bg))
# and a copy of wt1 under a line of introduction, and one cut to its first sentences
snap("wt3", ("Altman out at OpenAI", "https://u.example.com/3", "Fri, 17 Nov 2023 21:00:00 +0000",
             "Big news from San Francisco tonight, folks. OpenAI's board of directors said on Friday it had removed "
             "Sam Altman as chief executive." + bg))
snap("wt4", ("OpenAI ousts its chief", "https://t.example.com/4", "Fri, 17 Nov 2023 21:30:00 +0000",
             "OpenAI's board of directors said on Friday it had removed Sam Altman as chief executive." + bg[:300]))
# Japanese releases: a first sentence of news ending in 。 over the same company profile
jabout = ("オープンAIについて：オープンAIは人工汎用知能が全人類に利益をもたらすことを使命とするAI研究開発企業である。"
          "マイクロソフトについて：マイクロソフトはインテリジェントクラウドの時代のデジタル変革を推進している。")
snap("jp1", ("オープンAIとマイクロソフト、提携を延長", "https://j.example.jp/1", "Fri, 10 Nov 2023 14:00:00 +0000",
             "オープンAIとマイクロソフトは本日、提携の延長を発表した。" + jabout))
snap("jp2", ("オープンAI、暫定CEOにムラティ氏", "https://k.example.jp/2", "Fri, 17 Nov 2023 21:00:00 +0000",
             "オープンAIは本日、ムラティ氏が暫定CEOに就くと発表した。" + jabout))
# an undated item, then the same under a new GUID and link a month later (the feed's dated
# items show the time): the same article, not news again
snap("ud1", ("Microsoft and OpenAI: the partnership", "https://y.example.com/d1", "Wed, 01 Nov 2023 09:00:00 +0000",
             "Microsoft and OpenAI said on Wednesday they would work together on new data centres in Europe."),
     ("OpenAI and Microsoft explained: who owns what", "https://y.example.com/u", "",
      "An explainer of who owns what: Microsoft holds a large share of OpenAI's profits under its agreement."))
snap("ud2", ("Microsoft and OpenAI: a new deal", "https://y.example.com/d2", "Fri, 01 Dec 2023 09:00:00 +0000",
             "Microsoft and OpenAI said on Friday they had signed a new agreement on cloud computing capacity."),
     ("OpenAI and Microsoft explained: who owns what", "https://y.example.com/u?from=home", "",
      "An explainer of who owns what: Microsoft holds a large share of OpenAI's profits under its agreement."))
PY

cat >"$T/c.conf" <<'CONF'
[story oa]
entity.openai = OpenAI | 오픈AI | オープンAI
entity.msft = Microsoft | 마이크로소프트 | マイクロソフト
entity.altman = "Sam Altman" | 샘 알트먼
match = openai AND (msft OR altman)
alert = out
[alert out]
plugin = log
CONF
# replay NAME SNAPSHOTS...: the feeds seen empty first, so that later items may alert
replay() {
	local name=$1
	shift
	"$NEWSWATCH" -c "$T/c.conf" replay "$@" >"$T/$name.out" || fail "replay $name"
}
item() { jline "$1" "$2" | jcheck "$3" || { cat "$1"; fail "$4"; }; }
new_dev='d["duplicate_of"] is None and d["stories"][0]["verdict"] == "new" and d["stories"][0]["alert"]'

replay tag a="$T/empty.xml" a="$T/tag1.xml" a="$T/tag2.xml"
item "$T/tag.out" 2 "$new_dev" "a feed's tagline under a new headline taken for a copy of its first item"
ok "a feed's stock text under a new headline: not a copy, a new development"

replay flash k="$T/empty.xml" e="$T/empty.xml" k="$T/ko1.xml" k="$T/ko2.xml" e="$T/en1.xml" e="$T/en2.xml"
item "$T/flash.out" 2 "$new_dev" "[속보] … 복귀 over the stock line of [속보] … 해임"
item "$T/flash.out" 4 'd["duplicate_of"] is None and d["stories"][0]["verdict"] == "known"
	and d["stories"][0]["development"] == 2' "BREAKING: … reinstates: the return the Korean flash reported"
ok "breaking flashes over a stock line: 해임 then 복귀 two developments; the English ones join them"

replay live l="$T/empty.xml" l="$T/live1.xml" l="$T/live2.xml"
item "$T/live.out" 2 "$new_dev" "the same title-only text a year later taken for a relisting"
ok "the same text a year apart: a new article (the content hash is looked up within dedup_window)"

replay fires k="$T/empty.xml" e="$T/empty.xml" k="$T/fk.xml" e="$T/fe.xml"
item "$T/fires.out" 2 'd["stories"][0]["verdict"] == "known" and not d["stories"][0]["alert"]' \
	"'fires' after 해임 read as a second, new event (an incident)"
ok "'fires' after 해임: the same dismissal, no second alert"

replay rehire r="$T/empty.xml" r="$T/rh1.xml" r="$T/rh2.xml"
item "$T/rehire.out" 2 "$new_dev" "'rehires' after 'fires' taken for the same development"
ok "'rehires' after 'fires': a return, a new development"

# the press releases in two runs on one store (the first release's lede read back from it)
"$NEWSWATCH" -c "$T/c.conf" --db "$T/pr.db" replay p="$T/empty.xml" q="$T/empty.xml" p="$T/pr1.xml" >"$T/pr1.out" ||
	fail "replay pr1"
"$NEWSWATCH" -c "$T/c.conf" --db "$T/pr.db" replay q="$T/pr2.xml" >"$T/pr.out" || fail "replay pr2"
item "$T/pr.out" 1 "$new_dev" "a press release taken for a copy of the last (the same About paragraphs)"
ok "two press releases over the same 'About' paragraphs (two runs, one store): the second is news, not a copy"

replay wt w="$T/empty.xml" v="$T/empty.xml" u="$T/empty.xml" t="$T/empty.xml" w="$T/wt1.xml" v="$T/wt2.xml" \
	u="$T/wt3.xml" t="$T/wt4.xml"
item "$T/wt.out" 2 "$new_dev" "a write-through whose new lede replaced the old taken for a copy"
item "$T/wt.out" 3 'd["duplicate_of"] == "https://w.example.com/1"' "a copy under a line of introduction not a copy"
item "$T/wt.out" 4 'd["duplicate_of"] == "https://w.example.com/1"' "a copy cut short not a copy"
ok "a write-through, its lede replaced: a new development; a copy under a line of introduction, and one cut short: copies"

replay jp p="$T/empty.xml" q="$T/empty.xml" p="$T/jp1.xml" q="$T/jp2.xml"
item "$T/jp.out" 2 "$new_dev" "a Japanese release (its first sentence ends in 。) taken for a copy of the last"
ok "two Japanese releases over the same company profile: the second is news, not a copy"

replay ud y="$T/empty.xml" y="$T/ud1.xml" y="$T/ud2.xml"
jline "$T/ud.out" 4 | jcheck 'd["link"] == "https://y.example.com/u?from=home" and d["duplicate_of"] == "https://y.example.com/u"
	and not any(s["alert"] for s in d["stories"])' || { cat "$T/ud.out"; fail "an undated item relisted a month later under a new GUID taken for news"; }
ok "an undated item relisted under a new GUID a month later: the same article, no alert"

# copies that must stay copies (a later review's wire patterns): one word of a short first
# sentence edited ("chief executive" -> "CEO"), and another photo's caption before the same
# text, each under a new headline that would alert
D="$top_srcdir/tests/data/copies"
for c in short_ceo_retitled capswap_t1; do
	"$NEWSWATCH" -c "$T/c.conf" replay a="$T/empty.xml" b="$T/empty.xml" a="$D/$c-a.xml" b="$D/$c-b.xml" >"$T/$c.out" ||
		fail "replay $c"
	item "$T/$c.out" 2 'd["duplicate_of"] is not None and not d["stories"][0]["alert"]' "$c: a copy taken for news"
done
ok "a copy with one word of its short lede edited, and one under another photo's caption: copies, no alert"

# a Korean write-through under the same wire prefix "(서울=연합뉴스) 홍길동 기자 = ": the prefix
# is no lede, the new first sentence is news
"$NEWSWATCH" -c "$T/c.conf" replay a="$T/empty.xml" b="$T/empty.xml" a="$D/ko_wt_prefix-a.xml" b="$D/ko_wt_prefix-b.xml" \
	>"$T/kowt.out" || fail "replay ko_wt_prefix"
item "$T/kowt.out" 2 "$new_dev" "a write-through under the same wire prefix taken for a copy"
ok "a Korean write-through under the same (서울=연합뉴스) … 기자 = prefix: a new development"

# the same article listed again by its feed under a new address, lightly edited, its headline
# touched only in case, width, punctuation or an outlet's name after it: a copy (its own
# feed's other headlines are other articles over stock text: above)
$PY -B - "$T" "$top_srcdir/tests/integration" <<'PY' || fail "writing the re-listed snapshots"
import sys
sys.path.insert(0, sys.argv[2])
import snapshots
snap = snapshots.single(sys.argv[1])
en = ("The board of OpenAI said on Friday it had dismissed chief executive Sam Altman, saying he had not been "
      "consistently candid in his communications with directors. Chief technology officer Mira Murati was named "
      "interim chief executive. Microsoft, which has invested billions of dollars in the start-up, said it remained "
      "committed to the partnership. The decision stunned employees and investors, who learned of it from a blog "
      "post published minutes before the announcement.")
ko = ("오픈AI 이사회는 17일 샘 알트먼 최고경영자를 전격 해임했다고 밝혔다. 이사회는 알트먼이 이사회와의 소통에서 "
      "일관되게 솔직하지 않았다고 설명했다. 미라 무라티 최고기술책임자가 임시 최고경영자를 맡는다. "
      "마이크로소프트는 오픈AI와의 협력을 계속하겠다고 밝혔다.")
ja = ("オープンAIの取締役会は17日、サム・アルトマン最高経営責任者を解任したと発表した。取締役会はアルトマン氏が"
      "取締役会とのやり取りで一貫して率直ではなかったと説明した。ミラ・ムラティ最高技術責任者が暫定CEOを務める。"
      "マイクロソフトはオープンAIとの提携を続けるとした。")
d1, d2 = "Fri, 17 Nov 2023 20:00:00 +0000", "Fri, 17 Nov 2023 20:30:00 +0000"
snap("re_en1", "OpenAI board fires Sam Altman as chief executive", "https://w.example.com/a/1", d1, en)
snap("re_en2", "OPENAI BOARD FIRES SAM ALTMAN AS CHIEF EXECUTIVE - Wire News", "https://w.example.com/a/1-u", d2,
     en.replace("stunned", "shocked"))
snap("re_en3", "OpenAI board fires Sam Altman, as chief executive!", "https://w.example.com/a/1-v", d2,
     en.replace("stunned", "shocked"))
snap("re_ko1", "오픈AI 이사회, 샘 알트먼 CEO 전격 해임", "https://k.example.kr/1", d1, ko)
snap("re_ko2", "오픈AI 이사회 샘 알트먼 CEO 전격 해임 - 한빛뉴스", "https://k.example.kr/1?v=2", d2,
     ko.replace("전격 해임했다고", "해임했다고"))
snap("re_ja1", "オープンAI、アルトマンCEOを解任", "https://j.example.jp/1", d1, ja)
snap("re_ja2", "オープンＡＩ　アルトマンＣＥＯを解任｜東邦経済", "https://j.example.jp/1b", d2, ja.replace("17日、", "17日に"))
# a live page's days: two tails, neither the other headline's, are the headlines' own
snap("re_day2", "OpenAI board fires Sam Altman: live updates - day 2", "https://w.example.com/live/2", d1, en)
snap("re_day3", "OpenAI board fires Sam Altman: live updates - day 3", "https://w.example.com/live/3", d2,
     en.replace("stunned", "shocked"))
# headlines whose difference is a figure's sign, or that are symbols or punctuation only (a
# gallery's pictograph): the headlines' own, not an editor's touch
snap("re_up", "Microsoft shares +2% as OpenAI board fires Sam Altman", "https://w.example.com/m/1", d1, en)
snap("re_down", "Microsoft shares -2% as OpenAI board fires Sam Altman", "https://w.example.com/m/2", d2,
     en.replace("stunned", "shocked"))
snap("re_pic1", "\U0001F4F7", "https://w.example.com/g/1", d1, en)
snap("re_pic2", "\U0001F3A5", "https://w.example.com/g/2", d2, en.replace("stunned", "shocked"))
snap("re_pun1", "?!", "https://w.example.com/q/1", d1, en)
snap("re_pun2", "...", "https://w.example.com/q/2", d2, en.replace("stunned", "shocked"))
PY
for c in en2:en1 en3:en1 ko2:ko1 ja2:ja1; do
	new=${c%%:*} old=${c##*:}
	replay "re_$new" f="$T/empty.xml" f="$T/re_$old.xml" f="$T/re_$new.xml"
	orig=$(jline "$T/re_$new.out" 1 | $PY -c 'import json, sys; print(json.load(sys.stdin)["link"])')
	jline "$T/re_$new.out" 2 | jcheck "d['duplicate_of'] == '$orig' and d['stories'] and not d['stories'][0]['alert']" ||
		{ cat "$T/re_$new.out"; fail "re_$new: its feed's article again, the headline touched: not a copy"; }
done
ok "a feed's article listed again under a new address, its headline touched in case, width, punctuation or an outlet's name (en, ko, ja): a copy"
replay re_day3 f="$T/empty.xml" f="$T/re_day2.xml" f="$T/re_day3.xml"
jline "$T/re_day3.out" 2 | jcheck "d['duplicate_of'] is None" ||
	{ cat "$T/re_day3.out"; fail "re_day3: another day's page over the same stock text taken for a copy"; }
ok "a feed's pages '... - day 2' and '... - day 3' over the same text: not copies of each other"
for c in down:up pic2:pic1 pun2:pun1; do
	new=${c%%:*} old=${c##*:}
	replay "re_$new" f="$T/empty.xml" f="$T/re_$old.xml" f="$T/re_$new.xml"
	jline "$T/re_$new.out" 2 | jcheck "d['duplicate_of'] is None" ||
		{ cat "$T/re_$new.out"; fail "re_$new: its feed's other headline over the same text taken for a copy"; }
done
ok "a feed's headlines over the same text that differ in a figure's sign, or are symbols or punctuation only: not copies"

# a sitemap without the news extension: entries with no title, stored by their address; two
# pages are not copies of each other for having no text, the same page in another sitemap
# (with a tracking parameter) is, and no story matches them (newswatch.conf(5), sitemap)
urlset() {
	local f=$1
	shift
	{ printf '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
	  for u in "$@"; do printf '<url><loc>%s</loc><lastmod>2023-11-20T07:53:00Z</lastmod></url>\n' "$u"; done
	  printf '</urlset>\n'; } >"$T/$f"
}
urlset sm0.xml
urlset sma.xml https://n.example.com/2023/11/20/sam-altman-openai-microsoft https://n.example.com/2023/11/20/weather
urlset smb.xml "https://n.example.com/2023/11/20/sam-altman-openai-microsoft?utm_source=rss&amp;utm_medium=x" https://m.example.org/a/1
{ cat "$T/c.conf"; printf '[feed sa]\nplugin = sitemap\nurl = https://n.example.com/sitemap.xml\n[feed sb]\nplugin = sitemap\nurl = https://m.example.org/sitemap.xml\n'; } >"$T/sm.conf"
"$NEWSWATCH" -c "$T/sm.conf" replay sa="$T/sm0.xml" sb="$T/sm0.xml" sa="$T/sma.xml" sb="$T/smb.xml" >"$T/sm.out" 2>"$T/sm.err" || { cat "$T/sm.err"; fail "replay of sitemaps"; }
[ "$(wc -l <"$T/sm.out")" = 4 ] || { cat "$T/sm.out"; fail "sitemaps: want 4 items"; }
for n in 1 2 3 4; do
	item "$T/sm.out" $n 'd["title"] is None and d["stories"] == []' "sitemaps: an entry with no title has a title or a story"
done
item "$T/sm.out" 2 'd["duplicate_of"] is None' "sitemaps: two untitled pages taken for copies"
dups=$("$PY" -c 'import json,sys; print(" ".join(str(json.loads(l)["duplicate_of"]) for l in open(sys.argv[1])))' "$T/sm.out")
[ "$dups" = "None None https://n.example.com/2023/11/20/sam-altman-openai-microsoft None" ] ||
	[ "$dups" = "None None None https://n.example.com/2023/11/20/sam-altman-openai-microsoft" ] ||
	{ cat "$T/sm.out"; fail "sitemaps: want the tracked copy, and only it, a duplicate (got $dups)"; }
grep -q "none of its 2 entries has a title" "$T/sm.err" || { cat "$T/sm.err"; fail "sitemaps: no warning that no story can match"; }
ok "untitled sitemap entries: stored by address, the same page in another sitemap a copy, other pages not; no story matches"

# a wire story written through under its kept lede: the first sentence the same, a sentence
# with a new fact put in further on, the old text after it. A new figure ("more than 700 of
# 770 staff" after "500 staff") is an update; a new name is no copy either. The same story
# with another outlet's footer, another photo's caption (before the lede or in the middle)
# or a line of introduction, each bringing figures and names of their own, stays a copy.
$PY -B - "$T" "$top_srcdir/tests/integration" <<'PY' || fail "writing the write-through snapshots"
import sys
sys.path.insert(0, sys.argv[2])
import snapshots
snap = snapshots.single(sys.argv[1])
d1, d2 = "Mon, 20 Nov 2023 09:00:00 +0000", "Mon, 20 Nov 2023 15:00:00 +0000"
lede = ("Employees of OpenAI threatened on Monday to quit and join Microsoft unless the board that fired "
        "chief executive Sam Altman resigned.")
first = " In a letter to the board, 500 staff said they could no longer work with directors who lacked competence."
rest = (" The board said he had not been consistently candid in his communications with it. Microsoft, which has "
        "invested billions of dollars in the startup, said it remained committed to its partnership with the company. "
        "The abrupt move stunned Silicon Valley, where Altman had become the face of the generative artificial "
        "intelligence boom after the launch of ChatGPT a year ago. OpenAI was founded in 2015 as a nonprofit research "
        "lab and later created a capped-profit arm to raise money from investors.")
t, t2 = "OpenAI staff threaten to quit unless board resigns", "Hundreds at OpenAI threaten to walk out"
snap("wt_en", t, "https://w.example.com/1", d1, lede + first + rest)
snap("wt_en_fig", t, "https://v.example.com/1", d2,
     lede + first + " By Monday afternoon more than 700 of the company's 770 staff had signed it." + rest)
snap("wt_en_name", t, "https://v.example.com/2", d2,
     lede + first + " Chief scientist Ilya Sutskever, a member of the board, said he deeply regretted his part." + rest)
snap("wt_en_foot", t2, "https://s.example.com/1", d2, lede + first + rest +
     " Subscribe to Tech Daily for $5 a month. Reporting by Krystal Hu in Toronto; editing by Kenneth Li.")
snap("wt_en_cap", t2, "https://s.example.com/2", d2,
     "Workers leave the offices of the company in Mission Bay on Monday, 20 November, 2023, where 1,500 people work. "
     "REUTERS/Carlos Barria " + lede + first + rest)
snap("wt_en_mid", t2, "https://s.example.com/3", d2, lede + first +
     " Workers leave the offices in Mission Bay, where 1,500 people work, on Monday. (Photo by Justin "
     "Sullivan/Getty Images)" + rest)
snap("wt_en_intro", t2, "https://s.example.com/4", d2,
     "Here are 5 things to know this morning from Tech Daily's Ursula Fenwick. " + lede + first + rest)
ko_lede = ("(서울=연합뉴스) 홍길동 기자 = 오픈AI 직원들이 20일(현지시간) 이사회가 물러나지 않으면 회사를 떠나 "
           "마이크로소프트로 옮기겠다고 밝혔다.")
ko_first = " 직원 500명은 이사회에 보낸 서한에서 샘 알트먼 최고경영자를 해임한 이사들과 더는 일할 수 없다고 했다."
ko_rest = (" 이사회는 알트먼이 이사회와의 소통에서 일관되게 솔직하지 않았다고 설명했다. 오픈AI에 수십억 달러를 투자한 "
           "마이크로소프트는 오픈AI와의 협력 관계를 계속 유지하겠다는 입장을 냈다. 알트먼은 지난해 챗GPT 출시 이후 생성형 "
           "AI 열풍을 이끈 실리콘밸리의 대표 인물로 꼽혀 왔다. 오픈AI는 비영리 연구소로 출발해 투자를 받기 위해 이익 제한 "
           "법인을 따로 세웠다.")
kt = "오픈AI 직원들 \"이사회 사퇴 안 하면 MS로 간다\""
snap("wt_ko", kt, "https://k.example.kr/1", d1, ko_lede + ko_first + ko_rest)
snap("wt_ko_fig", kt, "https://h.example.kr/1", d2,
     ko_lede + ko_first + " 이날 오후까지 전체 직원 770명 가운데 700명 이상이 서한에 서명한 것으로 집계됐다." + ko_rest)
snap("wt_ko_foot", kt, "https://h.example.kr/2", d2, ko_lede + ko_first + ko_rest +
     " 한빛뉴스 구독하고 매달 1,000원 할인 받으세요. 무단 전재 및 재배포 금지.")
ja_lede = "オープンAIの従業員は20日、取締役会が辞任しなければ会社を辞めてマイクロソフトに移ると表明した。"
ja_first = "従業員500人は取締役会への書簡で、サム・アルトマン最高経営責任者を解任した取締役とはもう働けないとした。"
ja_rest = ("取締役会はアルトマン氏が取締役会とのやり取りで一貫して率直ではなかったと説明していた。オープンAIに数十億ドルを"
           "投資したマイクロソフトは提携を続けるとした。アルトマン氏は昨年のチャットGPTの公開以来、生成AIブームの顔と"
           "なってきた。オープンAIは非営利の研究所として発足し、資金を集めるために利益に上限を設けた会社を別に作った。")
jt = "オープンAI従業員、取締役会の辞任を要求"
snap("wt_ja", jt, "https://j.example.jp/1", d1, ja_lede + ja_first + ja_rest)
snap("wt_ja_fig", jt, "https://g.example.jp/1", d2, ja_lede + ja_first + "同日午後までに全従業員770人のうち700人以上が書簡に署名した。" + ja_rest)
snap("wt_ja_cap", "オープンAI従業員が辞任要求", "https://g.example.jp/2", d2,
     "写真は本社に入る従業員、11月20日撮影（ロイター／Carlos Barria）" + ja_lede + ja_first + ja_rest)
PY
update='d["duplicate_of"] is None and d["stories"][0]["verdict"] == "update" and d["stories"][0]["alert"]'
for c in en_fig:700 ko_fig:700명 ja_fig:700人; do
	v=${c%%:*} fact=${c##*:} orig=wt_${c%%_*}
	replay "wt_$v" a="$T/empty.xml" b="$T/empty.xml" a="$T/$orig.xml" b="$T/wt_$v.xml"
	item "$T/wt_$v.out" 2 "$update and '$fact' in d['stories'][0]['new_facts']" \
		"wt_$v: a write-through with a new figure under the kept lede taken for a copy"
done
ok "a write-through keeping the old lede, a new figure written in further on (en, ko, ja): an update that alerts, with the figure"
replay wt_en_name a="$T/empty.xml" b="$T/empty.xml" a="$T/wt_en.xml" b="$T/wt_en_name.xml"
item "$T/wt_en_name.out" 2 'd["duplicate_of"] is None' "a write-through with a new name under the kept lede taken for a copy"
ok "a write-through keeping the old lede, a new name written in further on: not a copy"
for v in en_foot en_cap en_mid en_intro ko_foot ja_cap; do
	orig=wt_${v%%_*}
	replay "wt_$v" a="$T/empty.xml" b="$T/empty.xml" a="$T/$orig.xml" b="$T/wt_$v.xml"
	orig=$(jline "$T/wt_$v.out" 1 | $PY -c 'import json, sys; print(json.load(sys.stdin)["link"])')
	item "$T/wt_$v.out" 2 "d['duplicate_of'] == '$orig' and not d['stories'][0]['alert']" \
		"wt_$v: a copy with figures and names at its edges (footer, caption, introduction) taken for news"
done
ok "copies with another footer, another photo's caption (before the lede, in the middle) or a line of introduction, each with figures and names of their own: copies"
