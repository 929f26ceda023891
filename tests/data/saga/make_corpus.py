#!/usr/bin/python3
"""make_corpus.py — writes the SAGA labelled corpus in this folder: per-outlet snapshots
(OUTLET-N.xml), labels.tsv and replay.list, in the same layout and label conventions as
tests/data/corpus/ and tests/data/heldout/, on the story SPEC.md is written around: the
OpenAI / Microsoft saga (Nov 2023 board crisis, Dec 2023 New York Times lawsuit, Oct 2025
restructuring) as English, Korean and Japanese outlets would report it.

The companies, people, dates and the main facts are real; every text was written for
newswatch (no article was copied), and the outlets, bylines and URLs (example.com/.kr/.jp)
are invented. Some near-miss and off-story items are invented outright.

Run from anywhere:  /usr/bin/python3 tests/data/saga/make_corpus.py
Edit the ITEMS table, re-run, then replay and score (see README.md)."""
import os, re, sys
from datetime import datetime, timezone, timedelta

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from corpus_common import slug, render as render_feed, write_corpus  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
REL = "tests/data/saga"
CAP = 20  # a feed shows its newest 20 items

FEEDS = {
    # name: (format, lang, tz hours, title, site link, self url, description)
    "wire-en":   ("rss", "en", 0, "Meridian Wire — Technology", "https://meridianwire.example.com/technology",
                  "https://meridianwire.example.com/rss/technology.xml", "Technology news from Meridian Wire, an agency invented for the newswatch saga corpus."),
    "tech-en":   ("atom", "en", 0, "The Stack Ledger", "https://stackledger.example.com/",
                  "https://stackledger.example.com/feed/atom", "Tech industry news and analysis (an invented site for the newswatch saga corpus)."),
    "ko-wire":   ("rss", "ko", 9, "다온통신 - 국제·IT", "https://www.daon-news.example.kr/international",
                  "https://www.daon-news.example.kr/rss/international.xml", "다온통신 국제·IT 뉴스 (newswatch 코퍼스용 가상 통신사)"),
    "ko-daily":  ("atom", "ko", 9, "새빛일보 - IT·과학", "https://www.saebit.example.kr/it/",
                  "https://www.saebit.example.kr/atom/it.xml", "새빛일보 IT·과학면 (newswatch 코퍼스용 가상 일간지)"),
    "ko-portal": ("rss", "ko", 9, "바다뉴스 - 세계", "https://news.bada.example.kr/world",
                  "https://news.bada.example.kr/rss/world.xml", "바다뉴스 세계: 제휴 언론사 기사 모음 (newswatch 코퍼스용 가상 포털)"),
    "jp-daily":  ("atom", "ja", 9, "東都新報　テック", "https://www.toto-shimpo.example.jp/tech/",
                  "https://www.toto-shimpo.example.jp/atom/tech.xml", "東都新報のテクノロジーニュース（newswatch コーパス用の架空メディア）"),
    "jp-portal": ("rss", "ja", 9, "ニュースの泉　IT", "https://izumi-news.example.jp/it/",
                  "https://izumi-news.example.jp/rss/it.xml", "提携各社のITニュース（newswatch コーパス用の架空ポータル）"),
}

AUTHORS = {"wire-en": "Meridian Wire", "tech-en": "The Stack Ledger staff",
           "ko-wire": "다온통신", "ko-daily": "새빛일보 IT팀", "ko-portal": "바다뉴스",
           "jp-daily": "東都新報", "jp-portal": "ニュースの泉編集部"}

# ---- outlet boilerplate ------------------------------------------------------------------
SHARE = "<p>Share on X · Share on LinkedIn · Copy link</p>"
def EN_COPY(year):  # what tech-en appends to the wire copy it republishes
    return [f"<p><em>Copyright {year} Meridian Wire. All rights reserved. This material may not be published, "
            "broadcast, rewritten or redistributed without permission.</em></p>",
            "<p>Read more: <a href=\"https://stackledger.example.com/tag/ai/\">More from our AI desk</a></p>", SHARE]
KO_WIRE = "<저작권자(c) 다온통신, 무단 전재-재배포, AI 학습 및 활용 금지>"
KO_PORTAL = "[다온통신 제공] 바다뉴스는 제휴 언론사의 기사를 원문 그대로 싣습니다. ⓒ 다온통신. 무단전재 및 재배포 금지."
KO_DAILY = ("ⓒ 새빛일보(www.saebit.example.kr) 무단전재 및 재배포 금지 ▶ 새빛일보 앱 설치하고 실시간 속보 알림 받기 "
            "▶ 기사 제보: 카카오톡 '새빛일보 제보' 채널 또는 jebo@saebit.example.kr ▶ 포털에서 새빛일보를 구독하세요 "
            "▶ 오늘의 증시·환율·날씨 한눈에 보기 ▶ 새빛일보 유튜브 '새빛TV' 바로가기 ▶ 독자권익보호위원회 고충처리인 02-0000-0000")
JA_DAILY = ("東都新報デジタルでは、ニュース速報をアプリのプッシュ通知でお届けしています。有料会員になると全ての記事をお読みいただけます。"
            "記事・写真・図表の無断転載を禁じます。Copyright © The Toto Shimpo. All rights reserved.")
JA_PORTAL = "（提供：東都新報）ニュースの泉は提携各社の記事を配信しています。無断転載を禁じます。"

S = "openai-microsoft"

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
def text_of(key):  # an item's body without its outlet's footer (the last paragraph)
    return orig(key)["body"][:-1]

# ==== November 2023: before the story ======================================================
it("N1", "wire-en", "2023-11-06T19:10Z", "OpenAI unveils GPT-4 Turbo and do-it-yourself chatbots at first developer day",
   ["SAN FRANCISCO (Meridian) - OpenAI on Monday introduced GPT-4 Turbo, a cheaper version of its most capable model that can read the equivalent of about 300 pages of text in a single prompt, at its first conference for software developers.",
    "The ChatGPT maker also said users would be able to build their own versions of the chatbot, called GPTs, without writing code, and that it would open a store for them later this month. About 100 million people now use ChatGPT every week, the company said."],
   kind="nearmiss", note="OpenAI alone (no Microsoft, no Altman)")
it("N2", "jp-daily", "2023-11-07T02:00Z", "オープンAI、「GPT-4 Turbo」発表　料金下げ応答も高速に",
   ["【シリコンバレー=中村亮】米オープンAIは6日、初の開発者向け会議を開き、新しい大規模言語モデル「GPT-4 Turbo」を発表した。一度に読み込める文章量を大幅に増やし、利用料金は入力で3分の1に下げる。",
    "会場のデモでは音声応答の遅れが200ms前後に収まる場面もあった。プログラミングの知識がなくても独自のチャットボットを作れる「GPTs」も公開した。", JA_DAILY],
   kind="nearmiss", note="オープンAI alone; '200ms' (ms after a digit) must not match the alias MS")
it("OFF1", "tech-en", "2023-11-08T16:00Z", "Review: A Pebble-Sized Tracker That Finally Fixes Battery Anxiety",
   ["<p>The Roam Tag is the first item tracker we have tested that charges over USB-C and lasts a full year on a charge, and it fits on a keyring without adding bulk.</p>",
    "<p>Precision finding works to within a few centimetres on recent phones. The companion app is cluttered, and the $39 price is a little high for a four-pack.</p>", SHARE])
