#!/bin/bash
# verdicts.sh — which item of a story alerts, over `newswatch replay` snapshots written here:
# a copy whose original the story did not hold; undated items before any dated one; an item
# dated long before it is first seen, or misdated years ahead; a feed whose address changed;
# items of one feed sharing one link (a live page's entries, a home page) and the same text
# re-listed under a new GUID.
. "$top_srcdir/tests/integration/lib.sh" || exit 99

$PY -B - "$T" "$top_srcdir/tests/integration" <<'PY' || fail "writing the snapshots"
import sys
sys.path.insert(0, sys.argv[2])
import snapshots
snap = snapshots.writer(sys.argv[1])

snap("empty")
# a Korean report that names 샘 알트만, a spelling the story learns later, and a copy of it
ko = ("오픈AI 이사회는 17일 샘 알트만 최고경영자를 전격 해임했다고 밝혔다. 이사회는 알트만이 이사회와의 소통에서 "
      "일관되게 솔직하지 않았다고 설명했다. 미라 무라티 최고기술책임자가 임시 최고경영자를 맡는다.")
snap("ko_a", dict(title="오픈AI, 샘 알트만 CEO 전격 해임", link="https://ko-a.example.kr/news/1001", guid="1001",
                  date="Sat, 18 Nov 2023 00:10:00 +0900", body=ko))
snap("ko_b", dict(title="[속보] 오픈AI 이사회, 샘 알트만 해임", link="https://ko-b.example.kr/view/55", guid="55",
                  date="Sat, 18 Nov 2023 00:40:00 +0900", body=ko))
# a wire report naming OpenAI only, and a copy whose new headline adds Microsoft
shear = ("OpenAI named former Twitch chief executive Emmett Shear as its interim chief executive on Sunday night, "
         "the company's second leadership change in three days. Shear said he would hire an independent "
         "investigator to examine the process that led to the board's decision and report within thirty days.")
snap("w_a", dict(title="OpenAI names Emmett Shear interim chief executive", link="https://wire.example.com/shear",
                 guid="w9", date="Mon, 20 Nov 2023 05:00:00 +0000", body=shear))
snap("w_b", dict(title="OpenAI turns to Emmett Shear as Microsoft waits", link="https://blog.example.com/shear",
                 guid="b9", date="Mon, 20 Nov 2023 05:40:00 +0000", body=shear))
# the same report, undated in one feed and dated in another
fired = ("OpenAI's board said on Friday that it had removed Sam Altman as chief executive after a review found he "
         "had not been consistently candid with the board. Chief technology officer Mira Murati will lead the "
         "company on an interim basis while the board searches for a successor.")
snap("u_a", dict(title="OpenAI board removes Sam Altman as chief executive", link="https://a.example.com/x",
                 guid="x", body=fired))
snap("u_b", dict(title="OpenAI ousts Sam Altman", link="https://b.example.com/y", guid="y",
                 date="Fri, 17 Nov 2023 21:45:00 +0000", body=fired))
# an archive piece of 2019 listed beside the week's news
snap("old", dict(title="OpenAI board removes Sam Altman as chief executive", link="https://a.example.com/x",
                 guid="x", date="Fri, 17 Nov 2023 21:45:00 +0000", body=fired),
     dict(title="Microsoft to invest $1 billion in OpenAI", link="https://a.example.com/2019/msft",
          guid="old2019", date="Mon, 22 Jul 2019 13:00:00 +0000",
          body="Microsoft will invest $1 billion in OpenAI to build artificial general intelligence on its Azure "
               "cloud, the companies said on Monday. Sam Altman said the partnership would fund the research."))
# the entries of a live page (one link, #anchors), then the first re-listed under a new GUID,
# then edited with a new figure under a third
live = "https://live.example.com/openai-live"
e1 = dict(title="OpenAI board removes Sam Altman as chief executive", link=live + "#e1", guid="e1",
          date="Fri, 17 Nov 2023 21:45:00 +0000", body=fired)
