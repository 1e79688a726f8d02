#!/usr/bin/python3
"""
Scripted fault-injecting SMTP server for postie's end-to-end tests: it
answers like a plain server unless a script says otherwise, so that a
test can produce the refusals, drops, stalls and malformed replies real
servers give only now and then.

  faultd.py --script FILE --portfile FILE --outdir DIR [--lifetime S]

It listens on 127.0.0.1, port 0, and writes the port to --portfile.

Script: one directive a line; empty lines and lines starting with # are
ignored.

  greeting TEXT            the greeting (default "220 faultd.test ESMTP")
  ehlo TEXT                the whole EHLO reply, e.g.
                           "ehlo 250-faultd.test|250-PIPELINING|250 SIZE 1000"
  pipelining on|off        PIPELINING in the default EHLO reply (on)
  reply WHEN TEXT          answer TEXT instead of the default
  raw WHEN BYTES           answer exactly BYTES: no CRLF is added
  drop WHEN                close the connection instead of answering
  close WHEN               answer, then close the connection
  stall WHEN SECONDS       wait SECONDS before answering
  trickle WHEN [SECONDS]   send the answer one byte every SECONDS (1)
  drop BODY [BYTES]        after 354, close once BYTES (1) of the message
                           body have arrived, without answering

WHEN is GREETING, a command verb (EHLO, HELO, MAIL, RCPT, DATA, RSET,
QUIT, ...), or EOD for the "." that ends the data; "VERB#N" applies to
the Nth occurrence only (counted over the server's life), and wins over
"VERB": "reply RCPT#2 550 5.1.1 no such user". Directives for one WHEN
combine: "stall RCPT 3" and "reply RCPT 451 4.3.0 busy" delay that 451.
In TEXT, "|" separates the lines of a multi-line reply and each line gets
a CRLF. TEXT and BYTES understand \\r \\n \\t \\\\ and \\xHH.

Defaults: EHLO "250-faultd.test|250-PIPELINING|250-8BITMIME|
250 ENHANCEDSTATUSCODES", MAIL and RCPT 250, DATA 354 (554 when no
recipient was accepted, as RFC 2920 asks), EOD 250, RSET/NOOP 250,
QUIT 221 then close, anything else 502.

Output in --outdir, in the same formats as smtpd.py: raw.log (every byte
the client sent), commands (each command line, "." for each end of
data), commands.log ("CONN CHUNK FLAG LINE": lines of one read share
CHUNK; FLAG P when the line came before the reply to the previous one
was sent), transcript ("C: "/"S: " lines), and for each end of data
N.from, N.mailopts, N.rcpts (recipients answered 2xx) and N.data (the
bytes after dot-unstuffing), whatever the reply to the end of data.
It stops on SIGTERM and after --lifetime seconds (default 120).
"""

import argparse
import asyncio
import os
import re
import signal
import sys

DEFAULT_EHLO = ["250-faultd.test", "250-PIPELINING", "250-8BITMIME",
                "250 ENHANCEDSTATUSCODES"]
DEFAULTS = {
    "GREETING": b"220 faultd.test ESMTP\r\n",
    "HELO": b"250 faultd.test\r\n",
    "MAIL": b"250 2.1.0 Ok\r\n",
    "RCPT": b"250 2.1.5 Ok\r\n",
    "DATA": b"354 End data with <CR><LF>.<CR><LF>\r\n",
    "EOD": b"250 2.0.0 Ok: queued as %d\r\n",
    "RSET": b"250 2.0.0 Ok\r\n",
    "NOOP": b"250 2.0.0 Ok\r\n",
    "QUIT": b"221 2.0.0 Bye\r\n",
}
NO_RCPT = b"554 5.5.1 Error: no valid recipients\r\n"
UNKNOWN = b"502 5.5.2 Error: command not recognized\r\n"


class ScriptError(Exception):
    pass


def unescape(text):
    """Decodes \\r \\n \\t \\\\ \\xHH; other bytes stay as they are."""
    out = bytearray()
    raw = text.encode("utf-8", "surrogateescape")
    i = 0
    while i < len(raw):
        c = raw[i:i + 1]
        if c != b"\\" or i + 1 == len(raw):
            out += c
            i += 1
            continue
        e = raw[i + 1:i + 2]
        simple = {b"r": b"\r", b"n": b"\n", b"t": b"\t", b"\\": b"\\"}
        if e in simple:
            out += simple[e]
            i += 2
        elif e == b"x" and re.fullmatch(rb"[0-9a-fA-F]{2}", raw[i + 2:i + 4]):
            out.append(int(raw[i + 2:i + 4], 16))
            i += 4
        else:
            raise ScriptError("bad escape in %r" % text)
    return bytes(out)


def reply_text(text):
    return b"".join(unescape(line) + b"\r\n" for line in text.split("|"))