it("N3", "ko-wire", "2023-11-10T07:00Z", "[마감시황] 코스피, AI株 강세에 1%대 상승 마감",
   ["(서울=다온통신) 박서진 기자 = 10일 코스피는 전 거래일보다 1.07% 오른 2,437.18에 장을 마쳤다. 외국인이 3,120억원어치를 순매수하며 지수를 끌어올렸다.",
    "오픈AI가 개발자 회의에서 새 인공지능(AI) 모델을 공개한 뒤 국내 AI 소프트웨어주에 매수세가 몰렸다. 다음 주 MSCI 지수 정기 변경 발표를 앞두고 편입 후보 종목도 강세를 보였다.", KO_WIRE],
   kind="nearmiss", note="templated market report; 오픈AI alone; MSCI must not match the alias MS")
it("N4", "jp-portal", "2023-11-13T03:00Z", "ロバート・アルトマン監督の特集上映、都内で開幕　「M★A★S★H」など12本",
   ["米映画監督ロバート・アルトマンの作品を集めた特集上映が13日、東京都内のミニシアターで始まった。「M★A★S★H マッシュ」「ナッシュビル」など12本を4週間にわたって上映する。",
    "群像劇の名手として知られるアルトマン監督の没後17年に合わせた企画で、初日は満席となった。"],
   kind="nearmiss", note="アルトマン in another context (a film director), no オープンAI")
it("OFF2", "ko-wire", "2023-11-13T05:00Z", "16일 수능…수험생 50만4천여명 응시",
   ["(세종=다온통신) 유다인 기자 = 2024학년도 대학수학능력시험이 16일 전국 1천279개 시험장에서 치러진다. 응시자는 50만4천588명으로, 졸업생 비율이 28년 만에 가장 높다.",
    "수험생은 오전 8시 10분까지 시험장에 들어가야 한다. 교육부는 시험 당일 관공서와 기업의 출근 시간을 늦춰 달라고 당부했다.", KO_WIRE])
it("OFF2.copy", "ko-portal", "2023-11-13T05:30Z", orig("OFF2")["title"], orig("OFF2")["body"],
   kind="copy", note="exact copy of an off-story item (same title and text, own link)", dup="OFF2")
it("N5", "tech-en", "2023-11-15T17:30Z", "Microsoft Unveils Maia, Its First Home-Grown AI Chip",
   ["<p>Microsoft on Wednesday showed off Maia 100, an artificial-intelligence accelerator it designed itself, along with Cobalt 100, an Arm-based processor for everyday cloud work. Both will start arriving in its Azure data centres early next year.</p>",
    "<p>The chips put the company on the road Amazon and Google took years ago, building their own silicon to depend less on Nvidia. Pricing for the new Azure instances was not disclosed.</p>", SHARE],
   kind="nearmiss", note="Microsoft alone (its own AI chip)")
it("N6", "ko-daily", "2023-11-16T00:30Z", "마이크로소프트, 자체 AI 칩 '마이아 100' 공개…엔비디아 의존 줄인다",
   ["마이크로소프트(MS)가 자체 설계한 인공지능(AI) 가속기 '마이아 100'과 Arm 기반 중앙처리장치(CPU) '코발트 100'을 15일(현지시간) 공개했다. 두 칩은 내년 초부터 애저 데이터센터에 차례로 들어간다.",
    KO_DAILY],
   kind="nearmiss", note="마이크로소프트/MS alone; long stock footer")
it("OFF3", "jp-daily", "2023-11-16T06:00Z", "7～9月期GDP、年率2.1%減　3四半期ぶりマイナス",
   ["内閣府が15日発表した2023年7～9月期の国内総生産（GDP）速報値は、物価変動の影響を除いた実質で前期比0.5%減、年率換算で2.1%減だった。マイナス成長は3四半期ぶり。",
    "個人消費と設備投資がともに振るわなかった。", JA_DAILY])

# ==== E1: the board fires Altman (Fri 17 Nov 2023, 12:28 PT) ===============================
it("E1.wire", "wire-en", "2023-11-17T20:40Z", "OpenAI ousts CEO Sam Altman, says he was not candid with board",
   ["SAN FRANCISCO (Meridian) - OpenAI's board has removed Sam Altman as chief executive, saying a review found he had not been \"consistently candid in his communications\" with directors and that it no longer had confidence in his ability to lead the company, the ChatGPT maker said on Friday.",
    "Chief technology officer Mira Murati will serve as interim CEO while the board looks for a permanent successor. Greg Brockman, OpenAI's president and a co-founder, will step down as chairman of the board but stay with the company, the statement said.",
    "Microsoft, which has committed about $13 billion to OpenAI and builds its models into its own products, said it remained committed to the partnership. Microsoft shares fell 1.7% in the last half hour of trading after the announcement.",
    "Altman, 38, became the public face of the generative AI boom after ChatGPT launched a year ago. He wrote on X that he had loved his time at the company."],
   S, "E1", "first", "Altman fired")
it("E1.koflash", "ko-wire", "2023-11-17T21:05Z", "[속보] 오픈AI, 샘 알트먼 CEO 해임", [],
   S, "E1", "coverage", "headline-only flash")
it("E1.tech", "tech-en", "2023-11-17T21:30Z", "ChatGPT Maker Fires Sam Altman in Stunning Boardroom Move",
   orig("E1.wire")["body"] + EN_COPY(2023),
   S, "E1", "copy", "syndicated: new headline + 'Copyright 2023 ... All rights reserved.' / 'Read more:' / 'Share on X' footer", dup="E1.wire")
it("E1.kodaily", "ko-daily", "2023-11-17T22:00Z", "오픈AI, 샘 알트만 CEO 해임",
   ["챗GPT 개발사 오픈 AI 이사회가 17일(현지시간) 샘 알트만 최고경영자(CEO)를 전격 해임했다.", KO_DAILY],
   S, "E1", "coverage", "one sentence + long stock footer (footer dominates); 오픈 AI with a space; 샘 알트만")
it("E1.jpflash", "jp-daily", "2023-11-17T22:30Z", "オープンAI、アルトマンCEOを解任",
   ["米オープンAIは17日、サム・アルトマン最高経営責任者（CEO）を解任したと発表した。", JA_DAILY],
   S, "E1", "coverage", "one sentence + stock footer")
it("E1.kowire", "ko-wire", "2023-11-17T23:20Z", "오픈AI 이사회, 샘 알트먼 CEO 전격 해임…\"소통에 솔직하지 않았다\"",
   ["(샌프란시스코=다온통신) 이정민 특파원 = 챗GPT 개발사 오픈AI가 공동 창업자인 샘 알트먼 최고경영자(CEO)를 해임했다.",
    "오픈AI 이사회는 17일(현지시간) 성명을 내고 \"알트먼이 이사회와의 소통에서 일관되게 솔직하지 않았다\"며 \"회사를 계속 이끌 능력을 더는 신뢰하지 않는다\"고 밝혔다. 임시 CEO는 미라 무라티 최고기술책임자(CTO)가 맡는다.",
    "공동 창업자인 그레그 브로크먼 사장은 이사회 의장직에서 물러나되 회사에는 남는다. 오픈AI에 약 130억달러를 투자하기로 한 마이크로소프트(MS)는 \"오픈AI와의 장기 협력에 변함이 없다\"는 입장을 냈다.", KO_WIRE],
   S, "E1", "coverage", "Korean agency, translated wire facts")
it("E1.koportal", "ko-portal", "2023-11-18T00:10Z", "'챗GPT 아버지' 샘 얼트먼, 자기가 세운 회사서 쫓겨났다",
   orig("E1.kowire")["body"] + [KO_PORTAL],
   S, "E1", "copy", "syndicated: new headline (샘 얼트먼) + portal boilerplate", dup="E1.kowire")
