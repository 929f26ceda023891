#!/usr/bin/python3
"""make_corpus.py — writes the HELD-OUT labelled corpus in this folder: per-outlet snapshots
(OUTLET-N.xml), labels.tsv and replay.list, in the same layout and label conventions as
tests/data/corpus/ but with a different subject, different outlets and different text.
All of it was written for newswatch (invented outlets, example.* domains, fictional events).

Run from anywhere:  /usr/bin/python3 tests/data/heldout/make_corpus.py
Edit the ITEMS table, re-run, then replay and score (see README.md)."""
import os, re, sys
from datetime import datetime, timezone, timedelta

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from corpus_common import slug, render as render_feed, write_corpus  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
REL = "tests/data/heldout"
CAP = 20  # a feed shows its newest 20 items

FEEDS = {
    # name: (format, lang, tz hours, title, site link, self url, description)
    "newsline-en": ("rss", "en", 0, "Eastgate Newsline — Companies", "https://eastgate-news.example.com/companies",
                    "https://eastgate-news.example.com/rss/companies.xml", "Company news from Eastgate Newsline, an agency invented for the newswatch held-out corpus."),
    "gadget-en":   ("atom", "en", 0, "Circuit & Socket", "https://circuitsocket.example.net/",
                    "https://circuitsocket.example.net/feed.atom", "Consumer tech, gadgets and the companies behind them (an invented blog for the newswatch held-out corpus)."),
    "ko-agency":   ("rss", "ko", 9, "가온통신 - 경제", "https://www.gaon-news.example.kr/economy",
                    "https://www.gaon-news.example.kr/rss/economy.xml", "가온통신 경제 뉴스 (newswatch 검증 코퍼스용 가상 통신사)"),
    "ko-econ":     ("atom", "ko", 9, "새벽경제 - 산업", "https://www.saebyeok.example.kr/industry/",
                    "https://www.saebyeok.example.kr/atom/industry.xml", "새벽경제 산업면 (newswatch 검증 코퍼스용 가상 매체)"),
    "ko-portal":   ("rss", "ko", 9, "모아뉴스 - 경제", "https://news.moa.example.kr/economy",
                    "https://news.moa.example.kr/rss/economy.xml", "모아뉴스 경제: 제휴 매체 기사 모음 (newswatch 검증 코퍼스용 가상 포털)"),
    "jp-shimbun":  ("rss", "ja", 9, "北斗日報　経済", "https://www.hokuto-nippo.example.jp/economy/",
                    "https://www.hokuto-nippo.example.jp/rss/economy.xml", "北斗日報の経済ニュース（newswatch 検証コーパス用の架空メディア）"),
    "jp-portal":   ("atom", "ja", 9, "ニュースの森　ビジネス", "https://mori-news.example.jp/business/",
                    "https://mori-news.example.jp/atom/business.xml", "提携各社のビジネスニュース（newswatch 検証コーパス用の架空ポータル）"),
}

KO_BOILER = "[가온통신 제공] 이 기사는 모아뉴스 제휴 기사입니다. 저작권자 ⓒ 가온통신, 무단 전재 및 재배포 금지."
EN_BOILER = "<p><em>Originally published by Eastgate Newsline and republished by Circuit and Socket under licence. Sign up for our daily newsletter for more.</em></p>"
JA_BOILER = "※この記事は北斗日報の提供です。無断転載・複製を禁じます。"

S, M = "solden-volta", "minatoya-strike"

# key, feed, time (UTC), title, body paragraphs, story, event, kind, note, and for copies
# dup=key of the original; link=("key", "?query") for tracking copies.
ITEMS = []
def it(key, feed, when, title, body, story="no", event="-", kind="offstory", note="", dup=None, link=None):
    ITEMS.append(dict(key=key, feed=feed, when=datetime.strptime(when, "%Y-%m-%dT%H:%MZ").replace(tzinfo=timezone.utc),
                      title=title, body=body, story=story, event=event, kind=kind, note=note, dup=dup, linkof=link))
def orig(key):
    for x in ITEMS:
        if x["key"] == key:
            return x
    raise KeyError(key)

# ---- before the story: near-misses and off-story items ---------------------------------
it("OFF1", "newsline-en", "2028-03-01T08:00Z", "Asia-Europe container rates fall for a fifth straight week",
   ["The cost of shipping a 40-foot container from Shanghai to Rotterdam fell 6% this week, the fifth weekly decline in a row, as new vessels added capacity faster than demand grew.",
    "Freight forwarders expect rates to stabilise before the summer peak."])
it("N1", "newsline-en", "2028-03-02T06:00Z", "Solden Electronics posts record quarterly profit on TV and air conditioner sales",
   ["Solden Electronics said on Thursday its fourth-quarter operating profit rose 31% to a record 1.2 trillion won, helped by strong sales of large televisions and air conditioners.",
    "The South Korean appliance maker said it expected demand to soften in the first half of the year."],
   kind="nearmiss", note="Solden alone (earnings, no Volta)")
it("N2", "ko-agency", "2028-03-02T07:00Z", "[마감시황] 코스피 0.8% 오른 2,905.10…솔덴전자 3%대 상승",
   ["2일 코스피는 전 거래일보다 23.05포인트(0.80%) 오른 2,905.10에 장을 마쳤다. 기관이 2,140억원어치를 순매수했다. 가전 대형주 가운데 솔덴전자가 3.2% 올랐고, 코스닥지수는 0.4% 오른 851.77에 마감했다."],
   kind="nearmiss", note="templated market report; Solden alone")
it("N3", "jp-shimbun", "2028-03-03T02:00Z", "ソルデン電子、800ボルト対応のEV急速充電器を日本に投入",
   ["韓国ソルデン電子は3日、800ボルトの電気自動車に対応した急速充電器を日本で発売すると発表した。出力は最大350キロワットで、商業施設や高速道路のサービスエリア向けに販売する。"],
   kind="nearmiss", note="Solden alone; spelling trap ボルト is not the alias ボルタ")
it("N4", "gadget-en", "2028-03-03T15:00Z", "Hands-on: Solden Electronics' 800-volt fast charger is quick, and enormous",
   ["Solden Electronics' new charger takes a compatible car from 10% to 80% in 18 minutes, which is as fast as anything we have tested.",
    "It is also the size of a vending machine, and the high-voltage cabling needs a certified installer. Fine for a motorway services; not for your garage."],
   kind="nearmiss", note="Solden alone; spelling trap: 'voltage' and 'volt' must not match the alias Volta")
