"""corpus_common.py — what the two labelled corpora's generators (tests/data/corpus and
tests/data/heldout make_corpus.py) share: dates, bodies and the RSS/Atom snapshot writer.
Each generator keeps its own outlets, items, ids and labels."""
import re
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
