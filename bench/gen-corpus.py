#!/usr/bin/python3
# gen-corpus.py — the benchmark corpus: N feeds of M items in Korean, Japanese and English,
# half RSS 2.0 and half Atom 1.0, with HTML in the descriptions, written as OUT/feeds/NNNN.xml.
# Deterministic for a given --seed; stdlib only (run with /usr/bin/python3).
import argparse
import datetime
import json
import os
import random
import sys
from xml.sax.saxutils import escape

# Several hosts' worth of item links, per language (the feeds themselves are served from one
# nginx on loopback; these are the sites the items link to).
HOSTS = {
    "ko": ["www.hankook-daily.example.kr", "news.seoul-times.example.kr", "biz.maeil.example.kr",
           "it.dongbang.example.kr", "www.gyeongje.example.co.kr"],
    "ja": ["www.nikkan.example.jp", "news.tokyo-shinbun.example.jp", "tech.asahi.example.jp",
           "biz.keizai.example.co.jp"],
    "en": ["www.wire.example.com", "news.techcircuit.example.com", "www.dailyledger.example.net",
           "markets.example.org", "www.circuitandcode.example.com"],
}

KO_SUBJ = ["정부는", "업계 관계자는", "삼성전자는", "금융당국은", "서울시는", "한국은행은", "전문가들은",
           "카카오는", "네이버는", "현대자동차는", "중소기업들은", "소비자 단체는", "국회는", "연구진은",
           "SK하이닉스는", "LG에너지솔루션은", "투자자들은", "시장 참가자들은", "노동조합은", "교육부는"]
KO_OBJ = ["반도체 수출 전망을", "인공지능 규제 방안을", "데이터센터 투자 계획을", "전기차 배터리 공급망을",
          "기준금리 동결 배경을", "부동산 시장 안정 대책을", "클라우드 서비스 요금을", "청년 일자리 정책을",
          "스타트업 지원 예산을", "개인정보 보호 지침을", "해외 진출 전략을", "탄소 중립 목표를",
          "디지털 전환 로드맵을", "공급망 다변화 계획을", "신규 채용 규모를", "분기 실적 발표를"]
KO_VERB = ["발표했다", "공개했다", "검토하고 있다고 밝혔다", "재확인했다", "강조했다", "논의했다",
           "내놓을 예정이다", "추진하기로 했다", "수정했다", "설명했다", "비판했다", "지지한다고 밝혔다"]
KO_ADV = ["이날", "지난주", "올해 하반기", "내년 초까지", "최근", "오는 3분기에", "이번 회의에서",
          "기자간담회에서", "보도자료를 통해", "국정감사에서"]
KO_TAIL = ["업계에서는 이번 결정이 시장에 미칠 영향에 주목하고 있다", "구체적인 일정은 아직 정해지지 않았다",
           "관련 업계는 후속 조치를 기다리고 있다", "일각에서는 실효성에 의문을 제기했다",
           "전문가들은 장기적인 관점의 대응이 필요하다고 지적했다", "세부 내용은 다음 달 공개될 예정이다"]

JA_SUBJ = ["政府は", "日本銀行は", "トヨタ自動車は", "ソニーグループは", "東京都は", "専門家は", "経済産業省は",
           "ソフトバンクは", "楽天は", "任天堂は", "中小企業は", "消費者団体は", "研究チームは", "投資家は",
           "日立製作所は", "パナソニックは", "金融庁は", "労働組合は", "文部科学省は", "市場関係者は"]
JA_OBJ = ["半導体の輸出見通しを", "人工知能の規制案を", "データセンターへの投資計画を", "電気自動車の電池供給網を",
          "金利据え置きの背景を", "住宅市場の安定策を", "クラウドサービスの料金を", "若者の雇用対策を",
          "新興企業の支援予算を", "個人情報保護の指針を", "海外展開の戦略を", "脱炭素の目標を",
          "デジタル化の工程表を", "サプライチェーンの多様化計画を", "新規採用の規模を", "四半期決算を"]
JA_VERB = ["発表した", "公表した", "検討していると明らかにした", "改めて確認した", "強調した", "議論した",
           "打ち出す予定だ", "進めることを決めた", "修正した", "説明した", "批判した", "支持すると表明した"]