it("OFF2", "ko-econ", "2028-03-04T00:00Z", "2분기 전기요금 동결…연료비 조정단가 현 수준 유지",
   ["정부와 한국전력이 2분기 전기요금을 동결하기로 했다. 연료비 조정단가는 kWh당 5원으로 현 수준을 유지한다.",
    "국제 연료 가격이 안정세를 보이고 있다는 판단에서다."])
it("N5", "ko-econ", "2028-03-05T01:00Z", "솔덴전자, 로봇청소기 '볼트' 출시…물걸레 자동 세척",
   ["솔덴전자가 물걸레를 스스로 세척하고 말리는 로봇청소기 '볼트'를 5일 출시했다. 출고가는 149만원이다.",
    "솔덴전자는 올해 로봇청소기 판매 목표를 지난해의 두 배로 잡았다."],
   kind="nearmiss", note="Solden alone; spelling trap: 볼트 is not the alias 볼타")

# ---- R1: recall announced in Korea (6 Mar), first reported in Korean ---------------------
it("R1.ko", "ko-econ", "2028-03-06T00:30Z", "솔덴전자, 전동킥보드 '볼타 S3' 3만8천대 리콜…배터리 과열·화재 잇따라",
   ["솔덴전자가 배터리 과열 문제가 확인된 전동킥보드 '볼타 S3' 3만8000대를 자발적으로 리콜한다고 6일 밝혔다. 대상은 2026년 10월부터 국내에서 판매된 전 제품이다.",
    "충전 중 배터리가 과열됐다는 신고가 14건 접수됐고, 이 가운데 3건은 화재로 이어졌다. 솔덴전자는 소유자에게 배터리 팩을 무상으로 교체해 줄 계획이다."],
   S, "R1", "first", "recall announced (first reported in Korean)")
it("R1.koagency", "ko-agency", "2028-03-06T02:00Z", "솔덴전자 '볼타 S3' 전동킥보드 리콜…충전 중 발화 3건",
   ["솔덴전자는 전동킥보드 볼타 S3의 배터리 팩에서 과열 현상이 확인돼 국내 판매분 3만8000대를 리콜한다고 6일 발표했다.",
    "회사 측에 따르면 충전 중 과열 신고는 모두 14건이며, 3건은 불이 난 것으로 조사됐다. 배터리 팩은 무상 교체된다."],
   S, "R1", "coverage", "Korean agency, own words")
it("R1.koportal", "ko-portal", "2028-03-06T02:30Z", "\"충전하다 불났다\"…솔덴전자, 볼타 S3 3만8천대 리콜",
   orig("R1.koagency")["body"] + [KO_BOILER], S, "R1", "copy", "syndicated: new headline + boilerplate", dup="R1.koagency")
it("R1.wire", "newsline-en", "2028-03-06T04:00Z", "Solden Electronics recalls 38,000 Volta S3 e-scooters over battery fires",
   ["South Korea's Solden Electronics is recalling all 38,000 Volta S3 electric scooters sold in its home market since October 2026 after reports that their battery packs overheat while charging, the company said on Monday.",
    "Solden has received 14 reports of overheating, three of which led to fires. Owners will get a replacement battery pack free of charge."],
   S, "R1", "coverage", "English report of a Korean first")
it("R1.jp", "jp-shimbun", "2028-03-06T05:00Z", "韓国ソルデン電子、電動キックボード「ボルタS3」3万8000台をリコール",
   ["韓国の家電大手ソルデン電子は6日、電動キックボード「ボルタS3」のバッテリーが充電中に過熱する恐れがあるとして、韓国で販売した3万8000台をリコールすると発表した。2026年10月以降に販売した全台が対象となる。",
    "過熱の報告は14件あり、うち3件で火災が起きた。バッテリーパックを無償で交換する。"],
   S, "R1", "coverage", "Japanese report")
it("R1.jportal", "jp-portal", "2028-03-06T06:00Z", "充電中に発火、韓国で電動キックボード3万8000台リコール",
   ["電動キックボードの安全性に改めて疑問符が付いた。"] + orig("R1.jp")["body"],
   S, "R1", "copy", "syndicated: new headline + new first sentence", dup="R1.jp")
it("R1.gadgettrk", "gadget-en", "2028-03-06T09:00Z", orig("R1.wire")["title"],
   ["Via Eastgate Newsline: Solden Electronics recalls 38,000 Volta S3 scooters in South Korea."],
   S, "R1", "tracking", "link = wire link + utm_* (one-line blurb)", dup="R1.wire",
   link=("R1.wire", "?utm_source=circuitsocket&utm_medium=feed&utm_campaign=recall"))
it("OFF3", "jp-shimbun", "2028-03-08T03:00Z", "春季交渉、大手の初回回答で賃上げ率5%台　3年連続",
   ["春季労使交渉で大手企業の初回回答が8日までに出そろい、平均賃上げ率は5.1%と3年連続で5%台となった。",
    "中小企業への波及が今後の焦点となる。"],
   note="wage talks in general, no story names")
it("N6", "ko-agency", "2028-03-09T07:00Z", "[마감시황] 코스피 1.2% 내린 2,861.44…솔덴전자 2%대 하락",
   ["9일 코스피는 전 거래일보다 34.75포인트(1.20%) 내린 2,861.44에 장을 마쳤다. 외국인이 3,010억원어치를 순매도했다. 가전 대형주 가운데 솔덴전자가 2.6% 내렸고, 코스닥지수는 0.9% 내린 838.20에 마감했다."],
   kind="nearmiss", note="templated market report (not a copy of N2); Solden alone")

# ---- R2: recall widened to the US and Japan (13 Mar) + update: 145,000 (20 Mar) --------
it("R2.wire", "newsline-en", "2028-03-13T01:00Z", "Solden widens Volta S3 scooter recall to 120,000 units in US and Japan",
   ["Solden Electronics is expanding its recall of Volta S3 electric scooters to about 120,000 units worldwide, adding scooters sold in the United States and Japan to the 38,000 already recalled in South Korea, the company said.",
    "The scooters' lithium-ion battery packs can overheat while charging. Solden said owners should stop charging the scooters until the packs have been replaced."],
   S, "R2", "first", "recall widened")