class Script:
    def __init__(self, path):
        self.rules = {}         # WHEN -> {"text", "stall", ...}
        self.ehlo = None
        self.pipelining = True
        self.drop_body = None   # bytes of body after which to close
        with open(path, encoding="utf-8", errors="surrogateescape") as f:
            for no, line in enumerate(f, 1):
                line = line.rstrip("\r\n")
                if not line.strip() or line.lstrip().startswith("#"):
                    continue
                try:
                    self._directive(line)
                except (ScriptError, ValueError) as e:
                    raise ScriptError("%s:%d: %s" % (path, no, e))

    def _rule(self, when):
        if not re.fullmatch(r"[A-Za-z]+(#[0-9]+)?", when):
            raise ScriptError("bad WHEN %r" % when)
        return self.rules.setdefault(when.upper(), {})

    def _directive(self, line):
        word, _, rest = line.partition(" ")
        when, _, arg = rest.partition(" ")
        if word == "greeting":
            self._rule("GREETING")["text"] = reply_text(rest)
        elif word == "ehlo":
            self.ehlo = reply_text(rest)
        elif word == "pipelining":
            if rest not in ("on", "off"):
                raise ScriptError("pipelining on|off")
            self.pipelining = rest == "on"
        elif word == "reply":
            self._rule(when)["text"] = reply_text(arg)
        elif word == "raw":
            self._rule(when)["text"] = unescape(arg)
        elif word == "drop" and when.upper() == "BODY":
            self.drop_body = int(arg) if arg else 1
        elif word == "drop":
            self._rule(when)["drop"] = True
        elif word == "close":
            self._rule(when)["close"] = True
        elif word == "stall":
            self._rule(when)["stall"] = float(arg)
        elif word == "trickle":
            self._rule(when)["trickle"] = float(arg) if arg else 1.0
        else:
            raise ScriptError("unknown directive %r" % word)

    def lookup(self, verb, n):
        """The combined rule for the nth occurrence of verb."""
        rule = dict(self.rules.get(verb, {}))
        rule.update(self.rules.get("%s#%d" % (verb, n), {}))
        return rule

    def ehlo_reply(self):
        if self.ehlo is not None:
            return self.ehlo
        lines = [l for l in DEFAULT_EHLO
                 if self.pipelining or "PIPELINING" not in l]
        return "".join(l + "\r\n" for l in lines).encode()


class Store:
    """Output files, shared by every connection."""

    def __init__(self, outdir):
        self.dir = outdir
        self.nmsg = 0
        self.nconn = 0
        self.counts = {}
        self.commands = self._open("commands")
        self.cmdlog = self._open("commands.log")
        self.raw = self._open("raw.log")
        self.transcript = self._open("transcript")

    def _open(self, name):
        return open(os.path.join(self.dir, name), "ab", buffering=0)

    def occurrence(self, verb):
        self.counts[verb] = self.counts.get(verb, 0) + 1
        return self.counts[verb]

    def _put(self, name, data):
        path = os.path.join(self.dir, name)
        with open(path + ".tmp", "wb") as f:
            f.write(data)
        os.rename(path + ".tmp", path)

    def message(self, sender, mailopts, rcpts, data):
        self.nmsg += 1
        n = self.nmsg
        self._put("%d.from" % n, sender + b"\n")
        self._put("%d.mailopts" % n, mailopts + b"\n")
        self._put("%d.rcpts" % n, b"".join(r + b"\n" for r in rcpts))
        self._put("%d.data" % n, data)
        return n


def address(arg):
    """The address and the parameters of "FROM:<a@b> X=Y"."""
    m = re.match(rb"(?i)(?:FROM|TO):\s*<([^>]*)>\s*(.*)", arg)
    if m:
        return m.group(1), m.group(2).strip()
    m = re.match(rb"(?i)(?:FROM|TO):\s*(\S*)\s*(.*)", arg)
    return (m.group(1), m.group(2).strip()) if m else (arg, b"")


