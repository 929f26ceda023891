#!/usr/bin/python3
"""badserver.py — a misbehaving HTTP server for the fault tests (stdlib only).

    badserver.py --port N|0 --log FILE [--lifetime SECONDS] [--secret PATH] [--portfile FILE]
                 [--also 127.0.0.2,127.0.0.3...]

Binds 127.0.0.1:N (0: any free port; the port is printed on stdout, and written to
--portfile when given), and the same port on each --also address (other hosts to a client:
what one host is told, a Retry-After, does not hold the others),
serves one path per fault, logs every request as one JSON object
per line to --log (path, If-None-Match, If-Modified-Since, User-Agent, Accept-Encoding),
and exits by itself after --lifetime seconds (default 120).

Paths:
  /good            a normal RSS 2.0 feed, 2 items; ETag "good-v1" + Last-Modified, 304 on a match
  /slow            200 and headers, then one byte every 2 s (for a minute)
  /429             429 with Retry-After: 3600
  /503             503 with Retry-After: 120
  /503-year        503 with Retry-After: 31536000 (a year)
  /500-retry       500 with Retry-After: 86400 (a 500 asks for nothing: retried after a minute)
  /redirect-retry  302 with Retry-After: 86400 to /nothing-here (a 404)
  /redirect-retry-503  302 with Retry-After: 86400 to /503-bare (503, no Retry-After)
  /503-date        503 with Retry-After as an HTTP-date 2 hours ahead
  /503-skew        503 from a clock 3 hours ahead: Date 3 hours ahead, Retry-After that Date + 600 s
  /429-bare        429 without a Retry-After
  /429-age         429 from a cache: Retry-After: 3600 with Age: 3000 (600 s left)
  /429-age-over    429 from a cache: Retry-After: 600 with Age: 3000 (its wait is over)
  /429-zero        429 with Retry-After: 0 (come back at once)
  /503-age-date    503 from a cache: Date 3000 s ago, Retry-After that Date + 3600 s as a date,
                   Age: 3000 (600 s left)
  /flap            502 and the /good feed by turns
  /302-noloc       302 without a Location header
  /truncated       Content-Length larger than the body sent, then close
  /huge            a 50 MB body, streamed, valid RSS start, no Content-Length (ends on close)
  /huge-cl         the same 50 MB body with its Content-Length declared
  /gzipbomb        Content-Encoding: gzip, ~1 MB that inflates to ~1 GB of spaces inside an item
  /loop            302 to itself
  /redirect-perm   301 to /good-moved (the /good feed under another address)
  /good-moved      the /good feed body (what /redirect-perm points at)
  /etag-dropped    the /good feed body: ETag "drop-v1" on the first request, no validator after
  /wrongcharset    charset=ISO-8859-1 in Content-Type, UTF-8 Korean body
  /euckr           EUC-KR bytes (one CP949-only syllable), declared encoding="EUC-KR"
  /sjis            Shift_JIS bytes, declared encoding="Shift_JIS"
  /laughs          billion laughs (10 levels of 10)
  /xxe             an external entity on file:///SECRET used in a title and a description
  /xxe-net         an external DTD and a parameter entity fetched over http from this server
  /evil.dtd        what /xxe-net points at (any request for it is a parser doing network access)
  /broken          not well-formed: junk (a PHP warning) before <?xml, bare &, &nbsp;, undefined
                   entities, truncated tail; 3 recoverable items
  /broken-ws       the same document after blank lines instead of the PHP warning
  /etag-long       the /good feed body under an ETag of 2,002 bytes, 304 when it comes back whole
  /304-always      304 to every request, conditional or not
  /keepalive-closed  the /good feed body as HTTP/1.1 without Connection: close, then the
                   connection closed (a kept-alive connection the server has dropped)
  /auth-moved      301 to the absolute http://HOST:PORT/auth-feed
  /auth-feed       the /good feed body, only with Authorization: Basic of user:secret (else 401)
  /410             410 Gone (a feed removed for good)
  /perm-410        301 to /410 (a feed moved, then removed)
  /403             403 Forbidden
  /redirect-to     302 to the address of its query string (/redirect-to?http://...)
  /good-late       the /good feed body after a second
  /429-once        429 with Retry-After: 3 to its first request, the /good feed after
  /drop-500        by its requests in turn: the connection closed with no answer twice, 500
                   three times, closed with no answer from then on
  /404-500         404 and 500 by turns, 404 first
  /denied          200 with an HTML page in place of the feed (not well-formed: <meta> unclosed),
                   titled "Access denied | bad.example.com used Cloudflare"
  /denied-sjis     a block page in Shift_JIS (its charset in the Content-Type), titled
                   "アクセスが拒否されました"
  /denied-euckr    one in EUC-KR (its charset in a <meta> only), titled "접근이 거부되었습니다"
  /denied-long     a block page whose title is 101 bytes long ("Access denied: xxx...")
  /denied-hidden   a block page titled "Just a moment...", with a <title> before that in a
                   comment, a script and a style
  /rss-as-html     the /good feed served as text/html (a misconfigured server)
  /broken-as-html  a feed that does not parse (a BOM, <!DOCTYPE rss with a broken entity
                   declaration: "no name"), served as text/html
  /broken-after-warning  the same feed after a PHP warning ("<br />\n<b>Warning</b>: ..."),
                   served as text/html as PHP's output is
"""
import argparse
import base64
import json
import email.utils
import os
import sys
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# The exact strings the tests compare with (kept here and in faults.sh).
EUCKR_TITLES = ["오픈AI 이사회, 샘 알트먼 복귀 합의", "마이크로소프트, 오픈AI 지분 확대 검토", "똠방각하 다시 읽기"]
SJIS_TITLES = ["オープンAI、サム・アルトマン氏の復帰で合意", "マイクロソフト、出資比率の引き上げを検討"]
WRONG_TITLES = ["잘못된 문자셋 표시 첫 기사", "잘못된 문자셋 표시 둘째 기사"]

