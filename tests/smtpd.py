#!/usr/bin/python3
"""
Recording SMTP server for postie's end-to-end tests, built on aiosmtpd.

It listens on 127.0.0.1, port 0, writes the port it got to --portfile,
and records in --outdir everything a test may want to assert:

  N.from      envelope sender of message N ("" for the null sender)
  N.mailopts  MAIL FROM parameters, space separated (as the server saw them)
  N.rcpts     accepted recipients, one a line
  N.rcptopts  "ADDR PARAMS..." for each accepted recipient
  N.data      the DATA bytes exactly as received, after dot-unstuffing
  commands    every command line the client sent, without its CRLF, and
              "." for each end of data (DATA lines themselves are left out)
  commands.log  the same lines as "CONN CHUNK FLAG LINE": CHUNK numbers
              the reads of that connection (lines sent in one flight share
              one), FLAG is P when the line arrived before the server had
              answered the previous command (the client pipelined), else S
  raw.log     every byte the client sent (capped by --raw-max)
  transcript  "C: " and "S: " lines of the dialogue (without DATA lines)

Options switch extensions on and off (--size, --no-8bitmime,
--no-pipelining, --smtputf8), refuse addresses (--reject-mail,
--reject-rcpt, --tempfail-rcpt) and add TLS (--tls-cert/--tls-key for
STARTTLS, --implicit-tls for a TLS-on-connect port). It stops on SIGTERM
and by itself after --lifetime seconds, so a test can never leave it
behind for long.
"""

import argparse
import asyncio
import collections
import os
import signal
import ssl
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

HOSTNAME = "smtpd.test"


def parse_args(argv):
    p = argparse.ArgumentParser(description="recording SMTP test server")
    p.add_argument("--portfile", required=True)
    p.add_argument("--outdir", required=True)
    p.add_argument("--lifetime", type=float, default=120.0)
    p.add_argument("--port", type=int, default=0,
                   help="listen on this port instead of any free one")
    p.add_argument("--size", type=int, default=0,
                   help="advertise SIZE N and refuse larger messages")
    p.add_argument("--no-8bitmime", action="store_true")
    p.add_argument("--no-pipelining", action="store_true")
    p.add_argument("--smtputf8", action="store_true")
    p.add_argument("--auth", metavar="USER:PASSWORD",
                   help="offer AUTH PLAIN LOGIN (over TLS only) and accept "
                   "this login")
    p.add_argument("--tls-max", choices=("1.2", "1.3"),
                   help="highest TLS version the server accepts")
    p.add_argument("--client-ca", metavar="FILE",
                   help="ask for a client certificate signed by this CA")
    p.add_argument("--unix", metavar="PATH",
                   help="also listen on this unix socket")
    p.add_argument("--ehlo-extra", action="append", default=[],
                   help="one more EHLO keyword line, e.g. DSN")
    p.add_argument("--reject-mail", action="append", default=[],
                   help="answer 550 to MAIL FROM this address")
    p.add_argument("--reject-rcpt", action="append", default=[],
                   help="answer 550 to RCPT TO this address")
    p.add_argument("--tempfail-rcpt", action="append", default=[],
                   help="answer 451 to RCPT TO this address")
    p.add_argument("--max-line", type=int, default=1 << 20,
                   help="longest line accepted, in bytes")
    p.add_argument("--raw-max", type=int, default=16 << 20,
                   help="bytes of raw.log kept at most")
    p.add_argument("--tls-cert")
    p.add_argument("--tls-key")
    p.add_argument("--implicit-tls", action="store_true",
                   help="TLS from the first byte instead of STARTTLS")
    return p.parse_args(argv)


def tls_context(opts):
    """The server TLS context, or None when no certificate was given."""
    if not opts.tls_cert:
        return None
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(opts.tls_cert, opts.tls_key)
    if opts.tls_max:
        ctx.maximum_version = {"1.2": ssl.TLSVersion.TLSv1_2,
                               "1.3": ssl.TLSVersion.TLSv1_3}[opts.tls_max]
    if opts.client_ca:
        ctx.verify_mode = ssl.CERT_OPTIONAL
        ctx.load_verify_locations(opts.client_ca)
    return ctx