it("E1.jp", "jp-daily", "2023-11-18T01:00Z", "米オープンAI、アルトマンCEOを電撃解任　「取締役会に率直でなかった」",
   ["【シリコンバレー=中村亮】対話型AI「ChatGPT」を手がける米オープンAIは17日、共同創業者のサム・アルトマン最高経営責任者（CEO）を解任したと発表した。取締役会は「コミュニケーションにおいて一貫して率直ではなかった」と理由を説明した。",
    "暫定CEOにはミラ・ムラティ最高技術責任者（CTO）が就く。グレッグ・ブロックマン社長は取締役会議長を退くが、社にはとどまる。",
    "同社に約130億ドルの出資を約束しているマイクロソフトは「長期的な提携を続ける」との声明を出した。", JA_DAILY],
   S, "E1", "coverage", "")
it("E1.jportal", "jp-portal", "2023-11-18T01:40Z", "ＣｈａｔＧＰＴの顔が突然の退場　オープンＡＩがアルトマン氏解任",
   text_of("E1.jp") + [JA_PORTAL],
   S, "E1", "copy", "syndicated: new headline (full-width ＯｐｅｎＡＩ), the daily's footer swapped for the portal's", dup="E1.jp")
it("E1.wire2", "wire-en", "2023-11-18T02:30Z", "OpenAI president Brockman quits after Altman ouster; senior researchers follow",
   ["SAN FRANCISCO (Meridian) - OpenAI president and co-founder Greg Brockman said late on Friday that he was quitting the company, hours after the board removed chief executive Sam Altman and took away Brockman's role as chairman.",
    "Three senior researchers, Jakub Pachocki, Aleksander Madry and Szymon Sidor, also resigned, according to people familiar with the matter. Brockman wrote on X that he and Altman had learned of the board's decision from chief scientist Ilya Sutskever in separate calls.",
    "Microsoft, OpenAI's biggest backer, declined to comment on the resignations."],
   S, "E1", "update", "new facts: Brockman quits, three named researchers resign")
it("E1.kowire2", "ko-wire", "2023-11-18T04:00Z", "오픈AI 브로크먼 사장도 사임…알트먼 해임 후폭풍",
   ["(샌프란시스코=다온통신) 이정민 특파원 = 샘 알트먼 오픈AI 최고경영자(CEO) 해임의 여파로 공동 창업자인 그레그 브로크먼 사장도 회사를 떠났다.",
    "브로크먼은 17일(현지시간) 엑스(X·옛 트위터)에 사임 사실을 알렸다. 야쿠프 파호츠키 등 선임 연구원 3명도 잇따라 사표를 냈다. 오픈AI의 최대 투자자인 마이크로소프트(MS)는 별도 입장을 내지 않았다.", KO_WIRE],
   S, "E1", "coverage", "Korean coverage of the update (transliterated names are not new facts)")

it("E1.jp2", "jp-daily", "2023-11-18T05:00Z", "ブロックマン社長も退社　オープンAI、幹部研究者3人も",
   ["米オープンAIの共同創業者グレッグ・ブロックマン社長は17日夜、サム・アルトマンCEOの解任を受けて退社すると表明した。ヤクブ・パホツキ氏ら幹部研究者3人も辞任した。",
    "同社の最大出資者であるマイクロソフトはコメントしていない。", JA_DAILY],
   S, "E1", "coverage", "Japanese coverage of the update")

# ==== E2: Microsoft hires Altman (Mon 20 Nov 2023, Nadella's post 07:53 UTC) ================
it("E2.kowire", "ko-wire", "2023-11-20T07:59Z", "MS, 오픈AI서 축출된 샘 알트먼 영입…\"새 AI 연구팀 이끈다\"",
   ["(서울=다온통신) 김하늘 기자 = 마이크로소프트(MS)가 오픈AI에서 해임된 샘 알트먼 전 최고경영자(CEO)와 그레그 브로크먼 전 사장을 영입했다.",
    "사티아 나델라 MS CEO는 20일 엑스(X)에 \"두 사람이 MS에 합류해 새 첨단 AI 연구팀을 이끌게 된다\"고 밝혔다. 오픈AI는 주말 동안 알트먼 복귀 협상이 무산되자 에멧 시어 전 트위치 CEO를 임시 CEO로 선임했다.", KO_WIRE],
   S, "E2", "first", "Microsoft hires Altman and Brockman; Shear interim CEO (first reported in Korean)")
it("E2.wire", "wire-en", "2023-11-20T08:10Z", "Microsoft hires Sam Altman to lead new AI research team after OpenAI exit",
   ["REDMOND, Washington (Meridian) - Microsoft has hired Sam Altman and Greg Brockman to lead a new advanced artificial intelligence research team, chief executive Satya Nadella said late on Sunday, two days after OpenAI's board pushed Altman out.",
    "Nadella wrote on X that Microsoft remained committed to its partnership with OpenAI and looked forward to getting to know its new leadership. OpenAI, meanwhile, named former Twitch chief Emmett Shear as interim CEO in place of Mira Murati after a weekend of failed talks to bring Altman back.",
    "\"The mission continues,\" Altman wrote in reply to Nadella's post."],
   S, "E2", "coverage", "English report of a Korean first (the same facts: Brockman, Shear)")
it("E2.jpflash", "jp-portal", "2023-11-20T08:30Z", "【速報】マイクロソフト、オープンAI前CEOのアルトマン氏を採用", [],
   S, "E2", "coverage", "headline-only flash")
it("E2.tech", "tech-en", "2023-11-20T09:00Z", orig("E2.wire")["title"],
   ["<p>Via Meridian Wire: Satya Nadella says Sam Altman and Greg Brockman are joining Microsoft to run a new AI research group.</p>"],
   S, "E2", "tracking", "link = wire link + utm_* (one-line blurb)", dup="E2.wire",
   link=("E2.wire", "?utm_source=stackledger&utm_medium=referral&utm_campaign=ai-briefing"))
it("E2.kodaily", "ko-daily", "2023-11-20T09:30Z", "MS, 샘 알트만 영입…오픈 AI 사태 새 국면",
   ["마이크로소프트(MS)가 오픈 AI에서 쫓겨난 샘 알트만 전 CEO를 영입해 새 AI 연구 조직을 맡긴다.", KO_DAILY],
   S, "E2", "coverage", "one sentence + long stock footer")
it("E2.techown", "tech-en", "2023-11-20T09:45Z", "Microsoft Snaps Up Sam Altman and Greg Brockman for a New AI Lab",
   ["<p>Sam Altman has a new employer. Three days after OpenAI's board fired him, Satya Nadella announced overnight that Altman and Greg Brockman would run a new advanced AI research group inside Microsoft.</p>",
    "<p>OpenAI is not going back. Its board passed over Mira Murati and handed the interim job to Emmett Shear, who ran Twitch until earlier this year.</p>", SHARE],
   S, "E2", "coverage", "own words, Title Case headline, no new fact")
it("E2.jp", "jp-daily", "2023-11-20T10:00Z", "マイクロソフト、アルトマン氏を採用　新設のAI研究チーム率いる",
   ["【シリコンバレー=中村亮】米マイクロソフトのサティア・ナデラCEOは19日夜（日本時間20日）、米オープンAIを解任されたサム・アルトマン氏とグレッグ・ブロックマン氏が同社に加わり、新たな先端AI研究チームを率いるとX（旧ツイッター）に投稿した。",
    "オープンAIは週末にアルトマン氏の復帰を協議したが折り合わず、動画配信「Twitch」の元CEO、エメット・シアー氏を暫定CEOに起用した。", JA_DAILY],
   S, "E2", "coverage", "")
