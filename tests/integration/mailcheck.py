#!/usr/bin/python3
"""mailcheck.py — what a mail reader would see in the messages smtp_receiver.py stored.

    mailcheck.py FILE.eml...

For the integration tests (stdlib only). Parses each file with Python's email package
(policy=email.policy.default) and prints one JSON object per line (UTF-8):

  file          the path given
  subject       the Subject decoded (encoded-words undone), or null
  subject_raw   the Subject value exactly as in the bytes (folding kept), or null
  from          the From header decoded, or null
  to            the To addresses (all To headers), each as "Name <addr>" or "addr"
  date          the Date header as written, or null
  date_ok       true when Date parses with email.utils.parsedate_to_datetime and carries a
                time zone (-0000, "unknown zone", gives a naive datetime: false)
  message_id, in_reply_to, references
                those headers (whitespace runs collapsed to one space), or null
  content_type  the top-level type, e.g. "multipart/alternative"
  parts         the leaf parts in order: {"type", "charset", "cte", "text"} — "text" is the
                decoded text of text/* parts with CRLF turned into LF, null for other
                parts (which get "size", their decoded length, instead)
  raw_non_ascii whether any raw byte is >= 0x80 (a correct mail whose bodies are encoded
                has none)
  headers_ok    every header line is at most 998 bytes and every line in the file ends in
                CRLF (no bare LF, no bare CR)
  crlf_ok, max_header_line, max_line
                the pieces of headers_ok, and the longest line of the whole file (bytes,
                without the line ending)
  defects       the names of the defects the parser noted, in any part

Exits 1 if a file could not be read (after printing {"file", "error"} for it), else 0.
"""
import argparse
import email
import email.policy
import email.utils
import json
import re
import sys


def split_raw(data):
    """The raw header block and the raw lines (without endings) of the whole message."""
    end = re.search(rb"\r?\n\r?\n", data)
    head = data[:end.start()] if end else data
    return head, re.split(rb"\r\n|\r|\n", data)


def raw_header(head, name):
    """The first header `name` exactly as in the bytes: its value with folding kept."""
    value = rb":[ \t]?([^\r\n]*(?:\r?\n[ \t][^\r\n]*)*)"
    pattern = rb"(?im)^" + re.escape(name.encode()) + value
    m = re.search(pattern, head)
    if not m:
        return None
    return m.group(1).decode("utf-8", errors="backslashreplace")


def crlf_only(data):
    """True when every line ending in data is CRLF."""
    return re.search(rb"(?<!\r)\n|\r(?!\n)", data) is None


def header_str(msg, name):
    value = msg.get(name)
    return None if value is None else " ".join(str(value).split())


def addresses(msg, name):
    out = []
    for header in msg.get_all(name, []):
        try:
            out.extend(str(a) for a in header.addresses)
        except (AttributeError, ValueError):
            out.append(str(header))
    return out


def date_ok(raw):
    if raw is None:
        return False
    try:
        return email.utils.parsedate_to_datetime(raw).tzinfo is not None
    except (TypeError, ValueError, IndexError):
        return False


def part_info(part):
    info = {"type": part.get_content_type(), "charset": part.get_content_charset(),
            "cte": header_str(part, "Content-Transfer-Encoding")}
    if part.get_content_maintype() == "text":
        try:
            text = part.get_content()
        except (LookupError, UnicodeError):
            text = (part.get_payload(decode=True) or b"").decode("utf-8", errors="replace")
        info["text"] = text.replace("\r\n", "\n")
    else:
        info["text"] = None
        info["size"] = len(part.get_payload(decode=True) or b"")
    return info


def defects(msg):
    names = []
    for part in msg.walk():
        names.extend(type(d).__name__ for d in part.defects)
        for value in part.values():
            names.extend(type(d).__name__ for d in getattr(value, "defects", ()))
    return names


def check(path):
    with open(path, "rb") as f:
        data = f.read()
    msg = email.message_from_bytes(data, policy=email.policy.default)
    head, lines = split_raw(data)
    head_lines = re.split(rb"\r\n|\r|\n", head)
    max_header_line = max((len(line) for line in head_lines), default=0)
    crlf = crlf_only(data)
    date_raw = raw_header(head, "Date")
    return {
        "file": path,
        "subject": None if msg["Subject"] is None else str(msg["Subject"]),
        "subject_raw": raw_header(head, "Subject"),
        "from": header_str(msg, "From"),
        "to": addresses(msg, "To"),
        "date": date_raw.strip() if date_raw is not None else None,
        "date_ok": date_ok(date_raw),
        "message_id": header_str(msg, "Message-ID"),
        "in_reply_to": header_str(msg, "In-Reply-To"),
        "references": header_str(msg, "References"),
        "content_type": msg.get_content_type(),
        "parts": [part_info(p) for p in msg.walk() if not p.is_multipart()],
        "raw_non_ascii": any(b >= 0x80 for b in data),
        "headers_ok": crlf and max_header_line <= 998,
        "crlf_ok": crlf,
        "max_header_line": max_header_line,
        "max_line": max((len(line) for line in lines), default=0),
        "defects": defects(msg),
    }


def main(argv=None):
    p = argparse.ArgumentParser(description="Print what a mail reader sees in .eml files.")
    p.add_argument("files", nargs="+", metavar="FILE.eml")
    args = p.parse_args(argv)
    sys.stdout.reconfigure(encoding="utf-8")
    rc = 0
    for path in args.files:
        try:
            result = check(path)
        except OSError as e:
            result, rc = {"file": path, "error": str(e)}, 1
        print(json.dumps(result, ensure_ascii=False), flush=True)
    return rc


if __name__ == "__main__":
    sys.exit(main())
