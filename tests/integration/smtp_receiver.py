#!/usr/bin/python3
"""smtp_receiver.py — an SMTP server on 127.0.0.1 that receives the daemon's email alerts.

    smtp_receiver.py --port P --dir OUTDIR [--cert CERT --key KEY] [--starttls-required]
                     [--implicit-tls] [--auth USER:PASSFILE] [--fail-first N]
                     [--fail-reply REPLY] [--fail-at data|rcpt|mail] [--refuse-rcpt ADDR]...
                     [--defer-rcpt ADDR:N]... [--slow-data SECONDS] [--silent-quit]
                     [--drop-first N] [--drop-at data|mail] [--mute] [--smtputf8]
                     [--size-limit BYTES] [--pidfile FILE]

For the integration tests (run it with Debian's /usr/bin/python3, which has python3-aiosmtpd).

  --cert/--key         offer STARTTLS with that certificate and key
  --starttls-required  answer 530 to MAIL/RCPT/DATA/AUTH... until STARTTLS was done
                       (needs --cert/--key)
  --implicit-tls       the whole connection is TLS from the first byte (smtps, port-465 style);
                       STARTTLS is then not offered (needs --cert/--key)
  --auth USER:PASSFILE require AUTH PLAIN or LOGIN as USER with the password in PASSFILE
                       (trailing newline stripped) before MAIL; wrong credentials get 535.
                       AUTH is only offered on an encrypted connection: after STARTTLS, or
                       from the start with --implicit-tls (needs --cert/--key)
  --fail-first N       answer the first N DATA commands (counted over all connections) with
                       "451 4.3.0 try again later", or with --fail-reply REPLY
                       (e.g. "550 5.1.1 no such mailbox")
  --fail-at rcpt       fail the first N RCPT TO commands instead of DATA (an address refused
                       before the message is sent; the default, data, refuses the message
                       once it has all of it); mail: the first N MAIL FROM commands;
                       connect: greet the first N connections with REPLY and close them
  --refuse-rcpt ADDR   answer "550 5.1.1 no such mailbox" to every RCPT TO:<ADDR> (repeatable;
                       a bad address among good ones)
  --defer-rcpt ADDR:N  answer "451 4.7.1 greylisted, try again later" to the first N
                       RCPT TO:<ADDR> (repeatable; a recipient's server that says "later")
  --slow-data SECONDS  answer the end of each message SECONDS late (a server scanning it), then
                       store it as usual
  --silent-quit        never answer QUIT (the mail is stored; the connection stays open)
  --drop-first N       close the first N connections that reach --drop-at without a reply:
                       data (the default) once the whole message came, after storing it (the
                       sender cannot know it was delivered); mail: at MAIL FROM
  --mute               accept connections and never send a byte (no greeting)
  --smtputf8           offer SMTPUTF8 (RFC 6531) besides 8BITMIME (aiosmtpd always offers that)
  --size-limit BYTES   announce SIZE BYTES and refuse larger messages with 552, at MAIL FROM
                       (SIZE=) or at their end (default: aiosmtpd's 32 MiB)
  --pidfile FILE       write this process's pid to FILE (removed again on a clean exit)

Each accepted message is stored atomically (temporary name, then rename) as OUTDIR/NNNN.eml —
the message bytes exactly as received, after SMTP dot-unstuffing — and then OUTDIR/NNNN.json:
{"mail_from", "rcpt_tos": [...], "mail_options": [...], "tls": bool, "auth_user": str|null}.
The .json is written last, so once it exists the .eml is complete. NNNN counts from 0001
(from one past the highest NNNN.json already in OUTDIR, so a restarted receiver never
overwrites). Lines longer than the 1000 octets SMTP allows are accepted and stored as they
are, so that mailcheck.py can report them.

Prints "ready" on stdout (flushed) once listening; runs until SIGTERM or SIGINT.
"""
import argparse
import asyncio
import hmac
import json
import os
import re
import signal
import ssl
import sys
import warnings

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

FAIL_REPLY = "451 4.3.0 try again later"

# aiosmtpd itself sets the deprecated Session.login_data on every successful AUTH.
warnings.filterwarnings("ignore", message="Session.login_data is deprecated")