it("E2.jportal", "jp-portal", "2023-11-20T10:40Z", "アルトマン氏、米MSへ　オープンAI騒動が急展開",
   ["生成AIブームをけん引してきた経営者の行き先が、解任からわずか3日で決まった。"] + text_of("E2.jp") + [JA_PORTAL],
   S, "E2", "copy", "syndicated: new headline (米MS) + a new first sentence + footer swapped", dup="E2.jp")

# ==== E3: the staff letter (Mon 20 Nov 2023): ~500, then 700+ of 770 =======================
E3_P2 = ("\"Your actions have made it obvious that you are incapable of overseeing OpenAI,\" the letter said. The signatories said Microsoft "
         "had assured them there were positions for all OpenAI employees at a new subsidiary if they chose to join.")
E3_P3 = ("Among those who signed were Mira Murati, who was interim chief executive until Sunday, and chief scientist Ilya Sutskever, a board "
         "member who had voted to remove Altman and who said on Monday he deeply regretted his part in the board's actions.")
it("E3.wire", "wire-en", "2023-11-20T13:10Z", "Nearly 500 OpenAI staff threaten to quit unless board resigns",
   ["SAN FRANCISCO (Meridian) - Nearly 500 of OpenAI's roughly 770 employees have signed a letter threatening to leave the company and join Microsoft unless the board resigns and reinstates ousted chief executive Sam Altman, according to a copy of the letter seen by Meridian.",
    E3_P2, E3_P3],
   S, "E3", "first", "staff letter, nearly 500 signatures")
it("E3.kowire", "ko-wire", "2023-11-20T14:00Z", "오픈AI 직원 500명 \"이사회 사퇴 안 하면 MS로 간다\"",
   ["(서울=다온통신) 김하늘 기자 = 오픈AI 직원 약 770명 가운데 500명가량이 이사회 총사퇴와 샘 알트먼 전 최고경영자(CEO)의 복귀를 요구하며 집단 퇴사를 경고했다.",
    "직원들은 20일(현지시간) 이사회에 보낸 서한에서 \"이사회는 오픈AI를 감독할 능력이 없다\"며 요구가 받아들여지지 않으면 마이크로소프트(MS)가 새로 만드는 자회사로 옮기겠다고 밝혔다. 서명자 중에는 알트먼 해임에 찬성했던 일리야 수츠케버 수석과학자도 있다.", KO_WIRE],
   S, "E3", "coverage", "")
it("E3.tech", "tech-en", "2023-11-20T14:30Z", "OpenAI Staff Revolt: Hundreds Threaten to Walk Out",
   ["SAN FRANCISCO (Meridian) - Nearly 500 of OpenAI's roughly 770 employees have signed a letter threatening to leave the company and join Microsoft unless the board resigns and reinstates ousted chief executive Sam Altman, according to a letter seen by Meridian Wire.",
    E3_P2, E3_P3.replace("deeply regretted", "now deeply regretted")] + EN_COPY(2023),
   S, "E3", "copy", "syndicated: new headline, two sentences lightly edited, footer", dup="E3.wire")
it("E3.koportal", "ko-portal", "2023-11-20T14:50Z", orig("E3.kowire")["title"], orig("E3.kowire")["body"],
   S, "E3", "tracking", "link = ko-wire link + utm_* (same title and text)", dup="E3.kowire",
   link=("E3.kowire", "?utm_source=bada&utm_medium=portal&utm_campaign=world_main"))
it("E3.wire2", "wire-en", "2023-11-20T19:30Z", "More than 700 OpenAI staff threaten to quit unless board resigns",
   ["SAN FRANCISCO (Meridian) - More than 700 of OpenAI's roughly 770 employees have signed a letter threatening to leave the company and join Microsoft unless the board resigns and reinstates ousted chief executive Sam Altman, up from nearly 500 earlier on Monday, according to a copy of the letter seen by Meridian.",
    E3_P2, E3_P3],
   S, "E3", "update", "write-through: the same wire text with the figure changed (nearly 500 -> more than 700 of 770): an update, not a copy")
it("N7", "wire-en", "2023-11-20T21:15Z", "Microsoft shares close at record high",
   ["NEW YORK (Meridian) - Microsoft shares rose 2.1% to close at a record $377.44 on Monday, lifting the software maker's market value to about $2.8 trillion.",
    "The stock has gained about 50% this year on demand for its Azure cloud services and hopes for sales of its Copilot assistant. Trading volume was roughly 40% above its 30-day average, according to exchange data."],
   kind="nearmiss", note="Microsoft alone (a market brief that does not mention OpenAI)")
it("N7.tech", "tech-en", "2023-11-20T22:00Z", "Microsoft Hits a Record as the OpenAI Drama Plays Out",
   orig("N7")["body"] + EN_COPY(2023),
   S, "-", "copy",
   "copy whose NEW HEADLINE makes it match the rule (OpenAI + Microsoft) while the original (N7, a Microsoft-only market brief) did not: "
   "labelled on the story (its headline files it there, as an analyst would), but still a copy of N7 and no alert: nothing new", dup="N7")
it("E3.jp", "jp-daily", "2023-11-20T22:10Z", "オープンAI社員700人超、取締役会の辞任要求　マイクロソフト移籍も示唆",
   ["【シリコンバレー=中村亮】米オープンAIの従業員約770人のうち700人超が20日、取締役会の総退陣とサム・アルトマン前CEOの復帰を求める書簡に署名した。要求が受け入れられなければ退社し、マイクロソフトに移ると警告している。",
    "署名者にはアルトマン氏の解任に関わったイリヤ・サツキバー主任科学者も含まれる。同氏はXで「取締役会の行動に加わったことを深く後悔している」と投稿した。", JA_DAILY],
   S, "E3", "coverage", "Japanese coverage after the update (700人超 = more than 700)")
it("E3.kodaily", "ko-daily", "2023-11-20T23:00Z", "오픈 AI 직원 770명 중 700명 \"알트만 복귀 안 하면 떠난다\"",
   ["오픈 AI 직원 대다수가 이사회에 반기를 들었다. 전체 770명 가운데 700명 이상이 이사회 총사퇴와 샘 알트만 전 CEO 복귀를 요구하는 연판장에 서명했다.",
    "이들은 요구가 관철되지 않으면 마이크로소프트(MS)로 옮기겠다고 했다.", KO_DAILY],
   S, "E3", "coverage", "Korean coverage after the update (700명)")
it("E3.jportal", "jp-portal", "2023-11-21T00:10Z", "オープンAI社員の大半が「退社」警告",
   [orig("E3.jp")["body"][0]],
   S, "E3", "copy", "syndicated: new headline, cut to the first paragraph, no footer", dup="E3.jp")
it("E3.techown", "tech-en", "2023-11-21T01:00Z", "OpenAI's Staff Just Gave Its Board an Ultimatum",
   ["<p>By Monday evening more than 700 of OpenAI's roughly 770 employees had put their names to a letter telling the board to resign and bring back Sam Altman, or watch them leave for Microsoft.</p>",
    "<p>Even Ilya Sutskever, who sits on the board that fired Altman, signed it. There is not much of a company left to govern if they go.</p>", SHARE],
   S, "E3", "coverage", "own words after the update (700 of 770 already known), Title Case headline")
it("N8", "jp-portal", "2023-11-21T06:30Z", "【米国株】ダウ続伸、マイクロソフトが上場来高値",
   ["20日の米株式市場でダウ工業株30種平均は続伸し、前週末比203ドル高の3万5151ドルで取引を終えた。マイクロソフトが2%高と上場来高値を更新し、相場をけん引した。",
    "ハイテク株の比率が高いナスダック総合株価指数も上昇した。"],
   kind="nearmiss", note="templated market report; マイクロソフト alone")

