#!/usr/bin/python3
"""
Checks one message as the recording SMTP server got it (N.data) for the
real-client tests. Always: every line ends with CRLF; From:, Date: and
Message-ID: occur exactly once and are well formed, every address in
From: has a domain, and there is no Bcc: or Resent-Bcc:. Options add
checks on header fields and on the body; exit 1 with one line per
problem when a check fails.
"""

import argparse
import email.utils
import re
import sys

DATE = re.compile(rb"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?\d{1,2} "
                  rb"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
                  rb"\d{4} \d\d:\d\d(?::\d\d)? [-+]\d{4}(?: \(.*\))?\Z")
MSGID = re.compile(rb"<[^<>@\s]+@[^<>@\s]+>\Z")


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("data")
    p.add_argument("--header", action="append", default=[],
                   metavar="NAME: VALUE",
                   help="this field occurs with exactly this (unfolded) value")
    p.add_argument("--header-has", action="append", default=[],
                   metavar="NAME: TEXT",
                   help="this field occurs and its value holds TEXT")
    p.add_argument("--absent", action="append", default=[], metavar="NAME",
                   help="no field of this name")
    p.add_argument("--body", metavar="FILE",
                   help="the body is this file's text, its LFs sent as CRLF")
    p.add_argument("--body-has", action="append", default=[],
                   metavar="FILE",
                   help="the body holds this file's text (LF as CRLF)")
    p.add_argument("--from-domain", metavar="DOMAIN",
                   help="every From: address is in this domain")
    return p.parse_args(argv)


def crlf(data):
    return re.sub(rb"\r?\n", b"\r\n", data)


def split(msg, problems):
    end = msg.find(b"\r\n\r\n")
    if end < 0:
        problems.append("no end of the header block")
        return msg, b""
    return msg[:end + 2], msg[end + 4:]


def fields(head):
    """[(name lower-cased, raw name, unfolded value bytes)]"""
    out = []
    for line in re.split(rb"\r\n(?![ \t])", head.rstrip(b"\r\n")):
        name, sep, value = line.partition(b":")
        if sep:
            value = re.sub(rb"\r\n([ \t])", rb"\1", value).strip()
            out.append((name.strip().lower(), name, value))
    return out


def values(flds, name):
    return [v for n, _, v in flds if n == name.lower().encode()]


def check_required(flds, problems, domain):
    for name in ("from", "date", "message-id"):
        if len(values(flds, name)) != 1:
            problems.append("%d %s: fields, expected 1"
                            % (len(values(flds, name)), name))
    for v in values(flds, "date"):
        if not DATE.match(v):
            problems.append("malformed Date: %r" % v)
    for v in values(flds, "message-id"):
        if not MSGID.match(v):
            problems.append("malformed Message-ID: %r" % v)
    for v in values(flds, "from"):
        addrs = email.utils.getaddresses([v.decode("utf-8", "replace")])
        if not addrs or any("@" not in a for _, a in addrs):
            problems.append("From: not qualified: %r" % v)
        if domain and any(not a.lower().endswith("@" + domain.lower())
                          for _, a in addrs):
            problems.append("From: not in %s: %r" % (domain, v))
    for name in ("bcc", "resent-bcc"):
        if values(flds, name):
            problems.append("a %s: field was sent" % name)


def check_options(opts, flds, body, problems):
    for spec in opts.header + opts.header_has:
        name, _, want = spec.partition(":")
        want = want.strip().encode()
        got = values(flds, name)
        exact = spec in opts.header
        if not any((g == want) if exact else (want in g) for g in got):
            problems.append("%s: is %r, expected %s %r"
                            % (name, got, "exactly" if exact else "to hold",
                               want))
    for name in opts.absent:
        if values(flds, name):
            problems.append("%s: is present" % name)
    if opts.body:
        want = crlf(open(opts.body, "rb").read())
        if body != want:
            problems.append("body differs: %r, expected %r"
                            % (body[:300], want[:300]))
    for path in opts.body_has:
        want = crlf(open(path, "rb").read())
        if want not in body:
            problems.append("body lacks %r: %r" % (want[:200], body[:300]))


def main(argv):
    opts = parse_args(argv)
    msg = open(opts.data, "rb").read()
    problems = []
    if re.search(rb"(?<!\r)\n", msg) or re.search(rb"\r(?!\n)", msg):
        problems.append("a line does not end with CRLF")
    if not msg.endswith(b"\r\n"):
        problems.append("the message does not end with CRLF")
    head, body = split(msg, problems)
    flds = fields(head)
    check_required(flds, problems, opts.from_domain)
    check_options(opts, flds, body, problems)
    for p in problems:
        print("%s: %s" % (opts.data, p))
    if problems:
        print("--- header block:")
        sys.stdout.write(head.decode("utf-8", "replace"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