it("R2.koagency", "ko-agency", "2028-03-13T02:00Z", "솔덴전자, 볼타 S3 리콜 미국·일본으로 확대…전 세계 12만대",
   ["솔덴전자가 전동킥보드 '볼타 S3' 리콜 대상을 미국과 일본 판매분까지 넓혀 전 세계 약 12만대로 확대한다고 13일 밝혔다. 앞서 국내에서 리콜한 3만8000대를 포함한 규모다.",
    "솔덴전자는 배터리 팩을 교체하기 전까지 충전을 중단해 달라고 당부했다."],
   S, "R2", "coverage", "Korean agency, translated wire copy")
it("R2.koportal", "ko-portal", "2028-03-13T02:40Z", "솔덴전자 볼타 리콜, 해외로 번졌다",
   [orig("R2.koagency")["body"][0]], S, "R2", "copy", "syndicated: new headline, cut to the first sentences", dup="R2.koagency")
it("R2.gadget", "gadget-en", "2028-03-13T03:00Z", "Solden's scooter recall goes global",
   orig("R2.wire")["body"] + [EN_BOILER], S, "R2", "copy", "syndicated: new headline + boilerplate", dup="R2.wire")
it("R2.jp", "jp-shimbun", "2028-03-13T04:00Z", "ソルデン電子、ボルタS3のリコールを日米に拡大　計12万台",
   ["韓国ソルデン電子は13日、電動キックボード「ボルタS3」のリコールを日本と米国で販売した分にも広げ、対象を世界で約12万台に拡大すると発表した。韓国で先行してリコールした3万8000台を含む。",
    "バッテリーパックを交換するまで充電を控えるよう利用者に呼びかけている。"],
   S, "R2", "coverage", "")
it("R2.ko", "ko-econ", "2028-03-13T09:00Z", "볼타 S3 리콜 일주일 만에 12만대로…솔덴전자 '충전 중단' 당부",
   ["국내에서 시작된 솔덴전자의 전동킥보드 리콜이 일주일 만에 해외로 번졌다. 솔덴전자는 미국과 일본에서 팔린 볼타 S3까지 리콜 대상에 넣어 전체 규모가 약 12만대가 됐다고 13일 밝혔다.",
    "회사는 배터리 팩 교체 전까지 제품을 충전하지 말라고 안내했다."],
   S, "R2", "coverage", "own text")
it("RH1", "gadget-en", "2028-03-16T14:00Z", "Own a Volta S3? Here's what Solden's recall means for you",
   ["If you bought a Volta S3 scooter in the US, Japan or South Korea, it is part of Solden Electronics' recall, which now covers about 120,000 units.",
    "The advice is simple: stop charging it, and wait for Solden to contact you about a replacement battery pack. Do not try to swap the pack yourself."],
   S, "R2", "rehash", "explainer, no new fact")
it("N7", "newsline-en", "2028-03-17T09:00Z", "Italy's Volta Motori recalls 9,000 e-bikes over cracked brake levers",
   ["Volta Motori, the Milan-based maker of electric bicycles, is recalling about 9,000 bikes sold in Europe and Japan because a brake lever can crack under hard braking, the company said on Friday.",
    "No injuries have been reported. Dealers will replace the levers free of charge."],
   kind="nearmiss", note="Volta alone (another company), and a recall: must not match")
it("N8", "jp-shimbun", "2028-03-18T02:00Z", "伊ボルタ・モトーリ、電動自転車9000台をリコール　日本でも",
   ["イタリアの電動自転車メーカー、ボルタ・モトーリは、ブレーキレバーが割れる恐れがあるとして、欧州と日本で販売した約9000台をリコールすると発表した。",
    "けが人は出ていない。販売店でレバーを無償交換する。"],
   kind="nearmiss", note="ボルタ alone (another company), and a recall: must not match")
it("R2.wire2", "newsline-en", "2028-03-20T01:00Z", "Solden widens Volta S3 scooter recall to 145,000 units in US and Japan",
   ["Solden Electronics is expanding its recall of Volta S3 electric scooters to about 145,000 units worldwide, adding scooters sold in the United States and Japan to the 38,000 already recalled in South Korea, the company said.",
    "The scooters' lithium-ion battery packs can overheat while charging. Solden said owners should stop charging the scooters until the packs have been replaced."],
   S, "R2", "update", "same template, only the figure changed (120,000 -> 145,000): an update, not a copy")
it("R2.koagency2", "ko-agency", "2028-03-20T03:00Z", "솔덴전자, 볼타 S3 리콜 미국·일본으로 확대…전 세계 14만5000대",
   ["솔덴전자가 전동킥보드 '볼타 S3' 리콜 대상을 미국과 일본 판매분까지 넓혀 전 세계 약 14만5000대로 확대한다고 20일 밝혔다. 앞서 국내에서 리콜한 3만8000대를 포함한 규모다.",
    "솔덴전자는 배터리 팩을 교체하기 전까지 충전을 중단해 달라고 당부했다."],
   S, "R2", "coverage", "Korean template with the new figure (14만5000 = 145,000): coverage of the update, not a copy of R2.koagency")

# ---- R3: Japan's trade ministry investigates (24 Mar), first reported in Japanese -------
it("R3.jp", "jp-shimbun", "2028-03-24T01:00Z", "経産省、ソルデン電子を調査　ボルタS3の発火7件、住宅火災で1人けが",
   ["経済産業省は24日、韓国ソルデン電子の電動キックボード「ボルタS3」による発火事故が国内で7件起きたとして、消費生活用製品安全法に基づき同社の日本法人に報告を求めたと発表した。",
    "7件のうち1件は集合住宅の火災に発展し、住人1人が軽いけがをした。同省は4月10日までに事故原因と再発防止策を報告するよう求めている。"],
   S, "R3", "first", "regulator probe (first reported in Japanese)")
it("R3.jportal", "jp-portal", "2028-03-24T02:00Z", orig("R3.jp")["title"],
   ["経済産業省は24日、韓国ソルデン電子の電動キックボード「ボルタS3」による発火事故が国内で7件起きたとして、消費生活用製品安全法に基づき同社の日本法人に報告を求めたことを明らかにした。",
    "7件のうち1件は集合住宅の火災に発展し、住人1人が軽傷を負った。同省は4月10日までに事故原因と再発防止策を報告するよう求めている。", JA_BOILER],
   S, "R3", "copy", "syndicated: two sentences edited + boilerplate (same headline)", dup="R3.jp")
