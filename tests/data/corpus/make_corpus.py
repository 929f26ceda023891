#!/usr/bin/python3
"""make_corpus.py — writes the labelled corpus in this folder: per-outlet snapshots
(OUTLET-N.xml), labels.tsv and replay.list. The text below is the corpus: all of it was
written for newswatch (invented outlets, example.* domains, a fictional deal).

Run from anywhere:  /usr/bin/python3 tests/data/corpus/make_corpus.py
Edit the ITEMS table, re-run, then check with xmllint and tests/corpus.sh."""
import os, re, sys
from datetime import datetime, timezone, timedelta

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from corpus_common import slug, render as render_feed, write_corpus  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
REL = "tests/data/corpus"
CAP = 20  # a feed shows its newest 20 items

FEEDS = {
    # name: (format, lang, tz hours, title, site link, self url, description)
    "wire-en":   ("rss", "en", 0, "Harborline Wire — Business & Technology", "https://harborline.example.com/tech",
                  "https://harborline.example.com/rss/tech.xml", "Business and technology news from Harborline Wire, an agency invented for the newswatch corpus."),
    "biz-en":    ("atom", "en", 0, "The Ledger Street Review — Markets", "https://ledgerstreet.example.org/markets/",
                  "https://ledgerstreet.example.org/feeds/markets.atom", "Markets and companies (an invented magazine for the newswatch corpus)."),
    "chip-blog": ("rss", "en", 0, "Die Shot Weekly", "https://dieshot.example.net/",
                  "https://dieshot.example.net/feed/", "Chips, fabs and the people who make them (an invented blog for the newswatch corpus)."),
    "ko-wire":   ("rss", "ko", 9, "누리통신 - 산업", "https://www.nuri-news.example.kr/industry",
                  "https://www.nuri-news.example.kr/rss/industry.xml", "누리통신 산업 뉴스 (newswatch 코퍼스용 가상 통신사)"),
    "ko-daily":  ("rss", "ko", 9, "한결경제신문 - 산업", "https://www.hangyeol.example.kr/news/articleList.html?sc_section_code=S1N2",
                  "https://www.hangyeol.example.kr/rss/S1N2.xml", "한결경제신문 산업면 최신 기사 (newswatch 코퍼스용 가상 매체)"),
    "ko-portal": ("rss", "ko", 9, "바로뉴스 - 경제", "https://news.baro.example.kr/economy",
                  "https://news.baro.example.kr/rss/economy.xml", "바로뉴스 경제 섹션: 제휴 매체 기사 모음 (newswatch 코퍼스용 가상 포털)"),
    "jp-daily":  ("atom", "ja", 9, "東邦経済新聞　テクノロジー", "https://www.toho-keizai.example.jp/tech/",
                  "https://www.toho-keizai.example.jp/atom/tech.xml", "東邦経済新聞のテクノロジー記事（newswatch コーパス用の架空メディア）"),
    "jp-portal": ("rss", "ja", 9, "ニュースひろば　経済", "https://hiroba.example.jp/economy/",
                  "https://hiroba.example.jp/rss/economy.xml", "提携各社の経済ニュース（newswatch コーパス用の架空ポータル）"),
}

KO_BOILER = "ⓒ 누리통신. 무단전재 및 재배포 금지. 바로뉴스는 제휴 매체의 기사를 전재합니다."
EN_BOILER = "<em>This story first ran on Harborline Wire and appears here under a syndication agreement. Subscribe to Die Shot Weekly for more chip news.</em>"
JA_BOILER = "（東邦経済新聞より転載）記事の無断転載を禁じます。"

A, B = "hanbit-kestrel", "aster-skylark"

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
it("OFF1", "wire-en", "2027-09-01T09:00Z", "EU lawmakers back rules on repairable smartphones",
   ["European Parliament committees voted on Wednesday for rules that would require smartphone makers to offer spare batteries and screens for seven years after a model leaves the market.",
    "The full parliament votes next month."], note="no story names")
it("N5", "biz-en", "2027-09-01T14:00Z", "Kestrel Systems adds HBM4 support to its memory controllers",
   ["Kestrel Systems, the San Jose designer of memory and network controller chips, said on Wednesday its next controller family will support HBM4 stacks from all three major suppliers.",
    "Samples go to customers in the first quarter, the company said, with volume shipments planned for late next year."],
   kind="nearmiss", note="Kestrel alone; HBM4 must not match alias HB")
it("N1", "ko-wire", "2027-09-02T07:00Z", "[마감시황] 코스피 0.6% 오른 2,814.20…한빛반도체 2%대 상승",
   ["2일 코스피는 전 거래일보다 16.80포인트(0.60%) 오른 2,814.20에 장을 마쳤다. 외국인이 1,230억원어치를 순매수했다. 반도체 대형주 가운데 한빛반도체가 2.4% 올랐고, 코스닥지수는 0.3% 내린 842.15에 마감했다."],
   kind="nearmiss", note="templated market report; Hanbit alone")
it("N12", "jp-daily", "2027-09-02T03:00Z", "ケストレル・システムズ、HBM4対応の新コントローラー",
   ["米半導体設計のケストレル・システムズは1日、次世代の広帯域メモリー「HBM4」に対応したメモリーコントローラーを発表した。来年1～3月期に顧客へのサンプル出荷を始める。"],
   kind="nearmiss", note="Kestrel alone; HBM inside Japanese text")
it("N10", "ko-daily", "2027-09-03T00:30Z", "케스트럴 시스템즈, HBM4 지원 컨트롤러 공개…내년 샘플 공급",
   ["미국 반도체 설계업체 케스트럴 시스템즈가 차세대 고대역폭메모리(HBM4)를 지원하는 메모리 컨트롤러 제품군을 공개했다. HBM 3사 제품을 모두 지원하며 내년 1분기 고객사에 샘플을 공급할 계획이다."],
   kind="nearmiss", note="Kestrel alone; HBM/HBM4 next to Hangul must not match alias HB")
it("OFF2", "chip-blog", "2027-09-03T18:00Z", "Review: the Norrland N5 fanless mini PC is quiet, and slow",
   ["The N5 makes no noise at all, which is the point. It also takes eleven seconds to open a large spreadsheet.",
    "If you want a silent box for mail and music it is fine; for anything else, look elsewhere."])

# ---- A1: talks reported (6 Sep) ---------------------------------------------------------
it("A1.wire", "wire-en", "2027-09-06T07:10Z", "Hanbit Semiconductor in talks to buy US chip designer Kestrel Systems, sources say",
   ["South Korea's Hanbit Semiconductor is in advanced talks to acquire Kestrel Systems, a US designer of memory controller chips, in a deal that could be announced within weeks, three people familiar with the matter said.",
    "The talks value Kestrel at around $4 billion including debt, two of the people said. Hanbit and Kestrel declined to comment. Kestrel shares rose 14% in after-hours trading in New York."],
   A, "A1", "first", "talks reported")
it("A1.kowire", "ko-wire", "2027-09-06T08:30Z", "한빛반도체, 美 칩 설계업체 케스트럴 시스템즈 인수 협상",
   ["한빛반도체가 미국 메모리 컨트롤러 설계업체 케스트럴 시스템즈 인수를 위한 막바지 협상을 벌이고 있다고 외신이 6일 소식통을 인용해 보도했다.",
    "협상에서 거론되는 케스트럴의 기업가치는 부채를 포함해 약 40억달러로, 이르면 몇 주 안에 발표될 수 있다. 한빛반도체와 케스트럴은 논평을 거부했다."],
   A, "A1", "coverage", "translated wire copy")