# ==== E4: Altman to return as CEO with a new board (Wed 22 Nov 2023, ~06:00 UTC) ===========
it("E4.jpflash", "jp-daily", "2023-11-22T06:10Z", "オープンAI、アルトマン氏のCEO復帰で合意",
   ["米オープンAIは21日夜（日本時間22日）、サム・アルトマン氏が最高経営責任者（CEO）に復帰することで原則合意したと発表した。新たな取締役会はブレット・テイラー氏が議長を務め、ラリー・サマーズ氏とアダム・ディアンジェロ氏が加わる。", JA_DAILY],
   S, "E4", "first", "return agreed (first reported in Japanese): one paragraph + stock footer; same names as E1.jpflash, a different event")
it("E4.jportal", "jp-portal", "2023-11-22T06:20Z", "アルトマン氏、電撃復帰へ",
   text_of("E4.jpflash") + [JA_PORTAL],
   S, "E4", "copy", "syndicated copy of a one-paragraph item: new headline, the daily's long footer swapped for the portal's", dup="E4.jpflash")
it("E4.wire", "wire-en", "2023-11-22T06:25Z", "Sam Altman to return as OpenAI CEO under new board",
   ["SAN FRANCISCO (Meridian) - Sam Altman will return as chief executive of OpenAI under a newly formed board, the company said late on Tuesday, ending five days of turmoil at the ChatGPT maker that had drawn in its biggest investor, Microsoft.",
    "The new initial board will be chaired by former Salesforce co-CEO Bret Taylor and include former U.S. Treasury Secretary Larry Summers and Quora chief executive Adam D'Angelo, the only member of the previous board to stay on.",
    "\"I love OpenAI, and everything I've done over the past few days has been in service of keeping this team and its mission together,\" Altman wrote on X. Microsoft chief executive Satya Nadella said he was encouraged by the changes."],
   S, "E4", "coverage", "English report of a Japanese first (romanised board names are not new facts)")
it("E4.koflash", "ko-wire", "2023-11-22T06:40Z", "[속보] 오픈AI, 샘 알트먼 CEO 복귀", [],
   S, "E4", "coverage", "headline-only flash; differs from E1.koflash ('… CEO 해임') by one word: a different event, not a duplicate")
it("E4.kodaily", "ko-daily", "2023-11-22T07:00Z", "오픈AI, 샘 알트만 CEO 복귀",
   ["오픈 AI가 닷새 전 해임한 샘 알트만을 최고경영자(CEO)로 다시 불러들이기로 했다.", KO_DAILY],
   S, "E4", "coverage", "one sentence + the same long footer as E1.kodaily ('… CEO 해임'): a different event, not a duplicate")
it("E4.tech", "tech-en", "2023-11-22T07:30Z", "Altman Is Back: OpenAI Reverses Course After Staff Revolt",
   orig("E4.wire")["body"] + EN_COPY(2023),
   S, "E4", "copy", "syndicated: new Title Case headline + footer", dup="E4.wire")
it("E4.kowire", "ko-wire", "2023-11-22T08:00Z", "샘 알트먼, 닷새 만에 오픈AI CEO 복귀…이사회 새로 꾸린다",
   ["(서울=다온통신) 김하늘 기자 = 오픈AI에서 해임됐던 샘 알트먼이 닷새 만에 최고경영자(CEO)로 돌아온다.",
    "오픈AI는 21일(현지시간) 엑스(X)를 통해 \"알트먼이 CEO로 복귀하는 데 원칙적으로 합의했다\"며 브렛 테일러 전 세일즈포스 공동 CEO를 의장으로 래리 서머스 전 미국 재무장관, 애덤 디앤젤로 쿼라 CEO가 참여하는 새 이사회를 꾸린다고 밝혔다.",
    "알트먼 영입을 발표했던 마이크로소프트(MS)의 사티아 나델라 CEO는 \"이사회 변화에 고무됐다\"고 말했다.", KO_WIRE],
   S, "E4", "coverage", "")
it("E4.koportal", "ko-portal", "2023-11-22T08:30Z", "돌아온 샘 얼트먼…오픈AI '닷새 천하' 막 내렸다",
   orig("E4.kowire")["body"][:2],
   S, "E4", "copy", "syndicated: new headline, cut to the first two paragraphs", dup="E4.kowire")
it("E4.jp", "jp-daily", "2023-11-22T09:00Z", "アルトマン氏、オープンAIのCEOに復帰へ　取締役会を刷新",
   ["【シリコンバレー=中村亮】米オープンAIは21日、解任したサム・アルトマン氏が最高経営責任者（CEO）に復帰することで原則合意したと発表した。取締役会を刷新し、議長にはセールスフォース元共同CEOのブレット・テイラー氏が就く。",
    "解任から5日間で従業員の大半が辞職を警告する異例の事態に発展していた。アルトマン氏を迎え入れると表明していたマイクロソフトのナデラCEOは、新体制を歓迎する考えを示した。", JA_DAILY],
   S, "E4", "coverage", "")
it("E4.jportaltrk", "jp-portal", "2023-11-22T09:30Z", orig("E4.jp")["title"], orig("E4.jp")["body"],
   S, "E4", "tracking", "link = jp-daily link + utm_* (same title and text)", dup="E4.jp",
   link=("E4.jp", "?utm_source=izumi&utm_medium=rss&utm_campaign=top"))

# ==== the week in review: rehash ==========================================================
it("RH1", "tech-en", "2023-11-24T15:00Z", "Five Days That Shook Silicon Valley: Lessons From the OpenAI Saga",
   ["<p>It began with a blog post on a Friday afternoon and ended, five days later, with almost everyone back where they started. OpenAI's board fired Sam Altman, Microsoft hired him on Monday, more than 700 of the company's 770 employees threatened to follow him out of the door, and by Wednesday he was chief executive again, answering to a new board chaired by Bret Taylor.</p>",
    "<p>The first lesson is about governance. A nonprofit board with no stake in the company's commercial success had the power to remove its best-known founder, and used it without warning its largest investor. The second is about leverage: Microsoft, which has committed about $13 billion, never needed a board seat to get its way.</p>",
    "<p>The third lesson is the simplest. In AI, talent is the asset, and talent can walk.</p>", SHARE],
   S, "-", "rehash", "analysis of the week, Title Case headline, only known facts")
it("RH2", "ko-daily", "2023-11-25T00:00Z", "[분석] 닷새 만에 끝난 '오픈AI 쿠데타'…최후의 승자는 MS",
   ["샘 알트만 최고경영자(CEO)의 해임으로 시작된 오픈 AI 사태가 닷새 만에 그의 복귀로 일단락됐다. 직원 770명 중 700명 이상이 집단 퇴사를 경고하며 이사회를 압박한 것이 결정적이었다.",
    "업계에서는 마이크로소프트(MS)를 사실상의 승자로 꼽는다. 약 130억달러를 투자하고도 이사회에 자리가 없던 MS가 이번 사태로 오픈AI에 대한 영향력을 오히려 키웠다는 평가다.",
    "비영리 이사회가 영리 자회사를 통제하는 독특한 지배구조를 어떻게 손볼지가 과제로 남았다.", KO_DAILY],
   S, "-", "rehash", "analysis, only known facts")