it("R3.wire", "newsline-en", "2028-03-24T06:00Z", "Japan investigates Solden over seven Volta scooter fires",
   ["Japan's trade ministry has ordered Solden Electronics' Japanese unit to explain seven fires involving its Volta S3 electric scooters, including an apartment fire in which a resident was slightly injured, the ministry said on Friday.",
    "Solden must report the cause of the fires and how it will prevent more by 10 April."],
   S, "R3", "coverage", "")
it("R3.koagency", "ko-agency", "2028-03-24T07:30Z", "日 경산성, 솔덴전자 볼타 S3 화재 7건 조사 착수",
   ["일본 경제산업성이 솔덴전자 전동킥보드 '볼타 S3'와 관련해 일본에서 발생한 화재 7건을 조사하기 시작했다고 24일 밝혔다. 이 중 1건은 아파트 화재로 번져 주민 1명이 경상을 입었다.",
    "경제산업성은 솔덴전자 일본법인에 다음 달 10일까지 화재 원인과 재발 방지책을 보고하라고 요구했다."],
   S, "R3", "coverage", "")
it("R3.gadgettrk", "gadget-en", "2028-03-24T08:00Z", orig("R3.wire")["title"], orig("R3.wire")["body"],
   S, "R3", "tracking", "link = wire link + utm_* + fbclid (same title and text)", dup="R3.wire",
   link=("R3.wire", "?utm_source=circuitsocket&utm_medium=atom&utm_content=wire&fbclid=IwAR0sdvlt3x"))

# ---- R4: CEO apology (30 Mar), first reported in Korean + update: compensation figure ----
it("R4.ko", "ko-econ", "2028-03-30T01:00Z", "고개 숙인 솔덴전자 강태윤 대표 \"볼타 화재, 깊이 사과\"",
   ["강태윤 솔덴전자 대표가 30일 서울 본사에서 기자회견을 열고 전동킥보드 '볼타 S3' 화재 사고에 대해 공식 사과했다. 강 대표는 \"고객의 안전을 지키지 못했다\"며 고개를 숙였다.",
    "그는 리콜 대상 제품의 배터리 교체를 서두르고, 피해 고객을 위한 보상 방안을 조만간 내놓겠다고 밝혔다. 24시간 리콜 전담 상담센터도 운영하기로 했다."],
   S, "R4", "first", "CEO apology (first reported in Korean)")
it("R4.koagency", "ko-agency", "2028-03-30T02:00Z", "솔덴전자 대표 '볼타 S3 화재' 공식 사과…\"보상안 곧 발표\"",
   ["솔덴전자 강태윤 대표는 30일 기자회견에서 전동킥보드 볼타 S3 화재 사고와 관련해 \"고객과 사회에 심려를 끼쳐 죄송하다\"고 사과했다.",
    "강 대표는 배터리 교체를 신속히 진행하고 피해 고객 보상안을 곧 발표하겠다고 말했다. 리콜 전담 상담센터는 24시간 운영된다."],
   S, "R4", "coverage", "")
it("R4.koportal", "ko-portal", "2028-03-30T02:30Z", orig("R4.koagency")["title"],
   ["전동킥보드 화재로 곤욕을 치른 솔덴전자가 결국 고개를 숙였다."] + orig("R4.koagency")["body"],
   S, "R4", "copy", "syndicated: a new first sentence in front (same headline)", dup="R4.koagency")
it("R4.wire", "newsline-en", "2028-03-30T05:00Z", "Solden chief apologises for Volta scooter fires, promises compensation",
   ["Solden Electronics chief executive Kang Tae-yoon apologised on Thursday for fires involving the company's Volta S3 electric scooters and said compensation for affected customers would be announced soon.",
    "Kang told a news conference in Seoul that replacement of battery packs would be speeded up. Solden has also set up a round-the-clock recall hotline."],
   S, "R4", "coverage", "English report; the CEO's romanised name is not a new fact")
it("R4.jp", "jp-shimbun", "2028-03-30T06:00Z", "ソルデン電子の姜泰潤社長が謝罪　ボルタS3の発火事故で",
   ["韓国ソルデン電子の姜泰潤（カン・テユン）社長は30日、ソウルの本社で記者会見を開き、電動キックボード「ボルタS3」の発火事故について謝罪した。",
    "被害を受けた顧客への補償策を近く発表するとし、バッテリー交換を急ぐ考えを示した。リコール専用の相談窓口は24時間対応とする。"],
   S, "R4", "coverage", "")
it("R4.gadget", "gadget-en", "2028-03-30T07:00Z", "Solden's CEO says sorry over Volta S3 fires",
   ["Solden Electronics chief executive Kang Tae-yoon apologised on Thursday for fires involving the company's Volta S3 e-scooters and said compensation for affected owners would be announced soon.",
    "Kang told reporters in Seoul that replacement of battery packs would be speeded up. Solden has also set up a round-the-clock recall hotline.", EN_BOILER],
   S, "R4", "copy", "syndicated: new headline, two sentences edited, boilerplate", dup="R4.wire")
it("R4.koagency2", "ko-agency", "2028-03-31T05:00Z", "솔덴전자, 볼타 S3 구매자 전원에 20만원 보상…화재 피해는 별도 배상",
   ["솔덴전자가 전동킥보드 '볼타 S3' 리콜 대상 제품 구매자 전원에게 1인당 20만원 상당의 보상을 하기로 했다고 31일 밝혔다. 강태윤 대표가 전날 사과하며 약속한 보상안이다.",
    "화재로 재산이나 신체 피해를 입은 고객에게는 별도로 실비를 배상한다."],
   S, "R4", "update", "new figure (20만원 per owner) for the promised compensation, in Korean")
it("R4.wire2", "newsline-en", "2028-03-31T08:00Z", "Solden to pay Volta S3 owners 200,000 won each",
   ["Solden Electronics will give every owner of a recalled Volta S3 scooter compensation worth 200,000 won (about $150), the company said on Friday, a day after its chief executive apologised for fires involving the scooters.",
    "Customers whose property was damaged or who were injured will be compensated separately for their actual losses."],
   S, "R4", "coverage", "English coverage of the Korean update (200,000 won = 20만원; $150 a conversion)")