e2 = dict(title="Microsoft hires Sam Altman to lead a new AI research team", link=live + "#e2", guid="e2",
          date="Mon, 20 Nov 2023 08:00:00 +0000",
          body="Microsoft chief executive Satya Nadella said on Monday that Sam Altman and Greg Brockman will join "
               "Microsoft to lead a new advanced AI research team, days after OpenAI's board removed Altman.")
letter = ("More than %s of OpenAI's roughly 770 employees signed a letter on Monday threatening to leave and join "
          "Sam Altman at Microsoft unless the board resigns and reinstates him. The letter was signed by chief "
          "technology officer Mira Murati and by board member Ilya Sutskever.")
e3 = dict(title="OpenAI staff threaten to quit unless board resigns", link=live + "#e3", guid="e3",
          date="Mon, 20 Nov 2023 10:00:00 +0000", body=letter % "500")
snap("live1", e1)
snap("live2", e2, e1)
snap("live3", e3, e2, e1)
snap("live4", dict(e3, guid="e3-again", date="Mon, 20 Nov 2023 10:30:00 +0000"), e3, e2, e1)
snap("live5", dict(e3, guid="e3-700", title="OpenAI staff threaten to quit: 700 now sign letter",
                   date="Mon, 20 Nov 2023 16:00:00 +0000", body=letter % "700"), e3, e2, e1)
# a report misdated 2035 beside a dated one, then two months later a report of the board
# removing Altman again
snap("fut1", dict(title="OpenAI board removes Sam Altman as chief executive", link="https://f.example.com/a",
                  guid="fa", date="Mon, 01 Jan 2035 09:00:00 +0000", body=fired),
     dict(e2, link="https://f.example.com/m", guid="fm", date="Mon, 01 Jan 2024 09:00:00 +0000"))
snap("fut2", dict(title="OpenAI board again removes Sam Altman", link="https://f.example.com/b", guid="fb",
                  date="Fri, 01 Mar 2024 09:00:00 +0000",
                  body="OpenAI's board removed Sam Altman as chief executive for a second time on Friday, saying "
                       "a new inquiry into the company's chip venture had found undisclosed commitments."))
# a snapshot dated in 2099 throughout (its own dates are taken), then a copy of a 2023 report
snap("far", dict(title="Quarterly widget sales rise", link="https://far.example.com/1", guid="far1",
                 date="Thu, 01 Jan 2099 09:00:00 +0000", body="Widget sales rose in the quarter, the company said."))
import email.utils, time
snap("r_b", dict(title="OpenAI ousts Sam Altman", link="https://b.example.com/r", guid="r",
                 date=email.utils.formatdate(time.time() - 2 * 86400), body=fired))
snap("r_c", dict(title="OpenAI's board ousts its chief executive", link="https://c.example.com/z", guid="z",
                 date=email.utils.formatdate(time.time() - 86400), body=fired))
# the wire's report, then a blog's post that puts three sentences of its own (news: a
# resignation) before the whole of it, and another's that puts one line of introduction
wire = ("The board of OpenAI said on Friday it had dismissed chief executive Sam Altman, saying he had not been "
        "consistently candid in his communications with directors. Chief technology officer Mira Murati was named "
        "interim chief executive. Microsoft, which has invested billions of dollars in the start-up, said it remained "
        "committed to the partnership. The decision stunned employees and investors, who learned of it from a blog "
        "post published minutes before the announcement. Altman, who became the public face of generative artificial "
        "intelligence after the launch of ChatGPT a year ago, said on X that he had loved his time at the company. The "
        "board said it no longer had confidence in his ability to continue leading the company, without giving "
        "details of the communications it objected to. OpenAI is governed by a nonprofit board whose mission is to "
        "ensure that artificial general intelligence benefits all of humanity.")
lede = ("OpenAI president and co-founder Greg Brockman said late on Friday he was quitting the company, hours after "
        "the board ousted Sam Altman. Brockman, who had been removed as chairman of the board, said he and Altman "
        "were shocked and saddened by what the board did. Three senior researchers, including director of research "
        "Jakub Pachocki, also resigned on Friday night, according to people familiar with the matter. ")