JA_ADV = ["同日", "先週", "今年後半に", "来年初めまでに", "最近", "第3四半期に", "今回の会合で",
          "記者会見で", "報道発表で", "国会の審議で"]
JA_TAIL = ["業界では今回の決定が市場に与える影響に注目が集まっている", "具体的な日程はまだ決まっていない",
           "関係業界は今後の対応を見守っている", "一部では実効性を疑問視する声も上がった",
           "専門家は長期的な視点での対応が必要だと指摘した", "詳細は来月公表される見通しだ"]

EN_SUBJ = ["The government", "Industry officials", "Samsung Electronics", "Regulators", "The city council",
           "The central bank", "Analysts", "Toyota", "Sony", "Small businesses", "Consumer groups",
           "Lawmakers", "Researchers", "Investors", "Hitachi", "Panasonic", "Union leaders",
           "The education ministry", "Market participants", "The European Commission"]
EN_OBJ = ["its chip export outlook", "a draft rule on artificial intelligence", "a data-centre investment plan",
          "the electric-vehicle battery supply chain", "the reasons for holding rates", "housing market measures",
          "cloud service pricing", "a youth employment programme", "a start-up support budget",
          "privacy guidelines", "its overseas expansion strategy", "a carbon-neutrality target",
          "a digital transformation roadmap", "supply-chain diversification", "hiring plans", "quarterly results"]
EN_VERB = ["announced", "unveiled", "said it was reviewing", "reaffirmed", "stressed", "discussed",
           "is expected to present", "agreed to pursue", "revised", "explained", "criticised", "backed"]
EN_ADV = ["on Tuesday", "last week", "in the second half", "by early next year", "recently",
          "in the third quarter", "at the meeting", "at a press briefing", "in a statement", "before parliament"]
EN_TAIL = ["Observers are watching how the decision will affect the market",
           "No timetable has been set yet", "Companies in the sector are waiting for follow-up measures",
           "Some questioned whether the measures would work",
           "Experts said a longer-term response was needed", "Details are due to be published next month"]

# Sentences that mention the benchmark story's entities (see the story in bench/run), so that
# a few per cent of items match and go through the development step.
STORY = {
    "ko": ["오픈AI와 마이크로소프트는 {n}억 달러 규모의 새 협력안을 논의했다",
           "샘 알트먼 오픈AI 최고경영자는 MS와의 계약 조건을 {n}% 조정했다고 밝혔다",
           "마이크로소프트는 오픈 AI 지분 {n}%를 보유하고 있다"],
    "ja": ["オープンAIとマイクロソフトは{n}億ドル規模の新たな提携を協議した",
           "サム・アルトマン氏はマイクロソフトとの契約条件を{n}%見直したと述べた",
           "マイクロソフトはOpenAIの株式{n}%を保有している"],
    "en": ["OpenAI and Microsoft discussed a new ${n}B partnership",
           "Sam Altman said OpenAI had revised its terms with Microsoft by {n}%",
           "Microsoft holds a {n}% stake in OpenAI, according to people familiar with the matter"],
}

LANG = ["ko", "ja", "en"]


# Names, places, figures and modifiers vary from sentence to sentence as in real reporting, so
# that distinct articles share only the short runs real articles share (stock phrases, the
# boilerplate tails above), not whole templated sentences.
KO_SURNAME = "김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민진지엄채원천방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용"
KO_SYL = "민수지현영호진서준우도윤하은재성태희경정혜연미선동석철훈상원승아유나주혁규찬용기예람솔빈건율"
KO_PLACE = ["서울 강남구", "부산 해운대구", "인천 송도", "대전 유성구", "광주", "세종시", "경기 판교", "대구 수성구",
            "울산", "제주", "수원", "청주 오창", "여의도", "서울 종로구", "창원", "포항"]
KO_ROLE = ["대표", "연구위원", "사무총장", "부사장", "교수", "위원장", "과장", "선임연구원", "대변인", "이사", "국장", "회장"]
KO_MOD = ["신규", "차세대", "대규모", "추가", "중장기", "글로벌", "공동", "긴급", "단계적", "맞춤형", "친환경", "지역"]
KO_NOUN = ["투자", "협력", "지원", "규제", "개발", "수출", "인수", "채용", "감산", "증설", "요금", "보조금", "실증사업",
           "연구개발", "상장", "구조조정", "합작법인", "공급계약", "플랫폼", "인프라", "반도체 라인", "배터리 공장"]