# ---- M1: strike vote (3 Apr), first reported in Japanese ---------------------------------
it("M1.jp", "jp-shimbun", "2028-04-03T03:00Z", "ミナトヤ重工労組、ストライキ権を確立　賛成92%",
   ["ミナトヤ重工の労働組合は3日、組合員約4200人を対象にした投票で92%がストライキ権の確立に賛成したと発表した。",
    "組合は6%の賃上げを求めており、会社側は3%を提示している。交渉が決裂すれば、来週にも長崎県の浜中造船所でストライキに入る構えだ。"],
   M, "M1", "first", "strike vote (first reported in Japanese)")
it("M1.wire", "newsline-en", "2028-04-03T07:00Z", "Minatoya Heavy union votes to authorise strike at shipyard",
   ["Workers at Minatoya Heavy Industries voted by 92% to authorise a strike, their union said on Monday, after the Japanese shipbuilder offered a 3% pay rise against the union's demand of 6%.",
    "The union, which represents about 4,200 workers, said it could walk out at the Hamanaka shipyard in Nagasaki as early as next week."],
   M, "M1", "coverage", "")
it("M1.koagency", "ko-agency", "2028-04-03T08:00Z", "日 미나토야중공업 노조, 파업 찬반투표 92% 찬성",
   ["일본 조선업체 미나토야중공업 노동조합이 조합원 약 4200명을 대상으로 한 파업 찬반투표에서 92%가 찬성했다고 3일 밝혔다.",
    "노조는 6% 임금 인상을 요구하고 있으나 회사는 3%를 제시했다. 협상이 결렬되면 이르면 다음 주 나가사키현 하마나카 조선소에서 파업에 들어갈 수 있다."],
   M, "M1", "coverage", "")
it("OFF4", "ko-agency", "2028-04-04T01:00Z", "한은, 기준금리 연 2.75% 동결…\"물가 둔화 더 지켜봐야\"",
   ["한국은행 금융통화위원회가 4일 기준금리를 연 2.75%로 동결했다. 세 차례 연속 동결이다.",
    "총재는 물가 상승률이 목표 수준으로 내려오는지 더 지켜봐야 한다고 말했다."])
it("OFF4.copy", "ko-portal", "2028-04-04T01:30Z", orig("OFF4")["title"], orig("OFF4")["body"],
   kind="copy", note="exact copy of an off-story item", dup="OFF4")

# ---- R5: US class action (7 Apr) + update: $310 million sought (21 Apr) ------------------
it("R5.wire", "newsline-en", "2028-04-07T18:00Z", "Volta S3 owners sue Solden in US class action over scooter fires",
   ["Owners of Volta S3 electric scooters have filed a proposed class action against Solden Electronics in federal court in San Francisco, accusing the South Korean company of selling the scooters despite knowing their batteries could overheat.",
    "The lawsuit, filed on Friday by four owners, seeks unspecified damages. Solden said it would defend itself and was focused on completing the recall."],
   S, "R5", "first", "class action filed")
it("R5.koagency", "ko-agency", "2028-04-08T01:00Z", "美서 솔덴전자 상대 '볼타 S3' 집단소송 제기",
   ["전동킥보드 '볼타 S3' 소유자들이 미국 샌프란시스코 연방법원에 솔덴전자를 상대로 집단소송을 제기했다고 외신이 8일 보도했다.",
    "원고 4명은 솔덴전자가 배터리 과열 가능성을 알면서도 제품을 팔았다고 주장했다. 손해배상 청구액은 명시하지 않았다. 솔덴전자는 리콜 완료에 집중하겠다며 소송에 대응하겠다고 밝혔다."],
   S, "R5", "coverage", "translated wire copy")
it("R5.koportaltrk", "ko-portal", "2028-04-08T01:30Z", orig("R5.koagency")["title"], orig("R5.koagency")["body"],
   S, "R5", "tracking", "link = ko-agency link + utm_* (same title and text)", dup="R5.koagency",
   link=("R5.koagency", "?utm_source=moa&utm_medium=rss&utm_campaign=newsstand"))
it("R5.jp", "jp-shimbun", "2028-04-08T03:00Z", "「ＶＯＬＴＡ」利用者、ソルデン電子を米国で集団提訴",
   ["韓国ソルデン電子の電動キックボード「ＶＯＬＴＡ　Ｓ３」の利用者4人が7日、同社を相手取り、米サンフランシスコの連邦地裁に集団訴訟を起こした。",
    "バッテリーの過熱の恐れを知りながら販売したと主張している。賠償請求額は明らかにしていない。"],
   S, "R5", "coverage", "full-width Latin ＶＯＬＴＡ is the only Volta alias (must match Volta)")

# ---- M2: strike begins (10 Apr), first reported in English -------------------------------
it("M2.wire", "newsline-en", "2028-04-10T00:00Z", "Minatoya Heavy workers begin strike at Hamanaka shipyard",
   ["About 4,200 workers at Minatoya Heavy Industries went on strike at the company's Hamanaka shipyard on Monday after wage talks broke down, halting work on three LNG carriers, the union said.",
    "It is the Japanese shipbuilder's first strike in 31 years."],
   M, "M2", "first", "strike begins")
it("M2.jp", "jp-shimbun", "2028-04-10T01:30Z", "ミナトヤ重工、浜中造船所でストライキ突入　31年ぶり",
   ["ミナトヤ重工の労働組合は10日、賃金交渉の決裂を受け、浜中造船所でストライキに入った。参加者は約4200人で、同社でのストライキは31年ぶり。",
    "建造中のLNG運搬船3隻の作業が止まっている。"],
   M, "M2", "coverage", "")
it("M2.jportal", "jp-portal", "2028-04-10T02:30Z", "造船大手で31年ぶりスト、LNG船3隻の建造止まる",
   orig("M2.jp")["body"] + [JA_BOILER], M, "M2", "copy", "syndicated: new headline + boilerplate", dup="M2.jp")
it("M2.ko", "ko-econ", "2028-04-10T06:00Z", "日 미나토야 중공업 31년 만에 파업…LNG선 3척 건조 차질",
   ["일본 조선사 미나토야 중공업 노조가 임금 협상 결렬로 10일 하마나카 조선소에서 파업에 돌입했다. 이 회사에서 파업이 벌어진 것은 31년 만이다.",
    "파업에는 약 4200명이 참여했으며, 건조 중인 LNG 운반선 3척의 작업이 멈췄다."],
   M, "M2", "coverage", "spacing variant 미나토야 중공업 (must match 미나토야중공업)")

