"""corpus_common.py — what the labelled corpora's generators (make_corpus.py in
tests/data/corpus, tests/data/heldout and tests/data/saga) share: dates, bodies, the RSS/Atom
snapshot writer and the writer of a whole corpus (snapshots, replay.list, labels.tsv, with
the labels checked). Each generator keeps its own outlets, items, ids and labels."""
import os
import re
import sys
from datetime import timezone, timedelta
from xml.sax.saxutils import escape


def slug(s):
    s = re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")
    return s[:60].rstrip("-")

def rfc822(t, tz):
    t = t.astimezone(timezone(timedelta(hours=tz)))
    return t.strftime("%a, %d %b %Y %H:%M:%S ") + ("+0900" if tz == 9 else "+0000")

def rfc3339(t, tz):
    t = t.astimezone(timezone(timedelta(hours=tz)))
    return t.strftime("%Y-%m-%dT%H:%M:%S") + ("+09:00" if tz == 9 else "Z")

def html_body(paras):
    return "".join(p if p.startswith("<") else "<p>" + escape(p) + "</p>" for p in paras)

def text_body(paras):
    return " ".join(re.sub(r"<[^>]+>", "", p) for p in paras)

def render(feed, items, built, feeds, authors, cap, generator, tag_year):
    """One snapshot of feed (its newest cap items) as RSS 2.0 or Atom."""
    fmt, lang, tz, title, site, selfurl, desc = feeds[feed]
    items = sorted(items, key=lambda x: x["when"], reverse=True)[:cap]
    out = ['<?xml version="1.0" encoding="UTF-8"?>']
    if fmt == "rss":
        out += ['<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">',
                "  <channel>", f"    <title>{escape(title)}</title>", f"    <link>{escape(site)}</link>",
                f'    <atom:link href="{escape(selfurl)}" rel="self" type="application/rss+xml"/>',
                f"    <description>{escape(desc)}</description>", f"    <language>{lang}</language>",
                f"    <lastBuildDate>{rfc822(built, tz)}</lastBuildDate>", f"    <generator>{generator}</generator>"]
        for x in items:
            perm = "true" if x["guid"] == x["link"] else "false"
            out += ["    <item>", f"      <title>{escape(x['title'])}</title>", f"      <link>{escape(x['link'])}</link>",
                    f'      <guid isPermaLink="{perm}">{escape(x["guid"])}</guid>',
                    f"      <pubDate>{rfc822(x['when'], tz)}</pubDate>",
                    f"      <dc:creator>{escape(authors[feed])}</dc:creator>",
                    f"      <description><![CDATA[{html_body(x['body'])}]]></description>", "    </item>"]
        out += ["  </channel>", "</rss>"]
    else:
        out += [f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{lang}">', f"  <title>{escape(title)}</title>",
                f"  <subtitle>{escape(desc)}</subtitle>",
                f'  <link rel="alternate" type="text/html" href="{escape(site)}"/>',
                f'  <link rel="self" type="application/atom+xml" href="{escape(selfurl)}"/>',
                f"  <id>tag:{selfurl.split('/')[2]},{tag_year}:feed</id>", f"  <updated>{rfc3339(built, tz)}</updated>",
                f"  <author><name>{escape(authors[feed])}</name></author>", f"  <generator>{generator}</generator>"]
        for x in items:
            out += ["  <entry>", f"    <title>{escape(x['title'])}</title>",
                    f'    <link rel="alternate" type="text/html" href="{escape(x["link"])}"/>',
                    f"    <id>{escape(x['guid'])}</id>", f"    <published>{rfc3339(x['when'], tz)}</published>",
                    f"    <updated>{rfc3339(x['when'], tz)}</updated>"]
            if lang == "ja":                     # plain-text summaries
                out.append(f'    <summary type="text">{escape(text_body(x["body"]))}</summary>')
            else:                                # HTML content, escaped
                out.append(f'    <content type="html">{escape(html_body(x["body"]))}</content>')
            out.append("  </entry>")
        out.append("</feed>")
    return "\n".join(out) + "\n"


KINDS = ("first", "coverage", "copy", "tracking", "rehash", "update", "nearmiss", "offstory")