class Store:
    """Files in the output directory; shared by every connection."""

    def __init__(self, opts):
        self.opts = opts
        self.dir = opts.outdir
        self.nmsg = 0
        self.nconn = 0
        self.raw_bytes = 0
        self.commands = open(self._path("commands"), "ab", buffering=0)
        self.cmdlog = open(self._path("commands.log"), "ab", buffering=0)
        self.raw = open(self._path("raw.log"), "ab", buffering=0)
        self.transcript = open(self._path("transcript"), "ab", buffering=0)

    def _path(self, name):
        return os.path.join(self.dir, name)

    def write_raw(self, data):
        room = self.opts.raw_max - self.raw_bytes
        if room > 0:
            self.raw.write(data[:room])
            self.raw_bytes += min(room, len(data))

    def command(self, conn, chunk, pipelined, line):
        self.commands.write(line + b"\n")
        flag = b"P" if pipelined else b"S"
        self.cmdlog.write(b"%d %d %s %s\n" % (conn, chunk, flag, line))

    def say(self, who, line):
        self.transcript.write(who + b": " + line + b"\n")

    def _put(self, name, data):
        tmp = self._path(name + ".tmp")
        with open(tmp, "wb") as f:
            f.write(data)
        os.rename(tmp, self._path(name))

    def message(self, envelope, rcpt_params):
        """Saves one message; the .data file is written last."""
        self.nmsg += 1
        n = self.nmsg
        sender = envelope.mail_from
        if sender == "<>":
            sender = ""
        self._put("%d.from" % n, sender.encode("utf-8", "surrogateescape")
                  + b"\n")
        self._put("%d.mailopts" % n,
                  " ".join(envelope.mail_options).encode() + b"\n")
        rcpts = "".join(a + "\n" for a in envelope.rcpt_tos)
        self._put("%d.rcpts" % n, rcpts.encode("utf-8", "surrogateescape"))
        ropts = "".join(("%s %s" % (a, " ".join(o))).rstrip() + "\n"
                        for a, o in rcpt_params)
        self._put("%d.rcptopts" % n, ropts.encode("utf-8", "surrogateescape"))
        self._put("%d.data" % n, envelope.original_content)
        return n


    def auth_line(self, line):
        with open(self._path("auth"), "a") as f:
            f.write(line + "\n")

    def tls_facts(self, n, transport):
        """N.tls: the TLS version the message came over ("none" if
        plain); N.tlspeer: the client certificate's subject CN, if any."""
        obj = transport.get_extra_info("ssl_object") if transport else None
        self._put("%d.tls" % n, ((obj.version() if obj else None)
                                 or "none").encode() + b"\n")
        peer = obj.getpeercert() if obj else None
        if peer:
            cn = [v for rdn in peer.get("subject", ()) for k, v in rdn
                  if k == "commonName"]
            self._put("%d.tlspeer" % n, (",".join(cn)).encode() + b"\n")


class Handler:
    """aiosmtpd hooks: EHLO keywords, address refusals, saving messages."""

    def __init__(self, opts, store):
        self.opts = opts
        self.store = store

    async def handle_EHLO(self, server, session, envelope, hostname,
                          responses):
        session.host_name = hostname
        out = []
        for r in responses[:-1]:
            if self.opts.no_8bitmime and r == "250-8BITMIME":
                continue
            out.append(r)
        if not self.opts.no_pipelining:
            out.append("250-PIPELINING")
        for kw in self.opts.ehlo_extra:
            out.append("250-" + kw)
        out.append("250-ENHANCEDSTATUSCODES")
        out.append(responses[-1])
        return out

    async def handle_MAIL(self, server, session, envelope, address, options):
        if address in self.opts.reject_mail:
            return "550 5.7.1 <%s>: sender rejected" % address
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        server.rcpt_params = []
        return "250 2.1.0 Ok"

    async def handle_RCPT(self, server, session, envelope, address, options):
        if address in self.opts.reject_rcpt:
            return "550 5.1.1 <%s>: Recipient address rejected" % address
        if address in self.opts.tempfail_rcpt:
            return "451 4.3.0 <%s>: try again later" % address
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(options)
        server.rcpt_params.append((address, options))
        return "250 2.1.5 Ok"

    async def handle_DATA(self, server, session, envelope):
        n = self.store.message(envelope, server.rcpt_params)
        self.store.tls_facts(n, server.transport)
        return "250 2.0.0 Ok: queued as %d" % n