class LenientSMTP(SMTP):
    """aiosmtpd's SMTP, accepting long lines and treating implicit TLS as TLS for AUTH."""

    # Store over-long lines instead of answering 500, so the tests can see them.
    line_length_limit = 1 << 20

    # --silent-quit: QUIT is never answered (a server that keeps the connection open)
    silent_quit = False
    # --mute: not even a greeting; --fail-at connect: [connections left, the greeting]
    mute = False
    refuse_connect = [0, ""]

    async def _handle_client(self):
        if self.mute:
            await asyncio.sleep(3600)
        if self.refuse_connect[0] > 0:
            self.refuse_connect[0] -= 1
            await self.push(self.refuse_connect[1])
            self.transport.close()
            return
        return await super()._handle_client()

    async def smtp_QUIT(self, arg):
        if self.silent_quit:
            await asyncio.sleep(3600)
        return await super().smtp_QUIT(arg)

    def connection_made(self, transport):
        super().connection_made(transport)
        # aiosmtpd counts only STARTTLS as encryption when it decides whether AUTH may be
        # offered; a connection that is TLS from the start (smtps) is just as encrypted.
        if transport.get_extra_info("ssl_object") is not None:
            self._auth_require_tls = False


class Authenticator:
    """Accepts exactly one user name and password (AUTH PLAIN and LOGIN)."""

    def __init__(self, user, password):
        self.user = user.encode()
        self.password = password.encode()

    def __call__(self, server, session, envelope, mechanism, auth_data):
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        good = hmac.compare_digest(auth_data.login, self.user) and \
            hmac.compare_digest(auth_data.password, self.password)
        if not good:
            return AuthResult(success=False, handled=False)
        return AuthResult(success=True, auth_data=self.user.decode())


class Handler:
    """Stores each message in the output folder; fails the first N DATA commands."""

    def __init__(self, outdir, fail_first, fail_reply=FAIL_REPLY, fail_at="data", refuse_rcpt=(),
                 defer_rcpt=None, slow_data=0.0, drop_first=0, drop_at="data"):
        self.outdir = outdir
        self.drop_left = drop_first
        self.drop_at = drop_at
        self.slow_data = slow_data
        self.refuse_rcpt = set(refuse_rcpt)
        self.defer_rcpt = dict(defer_rcpt or {})
        self.fail_left = fail_first
        self.fail_reply = fail_reply
        self.fail_at = fail_at
        self.count = highest_stored(outdir)

    def drop(self, server, at):
        """True (and the connection cut, unanswered) for the first N commands at `at`."""
        if self.drop_at != at or self.drop_left <= 0:
            return False
        self.drop_left -= 1
        server.transport.abort()
        return True

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self.drop(server, "mail"):
            return "421 4.3.0 never sent: the connection is closed"
        if self.fail_at == "mail" and self.fail_left > 0:
            self.fail_left -= 1
            return self.fail_reply
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.fail_at == "rcpt" and self.fail_left > 0:
            self.fail_left -= 1
            return self.fail_reply
        if address in self.refuse_rcpt:
            return "550 5.1.1 no such mailbox"
        if self.defer_rcpt.get(address, 0) > 0:
            self.defer_rcpt[address] -= 1
            return "451 4.7.1 greylisted, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.slow_data:
            await asyncio.sleep(self.slow_data)
        if self.fail_at == "data" and self.fail_left > 0:
            self.fail_left -= 1
            return self.fail_reply
        self.count += 1
        stem = os.path.join(self.outdir, "%04d" % self.count)
        meta = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": list(envelope.rcpt_tos),
            "mail_options": list(envelope.mail_options),
            "tls": server.transport.get_extra_info("ssl_object") is not None,
            "auth_user": session.auth_data if session.authenticated else None,
        }
        write_atomically(stem + ".eml", bytes(envelope.original_content))
        write_atomically(stem + ".json", (json.dumps(meta) + "\n").encode())
        if self.drop(server, "data"):
            return "250 2.0.0 never sent: the connection is closed"
        return "250 2.0.0 OK stored as %04d" % self.count


def highest_stored(outdir):
    """The highest NNNN of an NNNN.json already in outdir (0 when none)."""
    numbers = [int(m.group(1)) for m in map(re.compile(r"^(\d{4,})\.json$").match,
                                            os.listdir(outdir)) if m]
    return max(numbers, default=0)