snap("lead_w", dict(title="OpenAI board fires Sam Altman as chief executive", link="https://wire.example.com/a/1",
                    guid="lw", date="Fri, 17 Nov 2023 20:00:00 +0000", body=wire))
snap("lead_b", dict(title="OpenAI president Greg Brockman quits, three top researchers follow",
                    link="https://blog.example.net/a/2", guid="lb", date="Sat, 18 Nov 2023 01:00:00 +0000",
                    body=lede + wire))
snap("lead_c", dict(title="Altman out at OpenAI", link="https://c.example.org/a/3", guid="lc",
                    date="Sat, 18 Nov 2023 01:30:00 +0000", body="Big news from San Francisco tonight, folks. " + wire))
# the week of the saga, a rehash whose lede says the turmoil "raised questions" (no funding
# round), and an analysis piece a month later; a restructuring, then a headline that values
# the stake in dollars
def w(name, title, link, date, body):
    snap(name, dict(title=title, link=link, guid=link, date=date, body=body))
w("wk1", "OpenAI board fires Sam Altman as chief executive", "https://wire.example.com/w/1",
  "Fri, 17 Nov 2023 20:00:00 +0000", "The board of OpenAI said on Friday it had dismissed chief executive Sam Altman, "
  "saying he had not been consistently candid with directors. Chief technology officer Mira Murati was named interim "
  "chief executive. Microsoft said it remained committed to the partnership.")
w("wk2", "Microsoft hires ousted OpenAI chief Sam Altman", "https://wire.example.com/w/2",
  "Mon, 20 Nov 2023 08:00:00 +0000", "Microsoft has hired Sam Altman and Greg Brockman to lead a new advanced AI "
  "research team, chief executive Satya Nadella said on Monday, after efforts by investors to bring Altman back to "
  "OpenAI failed.")
w("wk3", "Sam Altman to return as OpenAI CEO with new board", "https://wire.example.com/w/3",
  "Wed, 22 Nov 2023 04:00:00 +0000", "Sam Altman will return to OpenAI as chief executive under a new initial board "
  "chaired by Bret Taylor, the company said late on Tuesday. Microsoft welcomed the agreement.")
w("wk4", "Five days that shook OpenAI", "https://blog.example.net/w/4", "Thu, 23 Nov 2023 06:00:00 +0000",
  "In the space of five days, OpenAI fired Sam Altman, saw him hired by Microsoft, and then brought him back as chief "
  "executive under a new board chaired by Bret Taylor. The turmoil raised questions about governance and about "
  "Microsoft's influence.")
w("wk5", "Analysis: A month after the coup, OpenAI is still reckoning with Altman's firing",
  "https://blog.example.net/w/5", "Wed, 20 Dec 2023 12:00:00 +0000", "A month after OpenAI's board fired Sam Altman, "
  "and days after Microsoft hired him, he is back as chief executive under a board chaired by Bret Taylor. "
  "Microsoft's influence has grown.")
w("an1", "Analysis: What OpenAI and Microsoft mean to each other", "https://blog.example.net/an/1",
  "Mon, 04 Dec 2023 12:00:00 +0000", "OpenAI and Microsoft have a relationship unlike any other in technology. "
  "Sam Altman has often spoken of it as the best partnership in the industry, and Microsoft's engineers work "
  "closely with his researchers.")
w("wk6", "OpenAI raises $6.6 billion from investors led by Microsoft", "https://wire.example.com/w/6",
  "Wed, 02 Oct 2024 12:00:00 +0000", "OpenAI said on Wednesday it had raised $6.6 billion from investors led by "
  "Microsoft, valuing Sam Altman's company at $157 billion.")
w("rs1", "OpenAI completes restructuring, Microsoft takes 27% stake", "https://wire.example.com/r/1",
  "Tue, 28 Oct 2025 14:00:00 +0000", "OpenAI said on Tuesday it had completed its restructuring into a public benefit "
  "corporation, with Microsoft holding a stake of about 27%. Under the new agreement, an independent expert panel "
  "will verify any declaration by OpenAI that it has reached artificial general intelligence (AGI).")