GOOD_ETAG = '"good-v1"'
LONG_ETAG = '"' + "e" * 2000 + '"'
AUTH = "Basic " + base64.b64encode(b"user:secret").decode()
GOOD_LM = "Wed, 22 Nov 2023 06:00:00 GMT"


def rss(title, items, decl='<?xml version="1.0" encoding="UTF-8"?>', doctype=""):
    """items: (title, link, description) tuples."""
    out = [decl, doctype, '<rss version="2.0"><channel><title>%s</title><link>http://bad.example.com/</link>' % title]
    for i, (t, link, desc) in enumerate(items):
        out.append("<item><title>%s</title><link>%s</link><guid>%s</guid>"
                   "<pubDate>Wed, 22 Nov 2023 0%d:00:00 +0000</pubDate><description>%s</description></item>"
                   % (t, link, link, i, desc))
    out.append("</channel></rss>\n")
    return "\n".join(x for x in out if x)


def gzip_bomb(prefix, suffix, spaces_mb=1024):
    """A gzip member of prefix + spaces_mb MiB of spaces + suffix, built without holding the
    inflated text: a 16 MiB block of spaces is deflated once after a full flush (which resets
    the window, so the block's bytes do not depend on what came before) and repeated."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    blk_in = b" " * (16 << 20)
    head = c.compress(prefix) + c.flush(zlib.Z_FULL_FLUSH)
    blk = c.compress(blk_in) + c.flush(zlib.Z_FULL_FLUSH)
    n = spaces_mb // 16
    tail = c.compress(suffix) + c.flush()
    crc = zlib.crc32(prefix)
    for _ in range(n):
        crc = zlib.crc32(blk_in, crc)
    crc = zlib.crc32(suffix, crc)
    size = (len(prefix) + n * len(blk_in) + len(suffix)) & 0xFFFFFFFF
    hdr = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    return hdr + head + blk * n + tail + crc.to_bytes(4, "little") + size.to_bytes(4, "little")


class Feeds:
    def __init__(self, port, secret):
        base = "http://127.0.0.1:%d" % port
        self.turns = {}  # requests so far, by path (of those that answer by turns)
        good = [("Good feed first story", "http://bad.example.com/good/1", "The first good story."),
                ("Good feed second story", "http://bad.example.com/good/2", "The second good story.")]
        self.good = rss("Good", good).encode()
        self.wrong = rss("잘못된 문자셋", [(t, "http://bad.example.com/wrong/%d" % i, t + " 본문입니다.")
                                       for i, t in enumerate(WRONG_TITLES)]).encode("utf-8")
        self.euckr = rss("한국 뉴스", [(t, "http://bad.example.com/euckr/%d" % i, t + " 기사 본문.")
                                   for i, t in enumerate(EUCKR_TITLES)],
                         decl='<?xml version="1.0" encoding="EUC-KR"?>').encode("cp949")
        self.sjis = rss("日本のニュース", [(t, "http://bad.example.com/sjis/%d" % i, t + "。記事の本文です。")
                                      for i, t in enumerate(SJIS_TITLES)],
                        decl='<?xml version="1.0" encoding="Shift_JIS"?>').encode("shift_jis")
        lol = ['<!ENTITY lol "lol">']
        lol.append('<!ENTITY lol1 "%s">' % ("&lol;" * 10))
        for i in range(2, 10):
            lol.append('<!ENTITY lol%d "%s">' % (i, ("&lol%d;" % (i - 1)) * 10))
        self.laughs = rss("Laughs", [("Laugh &lol9;", "http://bad.example.com/laughs/1", "&lol9;"),
                                     ("Laughs plain item", "http://bad.example.com/laughs/2", "plain")],
                          doctype="<!DOCTYPE rss [\n%s\n]>" % "\n".join(lol)).encode()
        self.xxe = rss("XXE", [("Leak &x;", "http://bad.example.com/xxe/1", "Body &x; end"),
                               ("XXE plain item", "http://bad.example.com/xxe/2", "plain")],
                       doctype='<!DOCTYPE rss [\n<!ENTITY x SYSTEM "file://%s">\n]>' % secret).encode()
        self.xxe_net = rss("XXE net", [("Net leak &y;", "http://bad.example.com/xxenet/1", "Body &y; end"),
                                       ("XXE net plain item", "http://bad.example.com/xxenet/2", "plain")],
                           doctype='<!DOCTYPE rss SYSTEM "%s/evil.dtd?ext" [\n'
                                   '<!ENTITY %% p SYSTEM "%s/evil.dtd?param">\n%%p;\n]>' % (base, base)).encode()
        self.evil_dtd = ('<!ENTITY y SYSTEM "file://%s">\n' % secret).encode()
        broken = (
            b'<?xml version="1.0" encoding="UTF-8"?>\n'
            b'<rss version="2.0"><channel><title>Broken & Co</title><link>http://bad.example.com/</link>\n'
            b"<item><title>Broken first &nbsp;story</title><link>http://bad.example.com/broken/1</link>"
            b"<description>Fish & chips</description></item>\n"
            b"<item><title>Broken second story</title><link>http://bad.example.com/broken/2</link>"
            b"<description>A&nbsp;B &copy; C &unknown; D</description></item>\n"
            b"<item><title>Broken third story</title><link>http://bad.example.com/broken/3?a=1&b=2</link>"
            b"<description>AT&T < 5</description></item>\n"
            b"<item><ti")
        # what a PHP site prints before its feed when a notice fires
        self.broken = b"\n<br />\n<b>Warning</b>:  Undefined variable $x in /var/www/feed.php on line 3<br />\n" + broken
        # blank lines before the declaration (an include with trailing newlines)
        self.broken_ws = b"\n\n  \n" + broken
        self.truncated = rss("Truncated", [("Truncated first story", "http://bad.example.com/trunc/1", "x"),
                                           ("Truncated second story", "http://bad.example.com/trunc/2", "y")]).encode()
        # everything up to and including the first </item>: a document that is cut off
        self.truncated = self.truncated[: self.truncated.index(b"</item>") + 7]
        self.huge_head = ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Huge</title>'
                          "<link>http://bad.example.com/</link>\n").encode()
        self.huge_size = 50 * 1000 * 1000
        t0 = time.time()
        self.bomb = gzip_bomb(
            b'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Bomb</title>'
            b"<item><title>Bomb item</title><link>http://bad.example.com/bomb/1</link><description>",
            b"</description></item></channel></rss>\n")
        sys.stderr.write("badserver: gzip bomb %d bytes in %.1fs\n" % (len(self.bomb), time.time() - t0))


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"  # close-delimited bodies where no Content-Length is sent
    server_version = "badserver/1"

    def log_message(self, fmt, *args):
        pass

    def record(self):
        h = self.headers
        entry = {"t": round(time.time(), 3), "path": self.path,
                 "if_none_match": h.get("If-None-Match"), "if_modified_since": h.get("If-Modified-Since"),
                 "user_agent": h.get("User-Agent"), "accept_encoding": h.get("Accept-Encoding"),
                 "authorized": h.get("Authorization") == AUTH}
        with self.server.log_lock:
            self.server.log.write(json.dumps(entry) + "\n")
            self.server.log.flush()

    def send(self, code, body, ctype="application/rss+xml", headers=()):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        self.record()
        f = self.server.feeds
        path = self.path.split("?", 1)[0]
        try:
            if path in ("/good", "/good-moved"):
                if self.headers.get("If-None-Match") == GOOD_ETAG or self.headers.get("If-Modified-Since") == GOOD_LM:
                    self.send_response(304)
                    self.send_header("ETag", GOOD_ETAG)
                    self.end_headers()
                    return
                self.send(200, f.good, headers=[("ETag", GOOD_ETAG), ("Last-Modified", GOOD_LM)])
            elif path == "/etag-dropped":
                with self.server.log_lock:
                    self.server.etag_served += 1
                    first = self.server.etag_served == 1
                self.send(200, f.good, headers=[("ETag", '"drop-v1"')] if first else [])
            elif path == "/slow":
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.end_headers()
                self.wfile.write(b"<")
                self.wfile.flush()
                for c in b'?xml version="1.0"?><rss version="2.0"><channel><title>Slow</title>' * 2:
                    time.sleep(2)
                    self.wfile.write(bytes([c]))
                    self.wfile.flush()
            elif path == "/304-always":
                self.send_response(304)
                self.end_headers()
            elif path == "/keepalive-closed":
                # an HTTP/1.1 answer that does not say Connection: close, and the connection
                # closed after it: the client's next request on it meets a reset
                self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n"
                                 b"Content-Length: %d\r\n\r\n" % len(f.good) + f.good)
                self.wfile.flush()
                self.close_connection = True
            elif path == "/429":
                self.send(429, b"slow down\n", "text/plain", [("Retry-After", "3600")])
            elif path == "/503":
                self.send(503, b"maintenance\n", "text/plain", [("Retry-After", "120")])
            elif path == "/503-year":
                self.send(503, b"maintenance\n", "text/plain", [("Retry-After", "31536000")])
            elif path == "/500-retry":
                self.send(500, b"oops\n", "text/plain", [("Retry-After", "86400")])
            elif path == "/redirect-retry":
                self.send(302, b"", "text/plain", [("Location", "/nothing-here"), ("Retry-After", "86400")])
            elif path == "/flap":
                with self.server.log_lock:
                    self.server.flaps = getattr(self.server, "flaps", 0) + 1
                    odd = self.server.flaps % 2 == 1
                if odd:
                    self.send(502, b"bad gateway\n", "text/plain")
                else:
                    self.send(200, f.good, "application/rss+xml")
            elif path == "/redirect-retry-503":
                self.send(302, b"", "text/plain", [("Location", "/503-bare"), ("Retry-After", "86400")])
            elif path == "/503-bare":
                self.send(503, b"maintenance\n", "text/plain")
            elif path == "/503-date":
                when = email.utils.formatdate(time.time() + 7200, usegmt=True)
                self.send(503, b"maintenance\n", "text/plain", [("Retry-After", when)])
            elif path == "/503-skew":
                ahead = time.time() + 3 * 3600
                self.send_response_only(503)
                self.send_header("Date", email.utils.formatdate(ahead, usegmt=True))
                self.send_header("Retry-After", email.utils.formatdate(ahead + 600, usegmt=True))
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", "12")
                self.end_headers()
                self.wfile.write(b"maintenance\n")
            elif path == "/429-bare":
                self.send(429, b"slow down\n", "text/plain")
            elif path == "/429-age":
                self.send(429, b"slow down\n", "text/plain", [("Retry-After", "3600"), ("Age", "3000")])
            elif path == "/429-age-over":
                self.send(429, b"slow down\n", "text/plain", [("Retry-After", "600"), ("Age", "3000")])
            elif path == "/429-zero":
                self.send(429, b"slow down\n", "text/plain", [("Retry-After", "0")])
            elif path == "/503-age-date":
                made = time.time() - 3000
                self.send_response_only(503)
                self.send_header("Date", email.utils.formatdate(made, usegmt=True))
                self.send_header("Retry-After", email.utils.formatdate(made + 3600, usegmt=True))
                self.send_header("Age", "3000")
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", "12")
                self.end_headers()
                self.wfile.write(b"maintenance\n")
            elif path == "/cut-close":
                # half of a feed, its end the connection's close (no Content-Length): libcurl
                # takes that for the end; its ETag must not be kept for the part
                if self.headers.get("If-None-Match") == '"cut-v1"':
                    self.send_response(304)
                    self.send_header("ETag", '"cut-v1"')
                    self.end_headers()
                    return
                self.wfile.write(b'HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nETag: "cut-v1"\r\n'
                                 b"Connection: close\r\n\r\n" + f.good[:len(f.good) * 2 // 3])
                self.wfile.flush()
                self.close_connection = True
            elif path == "/ce-utf8":
                # a storage service's metadata set wrong: the body is not encoded at all
                self.send(200, f.good, headers=[("Content-Encoding", "UTF-8")])
            elif path == "/big404":
                # an error page bigger than max_size (4M in faults.sh), no Content-Length
                self.wfile.write(b"HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n")
                try:
                    for _ in range(6 * 16):
                        self.wfile.write(b"x" * 65536)
                except OSError:
                    pass
                self.close_connection = True
            elif path == "/hugehdr":
                self.wfile.write(b"HTTP/1.1 200 OK\r\nX-Big: " + b"a" * (2 << 20) + b"\r\nContent-Length: 0\r\n\r\n")
                self.close_connection = True
            elif path == "/302-noloc":
                self.send(302, b"moved somewhere\n", "text/plain")
            elif path == "/truncated":
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("Content-Length", str(len(f.truncated) + 5000))
                self.end_headers()
                self.wfile.write(f.truncated)
                self.wfile.flush()
                self.close_connection = True
            elif path in ("/huge", "/huge-cl"):
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                if path == "/huge-cl":
                    self.send_header("Content-Length", str(f.huge_size))
                self.end_headers()
                self.wfile.write(f.huge_head)
                sent = len(f.huge_head)
                n = 0
                while sent < f.huge_size:
                    chunk = bytearray()
                    while len(chunk) < 65536:
                        chunk += (b"<item><title>Huge item %d</title><link>http://bad.example.com/huge/%d</link>"
                                  b"<description>padding padding padding</description></item>\n" % (n, n))
                        n += 1
                    chunk = bytes(chunk[: f.huge_size - sent])
                    self.wfile.write(chunk)
                    sent += len(chunk)
            elif path == "/gzipbomb":
                self.send(200, f.bomb, headers=[("Content-Encoding", "gzip")])
            elif path == "/loop":
                self.send(302, b"", "text/plain", [("Location", "/loop")])
            elif path == "/redirect-perm":
                self.send(301, b"", "text/plain", [("Location", "/good-moved")])
            elif path == "/etag-long":
                if self.headers.get("If-None-Match") == LONG_ETAG:
                    self.send_response(304)
                    self.send_header("ETag", LONG_ETAG)
                    self.end_headers()
                    return
                self.send(200, f.good, headers=[("ETag", LONG_ETAG)])
            elif path == "/auth-moved":
                host = self.headers.get("Host", "127.0.0.1")
                self.send(301, b"", "text/plain", [("Location", "http://%s/auth-feed" % host)])
            elif path == "/auth-feed":
                if self.headers.get("Authorization") != AUTH:
                    self.send(401, b"who are you\n", "text/plain", [("WWW-Authenticate", 'Basic realm="feeds"')])
                else:
                    self.send(200, f.good)
            elif path == "/410":
                self.send(410, b"gone\n", "text/plain")
            elif path == "/perm-410":
                self.send(301, b"", "text/plain", [("Location", "/410")])
            elif path == "/403":
                self.send(403, b"forbidden\n", "text/plain")
            elif path == "/redirect-to":
                self.send(302, b"", "text/plain", [("Location", self.path.split("?", 1)[1])])
            elif path == "/good-late":
                time.sleep(1)
                self.send(200, f.good)
            elif path == "/429-then-404":
                # a site that asked for an hour at each of its first 4 answers, then lost the feed
                with self.server.log_lock:
                    f.then404 = getattr(f, "then404", 0) + 1
                    n = f.then404
                if n <= 4:
                    self.send(429, b"slow down\n", "text/plain", [("Retry-After", "3600")])
                else:
                    self.send(404, b"not found\n", "text/plain")
            elif path in ("/drop-500", "/404-500"):
                # a feed that fails one way, then another
                with self.server.log_lock:
                    n = f.turns[path] = f.turns.get(path, 0) + 1
                if path == "/404-500":
                    self.send(404 if n % 2 else 500, b"no\n", "text/plain")
                elif 3 <= n <= 5:
                    self.send(500, b"internal error\n", "text/plain")
                else:
                    self.close_connection = True  # nothing: the client reads an empty reply
            elif path == "/429-once":
                with self.server.log_lock:
                    self.server.feeds.once429 = getattr(self.server.feeds, "once429", 0) + 1
                    first = self.server.feeds.once429 == 1
                if first:
                    self.send(429, b"slow down\n", "text/plain", [("Retry-After", "3")])
                else:
                    self.send(200, f.good)
            elif path == "/denied":
                self.send(200, b'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">\n'
                          b"<title>Access denied | bad.example.com used Cloudflare</title></head>\n"
                          b"<body><h1>Sorry, you have been blocked</h1><p>You are unable to access bad.example.com<br>"
                          b"</body></html>\n", "text/html; charset=UTF-8")
            elif path == "/denied-sjis":
                self.send(200, ("<!DOCTYPE html>\n<html><head><title>アクセスが拒否されました</title></head>"
                                "<body><h1>403</h1></body></html>\n").encode("shift_jis"), "text/html; charset=Shift_JIS")
            elif path == "/denied-euckr":
                self.send(200, ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=euc-kr">'
                                "<title>접근이 거부되었습니다</title></head><body></body></html>\n").encode("euc-kr"),
                          "text/html")
            elif path == "/denied-long":
                self.send(200, b"<!DOCTYPE html>\n<html><head><title>" + b"Access denied: " + b"x" * 86 +
                          b"</title></head><body></body></html>\n", "text/html")
            elif path == "/denied-hidden":
                self.send(200, b"<!DOCTYPE html>\n<html><head><!-- <title>Old design</title> -->\n"
                          b'<script>if (!document.title) document.write("<title>From a script</title>");</script>\n'
                          b"<style>/* <title> */</style><title>Just a moment...</title></head><body></body></html>\n",
                          "text/html")
            elif path == "/rss-as-html":
                self.send(200, f.good, "text/html; charset=UTF-8")
            elif path == "/broken-as-html":
                # a feed (a BOM, then its DOCTYPE) that does not parse, served as text/html
                self.send(200, b'\xef\xbb\xbf<!DOCTYPE rss [<!ENTITY 0 "x">]>\n'
                          b'<rss version="2.0"><channel><title>Broken Blog</title>'
                          b"<item><title>One</title></item></channel></rss>\n", "text/html")
            elif path == "/broken-after-warning":
                # a PHP warning, then a feed that does not parse, served as PHP's text/html
                self.send(200, b"<br />\n<b>Warning</b>:  Cannot modify header information - headers "
                          b"already sent in <b>/var/www/feed.php</b> on line <b>8</b><br />\n"
                          b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE rss [<!ENTITY 0 "x">]>\n'
                          b'<rss version="2.0"><channel><title>Broken Blog</title>'
                          b"<item><title>One</title></item></channel></rss>\n", "text/html")
            elif path == "/wrongcharset":
                self.send(200, f.wrong, "application/rss+xml; charset=ISO-8859-1")
            elif path == "/euckr":
                self.send(200, f.euckr, "application/rss+xml")
            elif path == "/sjis":
                self.send(200, f.sjis, "application/rss+xml")
            elif path == "/laughs":
                self.send(200, f.laughs)
            elif path == "/xxe":
                self.send(200, f.xxe)
            elif path == "/xxe-net":
                self.send(200, f.xxe_net)
            elif path == "/evil.dtd":
                self.send(200, f.evil_dtd, "application/xml-dtd")
            elif path == "/broken":
                self.send(200, f.broken)
            elif path == "/broken-ws":
                self.send(200, f.broken_ws)
            else:
                self.send(404, b"not found\n", "text/plain")
        except (BrokenPipeError, ConnectionResetError):
            pass


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--log", required=True)
    ap.add_argument("--lifetime", type=float, default=120)
    ap.add_argument("--secret", default="/nonexistent/secret")
    ap.add_argument("--portfile")
    ap.add_argument("--also", default="")
    a = ap.parse_args()

    ThreadingHTTPServer.daemon_threads = True
    ThreadingHTTPServer.allow_reuse_address = True
    srv = ThreadingHTTPServer(("127.0.0.1", a.port), Handler)
    port = srv.server_address[1]
    srv.feeds = Feeds(port, os.path.abspath(a.secret))
    srv.log = open(a.log, "a")
    srv.log_lock = threading.Lock()
    srv.etag_served = 0
    # bounded in time whatever happens to the test that started it
    t = threading.Timer(a.lifetime, lambda: os._exit(0))
    t.daemon = True
    t.start()
    for addr in filter(None, a.also.split(",")):
        other = ThreadingHTTPServer((addr, port), Handler)
        other.feeds, other.log, other.log_lock, other.etag_served = srv.feeds, srv.log, srv.log_lock, 0
        threading.Thread(target=other.serve_forever, daemon=True).start()
    print(port, flush=True)
    if a.portfile:
        with open(a.portfile + ".tmp", "w") as pf:
            pf.write("%d\n" % port)
        os.rename(a.portfile + ".tmp", a.portfile)
    srv.serve_forever()


if __name__ == "__main__":
    main()
