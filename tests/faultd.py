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
  stall BODY SECONDS       after 354, read nothing for SECONDS: the client
                           blocks in the middle of the body
  abort WHEN               answer, then close at once: with TLS, no
                           close_notify (a truncated session)
  repeat WHEN N BYTES      send BYTES N times before the answer, e.g.
                           10,000 continuation lines: "repeat EHLO 10000
                           250-x\r\n"
  flood WHEN BYTES         after the answer, send BYTES again and again
                           until the client hangs up (an endless greeting,
                           data after QUIT); the client's reading paces it
  tls CERT KEY             TLS from the first byte (implicit, as on port
                           465) with this certificate and key; "close"
                           then ends the session with close_notify
  auth MECHS USER PASSWORD offer "AUTH MECHS" (comma separated in the
                           script) in the default EHLO reply and run the
                           server side of PLAIN, LOGIN, CRAM-MD5,
                           SCRAM-SHA-1, SCRAM-SHA-256 (random salt, 4096
                           iterations, the client proof checked, "v=" sent
                           as a 334 challenge), XOAUTH2 and OAUTHBEARER
                           (PASSWORD is the token; a wrong one gets the
                           JSON error challenge), e.g.
                           "auth SCRAM-SHA-256,CRAM-MD5,PLAIN alice s3cret"
  auth-bad-signature       SCRAM: send a wrong server signature

BDAT (CHUNKING, RFC 3030) is understood when a client sends it: offer
it with "ehlo ...|250 CHUNKING"; the last chunk's reply is the EOD rule.

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

AUTH, with an auth directive and no reply/raw/drop rule for AUTH: 235
2.7.0 when the credentials are right, 535 5.7.8 when not, 501 when the
client cancels with "*" or sends bad base64, 504 for a mechanism not in
MECHS, 503 after a success. Mechanisms offered but not implemented
(EXTERNAL, ...) get 504. The lines the client sends during the exchange
are recorded like commands.

