#!/bin/bash
# developments.sh — development detection over `newswatch replay` snapshots written here: a
# report of an event the story had only read of in passing (an analysis that "Microsoft
# weighs hiring him"), in English and Korean, is a new development; a rehash of a closed
# development does not join an unrelated open one; a person new to the story, named with a
# title in a Korean, Japanese or English headline, is an update (once, whatever the spelling).
. "$top_srcdir/tests/integration/lib.sh" || exit 99

$PY -B - "$T" "$top_srcdir/tests/integration" <<'PY' || fail "writing the snapshots"
import sys
sys.path.insert(0, sys.argv[2])
import snapshots
snap = snapshots.writer(sys.argv[1])
snap("empty")
fired = ("The board of OpenAI said on Friday it had dismissed chief executive Sam Altman, saying he had not been "
         "consistently candid with directors. Microsoft said it remained committed to the partnership.")
snap("fired", ("OpenAI board fires Sam Altman as chief executive", "https://wire.example.com/1",
               "Fri, 17 Nov 2023 20:00:00 +0000", fired))
# an analysis that reads of a hiring in passing, then the hiring
snap("weighs", ("Analysis: Where will Sam Altman land? Microsoft weighs hiring him", "https://blog.example.net/1",
                "Sat, 18 Nov 2023 12:00:00 +0000", "After the board of OpenAI dismissed Sam Altman, Microsoft is one "
                "of several companies said to be weighing an offer, people familiar with the matter said."))
snap("hires", ("Microsoft hires Sam Altman after OpenAI ouster", "https://wire.example.com/2",
               "Mon, 20 Nov 2023 08:00:00 +0000", "Microsoft has hired Sam Altman to lead a new advanced AI research "
               "team, the company said on Monday, days after the board of OpenAI dismissed him."))
snap("ko_fired", ("오픈AI 이사회, 샘 알트먼 CEO 해임", "https://ko.example.kr/1", "Fri, 17 Nov 2023 21:40:00 +0000",
                  "오픈AI 이사회는 17일 샘 알트먼 최고경영자를 해임했다고 밝혔다. 마이크로소프트는 협력을 계속하겠다고 했다."))
snap("ko_weighs", ("[분석] 샘 알트먼, 어디로 가나…마이크로소프트 영입 저울질", "https://ko.example.kr/2",
                   "Sat, 18 Nov 2023 12:00:00 +0000", "오픈AI에서 해임된 샘 알트먼을 두고 마이크로소프트가 "
                   "제안을 검토하고 있다고 소식통들이 전했다."))
snap("ko_hires", ("마이크로소프트, 샘 알트먼 영입", "https://ko.example.kr/3", "Mon, 20 Nov 2023 08:00:00 +0000",
                  "마이크로소프트가 오픈AI에서 해임된 샘 알트먼을 새 AI 연구팀 책임자로 맞았다고 20일 밝혔다."))
# a rehash of the firing (closed by then) while only the hiring is open
snap("hires_late", ("Microsoft hires Sam Altman to lead new AI research team", "https://wire.example.com/3",
                    "Sat, 25 Nov 2023 08:00:00 +0000", "Microsoft has hired Sam Altman to lead a new advanced AI "
                    "research team, the company said on Saturday, eight days after the board of OpenAI dismissed him."))
snap("why", ("Why the OpenAI board ousted Sam Altman", "https://blog.example.net/2", "Sun, 26 Nov 2023 12:00:00 +0000",
             "The board of OpenAI dismissed Sam Altman because it said he had not been consistently candid with "
             "directors, a charge Microsoft never took up."))
# a second person removed, named with a title (ko, ja); the same person again in another
# spelling or with another particle; a byline (홍길동 기자) is no one new
snap("ko_brock", ("오픈AI 이사회, 브록먼 의장도 해임", "https://ko.example.kr/4", "Fri, 17 Nov 2023 22:30:00 +0000",
                  "오픈AI 이사회는 샘 알트먼 최고경영자에 이어 그레그 브록먼 의장도 이사회에서 물러나게 했다고 밝혔다."))
snap("ko_brock2", ("오픈AI 이사회, 브로크먼 의장에게도 해임 통보", "https://ko.example.kr/5",
                   "Fri, 17 Nov 2023 23:30:00 +0000", "오픈AI 이사회는 샘 알트먼 최고경영자를 해임하면서 브로크먼 "
                   "의장에게도 이사회에서 물러나라고 통보했다고 밝혔다."))
snap("ko_byline", ("마이크로소프트, 샘 알트먼 영입", "https://ko.example.kr/6", "Mon, 20 Nov 2023 08:00:00 +0000",
                   "(서울=다온통신) 홍길동 기자 = 마이크로소프트가 오픈AI에서 해임된 샘 알트먼을 새 AI 연구팀 "
                   "책임자로 맞았다고 20일 밝혔다."))