w("rs2", "Microsoft stake in OpenAI valued at $135 billion", "https://wire.example.com/r/2",
  "Tue, 28 Oct 2025 19:00:00 +0000", "Microsoft's roughly 27% stake in OpenAI's new public benefit corporation is "
  "worth about $135 billion, the companies said, after the restructuring completed on Tuesday. The deal also lets "
  "OpenAI work with other cloud providers.")
# a feed whose every item links to its home page (no anchors at all)
home = "https://home.example.com/"
h1, h2, h3 = (dict(e, link=home, guid="h" + e["guid"]) for e in (e1, e2, e3))
snap("home1", h1)
snap("home2", h2, h1)
snap("home3", h3, h2, h1)
PY

story() {
	cat <<CONF
[story oa]
entity.openai = OpenAI | 오픈AI
entity.msft = Microsoft | 마이크로소프트
entity.altman = "Sam Altman" | 샘 알트먼 $1
match = openai AND (msft OR altman)
alert = out
${2:-}
[alert out]
plugin = log
CONF
}
story "" >"$T/old.conf"
story "| 샘 알트만" >"$T/new.conf"
# verdict FILE N STORY-JSON-EXPR: item N of a replay's output
item() { jline "$1" "$2" | jcheck "$3" || { cat "$1"; fail "$4"; }; }

# a copy whose original came before the story knew its spelling: the original is the story's
# by the rules as they are now, so the copy is the first report of it
"$NEWSWATCH" -c "$T/old.conf" --db "$T/ko.db" replay a="$T/empty.xml" b="$T/empty.xml" a="$T/ko_a.xml" >"$T/ko1.out" ||
	fail "replay ko_a"
item "$T/ko1.out" 1 'd["stories"] == []' "샘 알트만 matched before the alias was added"
"$NEWSWATCH" -c "$T/new.conf" --db "$T/ko.db" replay b="$T/ko_b.xml" >"$T/ko2.out" || fail "replay ko_b"
item "$T/ko2.out" 1 'd["duplicate_of"] == "https://ko-a.example.kr/news/1001" and d["stories"][0]["verdict"] == "new"
	and d["stories"][0]["alert"] and d["stories"][0]["development"]' "a copy of an original the story learnt to match since"
ok "a copy whose original matches only with an alias added since: a new development, alerted"

# a copy whose new headline alone files it in the story: nothing new, no development
"$NEWSWATCH" -c "$T/old.conf" replay a="$T/empty.xml" b="$T/empty.xml" a="$T/w_a.xml" b="$T/w_b.xml" >"$T/w.out" ||
	fail "replay w_a w_b"
item "$T/w.out" 2 'd["duplicate_of"] == "https://wire.example.com/shear" and d["stories"][0]["verdict"] == "known"
	and not d["stories"][0]["alert"] and d["stories"][0]["development"] is None' "a copy matched by its headline only"
ok "a copy whose new headline alone matches the story: known, no development, no alert"

# a text that adds paragraphs of its own to the whole of another is a report of its own (the
# news is in what it adds); one that adds a line of introduction is a copy
"$NEWSWATCH" -c "$T/old.conf" replay w="$T/empty.xml" b="$T/empty.xml" c="$T/empty.xml" w="$T/lead_w.xml" \
	b="$T/lead_b.xml" c="$T/lead_c.xml" >"$T/lead.out" || fail "replay lead_w lead_b lead_c"
item "$T/lead.out" 2 'd["duplicate_of"] is None and d["stories"][0]["verdict"] == "new" and d["stories"][0]["alert"]' \
	"three sentences of news over the whole of the wire's text"
item "$T/lead.out" 3 'd["duplicate_of"] == "https://wire.example.com/a/1" and not d["stories"][0]["alert"]' \
	"a line of introduction over the wire's text"
ok "the wire's text with three sentences of news before it: a new development; with a line of introduction: a copy"