JA_SURNAME = ["佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤", "吉田", "山田", "佐々木",
              "山口", "松本", "井上", "木村", "林", "清水", "山崎", "森", "池田", "橋本", "阿部", "石川", "前田", "藤田"]
JA_GIVEN = ["健", "誠", "翔太", "大輔", "直樹", "拓也", "亮", "美咲", "由美", "陽子", "恵", "真由美", "智子", "隆",
            "浩", "聡", "哲也", "和也", "裕子", "彩", "修", "剛", "学", "明美"]
JA_PLACE = ["東京都港区", "大阪市", "名古屋市", "福岡市", "札幌市", "横浜市", "京都市", "神戸市", "仙台市", "広島市",
            "川崎市", "千葉市", "つくば市", "北九州市"]
JA_ROLE = ["社長", "研究員", "事務局長", "副社長", "教授", "委員長", "課長", "主任研究員", "報道官", "取締役", "局長", "会長"]
JA_MOD = ["新規", "次世代", "大規模", "追加", "中長期", "世界的な", "共同", "緊急", "段階的な", "独自の", "環境配慮型", "地域"]
JA_NOUN = ["投資", "提携", "支援策", "規制", "開発", "輸出", "買収", "採用", "減産", "増産", "料金改定", "補助金",
           "実証実験", "研究開発", "上場", "構造改革", "合弁会社", "供給契約", "基盤", "インフラ", "半導体工場", "電池工場"]
EN_FIRST = ["James", "Maria", "David", "Sarah", "Michael", "Linda", "Daniel", "Emma", "Robert", "Olivia", "Thomas",
            "Grace", "Kevin", "Laura", "Andrew", "Hannah", "Peter", "Rachel", "Mark", "Nina", "Paul", "Chloe"]
EN_LAST = ["Smith", "Johnson", "Brown", "Garcia", "Miller", "Davis", "Wilson", "Anderson", "Taylor", "Thomas",
           "Moore", "Martin", "Jackson", "White", "Harris", "Clark", "Lewis", "Walker", "Young", "King", "Wright",
           "Lopez", "Hill", "Green", "Baker", "Nelson", "Carter", "Mitchell", "Roberts", "Turner", "Phillips"]
EN_PLACE = ["Seoul", "Tokyo", "Osaka", "Busan", "London", "Frankfurt", "Singapore", "San Francisco", "New York",
            "Austin", "Berlin", "Paris", "Toronto", "Sydney", "Taipei", "Shenzhen"]
EN_ROLE = ["chief executive", "analyst", "secretary-general", "vice president", "professor", "chair",
           "senior researcher", "spokesperson", "director", "board member", "economist", "minister"]
EN_MOD = ["new", "next-generation", "large-scale", "additional", "long-term", "global", "joint", "emergency",
          "phased", "bespoke", "low-carbon", "regional", "cross-border", "multi-year"]
EN_NOUN = ["investment", "partnership", "subsidy", "regulation", "development", "export", "acquisition", "hiring",
           "output cut", "expansion", "price change", "grant", "pilot project", "research programme", "listing",
           "restructuring", "joint venture", "supply contract", "platform", "infrastructure", "chip line",
           "battery plant"]


def josa(word, with_final, without_final):
    """Korean particle agreement: 은/는, 이/가, 과/와 after the last syllable of word."""
    c = word[-1]
    final = 0xAC00 <= ord(c) <= 0xD7A3 and (ord(c) - 0xAC00) % 28 != 0
    return word + (with_final if final else without_final)


def ko_name(rng):
    return rng.choice(KO_SURNAME) + rng.choice(KO_SYL) + rng.choice(KO_SYL)