it("A1.koportal", "ko-portal", "2027-09-06T08:45Z", orig("A1.kowire")["title"], orig("A1.kowire")["body"],
   A, "A1", "copy", "exact copy of ko-wire (same title and text, own link)", dup="A1.kowire")
it("A1.blog", "chip-blog", "2027-09-06T09:40Z", "Hanbit circles Kestrel: Korean memory giant eyes controller designer",
   orig("A1.wire")["body"] + [EN_BOILER], A, "A1", "copy", "syndicated: new headline + boilerplate", dup="A1.wire")
it("A1.jp", "jp-daily", "2027-09-06T10:00Z", "韓国ハンビット半導体、米ケストレル買収へ協議　40億ドル規模",
   ["韓国の半導体大手ハンビット半導体が、米国のメモリーコントローラー設計会社ケストレル・システムズの買収に向けて最終調整に入ったことが6日、分かった。複数の関係者が明らかにした。",
    "買収額は負債を含めて約40億ドル（約5800億円）規模になる見通し。両社はコメントを控えている。"],
   A, "A1", "coverage", "Japanese report of the talks")
it("A1.jportal", "jp-portal", "2027-09-06T10:30Z", "ハンビット半導体がケストレル買収協議、半導体再編が加速",
   ["半導体業界の再編がアジアでも加速している。"] + orig("A1.jp")["body"],
   A, "A1", "copy", "syndicated: new headline + new first sentence", dup="A1.jp")
it("OFF3", "ko-daily", "2027-09-07T01:00Z", "정부, 반도체 특별법 시행령 국무회의 의결",
   ["반도체 연구개발 인력의 근로시간 특례와 전력망 지원을 담은 반도체 특별법 시행령이 7일 국무회의를 통과했다.",
    "시행령은 다음 달 1일부터 시행된다."])
it("N4", "wire-en", "2027-09-09T02:00Z", "Hanbit Semiconductor starts mass production of 12-layer HBM chips",
   ["Hanbit Semiconductor said on Thursday it had begun mass production of 12-layer HBM3E memory at its Pyeongtaek plant, joining rivals in supplying stacked memory for AI accelerators.",
    "The company did not name customers. Its HBM revenue more than doubled in the second quarter, it said last month."],
   kind="nearmiss", note="Hanbit alone (same name, other story)")
it("OFF4", "ko-wire", "2027-09-10T03:00Z", "정부, 반도체 인력 양성에 5년간 1조원 투입",
   ["정부가 반도체 설계·공정 인력 양성에 앞으로 5년간 1조원을 투입한다고 10일 밝혔다.",
    "대학 계약학과를 늘리고 재직자 재교육 과정을 새로 만든다."])
it("OFF4.copy", "ko-portal", "2027-09-10T03:30Z", orig("OFF4")["title"], orig("OFF4")["body"],
   kind="copy", note="exact copy of an off-story item", dup="OFF4")

# ---- A2: deal announced (14/15 Sep) + update: bond financing ---------------------------
it("A2.wire", "wire-en", "2027-09-14T22:05Z", "Hanbit Semiconductor agrees to buy Kestrel Systems for $4.2 billion",
   ["Hanbit Semiconductor will buy Kestrel Systems for $38 a share in cash, or about $4.2 billion, the companies said on Tuesday, giving the South Korean memory maker its own designs for the controller chips that sit between processors and memory.",
    "The price is a 27% premium to Kestrel's close before reports of the talks. Kestrel's board backs the deal, which needs the approval of its shareholders and of antitrust regulators, and is expected to close by the end of the year."],
   A, "A2", "first", "deal announced")
it("A2.kowire", "ko-wire", "2027-09-14T22:30Z", "한빛반도체, 케스트럴 시스템즈 42억달러에 인수…주당 38달러 현금",
   ["한빛반도체가 미국 반도체 설계업체 케스트럴 시스템즈를 주당 38달러, 총 42억달러(약 5조6천억원)에 현금 인수한다고 15일 밝혔다.",
    "인수가는 협상 보도 직전 종가 대비 27% 높은 수준이다. 거래는 케스트럴 주주총회와 경쟁당국의 승인을 거쳐 연내 마무리될 예정이다."],
   A, "A2", "coverage", "Korean wire")
it("A2.koportal", "ko-portal", "2027-09-14T23:00Z", "한빛반도체 '5조6천억' 빅딜…케스트럴 품는다",
   orig("A2.kowire")["body"] + [KO_BOILER], A, "A2", "copy", "syndicated: new headline + boilerplate", dup="A2.kowire")
it("A2.jp", "jp-daily", "2027-09-14T23:30Z", "ハンビット半導体、ケストレルを42億ドルで買収　制御チップ設計を取り込む",
   ["韓国ハンビット半導体は15日、米ケストレル・システムズを1株38ドル、総額約42億ドルで買収すると発表した。全額を現金で支払う。",
    "メモリーとプロセッサーの間でデータをやり取りする制御チップの設計力を取り込む。ケストレルの株主総会と競争当局の承認を経て、年内の完了を目指す。"],
   A, "A2", "coverage", "")
it("A2.ko", "ko-daily", "2027-09-15T00:10Z", "한빛 반도체, 케스트럴 품는다…'컨트롤러 설계 내재화'",
   ["한빛 반도체가 미국 케스트럴 시스템즈를 약 5조6천억원에 사들인다. 메모리와 프로세서 사이에서 데이터를 주고받는 컨트롤러 칩 설계를 직접 하겠다는 것이다.",
    "업계에서는 고대역폭메모리 경쟁이 치열해지면서 설계 역량 확보가 필요했다는 분석이 나온다."],
   A, "A2", "coverage", "spacing variant 한빛 반도체 (must match 한빛반도체)")
it("A2.jportal", "jp-portal", "2027-09-15T00:40Z", "ハンビット半導体、ケストレル買収で合意　総額42億ドル",
   ["韓国ハンビット半導体は15日、米ケストレル・システムズを1株38ドル、総額約42億ドルで買収すると発表した。全額を現金で支払う。"],
   A, "A2", "copy", "syndicated: new headline, cut to the first sentences", dup="A2.jp")
it("A2.biz", "biz-en", "2027-09-15T01:00Z", "Hanbit pays up for Kestrel as memory makers race to own more of the chip",
   ["Hanbit Semiconductor's $4.2 billion agreement to acquire Kestrel Systems, announced late on Tuesday, is the largest purchase of a US chip company by a South Korean buyer in a decade.",
    "At $38 a share, Hanbit is paying a rich multiple for a company whose controllers sit in most of the world's AI servers."],
   A, "A2", "coverage", "own text")
it("A2.blogtrk", "chip-blog", "2027-09-15T02:00Z", orig("A2.wire")["title"],
   ["From the wire: Hanbit Semiconductor will pay $38 a share in cash for Kestrel Systems. Read the full story at Harborline Wire."],
   A, "A2", "tracking", "link = wire link + utm_*", dup="A2.wire", link=("A2.wire", "?utm_source=dieshot&utm_medium=rss&utm_campaign=wire"))
it("OFF5", "jp-daily", "2027-09-15T03:00Z", "国内スマートフォン出荷、4～6月は5%減",
   ["調査会社によると、4～6月の国内スマートフォン出荷台数は前年同期比5%減の620万台だった。", "買い替え周期の長期化が続いている。"])