# a rehash of the week whose lede says it "raised questions" is known (it read as a funding
# round, an event new to the story: a new development); an analysis piece a month later,
# when the week's developments are closed, is known of none (it opened one, and alerted)
"$NEWSWATCH" -c "$T/old.conf" replay w="$T/empty.xml" b="$T/empty.xml" w="$T/wk1.xml" w="$T/wk2.xml" w="$T/wk3.xml" \
	b="$T/wk4.xml" b="$T/wk5.xml" >"$T/wk.out" || fail "replay wk1..wk5"
item "$T/wk.out" 4 'd["stories"][0]["verdict"] == "known" and not d["stories"][0]["alert"]' \
	"a rehash of the week that says it raised questions"
item "$T/wk.out" 5 'd["stories"][0]["verdict"] == "known" and d["stories"][0]["development"] is None
	and not d["stories"][0]["alert"]' "an analysis piece a month later"
"$NEWSWATCH" -c "$T/old.conf" replay w="$T/empty.xml" w="$T/wk1.xml" w="$T/wk6.xml" >"$T/wk6.out" || fail "replay wk1 wk6"
item "$T/wk6.out" 2 'd["stories"][0]["verdict"] == "new" and "investment" in d["stories"][0]["new_facts"]' \
	"a headline that OpenAI raises \$6.6 billion"
ok "a rehash of the week (\"raised questions\"), and an analysis piece a month later: known, no alert; \"raises \$6.6 billion\": a funding round"
# an analysis piece that is the story's very first report opens its first development
"$NEWSWATCH" -c "$T/old.conf" replay b="$T/empty.xml" b="$T/an1.xml" >"$T/an1.out" || fail "replay an1"
item "$T/an1.out" 1 'd["stories"][0]["verdict"] == "new" and d["stories"][0]["development"]
	and d["stories"][0]["alert"]' "an analysis piece (no event, no figure) as the story's first report"
ok "an analysis piece that is the story's first report: a new development, alerted"
# a new amount in the headline of a known development is an update
"$NEWSWATCH" -c "$T/old.conf" replay w="$T/empty.xml" w="$T/rs1.xml" w="$T/rs2.xml" >"$T/rs.out" || fail "replay rs1 rs2"
item "$T/rs.out" 2 'd["stories"][0]["verdict"] == "update" and d["stories"][0]["alert"]
	and "$135 billion" in d["stories"][0]["new_facts"]' "a headline that values the 27% stake at \$135 billion"
ok "a headline that values a known 27% stake at \$135 billion: an update, alerted"

# undated items before any dated snapshot: taken at the next dated one's time, so the dated
# copy that follows is found to be one (at 1970 it was too far from it: two alerts)
"$NEWSWATCH" -c "$T/old.conf" replay a="$T/empty.xml" b="$T/empty.xml" a="$T/u_a.xml" b="$T/u_b.xml" >"$T/u.out" ||
	fail "replay u_a u_b"
item "$T/u.out" 1 'd["stories"][0]["verdict"] == "new" and d["stories"][0]["alert"]' "the undated report"
item "$T/u.out" 2 'd["duplicate_of"] == "https://a.example.com/x" and not d["stories"][0]["alert"]' \
	"the dated copy of an undated report"
ok "an undated snapshot first: its copy dated later is a duplicate, one alert"

# an item dated four years before the snapshot it is first seen in: no alert
"$NEWSWATCH" -c "$T/old.conf" replay a="$T/empty.xml" a="$T/old.xml" >"$T/old.out" || fail "replay old"
item "$T/old.out" 1 'd["id"] == "old2019" and d["stories"][0]["verdict"] == "new" and not d["stories"][0]["alert"]' \
	"a 2019 item first seen in 2023 (items go oldest first)"
item "$T/old.out" 2 'd["id"] == "x" and d["stories"][0]["alert"]' "the week's report"
story "" "alert_within = 3650d" >"$T/within.conf"
"$NEWSWATCH" -c "$T/within.conf" replay a="$T/empty.xml" a="$T/old.xml" >"$T/within.out" 2>"$T/within.err" ||
	{ cat "$T/within.err"; fail "replay old with alert_within = 3650d"; }
