"""snapshots.py — writes the small RSS 2.0 files that copies.sh, developments.sh and verdicts.sh
give `newswatch replay` (stdlib only; imported by their Python heredocs, run with -B so that no
__pycache__ is left in the source tree).

    import sys; sys.path.insert(0, sys.argv[2])       # "$top_srcdir/tests/integration"
    import snapshots
    snap = snapshots.writer(sys.argv[1])              # the test's work folder, $T
    snap("empty")                                     # a channel without items
    snap("a", ("Title", "https://a.example.com/1", "Fri, 17 Nov 2023 20:00:00 +0000", "Body"))
    snap("b", dict(title="Title", link="https://b.example.com/1", guid="b1", body="Body"))

writes FOLDER/NAME.xml. An item is a tuple (title, link, date, body) or a dict with those keys
(date may be left out) and an optional guid; the guid is the link unless given, and an item
without a date (None or "") has no pubDate. Title, link, guid and body are escaped for XML.

writer(FOLDER, lines=False, permalink=True) is the form of copies.sh's one-item snapshots: the
whole file on one line, the guid without isPermaLink="false". single() takes such an item's
fields as arguments: snap(name, title, link, date, body).
"""
import html

HEAD = ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title>'
        '<link>https://x.example.com/</link>')
TAIL = '</channel></rss>'


def item_xml(it, permalink=False):
    """One <item>; it is a tuple (title, link, date, body) or a dict (title, link, body, [date], [guid])."""
    if isinstance(it, dict):
        title, link, date, body = it["title"], it["link"], it.get("date"), it["body"]
        guid = it.get("guid", link)
    else:
        title, link, date, body = it
        guid = link
    return ('<item><title>%s</title><link>%s</link><guid%s>%s</guid>%s<description>%s</description></item>'
            % (html.escape(title), html.escape(link), '' if permalink else ' isPermaLink="false"',
               html.escape(guid), '<pubDate>%s</pubDate>' % date if date else '', html.escape(body)))


def writer(folder, lines=True, permalink=False):
    """snap(name, *items), writing folder/name.xml: the channel's head, each item, its end, each
    on a line of its own (lines) or all on one line; permalink: guids without isPermaLink="false"."""
    def snap(name, *items):
        parts = [HEAD] + [item_xml(it, permalink) for it in items] + [TAIL]
        with open("%s/%s.xml" % (folder, name), "w") as f:
            f.write(("\n" if lines else "").join(parts))
    return snap


def single(folder, lines=False, permalink=True):
    """snap(name, title, link, date, body): a snapshot of one item, by default in the one-line form."""
    snap = writer(folder, lines, permalink)
    return lambda name, title, link, date, body: snap(name, (title, link, date, body))