it("A2.wire2", "wire-en", "2027-09-15T06:00Z", "Hanbit to fund Kestrel purchase with $1.5 billion bond sale",
   ["Hanbit Semiconductor plans to sell $1.5 billion of bonds to help pay for its $4.2 billion acquisition of Kestrel Systems and will fund the rest from cash on hand, its chief financial officer told analysts on Wednesday.",
    "The bonds will be sold in dollars and won over the coming weeks, CFO Yoon Ji-ho said."],
   A, "A2", "update", "new figure: $1.5 billion of bonds")
it("A2.kowire2", "ko-wire", "2027-09-15T08:00Z", "한빛반도체, 케스트럴 인수자금 15억달러 회사채로 조달",
   ["한빛반도체가 케스트럴 시스템즈 인수 대금 42억달러 가운데 15억달러를 회사채 발행으로 마련하고 나머지는 보유 현금으로 충당한다.",
    "윤지호 한빛반도체 최고재무책임자(CFO)는 15일 애널리스트 대상 설명회에서 달러화와 원화 채권을 몇 주에 걸쳐 발행할 계획이라고 말했다."],
   A, "A2", "coverage", "Korean coverage of the bond update")
it("N2", "ko-wire", "2027-09-20T07:00Z", "[마감시황] 코스피 0.4% 내린 2,790.35…한빛반도체 1%대 하락",
   ["20일 코스피는 전 거래일보다 11.20포인트(0.40%) 내린 2,790.35에 장을 마쳤다. 외국인이 2,010억원어치를 순매도했다. 반도체 대형주 가운데 한빛반도체가 1.3% 내렸고, 코스닥지수는 0.5% 오른 846.40에 마감했다."],
   kind="nearmiss", note="templated market report (not a copy of N1)")
it("OFF6", "jp-portal", "2027-09-20T02:00Z", "円相場、1ドル=148円台前半で推移",
   ["20日の東京外国為替市場で、円相場は1ドル=148円台前半で推移した。", "米長期金利の動向を見極めたいとの雰囲気が強い。"])

# ---- A3: activist opposes (21 Sep) + update: stake raised to 9.8% -------------------
it("A3.wire", "wire-en", "2027-09-21T13:30Z", "Kestrel investor Greyline Capital opposes Hanbit deal, says price too low",
   ["Greyline Capital, which owns 6.1% of Kestrel Systems, said on Tuesday it would vote against the company's sale to Hanbit Semiconductor, arguing that the $38-a-share offer undervalues Kestrel's controller business.",
    "In a letter to Kestrel's board, Greyline said the company was worth at least $46 a share on its own and urged other shareholders to reject the deal."],
   A, "A3", "first", "activist opposes")
it("A3.biz", "biz-en", "2027-09-21T15:00Z", "Activist Greyline sets up a fight over Kestrel's sale to Hanbit",
   ["Greyline Capital has come out against Hanbit Semiconductor's takeover of Kestrel Systems, saying its 6.1% holding will be voted against a deal it calls opportunistic.",
    "The hedge fund needs allies: the sale requires a majority of Kestrel's shares."],
   A, "A3", "coverage", "")
it("A3.blog", "chip-blog", "2027-09-21T16:00Z", "Greyline says no to Hanbit's Kestrel price",
   ["Well, that didn't take long."] + orig("A3.wire")["body"],
   A, "A3", "copy", "syndicated: new headline + new first sentence", dup="A3.wire")
it("A3.ko", "ko-daily", "2027-09-21T23:00Z", "케스트럴 주주 그레이라인 '한빛반도체 인수가 너무 낮다' 반대",
   ["케스트럴 시스템즈 지분 6.1%를 보유한 행동주의 헤지펀드 그레이라인 캐피털이 한빛반도체의 인수에 반대하겠다고 밝혔다.",
    "그레이라인은 케스트럴 이사회에 보낸 서한에서 주당 38달러는 지나치게 낮다며 적정 가치는 최소 46달러라고 주장했다."],
   A, "A3", "coverage", "")
it("N16", "biz-en", "2027-09-23T08:00Z", "Asian chip stocks close higher; Hanbit Semiconductor gains 2.4%",
   ["Chip shares in Seoul, Taipei and Tokyo ended higher on Thursday. Hanbit Semiconductor rose 2.4%, Nuri Microelectronics added 1.1% and Tokyo-listed Sakura Devices gained 0.8%. The regional chip index closed up 1.3%."],
   kind="nearmiss", note="templated market report; Hanbit alone")
it("R1", "biz-en", "2027-09-25T10:00Z", "Why Hanbit wants Kestrel: the logic behind a $4.2 billion bet",
   ["Three weeks after word of the talks leaked, Hanbit Semiconductor's $4.2 billion purchase of Kestrel Systems still puzzles some investors. The $38-a-share deal is being contested by Greyline Capital.",
    "The logic is simple enough: controllers decide how fast memory can be fed to processors, and Hanbit would rather own that design work than license it."],
   A, "A2", "rehash", "analysis, no new fact")
it("A3.wire2", "wire-en", "2027-09-28T14:00Z", "Greyline raises Kestrel stake to 9.8% as it steps up fight against Hanbit deal",
   ["Greyline Capital has raised its holding in Kestrel Systems to 9.8% from 6.1%, a filing showed on Tuesday, as the hedge fund builds opposition to the chip designer's $4.2 billion sale to Hanbit Semiconductor.",
    "Greyline said it had bought the extra shares below the $38 offer price."],
   A, "A3", "update", "new figure: 9.8% stake")
it("A3.jp", "jp-daily", "2027-09-29T01:00Z", "米ファンドのグレイライン、ケストレル株を9.8%に買い増し　ハンビット半導体の買収に反対",
   ["米ヘッジファンドのグレイライン・キャピタルは、韓国ハンビット半導体による買収に反対している米ケストレル・システムズの株式保有比率を6.1%から9.8%に引き上げた。",
    "グレイラインは1株38ドルの買収価格は安すぎると主張している。"],
   A, "A3", "coverage", "Japanese coverage after the update")
it("N20", "ko-daily", "2027-10-01T01:00Z", "한빛반도체 평택공장 옥상에 황조롱이 가족",
   ["한빛반도체 평택공장 클린룸 건물 옥상에 설치한 둥지 상자에서 맹금류인 황조롱이(영어명 케스트렐) 한 쌍이 새끼 네 마리를 길러냈다.",
    "회사 환경팀은 2년 전 둥지 상자를 설치했다. 황조롱이가 비둘기를 쫓아내 공조 설비 흡입구 관리에도 도움이 된다고 회사 측은 설명했다."],
   kind="nearmiss", note="spelling trap: 케스트렐 (the bird) is not the alias 케스트럴")
it("N6", "chip-blog", "2027-10-01T12:00Z", "Kestrels nest on the roof of Hanbit Semiconductor's Pyeongtaek fab",
   ["Staff at Hanbit Semiconductor's Pyeongtaek plant have a new cause for celebration: a pair of kestrels has raised four chicks in a nest box on the roof of the clean-room building.",
    "The company's environmental team put up the boxes two years ago. The birds of prey keep pigeons away from the air intakes, a spokesperson said."],
   kind="nearmiss", note="spelling trap: 'kestrels' is not the word Kestrel")