item "$T/within.out" 1 'd["id"] == "old2019" and d["stories"][0]["alert"]' "a 2019 item with alert_within = 3650d"
ok "an item dated years before it is first seen: kept in the timeline, no alert (alerts with alert_within = 3650d)"

# an item misdated 2035: the snapshot is taken at its other item's date, not the wall clock
# (that one was stale: no alert), and the misdated development does not stay open until 2035
# (the report two months later joined it as known: no alert)
"$NEWSWATCH" -c "$T/old.conf" replay a="$T/empty.xml" a="$T/fut1.xml" a="$T/fut2.xml" >"$T/fut.out" || fail "replay fut"
item "$T/fut.out" 1 'd["id"] == "fm" and d["stories"][0]["alert"]' "a dated item beside one misdated 2035"
item "$T/fut.out" 3 'd["id"] == "fb" and d["stories"][0]["verdict"] == "new" and d["stories"][0]["alert"]' \
	"a report two months after one misdated 2035"
ok "an item misdated 2035: the others in its snapshot alert; a report two months later is a new development"

# a snapshot dated 2099 throughout does not move the store's clock: what it keeps of this
# week (its fingerprints) is not pruned as if 2099 had come, so the copy is found
"$NEWSWATCH" -c "$T/old.conf" --db "$T/far.db" replay a="$T/empty.xml" a="$T/r_b.xml" f="$T/empty.xml" f="$T/far.xml" \
	c="$T/empty.xml" c="$T/r_c.xml" >"$T/far.out" 2>"$T/far.err" || { cat "$T/far.err"; fail "replay far"; }
item "$T/far.out" 3 'd["id"] == "z" and d["duplicate_of"] == "https://b.example.com/r"' \
	"a copy of this week's report after a snapshot dated 2099"
ok "a snapshot dated 2099 throughout: the store keeps this week's history (a copy of a report is found)"

# a feed given another address: its first snapshot there is its backlog, as a new feed's
{ printf '[feed a]\nurl = https://one.example.com/rss\n'; story ""; } >"$T/url1.conf"
{ printf '[feed a]\nurl = https://two.example.com/rss\n'; story ""; } >"$T/url2.conf"
"$NEWSWATCH" -c "$T/url1.conf" --db "$T/url.db" replay a="$T/empty.xml" >/dev/null || fail "replay at url one"
"$NEWSWATCH" -c "$T/url2.conf" --db "$T/url.db" replay a="$T/live2.xml" >"$T/url.out" || fail "replay at url two"
item "$T/url.out" 1 'all(not s["alert"] for s in d["stories"]) and d["stories"]' "the first item at a new address"
item "$T/url.out" 2 'all(not s["alert"] for s in d["stories"]) and d["stories"]' "the second item at a new address"
"$NEWSWATCH" -c "$T/url2.conf" --db "$T/url.db" replay a="$T/live3.xml" >"$T/url3.out" || fail "replay at url two again"
item "$T/url3.out" 1 'd["stories"][0]["alert"]' "a new item at the new address, after its first fetch"
ok "a feed moved to another address in the conf: what it lists there first is backlog, what comes later alerts"

# one link for several entries (a live page): each entry is its own article; the same text
# under a new GUID is the same article; the entry edited with a new figure is an update
"$NEWSWATCH" -c "$T/old.conf" replay a="$T/empty.xml" a="$T/live1.xml" a="$T/live2.xml" a="$T/live3.xml" \
	a="$T/live4.xml" a="$T/live5.xml" >"$T/live.out" || fail "replay live"
item "$T/live.out" 2 'd["id"] == "e2" and d["duplicate_of"] is None and d["stories"][0]["verdict"] == "new"
	and d["stories"][0]["alert"]' "the live page's second entry"
item "$T/live.out" 3 'd["id"] == "e3" and d["duplicate_of"] is None and d["stories"][0]["alert"]' \
	"the live page's third entry"
item "$T/live.out" 4 'd["id"] == "e3-again" and d["duplicate_of"] == "https://live.example.com/openai-live#e3"
	and not d["stories"][0]["alert"]' "the third entry again under a new GUID"