snap("ja_fired", ("オープンAI取締役会、サム・アルトマン氏を解任", "https://ja.example.jp/1",
                  "Fri, 17 Nov 2023 21:00:00 +0000", "オープンAIの取締役会は17日、サム・アルトマン最高経営責任者を"
                  "解任したと発表した。マイクロソフトは提携を続けるとした。"))
snap("ja_brock", ("オープンAI、ブロックマン会長も解任", "https://ja.example.jp/2", "Fri, 17 Nov 2023 22:30:00 +0000",
                  "オープンAIの取締役会は、サム・アルトマン氏に続き、グレッグ・ブロックマン会長も取締役会から外したと"
                  "発表した。"))
snap("ja_brock2", ("オープンAI取締役会、ブロックマン氏にも解任を通知", "https://ja.example.jp/3",
                   "Fri, 17 Nov 2023 23:30:00 +0000", "オープンAIの取締役会は、サム・アルトマン氏の解任とともに"
                   "ブロックマン氏にも取締役会から外れるよう通知したと発表した。"))
# the same second person, first in English
snap("en_brock", ("OpenAI board removes Brockman as chairman too", "https://wire.example.com/4",
                  "Fri, 17 Nov 2023 22:00:00 +0000", "The board of OpenAI, after dismissing chief executive Sam Altman, "
                  "also removed Greg Brockman as chairman of the board. Microsoft declined to comment."))
# in English: the same person again, with his title before his name; a byline's name, a
# place's and a film's after a title-like word are no one new
snap("en_brock2", ("OpenAI board also ousts chairman Greg Brockman", "https://wire.example.com/5",
                   "Fri, 17 Nov 2023 23:00:00 +0000", "The board of OpenAI removed Greg Brockman from his post as "
                   "chairman after dismissing Sam Altman, it said. Microsoft declined to comment."))
snap("en_byline", ("OpenAI board fires Sam Altman, says he was not candid", "https://news.example.org/1",
                   "Fri, 17 Nov 2023 20:30:00 +0000", "By Jane Doe. The board of OpenAI said on Friday it had "
                   "dismissed chief executive Sam Altman, saying he had not been consistently candid with directors. "
                   "Reporting by Jane Doe; editing by Mark Potter."))
snap("en_hotel", ("OpenAI board fires Sam Altman; staff gather at President Hotel, Director's Cut", "https://news.example.org/2",
                  "Fri, 17 Nov 2023 21:00:00 +0000", "The board of OpenAI dismissed chief executive Sam Altman, and staff "
                  "met at the President Hotel to watch the Director's Cut of a film. Microsoft declined to comment."))
PY

cat >"$T/story.conf" <<'CONF'
[story oa]
entity.openai = OpenAI | 오픈AI | オープンAI
entity.msft = Microsoft | 마이크로소프트 | マイクロソフト
entity.altman = "Sam Altman" | 샘 알트먼 | サム・アルトマン
match = openai AND (msft OR altman)
alert = out
[alert out]
plugin = log
CONF
# item FILE N EXPR MESSAGE: item N of a replay's output passes EXPR (on d, its JSON)
item() { jline "$1" "$2" | jcheck "$3" || { cat "$1"; fail "$4"; }; }
replay() {
	local out=$1
	shift
	"$NEWSWATCH" -c "$T/story.conf" replay "$@" >"$T/$out" 2>"$T/$out.err" || { cat "$T/$out.err"; fail "replay $*"; }
}

# an event read of in passing by an analysis piece (known, joined to the firing) is still
# new to the story: the report that it happened is a new development
replay hires.out w="$T/empty.xml" b="$T/empty.xml" w="$T/fired.xml" b="$T/weighs.xml" w="$T/hires.xml"
item "$T/hires.out" 2 'd["stories"][0]["verdict"] == "known" and not d["stories"][0]["alert"]' "the analysis piece"
item "$T/hires.out" 3 'd["stories"][0]["verdict"] == "new" and d["stories"][0]["alert"]
	and "hiring" in d["stories"][0]["new_facts"]' "Microsoft hires Sam Altman, after an analysis said it weighed it"
replay ko_hires.out k="$T/empty.xml" k="$T/ko_fired.xml" k="$T/ko_weighs.xml" k="$T/ko_hires.xml"
item "$T/ko_hires.out" 2 'd["stories"][0]["verdict"] == "known" and not d["stories"][0]["alert"]' "[분석] 영입 저울질"
item "$T/ko_hires.out" 3 'd["stories"][0]["verdict"] == "new" and d["stories"][0]["alert"]' \
	"마이크로소프트, 샘 알트먼 영입, after an analysis said it weighed it"
ok "a hiring an analysis piece only weighed, then reported: a new development (en, ko)"

# a rehash of the firing, closed by then, while only the hiring is open: known, of no
# development (it joined the hiring)
replay why.out w="$T/empty.xml" b="$T/empty.xml" w="$T/fired.xml" w="$T/hires_late.xml" b="$T/why.xml"
item "$T/why.out" 2 'd["stories"][0]["verdict"] == "new"' "the hiring eight days after the firing"
item "$T/why.out" 3 'd["stories"][0]["verdict"] == "known" and d["stories"][0]["development"] is None
	and not d["stories"][0]["alert"]' "a rehash of the closed firing while the hiring is open"
