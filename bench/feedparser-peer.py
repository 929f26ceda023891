#!/usr/bin/python3
# feedparser-peer.py — the Python peer of the benchmark: fetch every feed of a URL list with
# urllib and parse it with Debian's feedparser, 8 threads, fetch and parse only (no store).
# With --state FILE it saves each feed's ETag/Last-Modified, and when FILE exists it sends
# them back (conditional GET), so a second run is the unchanged re-poll.
import argparse
import concurrent.futures
import json
import os
import sys
import urllib.error
import urllib.request

import feedparser


def fetch_parse(url, validators, timeout):
    req = urllib.request.Request(url, headers={"User-Agent": "feedparser-peer/1"})
    v = validators.get(url) or {}
    if v.get("etag"):
        req.add_header("If-None-Match", v["etag"])
    if v.get("modified"):
        req.add_header("If-Modified-Since", v["modified"])
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            body = r.read()
            status = r.status
            etag, modified = r.headers.get("ETag"), r.headers.get("Last-Modified")
    except urllib.error.HTTPError as e:
        if e.code == 304:
            return url, 304, 0, 0, v.get("etag"), v.get("modified"), None
        return url, e.code, 0, 0, None, None, str(e)
    except Exception as e:  # noqa: BLE001 — any failure counts as one failed feed
        return url, 0, 0, 0, None, None, str(e)
    d = feedparser.parse(body, response_headers={"content-location": url})
    return url, status, len(body), len(d.entries), etag, modified, None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("urls", help="file with one feed URL per line")
    ap.add_argument("--threads", type=int, default=8)
    ap.add_argument("--state", help="JSON file of validators (read if present, then written)")
    ap.add_argument("--timeout", type=float, default=30)
    a = ap.parse_args()
    with open(a.urls) as fp:
        urls = [line.strip() for line in fp if line.strip() and not line.startswith("#")]
    validators = {}
    if a.state and os.path.exists(a.state):
        with open(a.state) as fp:
            validators = json.load(fp)
    counts = {"feeds": len(urls), "ok": 0, "not_modified": 0, "failed": 0, "items": 0, "bytes": 0}
    newstate = {}
    errors = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=a.threads) as ex:
        for url, status, nbytes, nitems, etag, modified, err in ex.map(
                lambda u: fetch_parse(u, validators, a.timeout), urls):
            if err:
                counts["failed"] += 1
                errors.append("%s: %s" % (url, err))
                continue
            if status == 304:
                counts["not_modified"] += 1
            else:
                counts["ok"] += 1
            counts["items"] += nitems
            counts["bytes"] += nbytes
            newstate[url] = {"etag": etag, "modified": modified}
    if a.state:
        with open(a.state, "w") as fp:
            json.dump(newstate, fp)
    for e in errors[:5]:
        print("feedparser-peer: " + e, file=sys.stderr)
    print(json.dumps(counts))
    return 1 if counts["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