# ---- A4: Japan opens in-depth review (4 Oct) ---------------------------------------------
it("A4.jp", "jp-daily", "2027-10-04T01:00Z", "公取委、ハンビット半導体のケストレル買収を詳細審査へ",
   ["公正取引委員会は4日、韓国ハンビット半導体による米ケストレル・システムズの買収について、第2次審査に入ると発表した。ケストレルは大阪に設計拠点を持ち、国内の電機メーカーにも制御チップを供給している。",
    "公取委は国内の顧客への供給に影響が出ないかを詳しく調べる。審査期間は最長90日。"],
   A, "A4", "first", "first reported in Japanese")
it("A4.jportal", "jp-portal", "2027-10-04T02:00Z", "ハンビットのケストレル買収、公取委が2次審査",
   ["公正取引委員会は4日、韓国ハンビット半導体による米ケストレル・システムズの買収について、第2次審査に入ると発表した。ケストレルは大阪に設計拠点を置き、国内の電機メーカー各社に制御チップを供給している。",
    "公取委は国内の顧客への供給に影響が出ないかを詳しく調べる。審査期間は最長90日。"],
   A, "A4", "copy", "syndicated: new headline, one sentence edited", dup="A4.jp")
it("A4.wire", "wire-en", "2027-10-04T03:20Z", "Japan opens in-depth antitrust review of Hanbit's Kestrel deal",
   ["Japan's Fair Trade Commission said on Monday it had opened a second-phase review of Hanbit Semiconductor's planned acquisition of Kestrel Systems, which runs a design centre in Osaka and supplies controller chips to Japanese electronics makers.",
    "The review can last up to 90 days."],
   A, "A4", "coverage", "English report of a Japanese first")
it("A4.kowire", "ko-wire", "2027-10-04T04:00Z", "日 공정위, 한빛반도체의 케스트럴 인수 2차 심사 착수",
   ["일본 공정거래위원회가 한빛반도체의 케스트럴 시스템즈 인수에 대해 2차 심사에 들어갔다고 4일 발표했다. 케스트럴은 오사카에 설계 거점을 두고 일본 전자업체에 컨트롤러 칩을 공급하고 있다.",
    "심사 기간은 최장 90일이다. 업계에서는 연내 거래 종결 일정에 차질이 생길 수 있다는 관측이 나온다."],
   A, "A4", "coverage", "")
it("A4.koportal", "ko-portal", "2027-10-04T04:30Z", "일본, 한빛반도체-케스트럴 거래 2차 심사",
   [orig("A4.kowire")["body"][0]],
   A, "A4", "copy", "syndicated: new headline, cut to the first sentences", dup="A4.kowire")
it("OFF7", "biz-en", "2027-10-05T12:00Z", "Container freight rates ease as peak shipping season fades",
   ["Spot rates for shipping a container from Asia to northern Europe fell for a third week, freight brokers said, as the pre-holiday rush ended.",
    "Rates remain well above last year's levels."])

# ---- B1: launch date set (7 Oct) ---------------------------------------------------------
it("B1.jp", "jp-daily", "2027-10-07T02:00Z", "アスター・オービタル、新型ロケット「スカイラーク2」を20日に打ち上げへ",
   ["北海道の宇宙ベンチャー、アスター・オービタルは7日、新型小型ロケット「スカイラーク2」の初号機を20日に大樹町の射場から打ち上げると発表した。",
    "地球観測衛星など3基を高度500キロの軌道に投入する計画。"],
   B, "B1", "first", "second story")
it("B1.wire", "wire-en", "2027-10-07T05:00Z", "Japan's Aster Orbital sets Oct. 20 launch for new Skylark-2 rocket",
   ["Aster Orbital, a Hokkaido-based rocket start-up, said on Thursday it would make the first launch of its Skylark-2 small rocket on 20 October from its pad in Taiki.",
    "The rocket is to carry three satellites, including an earth-observation craft, to a 500-kilometre orbit."],
   B, "B1", "coverage", "")
it("B1.ko", "ko-daily", "2027-10-07T07:00Z", "日 아스터 오비탈, 소형로켓 스카이라크2 20일 첫 발사",
   ["일본 홋카이도의 우주 스타트업 아스터 오비탈이 신형 소형 로켓 '스카이라크2' 1호기를 오는 20일 발사한다고 7일 밝혔다.",
    "지구관측위성 등 위성 3기를 고도 500㎞ 궤도에 올릴 계획이다."],
   B, "B1", "coverage", "")
it("N3", "ko-wire", "2027-10-13T07:00Z", "[마감시황] 코스피 1.1% 오른 2,851.60…한빛반도체 3%대 상승",
   ["13일 코스피는 전 거래일보다 31.00포인트(1.10%) 오른 2,851.60에 장을 마쳤다. 외국인이 3,450억원어치를 순매수했다. 반도체 대형주 가운데 한빛반도체가 3.2% 올랐고, 코스닥지수는 0.8% 오른 853.30에 마감했다."],
   kind="nearmiss", note="templated market report (not a copy of N1/N2)")
it("N14", "jp-portal", "2027-10-13T08:00Z", "【アジア株】韓国総合株価指数が反発、ハンビット半導体が3%高",
   ["13日のアジア株式市場で、韓国総合株価指数（KOSPI）は前日比1.1%高の2851.60で取引を終えた。半導体大手のハンビット半導体が3.2%上昇し、指数を押し上げた。台湾加権指数は0.6%高。"],
   kind="nearmiss", note="templated market report; Hanbit alone")

# ---- A5: shareholders approve (14 Oct) ---------------------------------------------------
it("A5.wire", "wire-en", "2027-10-14T20:15Z", "Kestrel shareholders approve sale to Hanbit despite Greyline opposition",
   ["Shareholders of Kestrel Systems voted on Thursday to approve the company's $4.2 billion sale to Hanbit Semiconductor, with 84% of votes cast in favour, overcoming a campaign by Greyline Capital to block the deal.",
    "The acquisition still needs clearance from antitrust regulators, including Japan's Fair Trade Commission."],
   A, "A5", "first", "vote")
it("A5.kowire", "ko-wire", "2027-10-14T21:00Z", "케스트럴 주주총회, 한빛반도체 인수안 84% 찬성으로 가결",
   ["케스트럴 시스템즈 주주들이 14일(현지시간) 열린 임시 주주총회에서 한빛반도체의 42억달러 인수안을 찬성률 84%로 승인했다.",
    "인수에 반대해 온 그레이라인 캐피털의 저지 시도는 무산됐다. 거래는 일본 공정거래위원회 등 경쟁당국의 승인만 남겨두게 됐다."],
   A, "A5", "coverage", "")
it("A5.koportaltrk", "ko-portal", "2027-10-14T21:30Z", orig("A5.kowire")["title"], orig("A5.kowire")["body"],
   A, "A5", "tracking", "link = ko-wire link + utm_* + fbclid", dup="A5.kowire",
   link=("A5.kowire", "?utm_source=baro&utm_medium=referral&fbclid=IwAR0xk3stre1Tz9"))
it("A5.jp", "jp-daily", "2027-10-14T22:00Z", "ケストレル株主、ハンビット半導体による買収を承認　賛成84%",
   ["米ケストレル・システムズは14日（米国時間）の臨時株主総会で、韓国ハンビット半導体による約42億ドルでの買収案が賛成84%で承認されたと発表した。",
    "買収に反対していたグレイライン・キャピタルの主張は退けられた。日本の公正取引委員会の審査は続いている。"],
   A, "A5", "coverage", "")
it("A5.blog", "chip-blog", "2027-10-14T22:30Z", "Kestrel holders say yes to Hanbit",
   [orig("A5.wire")["body"][0]],
   A, "A5", "copy", "syndicated: new headline, cut to the first sentence", dup="A5.wire")