it("RH3", "jp-daily", "2023-11-26T01:00Z", "解説：オープンAI騒動の5日間　問われた非営利ガバナンス",
   ["米オープンAIのサム・アルトマンCEOの解任劇は、5日間で同氏の復帰という形で幕を閉じた。従業員約770人のうち700人超が辞職を警告し、取締役会は追い込まれた。",
    "最大の出資者であるマイクロソフトは約130億ドルを投じながら取締役会に議席を持たず、解任の決定に関与できなかった。非営利法人が営利事業を統治する独特の仕組みをどう見直すかが焦点になる。", JA_DAILY],
   S, "-", "rehash", "analysis, only known facts")
it("RH4", "wire-en", "2023-11-27T10:00Z", "Analysis: Microsoft Emerges From the OpenAI Crisis With More Leverage, and New Questions",
   ["SEATTLE (Meridian) - For a company that had no say in Sam Altman's firing, Microsoft came out of OpenAI's five-day crisis in a strong position.",
    "Satya Nadella's offer to hire Altman, and any OpenAI employee who wanted to follow him, gave the staff letter its teeth, analysts said. Altman is back as chief executive, answering to a new board led by Bret Taylor.",
    "What Microsoft still lacks is a vote. Its roughly $13 billion commitment buys it a share of OpenAI's profits and access to its technology, but not a seat at the table."],
   S, "-", "rehash", "wire analysis, Title Case headline, only known facts")

# ==== E4 update: formal return, Microsoft observer seat (Wed 29 Nov 2023 PT) ===============
it("E4.wire2", "wire-en", "2023-11-30T00:40Z", "Microsoft to get non-voting seat on OpenAI board as Altman formally returns",
   ["SAN FRANCISCO (Meridian) - Microsoft will take a non-voting observer seat on OpenAI's board, Sam Altman said on Wednesday as he formally returned as chief executive of the ChatGPT maker, nearly two weeks after he was fired.",
    "Mira Murati will go back to her role as chief technology officer and Greg Brockman will return as president, Altman said in a note to staff. Ilya Sutskever will no longer sit on the board."],
   S, "E4", "update", "new fact: Microsoft gets a non-voting observer seat")
it("E4.kodaily2", "ko-daily", "2023-11-30T03:00Z", "MS, 오픈AI 이사회에 '참관인'으로 참여…알트만 공식 복귀",
   ["샘 알트만이 오픈 AI 최고경영자(CEO)로 공식 복귀하면서 마이크로소프트(MS)가 의결권 없는 참관인(옵서버) 자격으로 오픈AI 이사회에 참여하게 됐다.",
    "알트만은 29일(현지시간) 직원들에게 보낸 메시지에서 미라 무라티가 최고기술책임자(CTO)로, 그레그 브로크먼이 사장으로 돌아온다고 밝혔다.", KO_DAILY],
   S, "E4", "coverage", "Korean coverage of the update")
it("E4.jp2", "jp-daily", "2023-11-30T04:00Z", "マイクロソフト、オープンAI取締役会にオブザーバー参加",
   ["米オープンAIは29日、サム・アルトマン氏のCEO復帰を正式に発表した。マイクロソフトは議決権のないオブザーバーとして取締役会に加わる。", JA_DAILY],
   S, "E4", "coverage", "Japanese coverage of the update")
it("OFF4", "jp-portal", "2023-12-05T03:00Z", "東京株、半導体株に利益確定売り　3日続落",
   ["5日の東京株式市場で日経平均株価は3日続落した。前日の米ハイテク株安を受け、半導体関連株に利益確定の売りが出た。",
    "円相場は1ドル=147円台で推移した。"])

# ==== E6: the New York Times sues (Wed 27 Dec 2023) =======================================
# The copyright sentence is the only one that names both companies: stripping it as
# boilerplate loses the match.
it("E6.wire", "wire-en", "2023-12-27T15:00Z", "New York Times sues over use of its articles to train chatbots",
   ["NEW YORK (Meridian) - The New York Times sued OpenAI and Microsoft for copyright infringement on Wednesday, accusing them of using millions of its articles without permission to train the chatbots that now compete with it as a source of information.",
    "The complaint, filed in federal court in Manhattan, does not seek a specific sum but says the defendants should be held responsible for \"billions of dollars in statutory and actual damages\". It also asks the court to order the destruction of any models and training data built from the newspaper's work.",
    "The newspaper said it had approached the companies in April to seek an agreement but that talks had failed. Neither the ChatGPT maker nor its largest investor commented immediately."],
   S, "E6", "first", "NYT lawsuit; the 'copyright infringement' sentence is the only one naming OpenAI and Microsoft")
it("E6.tech", "tech-en", "2023-12-27T16:30Z", "The Times Takes the ChatGPT Maker to Court",
   orig("E6.wire")["body"] + EN_COPY(2023),
   S, "E6", "copy", "syndicated: new headline without the names + 'Copyright 2023 ...' footer; the story's names only in the body's copyright sentence", dup="E6.wire")
it("E6.kowire", "ko-wire", "2023-12-28T00:30Z", "NYT \"AI가 기사 수백만건 무단 학습\"…손해배상 소송",
   ["(뉴욕=다온통신) 최윤서 특파원 = 미국 뉴욕타임스(NYT)가 오픈AI와 마이크로소프트(MS)를 상대로 저작권 침해 소송을 냈다.",
    "NYT는 27일(현지시간) 뉴욕 맨해튼 연방지방법원에 낸 소장에서 \"두 회사가 허락 없이 기사 수백만 건을 인공지능(AI) 학습에 썼다\"며 \"수십억 달러의 손해를 책임져야 한다\"고 주장했다. 구체적인 청구액은 밝히지 않았다.",
    "챗GPT 개발사와 그 최대 투자자는 즉각 입장을 내지 않았다.", KO_WIRE],
   S, "E6", "coverage", "the 저작권 sentence is the only one naming 오픈AI and MS; the footer also says 저작권자/무단/AI 학습")
it("E6.koportal", "ko-portal", "2023-12-28T01:10Z", "뉴욕타임스, 챗GPT에 칼 뽑았다",
   orig("E6.kowire")["body"] + [KO_PORTAL],
   S, "E6", "copy", "syndicated: new headline without the names + portal boilerplate", dup="E6.kowire")
it("E6.jp", "jp-daily", "2023-12-28T01:30Z", "米NYT、記事の無断利用で生成AI開発企業を提訴",
   ["【ニューヨーク=佐藤真理】米紙ニューヨーク・タイムズは27日、米オープンAIとマイクロソフトを著作権侵害でニューヨークの連邦地裁に提訴した。",
    "数百万本の記事が許可なく対話型AIの学習に使われ、同紙と競合するサービスが生まれたと主張している。請求額は明示していないが、損害は「数十億ドル」にのぼるとしている。", JA_DAILY],
   S, "E6", "coverage", "the 著作権 sentence is the only one naming オープンAI and マイクロソフト; the footer also says 無断転載/Copyright")
it("E6.jportal", "jp-portal", "2023-12-28T02:10Z", "「記事にただ乗り」米紙が提訴",
   text_of("E6.jp") + [JA_PORTAL],
   S, "E6", "copy", "syndicated: new headline without the names + footer swapped", dup="E6.jp")

# ==== October 2025: before the restructuring ==============================================
it("N9", "jp-daily", "2025-10-15T03:00Z", "マイクロソフト、「Windows 10」のサポート終了",
   ["米マイクロソフトは14日（米国時間）、基本ソフト（OS）「Windows 10」のサポートを終了した。セキュリティー更新が止まるため、同社は「Windows 11」への移行を呼びかけている。",
    "国内ではなお数千万台規模のパソコンがWindows 10で動いているとみられる。", JA_DAILY],
   kind="nearmiss", note="マイクロソフト alone")