class RecordingSMTP(SMTP):
    """
    aiosmtpd keeps no trace of what the client sent: this subclass sees
    every read (data_received) and every line the session consumes (a
    wrapper around the reader's readuntil), and counts the final reply
    lines it pushed, which is how a line is known to be pipelined.
    """

    def __init__(self, handler, store, **kw):
        self.line_length_limit = store.opts.max_line
        super().__init__(handler, **kw)
        self.store = store
        store.nconn += 1
        self.conn_no = store.nconn
        self.rcpt_params = []
        self.replies = 0        # final reply lines written so far
        self.entries = 0        # command lines (and ends of data) consumed
        self.received = 0       # bytes received on this connection
        self.consumed = 0       # bytes handed to the session as lines
        self.chunks = collections.deque()   # (end offset, number, replies)
        self.nchunk = 0
        self.in_data = False

    def data_received(self, data):
        self.nchunk += 1
        self.received += len(data)
        self.chunks.append((self.received, self.nchunk, self.replies))
        self.store.write_raw(data)
        super().data_received(data)

    def connection_made(self, transport):
        if self._original_transport is not None:
            # After STARTTLS aiosmtpd drops what was buffered in clear.
            self.consumed = self.received
            self.chunks.clear()
        super().connection_made(transport)

    def _client_connected_cb(self, reader, writer):
        super()._client_connected_cb(reader, writer)
        readuntil = reader.readuntil
        read = reader.read

        async def wrapped_readuntil(separator=b"\n"):
            line = await readuntil(separator)
            self._note_line(line)
            return line

        async def wrapped_read(n=-1):
            data = await read(n)
            self.consumed += len(data)
            return data

        reader.readuntil = wrapped_readuntil
        reader.read = wrapped_read

    def _chunk_of(self, offset):
        while self.chunks and self.chunks[0][0] <= offset:
            self.chunks.popleft()
        if self.chunks:
            return self.chunks[0]
        return (self.received, self.nchunk, self.replies)

    def _note_line(self, line):
        self.consumed += len(line)
        _, chunk, replies = self._chunk_of(self.consumed - 1)
        text = line.rstrip(b"\r\n")
        if self.in_data:
            if line != b".\r\n":
                return
            self.in_data = False
            text = b"."
        self.entries += 1
        # The greeting is reply 1; the reply to entry k is reply k + 1.
        pipelined = replies < self.entries
        self.store.command(self.conn_no, chunk, pipelined, text)
        self.store.say(b"C", text)

    async def push(self, status):
        if isinstance(status, str):
            status = status.encode("utf-8" if self.enable_SMTPUTF8
                                   else "ascii")
        for line in status.split(b"\r\n"):
            self.store.say(b"S", line)
            if line[3:4] != b"-":
                self.replies += 1
        if status.startswith(b"354"):
            self.in_data = True
        await super().push(status)


def authenticator(opts, store):
    """aiosmtpd's authenticator: checks the one login of --auth and
    notes the outcome in the "auth" file ("MECH USER ok|fail")."""
    user, _, password = opts.auth.partition(":")

    def check(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword)
              and auth_data.login.decode() == user
              and auth_data.password.decode() == password)
        login = (auth_data.login.decode("utf-8", "replace")
                 if isinstance(auth_data, LoginPassword) else "?")
        store.auth_line("%s %s %s" % (mechanism, login, "ok" if ok else "fail"))
        return AuthResult(success=ok, handled=False,
                          auth_data=login if ok else None)
    return check


async def serve(opts):
    loop = asyncio.get_running_loop()
    store = Store(opts)
    handler = Handler(opts, store)
    ctx = tls_context(opts)
    kw = dict(data_size_limit=opts.size or None,
              enable_SMTPUTF8=opts.smtputf8,
              decode_data=False,
              hostname=HOSTNAME,
              timeout=60,
              auth_require_tls=True,
              loop=loop)
    if ctx is not None and not opts.implicit_tls:
        kw["tls_context"] = ctx
    if opts.auth:
        kw["authenticator"] = authenticator(opts, store)
        # aiosmtpd counts only STARTTLS as TLS: on an implicit TLS port
        # the session is encrypted all the same.
        kw["auth_require_tls"] = not opts.implicit_tls
    server = await loop.create_server(
        lambda: RecordingSMTP(handler, store, **kw), "127.0.0.1", opts.port,
        ssl=ctx if opts.implicit_tls else None)
    if opts.unix:
        await loop.create_unix_server(
            lambda: RecordingSMTP(handler, store, **kw), opts.unix)
    port = server.sockets[0].getsockname()[1]
    tmp = opts.portfile + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % port)
    os.rename(tmp, opts.portfile)

    done = loop.create_future()
    loop.add_signal_handler(signal.SIGTERM, done.set_result, "SIGTERM")
    loop.add_signal_handler(signal.SIGINT, done.set_result, "SIGINT")
    loop.call_later(opts.lifetime, lambda: done.done()
                    or done.set_result("lifetime"))
    why = await done
    if why == "lifetime":
        print("smtpd: lifetime of %g s over, stopping" % opts.lifetime,
              file=sys.stderr)
    server.close()


def main(argv):
    opts = parse_args(argv)
    asyncio.run(serve(opts))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