ok "a rehash of a closed development: known, not joined to an unrelated open one"

# a second person removed, named with a title in the headline: an update that names him;
# the same person again (another spelling, another particle or title): known; a byline's
# reporter is no one new
replay ko_brock.out k="$T/empty.xml" k="$T/ko_fired.xml" k="$T/ko_brock.xml" k="$T/ko_brock2.xml" k="$T/ko_byline.xml"
item "$T/ko_brock.out" 2 'd["stories"][0]["verdict"] == "update" and d["stories"][0]["alert"]
	and d["stories"][0]["new_facts"] == ["브록먼"]' "오픈AI 이사회, 브록먼 의장도 해임"
item "$T/ko_brock.out" 3 'd["stories"][0]["verdict"] == "known" and not d["stories"][0]["alert"]' \
	"브로크먼 의장에게도: the same person in another spelling"
item "$T/ko_brock.out" 4 'd["stories"][0]["verdict"] == "new" and "홍길동" not in d["stories"][0]["new_facts"]' \
	"the byline 홍길동 기자"
replay ja_brock.out j="$T/empty.xml" j="$T/ja_fired.xml" j="$T/ja_brock.xml" j="$T/ja_brock2.xml"
item "$T/ja_brock.out" 2 'd["stories"][0]["verdict"] == "update" and d["stories"][0]["alert"]
	and d["stories"][0]["new_facts"] == ["ブロックマン"]' "オープンAI、ブロックマン会長も解任"
item "$T/ja_brock.out" 3 'd["stories"][0]["verdict"] == "known" and not d["stories"][0]["alert"]' \
	"ブロックマン氏にも: the same person with another title"
ok "a second person named with a title in a headline: an update (ko, ja); again, in another spelling: known"

# the person first named in English: his name in Hangul or katakana is no news
replay en_brock.out w="$T/empty.xml" k="$T/empty.xml" j="$T/empty.xml" w="$T/fired.xml" w="$T/en_brock.xml" \
	k="$T/ko_brock.xml" j="$T/ja_brock.xml"
item "$T/en_brock.out" 3 'd["stories"][0]["verdict"] == "known" and not d["stories"][0]["alert"]' \
	"브록먼 의장도, after Brockman in English"
item "$T/en_brock.out" 4 'd["stories"][0]["verdict"] == "known" and not d["stories"][0]["alert"]' \
	"ブロックマン会長も, after Brockman in English"
ok "a person named first in English, then in Hangul or katakana: one person, not news"

# in English: "Brockman as chairman" after the firing of Sam Altman is an update that names
# him; the same person again ("chairman Greg Brockman"), or in Hangul, is known; a byline's
# name, a hotel's and a film's after a title-like word are no one new
replay en_people.out w="$T/empty.xml" b="$T/empty.xml" k="$T/empty.xml" w="$T/fired.xml" b="$T/en_byline.xml" \
	b="$T/en_hotel.xml" w="$T/en_brock.xml" w="$T/en_brock2.xml" k="$T/ko_brock2.xml"
item "$T/en_people.out" 2 'd["stories"][0]["verdict"] == "known" and not d["stories"][0]["alert"]' \
	"By Jane Doe, Reporting by Jane Doe: a byline"
item "$T/en_people.out" 3 'd["stories"][0]["verdict"] == "known" and not d["stories"][0]["alert"]' \
	"President Hotel, Director's Cut: a place and a film"
item "$T/en_people.out" 4 'd["stories"][0]["verdict"] == "update" and d["stories"][0]["alert"]
	and d["stories"][0]["new_facts"] == ["Brockman"]' "OpenAI board removes Brockman as chairman too"
item "$T/en_people.out" 5 'd["stories"][0]["verdict"] == "known" and not d["stories"][0]["alert"]' \
	"chairman Greg Brockman: the same person again"
item "$T/en_people.out" 6 'd["stories"][0]["verdict"] == "known" and not d["stories"][0]["alert"]' \
	"브로크먼 의장에게도, after Brockman as chairman in English"
# and the reverse: first in Hangul, then in English
replay ko_en.out w="$T/empty.xml" k="$T/empty.xml" k="$T/ko_fired.xml" k="$T/ko_brock.xml" w="$T/en_brock.xml"
item "$T/ko_en.out" 2 'd["stories"][0]["verdict"] == "update" and d["stories"][0]["alert"]' "브록먼 의장도 해임"
item "$T/ko_en.out" 3 'd["stories"][0]["verdict"] == "known" and not d["stories"][0]["alert"]' \
	"Brockman as chairman, after 브록먼 의장 in Hangul"
ok "a second person named with a title in an English headline: an update; again, or in another script: known; a byline, a place, a film: no one"