# ---- R6: cause identified (14 Apr), first reported in Japanese ---------------------------
it("R6.jp", "jp-shimbun", "2028-04-14T02:00Z", "ボルタS3の発火、原因は電池セルの欠陥　ソルデン電子が経産省に報告",
   ["韓国ソルデン電子の日本法人は14日、電動キックボード「ボルタS3」の発火事故について、韓国の電池メーカー、ハヌルセルが供給した電池セルのセパレーター（絶縁膜）の欠陥が原因だったとする報告書を経済産業省に提出した。",
    "問題のセルは2026年6～12月にハヌルセルの1つの生産ラインで製造されたという。"],
   S, "R6", "first", "cause identified (first reported in Japanese)")
it("R6.jportal", "jp-portal", "2028-04-14T03:00Z", "発火の原因は電池セル　ボルタS3でソルデン電子が報告",
   [orig("R6.jp")["body"][0]], S, "R6", "copy", "syndicated: new headline, cut to the first sentence", dup="R6.jp")
it("R6.wire", "newsline-en", "2028-04-14T06:00Z", "Solden blames supplier's battery cells for Volta scooter fires",
   ["Solden Electronics said a defect in the separator of battery cells supplied by South Korea's Hanul Cell caused the fires involving its Volta S3 electric scooters, in a report its Japanese unit filed with Japan's trade ministry on Friday.",
    "The faulty cells were made on a single Hanul Cell production line between June and December 2026, Solden said."],
   S, "R6", "coverage", "")
it("R6.koagency", "ko-agency", "2028-04-14T07:00Z", "솔덴전자 \"볼타 S3 화재 원인은 한울셀 배터리 셀 결함\"",
   ["솔덴전자는 전동킥보드 '볼타 S3' 화재의 원인이 한울셀이 공급한 배터리 셀의 분리막 결함으로 확인됐다고 14일 밝혔다. 이 같은 내용의 보고서는 일본 경제산업성에 제출됐다.",
    "문제의 셀은 2026년 6월부터 12월까지 한울셀의 한 생산라인에서 만들어진 것으로 조사됐다."],
   S, "R6", "coverage", "")
it("R6.koportal", "ko-portal", "2028-04-14T07:40Z", orig("R6.koagency")["title"],
   ["솔덴전자는 전동킥보드 '볼타 S3' 화재의 원인이 한울셀이 공급한 배터리 셀의 분리막 결함으로 드러났다고 14일 밝혔다. 이 같은 내용의 보고서는 일본 경제산업성에 제출됐다.",
    "문제의 셀은 2026년 6월부터 12월까지 한울셀의 한 생산라인에서 만들어진 것으로 파악됐다.", KO_BOILER],
   S, "R6", "copy", "syndicated: two sentences edited + boilerplate (same headline)", dup="R6.koagency")
it("RH2", "jp-shimbun", "2028-04-17T02:00Z", "【解説】ボルタS3の発火、なぜ電池セルの欠陥は見逃されたのか",
   ["ソルデン電子の電動キックボード「ボルタS3」の発火事故は、ハヌルセル製の電池セルのセパレーターの欠陥が原因だった。問題のセルは2026年後半、1つのラインで作られていた。",
    "完成品メーカーが部品の品質をどこまで検証すべきか。今回のリコールは、電池を外部から調達する家電メーカー全体に重い課題を突きつけている。"],
   S, "R6", "rehash", "analysis, no new fact")
it("RH3", "ko-econ", "2028-04-18T00:00Z", "[분석] 솔덴전자 '볼타 사태'…리콜에서 소송까지",
   ["이달 초 국내 3만8000대 리콜로 시작된 솔덴전자 전동킥보드 '볼타 S3' 사태가 좀처럼 가라앉지 않고 있다. 리콜은 미국과 일본으로 번져 14만5000대로 늘었고, 일본 경제산업성 조사와 미국 집단소송이 뒤따랐다.",
    "원인은 한울셀 배터리 셀의 분리막 결함으로 드러났다. 업계는 솔덴전자가 부품 검증 체계를 어떻게 바꿀지 주목하고 있다."],
   S, "-", "rehash", "timeline of the saga so far, no new fact")

# ---- R5 update: damages sought (21 Apr) --------------------------------------------------
it("R5.wire2", "newsline-en", "2028-04-21T17:00Z", "Volta scooter owners seek $310 million from Solden in US lawsuit",
   ["Owners of Volta S3 electric scooters suing Solden Electronics in the United States are seeking $310 million in damages, according to an amended complaint filed in federal court in San Francisco on Friday.",
    "The proposed class action, first filed by four owners this month, now has 11 named plaintiffs."],
   S, "R5", "update", "new figures ($310 million, 11 plaintiffs) for the class action")

# ---- M3: wage deal ends the strike (22 Apr), first reported in Japanese -----------------
it("M3.jp", "jp-shimbun", "2028-04-22T03:00Z", "ミナトヤ重工、労使が4.5%賃上げで合意　ストライキ12日で終結",
   ["ミナトヤ重工の労使は22日、基本給を4.5%引き上げることで合意した。労働組合は浜中造船所でのストライキを終え、24日から操業を再開する。",
    "ストライキは12日間続いた。"],
   M, "M3", "first", "wage deal ends the strike (first reported in Japanese)")
it("R5.ko", "ko-econ", "2028-04-22T04:30Z", "볼타 S3 美 집단소송, 청구액 3억1000만달러로…원고 11명",
   ["미국에서 솔덴 전자를 상대로 전동킥보드 '볼타 S3' 집단소송을 낸 소유자들이 손해배상 청구액을 3억1000만달러(약 4200억원)로 정했다. 샌프란시스코 연방법원에 제출된 수정 소장에 따르면 원고도 11명으로 늘었다.",
    "솔덴 전자는 소송에 성실히 대응하겠다는 입장이다."],
   S, "R5", "coverage", "Korean coverage of the update (3억1000만달러 = $310 million); spacing variant 솔덴 전자")
it("M3.wire", "newsline-en", "2028-04-22T06:00Z", "Minatoya Heavy strike ends with 4.5% pay deal",
   ["Minatoya Heavy Industries and its union agreed on Saturday to raise base pay by 4.5%, ending a 12-day strike at the Hamanaka shipyard, the company said.",
    "Work at the yard will resume on Monday."],
   M, "M3", "coverage", "")