it("N10", "wire-en", "2025-10-20T14:00Z", "Chicago developer Altman Group starts work on $410 million riverfront towers",
   ["CHICAGO (Meridian) - Altman Group, a family-owned Chicago property developer, said on Monday it had started building two residential towers on the city's South Branch, a $410 million project with 620 flats.",
    "\"Interest rates are finally moving in the right direction,\" chief executive Dana Altman said. The first tower is due to open in 2028."],
   kind="nearmiss", note="Altman alone (another Altman); invented item")
it("OFF5", "wire-en", "2025-10-21T09:00Z", "Gold slides from record as investors book profits",
   ["LONDON (Meridian) - Gold fell more than 3% on Tuesday, retreating from the record it set a day earlier, as investors took profits after a rally driven by bets on lower U.S. interest rates.",
    "Silver dropped 5%."])
it("N11", "tech-en", "2025-10-22T16:00Z", "OpenAI Launches ChatGPT Atlas, a Browser Built Around Its Chatbot",
   ["<p>OpenAI on Tuesday released ChatGPT Atlas, a web browser for the Mac that keeps its chatbot in a sidebar next to every page and can, for paying users, carry out tasks such as filling in forms or booking a table.</p>",
    "<p>\"This is a direct shot at Chrome, and at the search advertising business behind it,\" said Jana Altmann, an analyst at Brightline Research. Versions for Windows and phones will follow, the company said.</p>", SHARE],
   kind="nearmiss", note="OpenAI alone; 'Altmann' must not match the alias Altman; Windows is not Microsoft")
it("N12", "ko-wire", "2025-10-24T02:00Z", "오픈AI, 챗GPT 가입에 SMS 인증 도입…유료 결제 원화로도",
   ["(서울=다온통신) 박서진 기자 = 오픈AI가 챗GPT 신규 가입자에게 휴대전화 문자메시지(SMS) 인증을 받기 시작했다고 24일 밝혔다.",
    "오픈AI 코리아는 다음 달부터 유료 요금제 결제를 원화로도 받는다고 덧붙였다.", KO_WIRE],
   kind="nearmiss", note="오픈AI alone; SMS must not match the alias MS; invented item")
it("N13", "ko-daily", "2025-10-27T01:00Z", "MS에 전기 팔 핵융합 스타트업 헬리온…샘 알트만 의장 \"2028년 첫 송전\"",
   ["마이크로소프트(MS)와 전력 구매 계약을 맺은 미국 핵융합 스타트업 헬리온이 워싱턴주 발전소 건설에 속도를 내고 있다. 헬리온 이사회 의장인 샘 알트만은 \"2028년 첫 송전 목표에 변함이 없다\"고 말했다.", KO_DAILY],
   kind="nearmiss", note="MS + 샘 알트만 but no 오픈AI (the rule's AND): another company of Altman's")
it("OFF6", "ko-portal", "2025-10-27T05:00Z", "경주 APEC 정상회의 이번 주 개막…각국 정상 속속 입국",
   ["아시아태평양경제협력체(APEC) 정상회의가 이번 주 경북 경주에서 열린다. 회의를 앞두고 각국 정상과 대표단이 속속 입국하고 있다.",
    "정부는 경주 일대에 최고 수준의 경호·경비 태세를 갖췄다."])

# ==== E5: restructuring into a PBC, new Microsoft deal (Tue 28 Oct 2025) ===================
it("E5.wire", "wire-en", "2025-10-28T13:05Z", "OpenAI completes restructuring into public benefit corporation, signs new Microsoft deal",
   ["SAN FRANCISCO (Meridian) - OpenAI said on Tuesday it had completed its long-planned restructuring, turning its for-profit arm into a public benefit corporation that stays under the control of its nonprofit parent, and had signed a new agreement with Microsoft, its biggest backer.",
    "The for-profit business becomes OpenAI Group PBC, and the nonprofit is renamed the OpenAI Foundation. The change, which followed months of talks with the attorneys general of California and Delaware, clears the way for the company to raise more capital.",
    "Terms of the new Microsoft agreement were not immediately disclosed."],
   S, "E5", "first", "restructuring completed, new Microsoft deal (no figures yet)")
it("E5.koflash", "ko-wire", "2025-10-28T13:30Z", "[속보] 오픈AI, 공익법인 전환 완료…MS와 새 계약 체결", [],
   S, "E5", "coverage", "headline-only flash")
it("E5.jpflash", "jp-portal", "2025-10-28T13:40Z", "【速報】オープンAI、営利部門を公益法人に　マイクロソフトと新契約", [],
   S, "E5", "coverage", "headline-only flash (same names as E2.jpflash, a different event)")
it("E5.wire2", "wire-en", "2025-10-28T14:10Z", "Microsoft and OpenAI sign new deal as ChatGPT maker completes overhaul",
   ["REDMOND, Washington (Meridian) - Microsoft will hold a stake of about 27% in OpenAI's new for-profit company, a holding worth roughly $135 billion, under a definitive agreement the two companies announced on Tuesday alongside OpenAI's restructuring.",
    "Microsoft has invested about $13.8 billion in OpenAI since 2019. The new deal keeps OpenAI's most advanced models on Microsoft's Azure cloud and extends Microsoft's rights to OpenAI's technology, the companies said.",
    "Microsoft shares rose about 2% in early trading."],
   S, "E5", "update", "new facts (27%, $135 billion) only in the lede, not in the headline")
it("E5.tech", "tech-en", "2025-10-28T15:00Z", orig("E5.wire2")["title"],
   ["<p>Via Meridian Wire: Microsoft ends up with roughly 27% of the new OpenAI, worth about $135 billion.</p>"],
   S, "E5", "tracking", "link = wire link + utm_* + fbclid (one-line blurb)", dup="E5.wire2",
   link=("E5.wire2", "?utm_source=stackledger&utm_medium=social&utm_campaign=newsletter&fbclid=IwAR2xK9qOpnAi"))
it("E5.kowire", "ko-wire", "2025-10-28T22:00Z", "MS, 오픈AI 지분 27% 확보…가치 1천350억달러",
   ["(서울=다온통신) 김하늘 기자 = 마이크로소프트(MS)가 공익법인(PBC)으로 전환한 오픈AI 영리법인의 지분 약 27%를 보유하게 됐다. 지분 가치는 약 1천350억달러(약 193조원)에 이른다.",
    "오픈AI는 28일(현지시간) 영리 부문을 '오픈AI 그룹 PBC'로 바꾸고, 비영리 모법인은 '오픈AI 재단'으로 이름을 바꿔 지배권을 유지한다고 밝혔다. MS와는 새 최종 계약을 맺었다.", KO_WIRE],
   S, "E5", "coverage", "Korean coverage after the update: 1천350억달러 = $135 billion, 193조원 a conversion")
it("E5.koportal", "ko-portal", "2025-10-28T22:40Z", "샘 얼트먼의 오픈AI, 영리화 마침표…MS 몫은 27%",
   ["2년 전 이사회 내분으로 흔들렸던 오픈AI가 지배구조 개편을 마무리했다."] + orig("E5.kowire")["body"] + [KO_PORTAL],
   S, "E5", "copy", "syndicated: new headline + a new first sentence + portal boilerplate", dup="E5.kowire")
it("E5.jp", "jp-daily", "2025-10-28T23:30Z", "マイクロソフト、オープンAI株27%保有へ　再編で新契約",
   ["【シリコンバレー=中村亮】米オープンAIは28日、営利部門を公益法人（PBC）に転換する組織再編を完了したと発表した。米マイクロソフトは新会社の株式の約27%を保有し、その価値は約1350億ドル（約20兆円）になる。",
    "非営利の親組織は「オープンAI財団」に改称し、引き続き営利部門を支配する。", JA_DAILY],
   S, "E5", "coverage", "Japanese coverage after the update (約20兆円 a conversion)")