def write_atomically(path, data):
    """Writes data to a hidden temporary file beside path, then renames it into place."""
    folder, name = os.path.split(path)
    tmp = os.path.join(folder, ".%s.tmp" % name)
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.rename(tmp, path)


def read_secret(path):
    with open(path, encoding="utf-8") as f:
        return f.read().rstrip("\r\n")


def server_tls_context(cert, key):
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(cert, key)
    return ctx


def parse_args(argv):
    p = argparse.ArgumentParser(description="SMTP test receiver for newswatch's email alerts.")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--dir", required=True, help="where NNNN.eml and NNNN.json are written")
    p.add_argument("--cert")
    p.add_argument("--key")
    p.add_argument("--starttls-required", action="store_true")
    p.add_argument("--implicit-tls", action="store_true")
    p.add_argument("--auth", metavar="USER:PASSFILE")
    p.add_argument("--fail-first", type=int, default=0, metavar="N")
    p.add_argument("--fail-reply", default=FAIL_REPLY, metavar="REPLY")
    p.add_argument("--fail-at", choices=("data", "rcpt", "mail", "connect"), default="data")
    p.add_argument("--refuse-rcpt", action="append", default=[], metavar="ADDR")
    p.add_argument("--defer-rcpt", action="append", default=[], metavar="ADDR:N")
    p.add_argument("--slow-data", type=float, default=0.0, metavar="SECONDS")
    p.add_argument("--silent-quit", action="store_true")
    p.add_argument("--drop-first", type=int, default=0, metavar="N")
    p.add_argument("--drop-at", choices=("data", "mail"), default="data")
    p.add_argument("--mute", action="store_true")
    p.add_argument("--smtputf8", action="store_true")
    p.add_argument("--size-limit", type=int, default=33554432, metavar="BYTES")
    p.add_argument("--pidfile")
    args = p.parse_args(argv)
    if bool(args.cert) != bool(args.key):
        p.error("--cert and --key go together")
    if not args.cert and (args.starttls_required or args.implicit_tls or args.auth):
        p.error("--starttls-required, --implicit-tls and --auth need --cert and --key")
    if args.implicit_tls and args.starttls_required:
        p.error("--implicit-tls and --starttls-required exclude each other")
    if args.auth and ":" not in args.auth:
        p.error("--auth takes USER:PASSFILE")
    try:
        args.defer_rcpt = {a: int(n) for a, n in (d.rsplit(":", 1) for d in args.defer_rcpt)}
    except ValueError:
        p.error("--defer-rcpt takes ADDR:N")
    return args


def smtp_factory(args, handler):
    """A function making one SMTP protocol object per connection, configured from args."""
    tls = server_tls_context(args.cert, args.key) if args.cert else None
    kwargs = dict(hostname="localhost", ident="newswatch test receiver", enable_SMTPUTF8=args.smtputf8,
                  data_size_limit=args.size_limit)
    if tls and not args.implicit_tls:
        kwargs.update(tls_context=tls, require_starttls=args.starttls_required)
    if args.auth:
        user, passfile = args.auth.split(":", 1)
        kwargs.update(authenticator=Authenticator(user, read_secret(passfile)),
                      auth_required=True, auth_require_tls=True)
    LenientSMTP.silent_quit = args.silent_quit
    LenientSMTP.mute = args.mute
    if args.fail_at == "connect":
        LenientSMTP.refuse_connect = [args.fail_first, args.fail_reply]
    return lambda: LenientSMTP(handler, **kwargs)


async def serve(args):
    loop = asyncio.get_running_loop()
    os.makedirs(args.dir, exist_ok=True)
    handler = Handler(args.dir, args.fail_first, args.fail_reply, args.fail_at, args.refuse_rcpt,
                      args.defer_rcpt, args.slow_data, args.drop_first, args.drop_at)
    implicit = server_tls_context(args.cert, args.key) if args.implicit_tls else None
    server = await loop.create_server(smtp_factory(args, handler), "127.0.0.1", args.port,
                                      ssl=implicit)
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    if args.pidfile:
        with open(args.pidfile, "w") as f:
            f.write("%d\n" % os.getpid())
    print("ready", flush=True)
    try:
        await stop.wait()
    finally:
        server.close()
        if args.pidfile:
            try:
                os.unlink(args.pidfile)
            except OSError:
                pass


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    asyncio.run(serve(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