it("A5.biz", "biz-en", "2027-10-14T23:00Z", "Greyline loses Kestrel vote as shareholders back Hanbit takeover",
   ["Greyline Capital's campaign against the sale of Kestrel Systems failed on Thursday, when 84% of the votes cast backed Hanbit Semiconductor's $38-a-share offer.",
    "Greyline said it was disappointed by the result."],
   A, "A5", "coverage", "")
it("R2", "chip-blog", "2027-10-16T15:00Z", "After the Kestrel vote: what's left for Hanbit",
   ["With Kestrel Systems' shareholders on board, Hanbit Semiconductor's $4.2 billion takeover now waits on Japan's Fair Trade Commission, which opened its in-depth review on 4 October.",
    "Greyline Capital lost the vote but made its point about the price. For Hanbit, the question now is how quickly it can fold Kestrel's controller designs into its memory roadmap."],
   A, "A5", "rehash", "analysis, no new fact")
it("OFF8", "ko-portal", "2027-10-18T00:00Z", "오늘의 날씨: 전국 맑고 일교차 커",
   ["18일은 전국이 대체로 맑겠으나 낮과 밤의 기온 차가 15도 안팎으로 크겠다.", "아침 최저기온은 3~12도, 낮 최고기온은 18~24도로 예보됐다."])

# ---- B2: launch postponed (20 Oct) -------------------------------------------------------
it("B2.jp", "jp-daily", "2027-10-20T00:30Z", "スカイラーク2の打ち上げ延期　上空の強風で　アスター・オービタル",
   ["アスター・オービタルは20日、同日予定していた小型ロケット「スカイラーク2」初号機の打ち上げを延期すると発表した。上空の風が強く、安全基準を満たさないため。",
    "新たな打ち上げ日は天候を見て決める。"],
   B, "B2", "first", "")
it("B2.jportal", "jp-portal", "2027-10-20T01:00Z", "【速報】国産小型ロケット、打ち上げ延期",
   orig("B2.jp")["body"] + [JA_BOILER], B, "B2", "copy", "syndicated: new headline + boilerplate", dup="B2.jp")
it("B2.wire", "wire-en", "2027-10-20T02:00Z", "Aster Orbital postpones Skylark-2 debut launch over high winds",
   ["Aster Orbital called off the first launch of its Skylark-2 rocket on Wednesday because of strong upper-level winds, the Japanese start-up said.",
    "A new date will be set depending on the weather."],
   B, "B2", "coverage", "")
it("B2.ko", "ko-daily", "2027-10-20T05:00Z", "日 스카이라크2 로켓 첫 발사, 강풍에 연기",
   ["일본 아스터 오비탈이 20일로 예정했던 소형 로켓 '스카이라크2' 1호기 발사를 상층부 강풍 때문에 연기했다.",
    "새 발사일은 기상 상황을 보고 정한다."],
   B, "B2", "coverage", "")

# ---- A6: Kestrel's CEO to run combined design (22 Oct) -----------------------------------
it("A6.ko", "ko-daily", "2027-10-22T01:00Z", "한빛반도체, 케스트럴 라만 CEO에 통합 설계부문 맡긴다",
   ["한빛반도체가 케스트럴시스템즈 인수가 마무리되면 프리야 라만 케스트럴 최고경영자(CEO)를 새로 만드는 통합 설계부문 대표로 선임하기로 했다고 22일 밝혔다.",
    "라만 대표는 한빛반도체 경영위원회에도 합류한다. 통합 설계부문은 미국 새너제이에 본부를 둔다."],
   A, "A6", "first", "first reported in Korean")
it("A6.wire", "wire-en", "2027-10-22T04:30Z", "Hanbit picks Kestrel chief Priya Raman to run combined design unit",
   ["Hanbit Semiconductor will put Kestrel Systems chief executive Priya Raman in charge of a new combined chip design division once its acquisition of Kestrel closes, the South Korean company said on Friday.",
    "Raman will also join Hanbit's management committee. The division will be based in San Jose."],
   A, "A6", "coverage", "")
it("A6.jp", "jp-daily", "2027-10-22T06:00Z", "ハンビット半導体、ケストレルのラマンCEOを設計部門トップに",
   ["韓国ハンビット半導体は22日、米ケストレル・システムズの買収完了後、ケストレルのプリヤ・ラマン最高経営責任者（CEO）を新設する統合設計部門のトップに据えると発表した。",
    "ラマン氏はハンビット半導体の経営委員会にも加わる。"],
   A, "A6", "coverage", "")
it("A6.biz", "biz-en", "2027-10-22T09:00Z", "Kestrel's Raman gets the keys to Hanbit's chip design",
   ["Priya Raman, who built Kestrel Systems into a leading controller designer, will run design for all of Hanbit Semiconductor after the takeover, the company said.",
    "Keeping Raman was one of Hanbit's conditions for the deal, people close to the talks said."],
   A, "A6", "coverage", "")

it("A6.ko2", "ko-daily", "2027-10-25T01:00Z", "한빛반도체, 라만 케스트럴 CEO와 4년 계약…성과급 최대 3천만달러",
   ["한빛반도체가 통합 설계부문을 맡길 프리야 라만 케스트럴 시스템즈 최고경영자(CEO)와 4년 계약을 맺고, 성과에 따라 최대 3천만달러의 주식 보상을 주기로 했다.",
    "한빛반도체가 외부 출신 임원에게 제시한 보상으로는 역대 최대 규모다."],
   A, "A6", "update", "new figures (4-year contract, up to $30 million) for a known development, in Korean")

# ---- B3: first flight reaches orbit (24 Oct) ---------------------------------------------
it("B3.jp", "jp-daily", "2027-10-24T02:20Z", "スカイラーク2、打ち上げ成功　衛星3基を軌道に投入",
   ["アスター・オービタルは24日、小型ロケット「スカイラーク2」初号機を大樹町の射場から打ち上げ、搭載した衛星3基を予定の軌道に投入したと発表した。",
    "民間単独で開発したロケットによる軌道投入は国内で2例目となる。"],
   B, "B3", "first", "")
it("B3.wire", "wire-en", "2027-10-24T03:00Z", "Aster Orbital's Skylark-2 reaches orbit on first flight",
   ["Aster Orbital's Skylark-2 rocket put three satellites into orbit on its first flight on Sunday, the Japanese start-up said, four days after high winds forced a postponement.",
    "It is the second privately developed rocket to reach orbit from Japan."],
   B, "B3", "coverage", "")
it("B3.kowire", "ko-wire", "2027-10-24T04:30Z", "日 아스터 오비탈 '스카이라크2' 발사 성공…위성 3기 궤도 안착",
   ["일본 우주 스타트업 아스터 오비탈이 24일 소형 로켓 '스카이라크2' 1호기를 발사해 위성 3기를 목표 궤도에 올렸다고 밝혔다.",
    "일본에서 민간이 독자 개발한 로켓이 궤도에 도달한 것은 두 번째다."],
   B, "B3", "coverage", "")
it("B3.koportal", "ko-portal", "2027-10-24T05:00Z", "일본 민간 로켓 또 궤도 도달…아스터 오비탈 성공",
   orig("B3.kowire")["body"] + [KO_BOILER], B, "B3", "copy", "syndicated: new headline + boilerplate", dup="B3.kowire")