def sentence(rng, lang):
    n = rng.randint(2, 9999)
    day = rng.randint(1, 28)
    shape = rng.randrange(5)
    if lang == "ko":
        if shape == 0:
            return "%s %s %s %s. %s." % (rng.choice(KO_ADV), rng.choice(KO_SUBJ), rng.choice(KO_OBJ),
                                          rng.choice(KO_VERB), rng.choice(KO_TAIL))
        if shape == 1:
            return ("%s %s %s %d일 %s에서 열린 행사에서 %s %s 규모를 %d억 원으로 늘리겠다고 말했다."
                    % (rng.choice(KO_SUBJ)[:-1], ko_name(rng), josa(rng.choice(KO_ROLE), "은", "는"), day,
                       rng.choice(KO_PLACE), rng.choice(KO_MOD), rng.choice(KO_NOUN), n))
        if shape == 2:
            return ("%s에 따르면 %s %s 건수는 전년 대비 %d.%d%% %s했다."
                    % (rng.choice(KO_SUBJ)[:-1], rng.choice(KO_MOD), rng.choice(KO_NOUN), n % 90,
                       rng.randint(0, 9), rng.choice(["증가", "감소"])))
        if shape == 3:
            return ("%s %s \"%s %s %s 사업과는 별개로 진행된다\"며 %s %s."
                    % (ko_name(rng), josa(rng.choice(KO_ROLE), "은", "는"), rng.choice(KO_MOD),
                       josa(rng.choice(KO_NOUN), "은", "는"), rng.choice(KO_NOUN), rng.choice(KO_ADV),
                       rng.choice(KO_VERB)))
        return ("%s %s %s %s 두고 %s 측과 %s 측 사이의 논의가 이어지고 있다."
                % (rng.choice(KO_ADV), rng.choice(KO_PLACE), rng.choice(KO_MOD), josa(rng.choice(KO_NOUN), "을", "를"),
                   rng.choice(KO_SUBJ)[:-1], rng.choice(KO_SUBJ)[:-1]))
    if lang == "ja":
        name = rng.choice(JA_SURNAME) + rng.choice(JA_GIVEN)
        if shape == 0:
            return "%s%s%s%s。%s。" % (rng.choice(JA_ADV), rng.choice(JA_SUBJ), rng.choice(JA_OBJ),
                                       rng.choice(JA_VERB), rng.choice(JA_TAIL))
        if shape == 1:
            return ("%sの%s%sは%d日、%sで開いた説明会で%s%sの規模を%d億円に拡大すると述べた。"
                    % (rng.choice(JA_SUBJ)[:-1], name, rng.choice(JA_ROLE), day, rng.choice(JA_PLACE),
                       rng.choice(JA_MOD), rng.choice(JA_NOUN), n))
        if shape == 2:
            return ("%sによると、%s%sの件数は前年比%d.%d%%%sした。"
                    % (rng.choice(JA_SUBJ)[:-1], rng.choice(JA_MOD), rng.choice(JA_NOUN), n % 90,
                       rng.randint(0, 9), rng.choice(["増加", "減少"])))
        if shape == 3:
            return ("%s%sは「%s%sは%sとは別に進める」と述べ、%s%s。"
                    % (name, rng.choice(JA_ROLE), rng.choice(JA_MOD), rng.choice(JA_NOUN), rng.choice(JA_NOUN),
                       rng.choice(JA_ADV), rng.choice(JA_VERB)))
        return ("%sでは%s%sを巡り、%sと%sの協議が続いている。"
                % (rng.choice(JA_PLACE), rng.choice(JA_MOD), rng.choice(JA_NOUN), rng.choice(JA_SUBJ)[:-1],
                   rng.choice(JA_SUBJ)[:-1]))
    name = "%s %s" % (rng.choice(EN_FIRST), rng.choice(EN_LAST))
    if shape == 0:
        return "%s %s %s %s. %s." % (rng.choice(EN_SUBJ), rng.choice(EN_VERB), rng.choice(EN_OBJ),
                                     rng.choice(EN_ADV), rng.choice(EN_TAIL))
    if shape == 1:
        return ("%s, %s at %s, told an event in %s on the %dth that the %s %s would grow to $%d million."
                % (name, rng.choice(EN_ROLE), rng.choice(EN_SUBJ), rng.choice(EN_PLACE), day, rng.choice(EN_MOD),
                   rng.choice(EN_NOUN), n))
    if shape == 2:
        return ("According to %s, the number of %s %s deals %s %d.%d%% from a year earlier."
                % (rng.choice(EN_SUBJ).lower(), rng.choice(EN_MOD), rng.choice(EN_NOUN),
                   rng.choice(["rose", "fell"]), n % 90, rng.randint(0, 9)))
    if shape == 3:
        return ('"The %s %s is separate from the %s," said %s, %s, adding that talks %s.'
                % (rng.choice(EN_MOD), rng.choice(EN_NOUN), rng.choice(EN_NOUN), name, rng.choice(EN_ROLE),
                   rng.choice(["continue", "had stalled", "resume next week", "were constructive"])))
    return ("In %s, talks between %s and %s over a %s %s continue."
            % (rng.choice(EN_PLACE), rng.choice(EN_SUBJ).lower(), rng.choice(EN_SUBJ).lower(),
               rng.choice(EN_MOD), rng.choice(EN_NOUN)))