class FaultSession(asyncio.Protocol):
    def __init__(self, script, store):
        self.script = script
        self.store = store
        store.nconn += 1
        self.conn_no = store.nconn
        self.buf = b""
        self.in_data = False
        self.body_bytes = 0
        self.data = []
        self.nchunk = 0
        self.entries = 0
        self.replies = 0        # replies completely written
        self.closing = False
        self.queue = asyncio.Queue()
        self.sender = None
        self.mailopts = b""
        self.rcpts = []

    # -- the writer: sends queued replies in order, with stalls and drops

    def connection_made(self, transport):
        self.transport = transport
        self.writer = asyncio.get_running_loop().create_task(self._write())
        self._answer("GREETING", DEFAULTS["GREETING"])

    def connection_lost(self, exc):
        self.closing = True
        self.writer.cancel()

    async def _write(self):
        while True:
            rule, text = await self.queue.get()
            if rule.get("stall"):
                await asyncio.sleep(rule["stall"])
            if rule.get("drop"):
                self._hang_up()
                return
            for line in text.split(b"\r\n"):
                if line:
                    self.store.transcript.write(b"S: " + line + b"\n")
            if rule.get("trickle"):
                for i in range(len(text)):
                    self.transport.write(text[i:i + 1])
                    await asyncio.sleep(rule["trickle"])
            else:
                self.transport.write(text)
            self.replies += 1
            if rule.get("close"):
                self._hang_up()
                return

    def _hang_up(self):
        """
        Sends FIN but keeps reading (and ignoring) what the client still
        sends: a close() with unread bytes would send RST instead, and the
        client would see "connection reset" or "closed" by chance.
        """
        self.closing = True
        if self.transport.can_write_eof():
            self.transport.write_eof()
            asyncio.get_running_loop().call_later(5, self.transport.close)
        else:
            self.transport.close()

    def _answer(self, verb, default):
        """Queues the reply to verb; returns the text that will be sent."""
        rule = self.script.lookup(verb, self.store.occurrence(verb))
        text = rule.get("text", default)
        self.queue.put_nowait((rule, text))
        if rule.get("drop") or rule.get("close"):
            self.closing = True
        return b"" if rule.get("drop") else text

    # -- the reader: lines of commands, or data up to "."

    def data_received(self, data):
        self.nchunk += 1
        self.store.raw.write(data)
        self.buf += data
        replies = self.replies
        while not self.closing:
            end = self.buf.find(b"\r\n" if self.in_data else b"\n")
            if end < 0:
                break
            line = self.buf[:end + (2 if self.in_data else 1)]
            self.buf = self.buf[len(line):]
            if self.in_data:
                self._data_line(line, replies)
            else:
                self._command(line, replies)

    def _entry(self, text, replies):
        self.entries += 1
        flag = b"P" if replies < self.entries else b"S"
        self.store.commands.write(text + b"\n")
        self.store.cmdlog.write(b"%d %d %s %s\n" % (self.conn_no, self.nchunk,
                                                   flag, text))
        self.store.transcript.write(b"C: " + text + b"\n")

    def _data_line(self, line, replies):
        if line == b".\r\n":
            self.in_data = False
            self._entry(b".", replies)
            self._end_of_data()
            return
        self.body_bytes += len(line)
        self.data.append(line[1:] if line.startswith(b".") else line)
        limit = self.script.drop_body
        if limit is not None and self.body_bytes >= limit:
            self.queue.put_nowait(({"drop": True}, b""))
            self.closing = True

    def _end_of_data(self):
        n = self.store.message(self.sender or b"", self.mailopts,
                               self.rcpts, b"".join(self.data))
        self._answer("EOD", DEFAULTS["EOD"] % n)
        self.sender, self.mailopts, self.rcpts = None, b"", []

    def _command(self, line, replies):
        text = line.rstrip(b"\r\n")
        self._entry(text, replies)
        verb, _, arg = text.partition(b" ")
        verb = verb.decode("ascii", "replace").upper()
        if verb in ("EHLO", "LHLO"):
            self._answer(verb, self.script.ehlo_reply())
        elif verb == "MAIL":
            self.sender, self.mailopts = address(arg)
            self.rcpts = []
            self._answer(verb, DEFAULTS[verb])
        elif verb == "RCPT":
            reply = self._answer(verb, DEFAULTS[verb])
            if reply.startswith(b"2"):
                self.rcpts.append(address(arg)[0])
        elif verb == "DATA":
            default = DEFAULTS[verb] if self.rcpts else NO_RCPT
            if self._answer(verb, default).startswith(b"354"):
                self.in_data = True
                self.body_bytes = 0
                self.data = []
        elif verb == "QUIT":
            rule = self.script.lookup(verb, self.store.occurrence(verb))
            rule.setdefault("close", True)
            self.queue.put_nowait((rule, rule.get("text", DEFAULTS[verb])))
            self.closing = True
        else:
            if verb == "RSET":
                self.sender, self.mailopts, self.rcpts = None, b"", []
            self._answer(verb, DEFAULTS.get(verb, UNKNOWN))


async def serve(opts, script):
    loop = asyncio.get_running_loop()
    store = Store(opts.outdir)
    server = await loop.create_server(lambda: FaultSession(script, store),
                                      "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    with open(opts.portfile + ".tmp", "w") as f:
        f.write("%d\n" % port)
    os.rename(opts.portfile + ".tmp", opts.portfile)

    done = loop.create_future()
    loop.add_signal_handler(signal.SIGTERM, done.set_result, "SIGTERM")
    loop.add_signal_handler(signal.SIGINT, done.set_result, "SIGINT")
    loop.call_later(opts.lifetime, lambda: done.done()
                    or done.set_result("lifetime"))
    if await done == "lifetime":
        print("faultd: lifetime of %g s over, stopping" % opts.lifetime,
              file=sys.stderr)
    server.close()


def main(argv):
    p = argparse.ArgumentParser(description="scripted fault SMTP server")
    p.add_argument("--script", required=True)
    p.add_argument("--portfile", required=True)
    p.add_argument("--outdir", required=True)
    p.add_argument("--lifetime", type=float, default=120.0)
    opts = p.parse_args(argv)
    try:
        script = Script(opts.script)
    except (OSError, ScriptError) as e:
        print("faultd: %s" % e, file=sys.stderr)
        return 2
    asyncio.run(serve(opts, script))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