def write_corpus(here, rel, what, items, feeds, render, orig):
    """Writes a corpus into here (rel: the same folder from the repository root): each feed's
    empty first snapshot, then a snapshot per run of consecutive items of one feed in time
    order, replay.list and labels.tsv, checking the labels as it goes. items: dicts with key,
    feed, guid, when, story, event, kind, dup (an original's key or None) and note; render(feed,
    items, built) makes a snapshot; orig(key) finds an item; what: the corpus's name in the
    files' first lines ("the saga corpus"). Counts per kind and language go to stderr."""
    def write(name, text):
        with open(os.path.join(here, name), "w", encoding="utf-8") as fh:
            fh.write(text)

    seq = sorted(items, key=lambda x: x["when"])
    for i in range(1, len(seq)):
        assert seq[i]["when"] != seq[i - 1]["when"], ("two items at the same minute", seq[i]["key"], seq[i - 1]["key"])
    guids = [x["guid"] for x in items]
    assert len(set(guids)) == len(guids), "guids must be unique across feeds"
    keys = [x["key"] for x in items]
    assert len(set(keys)) == len(keys), "keys must be unique"
    for n in os.listdir(here):
        if re.match(r"[a-z]+-[a-z]+-\d+\.xml$", n):
            os.unlink(os.path.join(here, n))
    # snapshots: runs of consecutive items of one feed, in time order
    seen = {f: [] for f in feeds}
    count = {f: 0 for f in feeds}
    lines = [f"# replay.list — {what} in time order: newswatch -c {rel}/corpus.conf replay $(grep -v '^#' {rel}/replay.list)",
             "# One FEED=PATH per line, relative to the repository root. Written by make_corpus.py.", "", "# first fetches: every feed empty"]
    for f in feeds:
        write(f"{f}-0.xml", render(f, [], seq[0]["when"] - timedelta(days=1)))
        lines.append(f"{f}={rel}/{f}-0.xml")
    lines.append("")
    i = 0
    day = None
    while i < len(seq):
        f = seq[i]["feed"]
        j = i
        while j < len(seq) and seq[j]["feed"] == f:
            seen[f].append(seq[j])
            j += 1
        count[f] += 1
        name = f"{f}-{count[f]}.xml"
        write(name, render(f, seen[f], seq[j - 1]["when"]))
        d = seq[j - 1]["when"].strftime("%a %d %b %Y")
        if d != day:
            lines.append(f"# {d}")
            day = d
        lines.append(f"{f}={rel}/{name}")
        i = j
    write("replay.list", "\n".join(lines) + "\n")
    # labels: processing order == time order; first = first story item of its event
    firsts, rows = set(), []
    for x in seq:
        if x["story"] != "no" and x["event"] != "-" and x["event"] not in firsts:
            firsts.add(x["event"])
            assert x["kind"] == "first", ("first item of event is not kind=first", x["key"])
            first = "yes"
        else:
            assert x["kind"] != "first", ("kind=first but not first", x["key"])
            first = "no"
        dup = orig(x["dup"])["guid"] if x["dup"] else "-"
        if x["dup"]:
            assert orig(x["dup"])["when"] < x["when"]
            assert orig(x["dup"])["dup"] is None, ("duplicate_of must be the original", x["key"])
            assert x["kind"] in ("copy", "tracking"), x["key"]
        else:
            assert x["kind"] not in ("copy", "tracking"), x["key"]
        if x["kind"] == "update":
            assert x["event"] in firsts
        if x["kind"] in ("nearmiss", "offstory"):
            assert x["story"] == "no", x["key"]
        rows.append("\t".join([x["feed"], x["guid"], x["story"], x["event"], first, dup, feeds[x["feed"]][1],
                               x["kind"], f"{x['key']}: {x['note']}".rstrip(": ")]))
    head = [f"# labels.tsv — one row per {what.removeprefix('the ')} item, in time order (see README.md). Written by make_corpus.py.",
            "# feed\tguid\tstory\tevent\tfirst\tduplicate_of\tlang\tkind\tnote"]
    write("labels.tsv", "\n".join(head + rows) + "\n")
    tab = {}
    for x in seq:
        tab.setdefault(x["kind"], {}).setdefault(feeds[x["feed"]][1], 0)
        tab[x["kind"]][feeds[x["feed"]][1]] += 1
    for k in KINDS:
        r = tab.get(k, {})
        print(f"{k:9} en {r.get('en', 0):2} ko {r.get('ko', 0):2} ja {r.get('ja', 0):2} all {sum(r.values()):3}", file=sys.stderr)
    print(f"{len(seq)} items, {sum(count.values()) + len(feeds)} snapshots", file=sys.stderr)