it("B3.biz", "biz-en", "2027-10-24T08:00Z", "Skylark-2 success puts Aster Orbital in the small-launch race",
   ["Aster Orbital joined the short list of companies able to put satellites into orbit when its Skylark-2 rocket reached orbit on Sunday.",
    "The start-up now has to show that it can fly regularly."],
   B, "B3", "coverage", "")
it("N15", "jp-portal", "2027-10-27T08:00Z", "【アジア株】韓国総合株価指数が続落、ハンビット半導体が2%安",
   ["27日のアジア株式市場で、韓国総合株価指数（KOSPI）は前日比0.7%安の2826.10で取引を終えた。半導体大手のハンビット半導体が2.1%下落し、指数を押し下げた。台湾加権指数は0.2%安。"],
   kind="nearmiss", note="templated market report (not a copy of N14)")
it("R6", "chip-blog", "2027-10-27T14:00Z", "Skylark-2 made orbit. Now Aster Orbital has to do it again",
   ["Aster Orbital's Skylark-2 reached orbit on its first attempt last Sunday, after a windy false start on 20 October.",
    "Three satellites are up. The hard part for a launch company is the second and the tenth flight, not the first."],
   B, "B3", "rehash", "analysis, no new fact")

# ---- A7: job cuts (2 Nov) + update: the same template with 650 ----------------------------
it("A7.wire", "wire-en", "2027-11-02T16:00Z", "Hanbit plans to cut about 400 jobs at Kestrel after takeover, memo shows",
   ["Hanbit Semiconductor plans to cut about 400 jobs at Kestrel Systems once its acquisition of the US chip designer is completed, according to an internal memo seen by Harborline Wire.",
    "The cuts would fall mainly on sales and administrative staff in California, the memo said. Hanbit and Kestrel declined to comment."],
   A, "A7", "first", "job cuts")
it("A7.blog", "chip-blog", "2027-11-02T18:00Z", "Memo: Hanbit to trim about 400 Kestrel jobs",
   ["Hanbit Semiconductor plans to cut about 400 jobs at Kestrel Systems once its takeover of the US chip designer is completed, according to an internal memo seen by Harborline Wire.",
    "The cuts would fall mostly on sales and back-office staff in California, the memo said. Hanbit and Kestrel declined to comment."],
   A, "A7", "copy", "syndicated: new headline, two sentences edited", dup="A7.wire")
it("A7.kowire", "ko-wire", "2027-11-03T00:00Z", "한빛반도체, 케스트럴 인수 후 400명 감원 계획",
   ["한빛반도체가 케스트럴 시스템즈 인수를 마친 뒤 케스트럴 직원 약 400명을 감원할 계획이라고 외신이 2일(현지시간) 내부 메모를 인용해 보도했다.",
    "감원은 주로 캘리포니아의 영업·관리 인력에 집중될 것으로 알려졌다."],
   A, "A7", "coverage", "")
it("A7.jp", "jp-daily", "2027-11-03T01:00Z", "ハンビット半導体、ケストレルで400人削減へ　買収完了後",
   ["韓国ハンビット半導体が米ケストレル・システムズの買収完了後、同社の従業員約400人を削減する計画であることが社内文書で分かった。",
    "削減は主にカリフォルニア州の営業・管理部門が対象になる。"],
   A, "A7", "coverage", "")
it("A7.wire2", "wire-en", "2027-11-04T15:00Z", "Hanbit plans to cut about 650 jobs at Kestrel after takeover, memo shows",
   ["Hanbit Semiconductor plans to cut about 650 jobs at Kestrel Systems once its acquisition of the US chip designer is completed, according to an internal memo seen by Harborline Wire.",
    "The cuts would fall mainly on sales and administrative staff in California, the memo said. Hanbit and Kestrel declined to comment."],
   A, "A7", "update", "same template, only the figure changed (400 -> 650): an update, not a copy")
it("A7.kowire2", "ko-wire", "2027-11-05T00:00Z", "한빛반도체, 케스트럴 인수 후 650명 감원 계획",
   ["한빛반도체가 케스트럴 시스템즈 인수를 마친 뒤 케스트럴 직원 약 650명을 감원할 계획이라고 외신이 4일(현지시간) 내부 메모를 인용해 보도했다.",
    "감원은 주로 캘리포니아의 영업·관리 인력에 집중될 것으로 알려졌다."],
   A, "A7", "coverage", "Korean template with the new figure: coverage of the update, not a copy of A7.kowire")
it("N16b", "biz-en", "2027-11-08T08:00Z", "Asian chip stocks close lower; Hanbit Semiconductor falls 1.7%",
   ["Chip shares in Seoul, Taipei and Tokyo ended lower on Monday. Hanbit Semiconductor fell 1.7%, Nuri Microelectronics lost 0.9% and Tokyo-listed Sakura Devices slipped 0.4%. The regional chip index closed down 1.1%."],
   kind="nearmiss", note="templated market report (not a copy of N16)")
it("N7", "ko-daily", "2027-11-09T02:00Z", "케스트럴항공, 항공기 12대 주문…한빛증권 '목표주가 상향'",
   ["저비용항공사 케스트럴항공이 2030년부터 인도받는 단일통로 항공기 12대를 주문했다고 9일 밝혔다.",
    "한빛증권은 일본 노선 수요가 견조하다며 케스트럴항공의 목표주가를 15% 올렸다."],
   kind="nearmiss", note="same names, other story: 케스트럴항공 + 한빛증권 (not 한빛반도체)")
it("N8", "jp-daily", "2027-11-09T04:00Z", "韓国LCCのケストレル航空、12機を発注",
   ["韓国の格安航空会社（LCC）ケストレル航空は9日、小型機12機を発注したと発表した。2030年から受け取る。",
    "韓国のハンビット証券は日本路線の需要が堅調だとして、同社の目標株価を15%引き上げた。"],
   kind="nearmiss", note="same names, other story: ケストレル航空 + ハンビット証券")
it("N9", "wire-en", "2027-11-09T06:00Z", "Budget carrier Kestrel Air orders 12 jets; Hanbit Securities sees upside",
   ["Kestrel Air, a South Korean low-cost airline, has ordered 12 narrow-body jets for delivery from 2030, the company said on Tuesday.",
    "Analysts at Hanbit Securities raised their price target on the airline's shares by 15%, citing strong demand on routes to Japan."],
   kind="nearmiss", note="same names, other story: Kestrel Air + Hanbit Securities")

# ---- A8: Japan clears with conditions (12 Nov) -------------------------------------------
it("A8.jp", "jp-daily", "2027-11-12T08:00Z", "公取委、ハンビット半導体のケストレル買収を条件付き承認　5年間の供給義務",
   ["公正取引委員会は12日、韓国ハンビット半導体による米ケストレル・システムズの買収を条件付きで承認した。国内の顧客に対し、制御チップを5年間、従来と同等の条件で供給し続けることを求める。",
    "これで買収に必要な各国当局の承認が出そろった。"],
   A, "A8", "first", "first reported in Japanese")
it("A8.jportaltrk", "jp-portal", "2027-11-12T08:30Z", orig("A8.jp")["title"], orig("A8.jp")["body"],
   A, "A8", "tracking", "link = jp-daily link + utm_*", dup="A8.jp",
   link=("A8.jp", "?utm_source=hiroba&utm_medium=referral&utm_campaign=toho"))
it("A8.wire", "wire-en", "2027-11-12T09:30Z", "Japan clears Hanbit's Kestrel takeover on condition it keeps supplying local customers",
   ["Japan's Fair Trade Commission approved Hanbit Semiconductor's acquisition of Kestrel Systems on Friday on condition that Kestrel keeps supplying controller chips to Japanese customers on existing terms for five years.",
    "The ruling was the last regulatory approval the $4.2 billion deal needed."],
   A, "A8", "coverage", "")