def title(rng, lang, feed, item):
    # ~60 characters; a unique serial keeps every title (and content hash) distinct.
    target = rng.randint(45, 72)
    if lang == "ko":
        t = "%s %s %s" % (rng.choice(KO_SUBJ).rstrip("는은"), rng.choice(KO_OBJ).rstrip("을를"),
                          rng.choice(KO_VERB).split()[0])
        extra = " … %s %s" % (rng.choice(KO_ADV), rng.choice(KO_OBJ))
    elif lang == "ja":
        t = "%s、%s%s" % (rng.choice(JA_SUBJ).rstrip("は"), rng.choice(JA_OBJ), rng.choice(JA_VERB))
        extra = "　%s%s" % (rng.choice(JA_ADV), rng.choice(JA_OBJ))
    else:
        t = "%s %s %s" % (rng.choice(EN_SUBJ), rng.choice(EN_VERB), rng.choice(EN_OBJ))
        extra = ": %s %s" % (rng.choice(EN_ADV), rng.choice(EN_OBJ))
    if len(t) < target:
        t += extra
    return "%s [%d-%d]" % (t[:target], feed, item)


def body_html(rng, lang, feed, item, host, story):
    """Description of 300-800 characters (of text) with some HTML."""
    target = rng.randint(300, 800)
    sents = []
    if story:
        sents.append(rng.choice(STORY[lang]).format(n=rng.randint(2, 99)))
    length = sum(len(s) for s in sents)
    while length < target:
        s = sentence(rng, lang)
        sents.append(s)
        length += len(s) + 1
    # Trim to the target at a character boundary (never mid-markup: markup comes after).
    text = " ".join(sents)[:target]
    words = text.split(" ")
    style = rng.random()
    if style < 0.35:
        # paragraphs, bold, a link, entities
        half = len(words) // 2
        return ("<p><b>%s</b> %s</p><p>%s &amp; <a href=\"https://%s/related/%d\">%s</a></p>"
                % (escape(words[0]), escape(" ".join(words[1:half])), escape(" ".join(words[half:-1])),
                   host, rng.randint(1, 10 ** 6), escape(words[-1])))
    if style < 0.55:
        # an image, a script and a style block (to be dropped), a share prompt
        return ("<img src=\"https://%s/img/%d-%d.jpg\" alt=\"\"><script>var t=%d;track(t);</script>"
                "<style>.ad{display:none}</style><div>%s</div><p class=\"share\">Share &raquo;</p>"
                % (host, feed, item, rng.randint(1, 999), escape(text)))
    if style < 0.7:
        return "%s<br/>&copy; %s" % (escape(text), host)
    return escape(text)


def rfc822(t):
    return t.strftime("%a, %d %b %Y %H:%M:%S +0000")


