#!/usr/bin/python3
"""
Writes the benchmark's test messages: genmsg.py SIZE LF-FILE [CRLF-FILE].

SIZE is in bytes, with an optional K, M or G suffix (powers of 1024).
LF-FILE gets a complete message (From, To, Subject, Date, Message-ID,
so that no client has a header to add) whose body is lines of 76
printable characters, none starting with "." (no dot-stuffing), ending
in LF as a cron job or a PHP script would write it; its size is SIZE
exactly. CRLF-FILE, when given, gets the same message with CRLF line
ends: the bytes a client puts on the wire, for the raw-copy baseline.
"""

import sys

HEADER = (
    "From: Bench Sender <sender@bench.example>\n"
    "To: rcpt@bench.example\n"
    "Subject: postie benchmark message\n"
    "Date: Sun, 30 Nov 2026 12:00:00 +0000\n"
    "Message-ID: <bench.%d@bench.example>\n"
    "MIME-Version: 1.0\n"
    "Content-Type: text/plain; charset=us-ascii\n"
    "\n")


def parse_size(s):
    mult = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    if s and s[-1].upper() in mult:
        return int(s[:-1]) * mult[s[-1].upper()]
    return int(s)


def block():
    """About 1 MiB of 77-byte lines (76 characters and LF)."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    lines = []
    for i in range(13618):
        s = "%08d " % i
        j = i
        while len(s) < 76:
            s += alphabet[j % 64]
            j = j * 7 + 3
        lines.append(s + "\n")
    return "".join(lines).encode("ascii")


def main(argv):
    if len(argv) not in (3, 4):
        sys.stderr.write("usage: genmsg.py SIZE LF-FILE [CRLF-FILE]\n")
        return 2
    size = parse_size(argv[1])
    head = (HEADER % size).encode("ascii")
    if size < len(head) + 2:
        sys.stderr.write("genmsg.py: SIZE is too small\n")
        return 2
    body = block()
    lf = open(argv[2], "wb")
    crlf = open(argv[3], "wb") if len(argv) == 4 else None
    left = size - len(head)
    chunks = [head]
    while left > 0:
        n = min(left, len(body))
        piece = body[:n]
        if n < len(body):	# last piece: end it with a whole line
            piece = piece[:-1] + b"\n"
        chunks.append(piece)
        left -= n
    for c in chunks:
        lf.write(c)
        if crlf is not None:
            crlf.write(c.replace(b"\n", b"\r\n"))
    lf.close()
    if crlf is not None:
        crlf.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