it("A8.kowire", "ko-wire", "2027-11-12T10:00Z", "日 공정위, 한빛반도체의 케스트럴 인수 조건부 승인",
   ["일본 공정거래위원회가 12일 한빛반도체의 케스트럴 시스템즈 인수를 조건부로 승인했다. 일본 고객사에 5년간 기존과 같은 조건으로 컨트롤러 칩을 공급하라는 조건이다.",
    "이로써 인수에 필요한 각국 경쟁당국의 승인 절차가 모두 끝났다."],
   A, "A8", "coverage", "")
it("A8.koportal", "ko-portal", "2027-11-12T10:30Z", "한빛반도체 케스트럴 인수, 마지막 관문 넘었다",
   orig("A8.kowire")["body"] + [KO_BOILER], A, "A8", "copy", "syndicated: new headline + boilerplate", dup="A8.kowire")
it("A8.biz", "biz-en", "2027-11-12T12:00Z", "Hanbit clears last hurdle for Kestrel as Tokyo signs off",
   ["Hanbit Semiconductor has the last approval it needed to buy Kestrel Systems after Japan's antitrust regulator signed off on Friday, with a five-year supply commitment to Japanese customers attached.",
    "The companies said they expected to complete the deal shortly."],
   A, "A8", "coverage", "")
it("OFF9", "wire-en", "2027-11-15T10:00Z", "Taiwan chip exports hit a record in October",
   ["Taiwan's exports of integrated circuits rose 31% from a year earlier in October to a record, finance ministry data showed on Monday.",
    "Demand for servers used in artificial intelligence drove the increase."])

# ---- A9: deal completed (18 Nov) ---------------------------------------------------------
it("A9.wire", "wire-en", "2027-11-18T13:00Z", "Hanbit completes $4.2 billion acquisition of Kestrel Systems",
   ["Hanbit Semiconductor said on Thursday it had completed its $4.2 billion acquisition of Kestrel Systems, whose shares will stop trading on the Nasdaq at the close.",
    "Kestrel becomes a wholly owned subsidiary and will keep its name for its controller products, Hanbit said."],
   A, "A9", "first", "deal completed")
it("A9.kowire", "ko-wire", "2027-11-18T13:30Z", "한빛반도체, 케스트럴 시스템즈 인수 완료",
   ["한빛반도체가 미국 케스트럴 시스템즈 인수를 완료했다고 18일(현지시간) 밝혔다. 인수 금액은 42억달러다.",
    "케스트럴은 한빛반도체의 완전 자회사가 되며 나스닥 상장은 폐지된다. 컨트롤러 제품에는 케스트럴 브랜드를 계속 쓴다."],
   A, "A9", "coverage", "")
it("A9.koportaltrk", "ko-portal", "2027-11-18T14:00Z", orig("A9.kowire")["title"], orig("A9.kowire")["body"],
   A, "A9", "tracking", "link = ko-wire link + utm_* + fbclid", dup="A9.kowire",
   link=("A9.kowire", "?fbclid=IwAR7qqHb3k9&utm_source=baro&utm_medium=app"))
it("A9.blog", "chip-blog", "2027-11-18T15:00Z", "It's done: Kestrel now belongs to Hanbit",
   orig("A9.wire")["body"] + [EN_BOILER], A, "A9", "copy", "syndicated: new headline + boilerplate", dup="A9.wire")
it("A9.biztrk", "biz-en", "2027-11-18T16:00Z", orig("A9.wire")["title"],
   ["Via Harborline Wire: Hanbit Semiconductor has completed its purchase of Kestrel Systems."],
   A, "A9", "tracking", "link = wire link + utm_* + fbclid", dup="A9.wire",
   link=("A9.wire", "?utm_source=ledgerstreet&utm_medium=atom&utm_content=wirefeed&fbclid=IwAR2hbk9"))
it("A9.ko", "ko-daily", "2027-11-18T23:00Z", "케스트럴, 한빛반도체 품으로…두 달 만에 인수 마무리",
   ["한빛반도체의 케스트럴 시스템즈 인수가 발표 두 달여 만에 마무리됐다. 케스트럴은 19일부터 한빛반도체의 100% 자회사로 편입된다.",
    "한빛반도체는 케스트럴 브랜드를 유지하면서 차세대 HBM용 컨트롤러 개발을 서두를 계획이다."],
   A, "A9", "coverage", "")
it("A9.jp", "jp-daily", "2027-11-19T00:00Z", "ハンビット半導体、ケストレル買収を完了",
   ["韓国ハンビット半導体は18日（米国時間）、米ケストレル・システムズの買収を完了したと発表した。買収額は約42億ドル。",
    "ケストレルはハンビット半導体の完全子会社となり、米ナスダック市場での上場を廃止する。"],
   A, "A9", "coverage", "")
it("A9.jportal", "jp-portal", "2027-11-19T00:30Z", "ケストレル、ハンビット傘下に　買収手続き完了",
   [orig("A9.jp")["body"][0]], A, "A9", "copy", "syndicated: new headline, cut to the first sentences", dup="A9.jp")
it("R3", "ko-daily", "2027-11-20T01:00Z", "[분석] 한빛반도체·케스트럴 결합, 두 달의 여정과 남은 과제",
   ["9월 초 인수 협상 보도에서 시작된 한빛반도체의 케스트럴 시스템즈 인수가 지난 18일 마무리됐다. 42억달러 규모의 거래는 행동주의 펀드 그레이라인의 반대와 일본 공정위의 2차 심사를 넘어야 했다.",
    "이제 과제는 통합이다. 케스트럴의 컨트롤러 설계를 한빛반도체의 메모리 로드맵에 얼마나 빨리 녹여내느냐가 관건이다."],
   A, "A9", "rehash", "analysis, no new fact")
it("R4", "jp-daily", "2027-11-20T03:00Z", "【解説】ハンビット半導体のケストレル買収、何が変わるのか",
   ["韓国ハンビット半導体による米ケストレル・システムズの買収が18日に完了した。総額約42億ドルの案件は、株主の反対や公取委の2次審査を経て、発表から約2カ月で決着した。",
    "メモリーと制御チップを一体で設計できるようになることで、AI向け半導体の性能競争で優位に立つ狙いがある。"],
   A, "A9", "rehash", "analysis, no new fact")
it("R5", "biz-en", "2027-11-21T10:00Z", "Hanbit and Kestrel: how a $4.2 billion chip deal got done",
   ["It took ten weeks from the first reports of talks on 6 September to the completion of Hanbit Semiconductor's purchase of Kestrel Systems on 18 November.",
    "Along the way Greyline Capital built a 9.8% stake to fight the price, 84% of the votes cast backed the deal anyway, and Japan's regulator extracted a five-year supply pledge."],
   A, "-", "rehash", "timeline of the whole deal, no new fact")

# ---- B4: government contract (22 Nov) ----------------------------------------------------
it("B4.wire", "wire-en", "2027-11-22T05:00Z", "Aster Orbital wins government contract for five Skylark launches",
   ["Japan's space agency has picked Aster Orbital to launch five small research satellites on its Skylark-2 rocket between 2028 and 2030, the start-up said on Monday.",
    "The contract is the company's first from the government."],
   B, "B4", "first", "")