it("M3.koagency", "ko-agency", "2028-04-22T07:00Z", "日 미나토야중공업 노사, 임금 4.5% 인상 합의…12일 만에 파업 종료",
   ["일본 미나토야중공업 노사가 기본급을 4.5% 올리기로 22일 합의했다. 이에 따라 하마나카 조선소 파업은 12일 만에 끝났다.",
    "조업은 24일 재개된다."],
   M, "M3", "coverage", "")
it("N9", "newsline-en", "2028-04-26T02:00Z", "Minatoya Heavy strikes $1.1 billion deal to build four LNG carriers",
   ["Minatoya Heavy Industries has signed a $1.1 billion contract to build four liquefied natural gas carriers for a Singapore-based shipping group, the company said on Wednesday.",
    "The ships are due for delivery in 2031 and 2032."],
   kind="nearmiss", note="Minatoya alone; spelling trap: 'strikes' (a deal) must not match the alias strike")
it("N10", "ko-agency", "2028-04-27T03:00Z", "부산항 화물 운송 노조 파업 사흘째…컨테이너 반출 차질",
   ["부산항 화물 운송 노조의 파업이 27일로 사흘째를 맞으면서 컨테이너 반출입에 차질이 빚어지고 있다.",
    "부두 장치율은 평소보다 10%포인트가량 높아졌다."],
   kind="nearmiss", note="파업 alone (another strike, no Minatoya)")

# ---- R7: Korean regulator's fine (2 May), first reported in Korean -----------------------
it("R7.koagency", "ko-agency", "2028-05-02T01:00Z", "공정위, 솔덴전자에 과징금 48억원…'볼타 S3' 허위광고·판매 강행",
   ["공정거래위원회는 전동킥보드 '볼타 S3'를 '화재 걱정 없는 배터리'라고 광고한 솔덴전자에 과징금 48억원을 부과한다고 2일 밝혔다.",
    "공정위는 솔덴전자가 2027년 11월 첫 과열 신고를 받고도 4개월 가까이 판매를 이어갔다고 판단했다."],
   S, "R7", "first", "fine (first reported in Korean)")
it("R7.koportal", "ko-portal", "2028-05-02T01:30Z", "'화재 걱정 없다'더니…솔덴전자 과징금 48억",
   orig("R7.koagency")["body"] + [KO_BOILER], S, "R7", "copy", "syndicated: new headline + boilerplate", dup="R7.koagency")
it("R7.ko", "ko-econ", "2028-05-02T03:00Z", "솔덴전자, 볼타 허위광고로 과징금 48억원 맞아",
   ["솔덴전자가 전동킥보드 '볼타 S3'에 '화재 걱정 없는 배터리'를 달았다고 광고한 것이 허위·과장 광고로 판단돼 공정거래위원회로부터 과징금 48억원을 부과받았다.",
    "공정위는 솔덴전자가 2027년 11월 첫 과열 신고를 받은 뒤에도 판매를 계속한 점을 문제 삼았다."],
   S, "R7", "coverage", "")
it("R7.wire", "newsline-en", "2028-05-02T05:00Z", "South Korea fines Solden 4.8 billion won over Volta scooter ads",
   ["South Korea's Fair Trade Commission fined Solden Electronics 4.8 billion won ($3.6 million) for advertising its Volta S3 electric scooters as having a battery with no fire risk, the regulator said on Tuesday.",
    "Solden kept selling the scooters for almost four months after receiving the first overheating report in November 2027, the commission said."],
   S, "R7", "coverage", "4.8 billion won = 48억원; $3.6 million a conversion")
it("R7.jp", "jp-shimbun", "2028-05-02T06:00Z", "韓国公取委、ソルデン エレクトロニクスに課徴金48億ウォン　ボルタS3の虚偽広告で",
   ["韓国公正取引委員会は2日、電動キックボード「ボルタS3」を「火災の心配がない電池」と宣伝したのは虚偽広告にあたるとして、ソルデン エレクトロニクスに48億ウォン（約5億円）の課徴金を科すと発表した。",
    "2027年11月に最初の過熱報告を受けた後も4カ月近く販売を続けたと認定した。"],
   S, "R7", "coverage", "spacing variant ソルデン エレクトロニクス for the alias ソルデン・エレクトロニクス (the only Solden alias here)")
it("R7.jportaltrk", "jp-portal", "2028-05-02T07:00Z", orig("R7.jp")["title"], orig("R7.jp")["body"],
   S, "R7", "tracking", "link = jp-shimbun link + utm_* (same title and text)", dup="R7.jp",
   link=("R7.jp", "?utm_source=mori&utm_medium=referral&utm_campaign=hokuto"))
it("RH4", "gadget-en", "2028-05-05T15:00Z", "Solden's Volta S3 recall, from first fire to fine: a timeline",
   ["March 6: Solden Electronics recalls 38,000 Volta S3 scooters in South Korea. March 13: the recall goes to the US and Japan; a week later it covers 145,000 units. March 30: chief executive Kang Tae-yoon apologises.",
    "April: owners sue in San Francisco, seeking $310 million, and Solden blames separator defects in Hanul Cell battery cells. May 2: South Korea fines the company 4.8 billion won."],
   S, "-", "rehash", "timeline of the whole saga, no new fact")
it("N11", "jp-shimbun", "2028-05-08T06:00Z", "ミナトヤ重工、1～3月期は最終黒字　LNG船の採算改善",
   ["ミナトヤ重工が8日発表した2028年1～3月期の連結決算は、最終損益が42億円の黒字（前年同期は15億円の赤字）だった。",
    "液化天然ガス（LNG）運搬船の採算が改善した。"],
   kind="nearmiss", note="Minatoya alone (earnings, no strike)")
it("N12", "ko-econ", "2028-05-09T01:00Z", "솔덴식품, 에너지음료 '볼타' 5만캔 자진 회수…이물질 혼입",
   ["솔덴식품이 일부 제품에서 이물질이 발견된 에너지음료 '볼타' 5만캔을 자진 회수한다고 9일 밝혔다.",
    "회수 대상은 3월 생산분으로, 구입처에서 환불받을 수 있다."],
   kind="nearmiss", note="same names, other story: 솔덴식품 (not 솔덴전자) recalls its drink 볼타")
it("N13", "newsline-en", "2028-05-10T07:00Z", "Seoul stocks close higher; Solden Electronics up 2.3%",
   ["South Korean shares ended higher on Wednesday. The KOSPI rose 0.7% to 2,944.18, with Solden Electronics up 2.3% and Nuri Chemical adding 1.1%. Foreign investors were net buyers of 180 billion won of shares."],
   kind="nearmiss", note="templated market report; Solden alone")