item "$T/live.out" 5 'd["id"] == "e3-700" and d["stories"][0]["verdict"] == "update" and d["stories"][0]["alert"]
	and "700" in d["stories"][0]["new_facts"]' "the third entry with 700 instead of 500"
# each of those alerts has an id of its own (one made from the page's address was the same for
# all its entries: the second of a kind was dropped as already queued)
"$NEWSWATCH" -c "$T/old.conf" replay --format text --deliver a="$T/empty.xml" a="$T/live1.xml" a="$T/live2.xml" \
	a="$T/live3.xml" a="$T/live4.xml" a="$T/live5.xml" >"$T/live.txt" 2>"$T/live.err" || { cat "$T/live.err"; fail "replay --deliver live"; }
[ "$(grep -c '^ALERT' "$T/live.txt")" = 4 ] || { cat "$T/live.txt" "$T/live.err"; fail "not 4 alerts delivered for the live page's entries"; }
ok "entries of a live page under one link: each alerts; re-listed, known; with a new figure, an update (4 alerts delivered)"
"$NEWSWATCH" -c "$T/old.conf" replay --format text --deliver a="$T/empty.xml" a="$T/home1.xml" a="$T/home2.xml" \
	a="$T/home3.xml" >"$T/home.txt" 2>"$T/home.err" || { cat "$T/home.err"; fail "replay --deliver home"; }
[ "$(grep -c '^ALERT' "$T/home.txt")" = 3 ] || { cat "$T/home.txt" "$T/home.err"; fail "not 3 alerts delivered for 3 items that all link to the home page"; }
ok "3 items of a feed that all link to its home page: 3 alerts delivered (each its own id)"

# a feed whose GUIDs change at every fetch (the same items, links and texts): each re-listing
# is reported as the duplicate it is, but adds no article and no hit (it added both each time)
for i in 1 2 3; do
	sed "s|<guid\([^>]*\)>\([^<]*\)</guid>|<guid\1>\2-fetch$i</guid>|g" "$T/live3.xml" >"$T/rot$i.xml"
done
"$NEWSWATCH" -c "$T/old.conf" --db "$T/rot.db" replay a="$T/empty.xml" a="$T/rot1.xml" a="$T/rot2.xml" a="$T/rot3.xml" \
	>"$T/rot.out" 2>"$T/rot.err" || { cat "$T/rot.err"; fail "replay rotating GUIDs"; }
n=$(grep -c '<guid' "$T/live3.xml")
[ "$(wc -l <"$T/rot.out")" = $((3 * n)) ] || { cat "$T/rot.out"; fail "rotating GUIDs: not $((3 * n)) items reported"; }
[ "$(grep -c '"duplicate_of":null' "$T/rot.out")" = "$n" ] || { cat "$T/rot.out"; fail "rotating GUIDs: the re-listings not reported as duplicates"; }
[ "$(sqlite3 "$T/rot.db" 'SELECT count(*) FROM hits')" = "$n" ] && [ "$(sqlite3 "$T/rot.db" 'SELECT count(*) FROM articles')" = "$n" ] ||
	fail "rotating GUIDs: $(sqlite3 "$T/rot.db" 'SELECT count(*) FROM hits') hits and $(sqlite3 "$T/rot.db" 'SELECT count(*) FROM articles') articles for $n items listed three times"
[ "$(sqlite3 "$T/rot.db" 'SELECT count(*) FROM sightings')" = "$n" ] ||
	fail "rotating GUIDs: $(sqlite3 "$T/rot.db" 'SELECT count(*) FROM sightings') sightings for $n items listed three times (a row a poll)"
[ "$(sqlite3 "$T/rot.db" "SELECT count(*) FROM sightings WHERE guid LIKE '%-fetch3'")" = "$n" ] ||
	fail "rotating GUIDs: the sightings do not have the keys of the last fetch"
ok "a feed whose GUIDs change at every fetch: $n items, three times: reported as duplicates, $n articles, $n hits and $n sightings stored (the last keys)"