it("B4.jp", "jp-daily", "2027-11-22T06:00Z", "アスター・オービタル、スカイラーク2で政府衛星5基を受注",
   ["アスター・オービタルは22日、宇宙機関から小型研究衛星5基の打ち上げを受注したと発表した。2028～30年にスカイラーク2で打ち上げる。",
    "政府からの受注は初めて。"],
   B, "B4", "coverage", "")
it("B4.ko", "ko-daily", "2027-11-22T08:00Z", "아스터 오비탈, 일본 정부 위성 5기 발사 수주…스카이라크2 활용",
   ["일본 아스터 오비탈이 자국 우주기관으로부터 소형 연구위성 5기 발사 계약을 따냈다고 22일 밝혔다. 2028~2030년 스카이라크2 로켓으로 발사한다.",
    "정부 발주 사업을 따낸 것은 처음이다."],
   B, "B4", "coverage", "")
it("B4.jp2", "jp-daily", "2027-11-24T03:00Z", "アスター・オービタルの政府衛星受注、総額45億円　スカイラーク2で5回打ち上げ",
   ["アスター・オービタルが宇宙機関から受注した小型研究衛星5基の打ち上げ契約は、総額約45億円であることが24日、分かった。",
    "スカイラーク2による1回あたりの打ち上げ費用は約9億円となる。"],
   B, "B4", "update", "new figure (45億円) for a known development, in Japanese")
it("N18", "jp-daily", "2027-11-25T02:00Z", "アスター・オービタル、80億円を調達　2号射場の整備に充当",
   ["北海道の宇宙ベンチャー、アスター・オービタルは25日、第三者割当増資などで80億円を調達したと発表した。",
    "調達資金は2カ所目の射場の整備と人員の拡充に充てる。"],
   kind="nearmiss", note="Aster Orbital alone (rule needs the rocket)")
it("N19", "chip-blog", "2027-11-26T15:00Z", "Weekend reading: skylarks, asters and the hum of a quiet fab",
   ["This week's links: a field recorder's hour of skylarks over a Hokkaido meadow, why asters bloom so late, and a long read on how fabs keep vibration out of their lithography bays."],
   kind="nearmiss", note="spelling trap: 'skylarks', 'asters' are not the aliases")
it("N13", "jp-daily", "2027-11-30T03:00Z", "ハンビット半導体、HBM新工場の建設を発表　2030年稼働",
   ["韓国ハンビット半導体は30日、広帯域メモリー（HBM）の新工場を韓国中部に建設すると発表した。投資額は約20兆ウォンで、2030年の稼働を目指す。"],
   kind="nearmiss", note="Hanbit alone (same name, other story)")

# ---- A10: first joint product (1 Dec) ----------------------------------------------------
it("A10.ko", "ko-daily", "2027-12-01T01:00Z", "케스트럴 설계 담은 첫 HBM 컨트롤러 나왔다",
   ["HB는 1일 케스트럴 설계팀과 함께 개발한 첫 HBM4 메모리 컨트롤러 'KX-1'을 공개했다. 인수 완료 2주 만이다.",
    "HB 측은 전력 효율을 기존 제품보다 30% 높였다고 설명했다."],
   A, "A10", "first", "short alias: only 'HB는'/'HB 측' name Hanbit (HBM must not count)")
it("A10.wire", "wire-en", "2027-12-01T03:00Z", "Hanbit unveils first memory controller built with Kestrel team",
   ["Hanbit Semiconductor on Wednesday unveiled the KX-1, an HBM4 memory controller developed with engineers from Kestrel Systems, two weeks after completing its acquisition of the US designer.",
    "The company said the chip uses 30% less power than its previous controller."],
   A, "A10", "coverage", "")
it("A10.jp", "jp-daily", "2027-12-01T05:00Z", "ハンビット　セミコンダクター、ケストレルと開発した初の制御チップ「KX-1」",
   ["ハンビット セミコンダクター（韓国）は1日、傘下に収めた米ケストレルの技術者と共同開発したHBM4向けメモリーコントローラー「KX-1」を発表した。",
    "消費電力を従来品より30%減らした。"],
   A, "A10", "coverage", "spacing variant: ハンビット セミコンダクター for the alias ハンビット・セミコンダクター")
it("A10.blog", "chip-blog", "2027-12-01T16:00Z", "First fruit of Hanbit-Kestrel: the KX-1 HBM4 controller",
   ["The KX-1 is the first chip out of Hanbit Semiconductor's combined design unit, run by former Kestrel chief Priya Raman.",
    "Hanbit claims 30% lower power than its previous controller; we will believe it when we see board-level numbers."],
   A, "A10", "coverage", "own text")

# ---------------------------------------------------------------------------------------
def assign_ids():
    serial = {f: 0 for f in FEEDS}
    for x in sorted(ITEMS, key=lambda x: x["when"]):
        f, t = x["feed"], x["when"]
        serial[f] += 1
        n = serial[f]
        ymd = t.astimezone(timezone(timedelta(hours=FEEDS[f][2]))).strftime("%Y%m%d")
        if f == "wire-en":
            x["link"] = f"https://harborline.example.com/{t:%Y/%m/%d}/{slug(x['title'])}"
            x["guid"] = f"HLW-{ymd}-{40 + n * 3:04d}"
        elif f == "biz-en":
            x["link"] = f"https://ledgerstreet.example.org/{t:%Y/%m}/{slug(x['title'])}"
            x["guid"] = f"tag:ledgerstreet.example.org,2027:story-{7100 + n}"
        elif f == "chip-blog":
            x["link"] = f"https://dieshot.example.net/{t:%Y/%m/%d}/{slug(x['title'])}/"
            x["guid"] = f"https://dieshot.example.net/?p={5200 + n * 4}"
        elif f == "ko-wire":
            x["link"] = x["guid"] = f"https://www.nuri-news.example.kr/view/NR{ymd}{n * 37:06d}"
        elif f == "ko-daily":
            x["link"] = x["guid"] = f"https://www.hangyeol.example.kr/news/articleView.html?idxno={231000 + n * 13}"
        elif f == "ko-portal":
            x["link"] = f"https://news.baro.example.kr/article/{ymd}/{n * 211:05d}"
            x["guid"] = f"baro-{ymd}-{n * 211:05d}"
        elif f == "jp-daily":
            x["link"] = f"https://www.toho-keizai.example.jp/articles/{ymd}-{n:03d}.html"
            x["guid"] = f"tag:toho-keizai.example.jp,2027:article/{ymd}-{n:03d}"
        elif f == "jp-portal":
            x["link"] = f"https://hiroba.example.jp/news/{ymd}/{880 + n}"
            x["guid"] = f"hiroba:{ymd}:{880 + n}"
    for x in ITEMS:
        if x["linkof"]:
            k, q = x["linkof"]
            x["link"] = orig(k)["link"] + q

def render(feed, items, built):
    return render_feed(feed, items, built, FEEDS, AUTHORS, CAP, "newswatch corpus snapshot", 2020)


AUTHORS = {"wire-en": "Morgan Ellery", "biz-en": "Ruth Castellan", "chip-blog": "Die Shot staff",
           "ko-wire": "박도현 기자", "ko-daily": "이하은 기자", "ko-portal": "바로뉴스",
           "jp-daily": "佐藤 陽菜", "jp-portal": "ニュースひろば編集部"}

def main():
    assign_ids()
    write_corpus(HERE, REL, "the corpus", ITEMS, FEEDS, render, orig)


if __name__ == "__main__":
    main()