it("E5.kodaily", "ko-daily", "2025-10-29T00:00Z", "MS-오픈AI 새 계약…\"AGI 달성 선언은 외부 전문가 패널이 검증\"",
   ["마이크로소프트(MS)와 오픈 AI가 맺은 새 계약에는 오픈 AI가 범용인공지능(AGI) 달성을 선언하면 독립 전문가 패널이 이를 검증하도록 하는 조항이 들어갔다. 기존 계약에서는 오픈AI 이사회가 AGI 달성 여부를 혼자 판단할 수 있었다.",
    "오픈AI 모델과 제품에 대한 MS의 지식재산권(IP) 권리는 AGI 달성 이후를 포함해 2032년까지로 늘었다.", KO_DAILY],
   S, "E5", "update", "new facts in Korean: AGI declaration verified by an expert panel; Microsoft's IP rights to 2032")
it("E5.jportal", "jp-portal", "2025-10-29T00:40Z", "米MS、新生オープンＡＩの27％保有",
   text_of("E5.jp") + [JA_PORTAL],
   S, "E5", "copy", "syndicated: new headline (full-width ＡＩ and ％) + footer swapped", dup="E5.jp")
it("E5.jp2", "jp-daily", "2025-10-29T02:00Z", "オープンAI、マイクロソフトのクラウドを2500億ドル追加購入へ",
   ["米オープンAIは新たな契約に基づき、米マイクロソフトのクラウド「Azure（アジュール）」のサービスを2500億ドル（約38兆円）分追加で購入する。一方、マイクロソフトはオープンAIが計算資源を調達する際の優先交渉権を失う。", JA_DAILY],
   S, "E5", "update", "new facts in Japanese: a further $250 billion of Azure; Microsoft loses its right of first refusal")
it("E5.wire3", "wire-en", "2025-10-29T05:30Z", "Expert panel to vet any OpenAI claim of AGI under new Microsoft pact",
   ["SAN FRANCISCO (Meridian) - Any declaration by OpenAI that it has achieved artificial general intelligence will have to be verified by an independent panel of experts under its new agreement with Microsoft, the companies said.",
    "Microsoft's rights to OpenAI's models and products now run until 2032 and include models built after AGI is reached. Under the old contract, OpenAI's board alone could decide when AGI had arrived."],
   S, "E5", "coverage", "English coverage of the Korean update (expert panel, 2032 already known)")
it("N14", "wire-en", "2025-10-29T18:00Z", "Microsoft restores Azure services after hours-long global outage",
   ["SEATTLE (Meridian) - Microsoft said on Wednesday it had restored most of its Azure cloud services after an outage of several hours that knocked out Outlook, Xbox Live and thousands of customer websites, and blamed a faulty configuration change.",
    "The disruption came hours before the company was due to report quarterly results."],
   kind="nearmiss", note="Microsoft alone")
it("RH6", "ko-daily", "2025-10-30T01:00Z", "[뉴스 분석] '알트만 해임 사태' 2년…오픈AI·MS, 동맹에서 거래로",
   ["2023년 11월 샘 알트만 해임 사태 때 이사회에 자리 하나 없던 마이크로소프트(MS)가 2년 만에 오픈 AI 지분 27%를 손에 쥐었다. 지분 가치는 1350억달러에 이른다.",
    "대신 독점은 느슨해졌다. 오픈AI는 애저를 2500억달러어치 더 쓰기로 했지만 다른 클라우드도 쓸 수 있게 됐고, AGI 달성 여부는 외부 전문가 패널이 가리게 됐다.", KO_DAILY],
   S, "-", "rehash", "analysis, only known facts")
it("RH5", "tech-en", "2025-10-30T15:00Z", "From Boardroom Coup to Public Benefit Corporation: Two Years That Remade OpenAI and Microsoft",
   ["<p>Two Novembers ago, OpenAI's board fired Sam Altman on a Friday and Microsoft hired him on the Monday; by Wednesday he was back. This week the company finished the restructuring that episode made all but inevitable.</p>",
    "<p>OpenAI Group PBC is now a public benefit corporation controlled by the OpenAI Foundation. Microsoft owns about 27%, worth roughly $135 billion, and OpenAI has promised to buy another $250 billion of Azure. A panel of outside experts will have to verify any claim that OpenAI has reached AGI.</p>",
    "<p>What has not changed is the dependence running both ways: Microsoft needs OpenAI's models, and OpenAI needs Microsoft's data centres.</p>", SHARE],
   S, "-", "rehash", "analysis of two years, Title Case headline, only known facts")
it("RH7", "jp-daily", "2025-10-31T01:00Z", "解説：オープンAI再編、マイクロソフトは何を得たか",
   ["米マイクロソフトは米オープンAIの再編で新会社の約27%、約1350億ドル分の株式を得た。2023年11月のアルトマン氏解任騒動の際には取締役会に議席すらなかったことを考えれば、大きな前進といえる。",
    "一方、オープンAIが計算資源を他社から調達する自由は広がった。汎用人工知能（AGI）の到達判断を外部の専門家パネルに委ねる条項も、両社の力関係の変化を映す。", JA_DAILY],
   S, "-", "rehash", "analysis, only known facts")


# ---------------------------------------------------------------------------------------
def assign_ids():
    serial = {f: 0 for f in FEEDS}
    for x in sorted(ITEMS, key=lambda x: x["when"]):
        f, t = x["feed"], x["when"]
        serial[f] += 1
        n = serial[f]
        ymd = t.astimezone(timezone(timedelta(hours=FEEDS[f][2]))).strftime("%Y%m%d")
        if f == "wire-en":
            x["link"] = f"https://meridianwire.example.com/technology/{t:%Y-%m-%d}/{slug(x['title'])}"
            x["guid"] = f"MWR-{ymd}-{1000 + n * 13}"
        elif f == "tech-en":
            x["link"] = f"https://stackledger.example.com/{t:%Y/%m}/{slug(x['title'])}/"
            x["guid"] = f"tag:stackledger.example.com,2023:post-{8800 + n * 3}"
        elif f == "ko-wire":
            x["link"] = x["guid"] = f"https://www.daon-news.example.kr/view/DON{ymd}{n * 37:06d}"
        elif f == "ko-daily":
            x["link"] = x["guid"] = f"https://www.saebit.example.kr/news/articleView.html?idxno={410000 + n * 11}"
        elif f == "ko-portal":
            x["link"] = f"https://news.bada.example.kr/v/daon/{ymd}{n * 53:05d}"
            x["guid"] = f"bada-{ymd}-{n * 53:05d}"
        elif f == "jp-daily":
            x["link"] = f"https://www.toto-shimpo.example.jp/article/TT{ymd}{n:03d}/"
            x["guid"] = f"tag:toto-shimpo.example.jp,2023:{ymd}-{n:03d}"
        elif f == "jp-portal":
            x["link"] = x["guid"] = f"https://izumi-news.example.jp/a/{ymd}{n:04d}"
    for x in ITEMS:
        if x["linkof"]:
            k, q = x["linkof"]
            x["link"] = orig(k)["link"] + q

def render(feed, items, built):
    return render_feed(feed, items, built, FEEDS, AUTHORS, CAP, "newswatch saga corpus snapshot", 2023)

def main():
    assign_ids()
    write_corpus(HERE, REL, "the saga corpus", ITEMS, FEEDS, render, orig)


if __name__ == "__main__":
    main()