Output in --outdir, in the same formats as smtpd.py: raw.log (every byte
the client sent), commands (each command line, "." for each end of
data), commands.log ("CONN CHUNK FLAG LINE": lines of one read share
CHUNK; FLAG P when the line came before the reply to the previous one
was sent), transcript ("C: "/"S: " lines), and for each end of data
N.from, N.mailopts, N.rcpts (recipients answered 2xx) and N.data (the
bytes after dot-unstuffing), whatever the reply to the end of data.
With auth, the file auth has a line "MECH USER ok|fail" per AUTH
command the SASL side answers (USER as the client gave it, "-" when
unknown; a cancel by the client is a fail).
It stops on SIGTERM and after --lifetime seconds (default 120).
"""

import argparse
import asyncio
import base64
import binascii
import hashlib
import hmac
import os
import re
import signal
import ssl
import sys
import time

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
AUTH_REPLIES = {
    "ok": b"235 2.7.0 Authentication successful\r\n",
    "fail": b"535 5.7.8 Error: authentication failed\r\n",
    "cancel": b"501 5.7.0 Authentication canceled\r\n",
    "base64": b"501 5.5.2 Cannot decode response\r\n",
    "mech": b"504 5.5.4 Unrecognized authentication type\r\n",
    "again": b"503 5.5.1 Error: already authenticated\r\n",
}
SCRAM_ITERATIONS = 4096


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
        self.stall_body = None  # seconds of not reading after 354
        self.auth = None        # {"mechs", "user", "password"}
        self.auth_bad_signature = False
        self.tls = None         # (certificate, key) for implicit TLS
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
        elif word == "stall" and when.upper() == "BODY":
            self.stall_body = float(arg)
        elif word == "stall":
            self._rule(when)["stall"] = float(arg)
        elif word == "trickle":
            self._rule(when)["trickle"] = float(arg) if arg else 1.0
        elif word == "abort":
            self._rule(when)["abort"] = True
        elif word == "repeat":
            count, _, data = arg.partition(" ")
            self._rule(when)["repeat"] = (int(count), unescape(data))
        elif word == "flood":
            self._rule(when)["flood"] = unescape(arg)
        elif word == "tls":
            cert, key = rest.split(" ", 1)
            self.tls = (cert, key)
        elif word == "auth":
            mechs, user, password = rest.split(" ", 2)
            self.auth = {"mechs": mechs.upper().split(","),
                         "user": user.encode(), "password": password.encode()}
        elif word == "auth-bad-signature":
            self.auth_bad_signature = True
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
        if self.auth is not None:
            lines.insert(-1, "250-AUTH " + " ".join(self.auth["mechs"]))
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
        self.auth = self._open("auth")

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

    def auth_result(self, mech, user, ok):
        self.auth.write(b"%s %s %s\n" % (mech.encode(), user or b"-",
                                          b"ok" if ok else b"fail"))

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


def saslname(name):
    """RFC 5802: =2C and =3D back to "," and "="."""
    return name.replace(b"=2C", b",").replace(b"=3D", b"=")


class SaslServer:
    """
    The server side of one AUTH exchange, as a generator per mechanism:
    it yields each challenge (raw bytes), receives the client's decoded
    answer, and returns whether the client proved who it claims to be.
    self.user is the name the client gave, for the auth file.
    """

    def __init__(self, conf, bad_signature):
        self.user = None
        self.password = conf["password"]
        self.want_user = conf["user"]
        self.bad_signature = bad_signature

    def run(self, mech, initial):
        table = {
            "PLAIN": self.plain, "LOGIN": self.login,
            "CRAM-MD5": self.cram_md5,
            "SCRAM-SHA-1": lambda i: self.scram(i, "sha1"),
            "SCRAM-SHA-256": lambda i: self.scram(i, "sha256"),
            "XOAUTH2": self.xoauth2, "OAUTHBEARER": self.oauthbearer,
        }
        return table[mech](initial) if mech in table else None

    def _check(self, user, password):
        self.user = user
        return (user == self.want_user and
                hmac.compare_digest(password, self.password))

    def plain(self, initial):
        msg = initial if initial is not None else (yield b"")
        parts = msg.split(b"\0")
        return len(parts) == 3 and self._check(parts[1], parts[2])

    def login(self, initial):
        user = initial if initial is not None else (yield b"Username:")
        self.user = user
        password = yield b"Password:"
        return self._check(user, password)

    def cram_md5(self, initial):
        if initial is not None:
            return False
        challenge = b"<%d.%d@faultd.test>" % (os.getpid(), time.time_ns())
        user, _, digest = (yield challenge).rpartition(b" ")
        want = hmac.new(self.password, challenge, "md5").hexdigest()
        self.user = user
        return user == self.want_user and \
            hmac.compare_digest(digest, want.encode())

    def scram(self, initial, hname):
        first = initial if initial is not None else (yield b"")
        m = re.fullmatch(rb"n,,(n=([^,]*),r=([\x21-\x2b\x2d-\x7e]+)(,.*)?)",
                         first, re.S)
        if not m:
            return False
        bare, self.user, cnonce = m.group(1), saslname(m.group(2)), m.group(3)
        nonce = cnonce + base64.b64encode(os.urandom(18))
        salt = os.urandom(16)
        server_first = b"r=%s,s=%s,i=%d" % (nonce, base64.b64encode(salt),
                                            SCRAM_ITERATIONS)
        final = yield server_first
        without_proof, _, proof = final.rpartition(b",p=")
        if not re.fullmatch(rb"c=biws,r=" + re.escape(nonce) + rb"(,.*)?",
                            without_proof, re.S):
            return False
        keys = self._scram_keys(hname, salt, b",".join(
            (bare, server_first, without_proof)))
        try:
            proof = base64.b64decode(proof, validate=True)
        except binascii.Error:
            return False
        client_key = bytes(a ^ b for a, b in zip(proof, keys["client_sig"]))
        if (len(proof) != len(keys["stored"]) or
                hashlib.new(hname, client_key).digest() != keys["stored"] or
                self.user != self.want_user):
            return False
        signature = keys["server_sig"]
        if self.bad_signature:
            signature = bytes([signature[0] ^ 1]) + signature[1:]
        return (yield b"v=" + base64.b64encode(signature)) == b""

    def _scram_keys(self, hname, salt, authmsg):
        salted = hashlib.pbkdf2_hmac(hname, self.password, salt,
                                     SCRAM_ITERATIONS)
        client_key = hmac.new(salted, b"Client Key", hname).digest()
        stored = hashlib.new(hname, client_key).digest()
        server_key = hmac.new(salted, b"Server Key", hname).digest()
        return {"stored": stored,
                "client_sig": hmac.new(stored, authmsg, hname).digest(),
                "server_sig": hmac.new(server_key, authmsg, hname).digest()}

    def xoauth2(self, initial):
        msg = initial if initial is not None else (yield b"")
        m = re.fullmatch(rb"user=([^\x01]*)\x01auth=Bearer ([^\x01]*)"
                         rb"\x01\x01", msg)
        if m and self._check(m.group(1), m.group(2)):
            return True
        yield b'{"status":"401","schemes":"Bearer",' \
              b'"scope":"https://mail.google.com/"}'
        return False

    def oauthbearer(self, initial):
        msg = initial if initial is not None else (yield b"")
        m = re.fullmatch(rb"n,(?:a=([^,]*))?,\x01(.*)\x01\x01", msg, re.S)
        pairs = dict(kv.partition(b"=")[::2]
                     for kv in m.group(2).split(b"\x01")) if m else {}
        auth = pairs.get(b"auth", b"")
        if m and auth.startswith(b"Bearer ") and \
                self._check(saslname(m.group(1) or b""), auth[7:]):
            return True
        yield b'{"status":"invalid_token","scope":"mail",' \
              b'"openid-configuration":"https://faultd.test/.well-known/' \
              b'openid-configuration"}'
        return False


class FaultSession(asyncio.Protocol):
    def __init__(self, script, store):
        self.script = script
        self.store = store
        store.nconn += 1
        self.conn_no = store.nconn
        self.buf = b""
        self.in_data = False
        self.bdat_left = 0      # BDAT chunk bytes still to come
        self.bdat_last = False
        self.bdat_open = False  # a BDAT transaction has begun
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
        self.sasl = None        # (mech, SaslServer, generator) in AUTH
        self.authed = False
        self.writable = asyncio.Event()     # cleared while the client lags
        self.writable.set()

    # -- flow control: a flood waits for the client to read

    def pause_writing(self):
        self.writable.clear()

    def resume_writing(self):
        self.writable.set()

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
            if rule.get("repeat"):
                count, data = rule["repeat"]
                self.store.transcript.write(b"S: (%d times) %r\n" %
                                            (count, data))
                for _ in range(count):
                    if self.transport.is_closing():
                        return
                    await self._put(data)
            for line in text.split(b"\r\n"):
                if len(line) > 200:
                    line = line[:200] + b"... (%d bytes)" % len(line)
                if line:
                    self.store.transcript.write(b"S: " + line + b"\n")
            if rule.get("trickle"):
                for i in range(len(text)):
                    self.transport.write(text[i:i + 1])
                    await asyncio.sleep(rule["trickle"])
            else:
                self.transport.write(text)
            self.replies += 1
            if rule.get("flood"):
                self.store.transcript.write(b"S: (flood) %r\n" %
                                            rule["flood"])
                while not self.transport.is_closing():
                    await self._put(rule["flood"])
            if rule.get("abort"):
                self.closing = True
                self.transport.abort()
                return
            if rule.get("close"):
                self._hang_up()
                return

    async def _put(self, data):
        """Writes data, then waits while the client is not reading."""
        self.transport.write(data)
        await self.writable.wait()

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
        return self._send(rule, default)

    def _send(self, rule, default):
        text = rule.get("text", default)
        self.queue.put_nowait((rule, text))
        if rule.get("drop") or rule.get("close") or rule.get("abort"):
            self.closing = True
        return b"" if rule.get("drop") else text

    # -- the reader: lines of commands, or data up to "."

    def data_received(self, data):
        self.nchunk += 1
        self.store.raw.write(data)
        self.buf += data
        replies = self.replies
        while not self.closing:
            if self.bdat_left > 0:
                if not self.buf:
                    break
                self._bdat_bytes(replies)
                continue
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

    def _bdat_bytes(self, replies):
        """Chunk bytes of BDAT, taken as they are (no dot-stuffing)."""
        take = self.buf[:self.bdat_left]
        self.buf = self.buf[len(take):]
        self.bdat_left -= len(take)
        self.data.append(take)
        if self.bdat_left == 0:
            self._bdat_done(replies)

    def _bdat_done(self, replies):
        if not self.rcpts:
            self._answer("EOD", NO_RCPT)
        elif self.bdat_last:
            self._entry(b"(end of BDAT)", replies)
            self._end_of_data()
        else:
            self._answer("BDAT", b"250 2.0.0 chunk received\r\n")

    def _bdat(self, arg, replies):
        words = arg.split()
        if self.data is None or not self.bdat_open:
            self.data = []
            self.bdat_open = True
        self.bdat_left = int(words[0]) if words and words[0].isdigit() else 0
        self.bdat_last = len(words) > 1 and words[1].upper() == b"LAST"
        if self.bdat_left == 0:
            self._bdat_done(replies)

    def _end_of_data(self):
        n = self.store.message(self.sender or b"", self.mailopts,
                               self.rcpts, b"".join(self.data))
        self._answer("EOD", DEFAULTS["EOD"] % n)
        self.sender, self.mailopts, self.rcpts = None, b"", []
        self.bdat_open = False

    # -- AUTH: the exchange runs a SaslServer generator line by line

    def _auth(self, arg):
        rule = self.script.lookup("AUTH", self.store.occurrence("AUTH"))
        conf = self.script.auth
        if conf is None or "text" in rule or rule.get("drop"):
            self._send(rule, UNKNOWN)
            return
        mech, _, initial = arg.partition(b" ")
        mech = mech.decode("ascii", "replace").upper()
        server = SaslServer(conf, self.script.auth_bad_signature)
        self.sasl = (mech, server, None)
        if self.authed:
            return self._sasl_end(False, rule, "again")
        try:
            data = None if not initial else b"" if initial == b"=" else \
                base64.b64decode(initial, validate=True)
        except binascii.Error:
            return self._sasl_end(False, rule, "base64")
        gen = server.run(mech, data) if mech in conf["mechs"] else None
        if gen is None:
            return self._sasl_end(False, rule, "mech")
        self.sasl = (mech, server, gen)
        self._sasl_next(None, rule)

    def _sasl_line(self, text):
        """One client line of the exchange: "*" or base64."""
        if text == b"*":
            return self._sasl_end(False, {}, "cancel")
        try:
            data = base64.b64decode(text, validate=True)
        except binascii.Error:
            return self._sasl_end(False, {}, "base64")
        self._sasl_next(data, {})

    def _sasl_next(self, data, rule):
        gen = self.sasl[2]
        try:
            challenge = next(gen) if data is None else gen.send(data)
        except StopIteration as done:
            return self._sasl_end(bool(done.value), rule)
        self._send(rule, b"334 " + base64.b64encode(challenge) + b"\r\n")

    def _sasl_end(self, ok, rule, why=None):
        mech, server, _ = self.sasl
        self.sasl = None
        self.authed = self.authed or ok
        self.store.auth_result(mech, server.user, ok)
        self._send(rule, AUTH_REPLIES[why or ("ok" if ok else "fail")])

    def _command(self, line, replies):
        text = line.rstrip(b"\r\n")
        self._entry(text, replies)
        if self.sasl is not None:
            self._sasl_line(text)
            return
        verb, _, arg = text.partition(b" ")
        verb = verb.decode("ascii", "replace").upper()
        if verb == "AUTH":
            self._auth(arg)
        elif verb in ("EHLO", "LHLO"):
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
                if self.script.stall_body:
                    self.transport.pause_reading()
                    asyncio.get_running_loop().call_later(
                        self.script.stall_body, self.transport.resume_reading)
        elif verb == "BDAT":
            self._bdat(arg, replies)
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
    context = None
    if script.tls is not None:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(*script.tls)
    server = await loop.create_server(lambda: FaultSession(script, store),
                                      "127.0.0.1", 0, ssl=context)
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
