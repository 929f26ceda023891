#!/usr/bin/python3
"""hook_receiver.py — an HTTP/1.1 server on 127.0.0.1 that receives the daemon's webhooks.

    hook_receiver.py --port P --out FILE.jsonl [--secret-file F] [--fail-first N]
                     [--fail-status 503] [--retry-after S] [--status-for-all CODE] [--max-body N]
                     [--dedup] [--drop-first N] [--cut-first N] [--pidfile FILE]
                     [--tls-cert C --tls-key K]

For the integration tests (stdlib only). Accepts any method on any path, with keep-alive.
Reads exactly Content-Length body bytes, or a chunked body (Transfer-Encoding: chunked).
Every request appends one JSON line to --out (flushed and fsynced before the answer is sent):

  {"n": request number from 1, "method", "path" (with the query string),
   "headers": {lower-cased name: value}, "body": body as text (UTF-8, errors replaced),
   "sig": the X-Newswatch-Signature header or null,
   "sig_ok": null without --secret-file; else whether sig == "sha256=" + the hex
             HMAC-SHA256 of the raw body keyed with the secret (the file's content
             with its trailing newline stripped),
   "status": the status answered, "time": time.time()}

The answer, first rule that applies:
  --status-for-all CODE   CODE with the body "nope: bad payload", for every request
  --max-body N            413 with the body "too large", for a body of more than N bytes
  --dedup                 409 with the body "already have it" for a body whose "id" this
                          receiver has taken before (a receiver deduplicating on the id)
  --drop-first N          the first N requests (by n) are taken (their id counts as had) but
                          the connection is closed with no answer: a reply lost on the way;
                          logged with "status": 0
  --cut-first N           the first N requests (by n) are taken (their id counts as had) and
                          answered 200 with Content-Length: 100, but the connection closes
                          after 2 bytes of the body: a reply cut short; logged with "status": 200
  --fail-first N          the first N requests (by n) get --fail-status (default 503), with
                          "Retry-After: S" when --retry-after S is given
  a wrong or missing signature (sig_ok false)   401
  otherwise               200 with the body {"ok":true}
A request that cannot be read (bad chunk syntax) gets 400 and is logged with "status": 400.

--tls-cert/--tls-key serve HTTPS instead of HTTP. --pidfile writes this process's pid.
Prints "ready" on stdout (flushed) once listening; runs until SIGTERM or SIGINT.
"""
import argparse
import hashlib
import hmac
import json
import os
import signal
import ssl
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SIG_HEADER = "X-Newswatch-Signature"


class BadRequest(Exception):
    pass


class Receiver:
    """What all the connections share: the request counter, the log, the answer rules."""

    def __init__(self, args):
        self.secret = read_secret(args.secret_file) if args.secret_file else None
        self.fail_first = args.fail_first
        self.fail_status = args.fail_status
        self.fail_body = args.fail_body.encode() if args.fail_body else b'{"ok":false}'
        self.retry_after = args.retry_after
        self.status_for_all = args.status_for_all
        self.max_body = args.max_body
        self.delay_first = args.delay_first
        self.delay = args.delay
        self.dedup = args.dedup
        self.drop_first = args.drop_first
        self.cut_first = args.cut_first
        self.had = set()
        self.lock = threading.Lock()
        self.count = 0
        self.out = open(args.out, "a", encoding="utf-8")

    def next_number(self):
        with self.lock:
            self.count += 1
            return self.count

    def signature_ok(self, sig, body):
        if self.secret is None:
            return None
        expected = "sha256=" + hmac.new(self.secret, body, hashlib.sha256).hexdigest()
        return sig is not None and hmac.compare_digest(sig.encode(), expected.encode())

    def answer(self, n, sig_ok, size, alert_id):
        """(status, content type, body, extra headers) for request n of size bytes."""
        if self.status_for_all is not None:
            return self.status_for_all, "text/plain", b"nope: bad payload\n", {}
        if self.max_body is not None and size > self.max_body:
            return 413, "text/plain", b"too large\n", {}
        with self.lock:
            if self.dedup and alert_id is not None and alert_id in self.had:
                return 409, "text/plain", b"already have it\n", {}
        if n <= self.fail_first:
            extra = {} if self.retry_after is None else {"Retry-After": self.retry_after}
            return self.fail_status, "application/json", self.fail_body, extra
        if sig_ok is False:
            return 401, "text/plain", b"bad signature\n", {}
        return 200, "application/json", b'{"ok":true}', {}

    def take(self, alert_id):
        with self.lock:
            if alert_id is not None:
                self.had.add(alert_id)

    def record(self, entry):
        with self.lock:
            self.out.write(json.dumps(entry, ensure_ascii=False) + "\n")
            self.out.flush()
            os.fsync(self.out.fileno())


class HookHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "newswatch-hook-receiver/1"
    timeout = 30

    def setup(self):
        super().setup()
        if isinstance(self.request, ssl.SSLSocket):
            self.request.do_handshake()

    def __getattr__(self, name):
        # BaseHTTPRequestHandler dispatches to do_<METHOD>: take any method.
        if name.startswith("do_"):
            return self.handle_any
        raise AttributeError(name)

    def handle_any(self):
        receiver = self.server.receiver
        n = receiver.next_number()
        try:
            body = self.read_body()
        except (BadRequest, ValueError) as e:
            self.close_connection = True
            self.log_and_answer(n, b"", None, (400, "text/plain", b"%s\n" % str(e).encode(), {}))
            return
        sig = self.headers.get(SIG_HEADER)
        sig_ok = receiver.signature_ok(sig, body)
        if n <= receiver.delay_first:
            time.sleep(receiver.delay)  # a receiver too slow to answer: the sender times out
        try:
            alert_id = json.loads(body).get("id")
        except (ValueError, AttributeError):
            alert_id = None
        if n <= receiver.drop_first:
            receiver.take(alert_id)
            self.log_and_answer(n, body, sig_ok, (0, "", b"", {}))
            return
        if n <= receiver.cut_first:
            receiver.take(alert_id)
            self.log_and_answer(n, body, sig_ok, (200, "application/json", b"{}", {}), cut=True)
            return
        answer = receiver.answer(n, sig_ok, len(body), alert_id)
        if answer[0] == 200:
            receiver.take(alert_id)
        self.log_and_answer(n, body, sig_ok, answer)

    def log_and_answer(self, n, body, sig_ok, answer, cut=False):
        status, ctype, payload, extra = answer
        headers = {}
        for name, value in self.headers.items():
            name = name.lower()
            headers[name] = headers[name] + ", " + value if name in headers else value
        self.server.receiver.record({
            "n": n, "method": self.command, "path": self.path, "headers": headers,
            "body": body.decode("utf-8", errors="replace"),
            "sig": self.headers.get(SIG_HEADER), "sig_ok": sig_ok,
            "status": status, "time": time.time(),
        })
        if status == 0:  # dropped: the connection closes with no answer
            self.close_connection = True
            return
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", "100" if cut else str(len(payload)))
        for name, value in extra.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)
        if cut:  # 98 bytes short of what Content-Length said
            self.wfile.flush()
            self.close_connection = True

    def read_body(self):
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return read_chunked(self.rfile)
        length = int(self.headers.get("Content-Length") or 0)
        if length < 0:
            raise BadRequest("negative Content-Length")
        body = self.rfile.read(length)
        if len(body) != length:
            self.close_connection = True
        return body


class HookServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        err = sys.exc_info()[1]
        if isinstance(err, (ssl.SSLError, ConnectionError, TimeoutError)):
            print("hook_receiver: %s: %s" % (client_address, err), file=sys.stderr)
        else:
            super().handle_error(request, client_address)


def read_chunked(rfile):
    """The body of a chunked request; the trailer fields are read and dropped."""
    chunks = []
    while True:
        line = rfile.readline(65537)
        if not line.endswith(b"\n"):
            raise BadRequest("truncated chunk size line")
        size = int(line.split(b";", 1)[0].strip(), 16)
        if size == 0:
            break
        chunk = rfile.read(size)
        if len(chunk) != size or rfile.readline(3) not in (b"\r\n", b"\n"):
            raise BadRequest("truncated chunk")
        chunks.append(chunk)
    while rfile.readline(65537) not in (b"\r\n", b"\n", b""):
        pass
    return b"".join(chunks)


def read_secret(path):
    with open(path, "rb") as f:
        return f.read().rstrip(b"\r\n")


def parse_args(argv):
    p = argparse.ArgumentParser(description="Webhook test receiver for newswatch's alerts.")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--out", required=True, metavar="FILE.jsonl")
    p.add_argument("--secret-file", metavar="F")
    p.add_argument("--fail-first", type=int, default=0, metavar="N")
    p.add_argument("--fail-status", type=int, default=503)
    p.add_argument("--fail-body", metavar="TEXT", help="the body of those failures (default {\"ok\":false})")
    p.add_argument("--retry-after", metavar="S")
    p.add_argument("--status-for-all", type=int, metavar="CODE")
    p.add_argument("--max-body", type=int, metavar="N")
    p.add_argument("--dedup", action="store_true")
    p.add_argument("--drop-first", type=int, default=0, metavar="N")
    p.add_argument("--cut-first", type=int, default=0, metavar="N")
    p.add_argument("--delay-first", type=int, default=0, metavar="N",
                   help="answer the first N requests only after --delay seconds")
    p.add_argument("--delay", type=float, default=5.0, metavar="S")
    p.add_argument("--pidfile")
    p.add_argument("--tls-cert", metavar="C")
    p.add_argument("--tls-key", metavar="K")
    args = p.parse_args(argv)
    if bool(args.tls_cert) != bool(args.tls_key):
        p.error("--tls-cert and --tls-key go together")
    return args


def make_server(args):
    server = HookServer(("127.0.0.1", args.port), HookHandler)
    server.receiver = Receiver(args)
    if args.tls_cert:
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(args.tls_cert, args.tls_key)
        # The handshake happens in the connection's own thread (HookHandler.setup), so a
        # client that never completes it cannot stall the accept loop.
        server.socket = ctx.wrap_socket(server.socket, server_side=True,
                                        do_handshake_on_connect=False)
    return server


def stop(signum, frame):
    raise SystemExit(0)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    server = make_server(args)
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    if args.pidfile:
        with open(args.pidfile, "w") as f:
            f.write("%d\n" % os.getpid())
    print("ready", flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()
        if args.pidfile:
            try:
                os.unlink(args.pidfile)
            except OSError:
                pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