it("N14", "newsline-en", "2028-05-12T07:00Z", "Seoul stocks close lower; Solden Electronics down 1.4%",
   ["South Korean shares ended lower on Friday. The KOSPI fell 0.5% to 2,921.60, with Solden Electronics down 1.4% and Nuri Chemical shedding 0.8%. Foreign investors were net sellers of 95 billion won of shares."],
   kind="nearmiss", note="templated market report (not a copy of N13)")
it("N15", "jp-portal", "2028-05-12T08:00Z", "【アジア株】ソウル市場は反落、ソルデン電子が1.4%安",
   ["12日のソウル株式市場で総合株価指数（KOSPI）は反落し、前日比0.5%安の2921.60で取引を終えた。家電大手のソルデン電子が1.4%安、化学のヌリ化学が0.8%安。外国人投資家は950億ウォンを売り越した。"],
   kind="nearmiss", note="templated market report in Japanese; Solden alone")

# ---- R8: sales resume in Japan with a new battery (16 May), first reported in Japanese ----
it("R8.jp", "jp-shimbun", "2028-05-16T02:00Z", "ソルデン電子、新型電池の「ボルタS3R」で日本での販売再開",
   ["韓国ソルデン電子の日本法人は16日、電池セルを全面的に見直した電動キックボード「ボルタS3R」を6月1日に発売し、日本での販売を再開すると発表した。価格は8万9800円。",
    "新型はハヌルセル以外のメーカーのセルを採用し、第三者機関の安全認証を取得したという。"],
   S, "R8", "first", "sales resume with a new model (first reported in Japanese)")
it("R8.jportal", "jp-portal", "2028-05-16T03:00Z", "ボルタ、日本で販売再開へ　新型電池の「S3R」",
   orig("R8.jp")["body"] + [JA_BOILER], S, "R8", "copy", "syndicated: new headline + boilerplate", dup="R8.jp")
it("R8.wire", "newsline-en", "2028-05-16T06:00Z", "Solden to resume Volta scooter sales in Japan with new battery",
   ["Solden Electronics will resume sales of its Volta electric scooters in Japan on 1 June with a redesigned model, the Volta S3R, priced at 89,800 yen, its Japanese unit said.",
    "The new model uses battery cells from a supplier other than Hanul Cell and has been certified by a third-party testing body."],
   S, "R8", "coverage", "")
it("R8.ko", "ko-econ", "2028-05-16T08:00Z", "솔덴전자, 일본서 '볼타 S3R'로 판매 재개…배터리 셀 교체",
   ["솔덴전자가 배터리 셀을 전면 교체한 전동킥보드 '볼타 S3R'을 다음 달 1일 일본에 출시하며 현지 판매를 재개한다고 16일 밝혔다. 가격은 8만9800엔이다.",
    "새 모델에는 한울셀이 아닌 다른 업체의 셀이 들어가며, 제3자 기관의 안전 인증을 받았다."],
   S, "R8", "coverage", "")
it("OFF5", "gadget-en", "2028-05-17T16:00Z", "Review: the Tamsin X2 earbuds fix last year's fit problem",
   ["The X2 sits deeper and lighter in the ear than its predecessor, and the noise cancelling is now good enough for a long flight.",
    "Battery life is unchanged at six hours, which is the one thing we wanted improved."])
it("OFF6", "jp-portal", "2028-05-18T01:00Z", "東証、半導体株の買い戻しで3日続伸",
   ["18日の東京株式市場で日経平均株価は3日続伸した。半導体関連株に買い戻しが入り、相場を押し上げた。"])

# ---------------------------------------------------------------------------------------
def assign_ids():
    serial = {f: 0 for f in FEEDS}
    for x in sorted(ITEMS, key=lambda x: x["when"]):
        f, t = x["feed"], x["when"]
        serial[f] += 1
        n = serial[f]
        ymd = t.astimezone(timezone(timedelta(hours=FEEDS[f][2]))).strftime("%Y%m%d")
        if f == "newsline-en":
            x["link"] = f"https://eastgate-news.example.com/{t:%Y/%m/%d}/{slug(x['title'])}"
            x["guid"] = f"EGN-{ymd}-{100 + n * 7:04d}"
        elif f == "gadget-en":
            x["link"] = f"https://circuitsocket.example.net/{t:%Y/%m}/{slug(x['title'])}"
            x["guid"] = f"tag:circuitsocket.example.net,2028:post-{3300 + n}"
        elif f == "ko-agency":
            x["link"] = x["guid"] = f"https://www.gaon-news.example.kr/article/GN{ymd}{n * 29:05d}"
        elif f == "ko-econ":
            x["link"] = f"https://www.saebyeok.example.kr/news/{ymd}/{500 + n * 17}"
            x["guid"] = f"tag:saebyeok.example.kr,2028:news-{ymd}-{500 + n * 17}"
        elif f == "ko-portal":
            # a portal link whose query string is the article's identity (not tracking)
            x["link"] = f"https://news.moa.example.kr/read?oid=gaon&aid={n * 101:07d}"
            x["guid"] = f"moa-{ymd}-{n * 101:07d}"
        elif f == "jp-shimbun":
            x["link"] = f"https://www.hokuto-nippo.example.jp/economy/{ymd}/{n:04d}.html"
            x["guid"] = f"hokuto-{ymd}-{n:04d}"
        elif f == "jp-portal":
            x["link"] = f"https://mori-news.example.jp/articles/{ymd}{n:04d}"
            x["guid"] = f"urn:mori-news:{ymd}:{n}"
    for x in ITEMS:
        if x["linkof"]:
            k, q = x["linkof"]
            x["link"] = orig(k)["link"] + q

def render(feed, items, built):
    return render_feed(feed, items, built, FEEDS, AUTHORS, CAP, "newswatch held-out corpus snapshot", 2021)


AUTHORS = {"newsline-en": "Dana Whitcombe", "gadget-en": "Circuit and Socket staff",
           "ko-agency": "정서윤 기자", "ko-econ": "문지후 기자", "ko-portal": "모아뉴스",
           "jp-shimbun": "高橋 結衣", "jp-portal": "ニュースの森編集部"}

def main():
    assign_ids()
    write_corpus(HERE, REL, "the held-out corpus", ITEMS, FEEDS, render, orig)


if __name__ == "__main__":
    main()