def rfc3339(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def x(s):
    return escape(s, {'"': "&quot;"})


def feed_doc(rng, feed, nitems, base_time, story_rate):
    lang = LANG[feed % 3]
    fmt = "rss" if feed % 2 == 0 else "atom"
    host = HOSTS[lang][feed % len(HOSTS[lang])]
    section = "section%d" % (feed // len(HOSTS[lang]))
    ftitle = {"ko": "%s 뉴스 - %s" % (host.split(".")[1], section),
              "ja": "%s ニュース - %s" % (host.split(".")[1], section),
              "en": "%s News - %s" % (host.split(".")[1], section)}[lang]
    items = []
    nstory = 0
    for i in range(nitems):
        t = base_time - datetime.timedelta(minutes=17 * i + rng.randint(0, 16), seconds=feed % 60)
        story = rng.random() < story_rate
        nstory += story
        link = "https://%s/%s/article/%d-%d" % (host, section, feed, i)
        if rng.random() < 0.2:
            link += "?utm_source=rss&utm_medium=feed"
        items.append((t, title(rng, lang, feed, i), body_html(rng, lang, feed, i, host, story), link,
                      rng.choice(["경제", "IT", "社会", "経済", "Tech", "Business", "World"])))
    out = []
    if fmt == "rss":
        out.append('<?xml version="1.0" encoding="UTF-8"?>\n'
                   '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">\n<channel>\n'
                   "<title>%s</title>\n<link>https://%s/%s/</link>\n<description>%s</description>\n"
                   "<language>%s</language>\n<lastBuildDate>%s</lastBuildDate>\n"
                   % (x(ftitle), host, section, x(ftitle), lang, rfc822(base_time)))
        for n, (t, ti, body, link, cat) in enumerate(items):
            guid = "%s-%d-%d" % (host, feed, n)
            desc = ("<description><![CDATA[%s]]></description>" % body if n % 2
                    else "<description>%s</description>" % x(body))
            out.append("<item>\n<title>%s</title>\n<link>%s</link>\n<guid isPermaLink=\"false\">%s</guid>\n"
                       "<pubDate>%s</pubDate>\n<dc:creator>%s</dc:creator>\n<category>%s</category>\n%s\n</item>\n"
                       % (x(ti), x(link), guid, rfc822(t), "reporter%d" % (n % 7), x(cat), desc))
        out.append("</channel>\n</rss>\n")
    else:
        out.append('<?xml version="1.0" encoding="utf-8"?>\n'
                   '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="%s">\n'
                   "<title>%s</title>\n<link href=\"https://%s/%s/\"/>\n<id>tag:%s,2025:%s</id>\n"
                   "<updated>%s</updated>\n"
                   % (lang, x(ftitle), host, section, host, section, rfc3339(base_time)))
        for n, (t, ti, body, link, cat) in enumerate(items):
            out.append("<entry>\n<title>%s</title>\n<link rel=\"alternate\" href=\"%s\"/>\n"
                       "<id>tag:%s,2025:%d/%d</id>\n<published>%s</published>\n<updated>%s</updated>\n"
                       "<author><name>reporter%d</name></author>\n<category term=\"%s\"/>\n"
                       "<summary type=\"html\">%s</summary>\n</entry>\n"
                       % (x(ti), x(link), host, feed, n, rfc3339(t), rfc3339(t), n % 7, x(cat), x(body)))
        out.append("</feed>\n")
    return "".join(out), fmt, lang, nstory


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--feeds", type=int, default=1000)
    ap.add_argument("--items", type=int, default=30)
    ap.add_argument("--out", required=True, help="folder; feeds go to OUT/feeds/NNNN.xml")
    ap.add_argument("--seed", type=int, default=20251122)
    ap.add_argument("--story-rate", type=float, default=0.05,
                    help="share of items that mention the benchmark story (default 0.05)")
    a = ap.parse_args()
    if not (1 <= a.feeds <= 100000 and 1 <= a.items <= 10000):
        sys.exit("gen-corpus: --feeds 1..100000, --items 1..10000")
    d = os.path.join(a.out, "feeds")
    os.makedirs(d, exist_ok=True)
    width = max(4, len(str(a.feeds - 1)))
    base = datetime.datetime(2025, 11, 20, 12, 0, 0)
    total_bytes = 0
    nstory = 0
    names = []
    per = {"rss": 0, "atom": 0, "ko": 0, "ja": 0, "en": 0}
    for f in range(a.feeds):
        rng = random.Random(a.seed * 1000003 + f)
        doc, fmt, lang, ns = feed_doc(rng, f, a.items, base, a.story_rate)
        name = "%0*d.xml" % (width, f)
        data = doc.encode("utf-8")
        with open(os.path.join(d, name), "wb") as fp:
            fp.write(data)
        total_bytes += len(data)
        nstory += ns
        per[fmt] += 1
        per[lang] += 1
        names.append(name)
    manifest = {"feeds": a.feeds, "items": a.items, "total_items": a.feeds * a.items,
                "bytes": total_bytes, "story_items": nstory, "seed": a.seed, "files": names, **per}
    with open(os.path.join(a.out, "manifest.json"), "w") as fp:
        json.dump(manifest, fp)
    print("corpus: %d feeds x %d items (%d RSS, %d Atom; ko %d, ja %d, en %d), %.1f MB, %d story items"
          % (a.feeds, a.items, per["rss"], per["atom"], per["ko"], per["ja"], per["en"],
             total_bytes / 1e6, nstory))


if __name__ == "__main__":
    main()
