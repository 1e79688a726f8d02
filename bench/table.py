#!/usr/bin/python3
"""
Turns the result files of bench/run (one directory) into RESULTS.md:
the measurements as one table (postie, msmtp, their ratio), then the
project's targets with the measured value and whether each is met.
A value that could not be measured shows as "n/m" and its target as
not met.
"""

import json
import os
import statistics
import sys

MODES = [
    ("plain", "plaintext (smtp-sink)"),
    ("nopipe", "plaintext, no PIPELINING (smtp-sink -p)"),
    ("chunk", "plaintext + CHUNKING (Postfix smtpd)"),
    ("starttls", "STARTTLS (Postfix smtpd)"),
    ("tls", "implicit TLS (Postfix smtpd)"),
]
IMPLS = ("postie", "msmtp")
NM = "n/m"


class Results:
    def __init__(self, d):
        self.d = d
        self.info = {}
        for line in self.text("info").splitlines():
            k, _, v = line.partition("=")
            self.info[k] = v
        self.delay = float(self.info.get("delay", "0.02"))

    def path(self, name):
        return os.path.join(self.d, name)

    def text(self, name):
        try:
            with open(self.path(name)) as fp:
                return fp.read()
        except OSError:
            return ""

    def fields(self, name):
        return self.text(name).split()

    def hyperfine(self, name, command):
        """Median seconds of one command of a hyperfine JSON export."""
        try:
            with open(self.path(name)) as fp:
                data = json.load(fp)
        except (OSError, ValueError):
            return None
        for r in data.get("results", []):
            if r.get("command") == command:
                return r.get("median")
        return None

    def waits(self, name):
        """(waits, trailing) of each connection the proxy logged."""
        out = []
        for line in self.text(name).splitlines():
            kv = dict(f.split("=", 1) for f in line.split())
            out.append((int(kv["waits"]), int(kv.get("trailing", "0"))))
        return out

    def rss(self, impl, mode):
        f = self.fields("rss-%s-%s" % (impl, mode))
        return int(f[0]) if f and f[0].isdigit() else None

    def big(self, impl, mode, size):
        """(seconds, bytes, rss KiB) of a large send that succeeded."""
        f = self.fields("big-%s-%s-%s" % (impl, mode, size))
        if len(f) != 4 or f[3] != "0":
            return None
        return float(f[0]), int(f[1]), int(f[2])

    def timed(self, name):
        """(seconds, count) of a timed step that exited 0."""
        f = self.fields(name)
        if len(f) < 3 or f[2] != "0":
            return None
        return float(f[0]), int(f[1])


def ms(s):
    return NM if s is None else "%.2f ms" % (s * 1000)


def mib(kb):
    return NM if kb is None else "%.1f MiB" % (kb / 1024)


def ratio(a, b):
    if a is None or b is None or b == 0:
        return NM
    return "%.2f×" % (a / b)


def waits_cell(conns):
    """Median waits per connection; a trailing flight is pointed out."""
    if not conns:
        return NM, None
    w = [c[0] for c in conns]
    med = statistics.median(w)
    cell = "%g" % med
    if min(w) != max(w):
        cell += " (%d–%d)" % (min(w), max(w))
    tr = statistics.median(c[1] for c in conns)
    if tr:
        cell += " (%g trailing)" % tr
    return cell, med


def big_cell(b):
    if b is None:
        return NM
    secs, size, kb = b
    return "%.2f s, %.0f MB/s, %s" % (secs, size / secs / 1e6, mib(kb))


class Table:
    def __init__(self):
        self.rows = []
        self.targets = []

    def row(self, *cells):
        self.rows.append(cells)

    def target(self, what, measured, goal, met):
        self.targets.append((what, measured, goal,
                             "met" if met else "**not met**"))


def startup(r, t):
    tr = r.hyperfine("startup.json", "true")
    vals = {i: r.hyperfine("startup.json", i) for i in IMPLS}
    t.row("start-up: `--version`, median (`true`: %s)" % ms(tr),
          "%s = %s `true`" % (ms(vals["postie"]), ratio(vals["postie"], tr)),
          "%s = %s `true`" % (ms(vals["msmtp"]), ratio(vals["msmtp"], tr)),
          ratio(vals["postie"], vals["msmtp"]))
    rt = None if vals["postie"] is None or not tr else vals["postie"] / tr
    t.target("start-up (`postie --version`) vs spawning `true`",
             NM if rt is None else "%.2f×" % rt, "≤ 1.4×",
             rt is not None and rt <= 1.4)


def small(r, t):
    rtt = 2 * r.delay
    limits = {"plain": 3, "nopipe": 6, "chunk": 2, "starttls": 5, "tls": 3}
    for mode, label in MODES:
        w = {i: r.hyperfine("wall-%s.json" % mode, i) for i in IMPLS}
        t.row("%s: wall per small message, median" % label,
              ms(w["postie"]), ms(w["msmtp"]), ratio(w["postie"], w["msmtp"]))
        rss = {i: r.rss(i, mode) for i in IMPLS}
        t.row("%s: peak RSS, small message" % label,
              mib(rss["postie"]), mib(rss["msmtp"]),
              ratio(rss["postie"], rss["msmtp"]))
        wc = {i: waits_cell(r.waits("waits-%s-%s.log" % (i, mode)))
              for i in IMPLS}
        t.row("%s: client waits per message" % label,
              wc["postie"][0], wc["msmtp"][0],
              ratio(wc["postie"][1], wc["msmtp"][1]))
        pw = {i: r.hyperfine("pwall-%s-%s.json" % (i, mode), i)
              for i in IMPLS}
        t.row("%s: wall through the proxy, median" % label,
              *["%s = %.2f RTT" % (ms(pw[i]), pw[i] / rtt)
                if pw[i] is not None else NM for i in IMPLS],
              ratio(pw["postie"], pw["msmtp"]))
        wv = wc["postie"][1]
        t.target("waits per message, %s" % label,
                 NM if wv is None else "%g" % wv,
                 "≤ %d" % limits[mode] + (" (protocol limit)"
                                          if mode == "nopipe" else ""),
                 wv is not None and wv <= limits[mode])
        goal = {"plain": 0.25, "starttls": 0.15, "tls": 0.15}.get(mode)
        rt = None
        if w["postie"] is not None and w["msmtp"]:
            rt = w["postie"] / w["msmtp"]
        t.target("wall per small message, %s, postie/msmtp" % label,
                 NM if rt is None else "%.3f×" % rt,
                 "< 1×" + (", ≤ %.2f×" % goal if goal else ""),
                 rt is not None and rt < 1 and (goal is None or rt <= goal))
        if mode in ("plain", "starttls", "tls"):
            lim = 4096 if mode == "plain" else 6144
            kb = rss["postie"]
            t.target("peak RSS, small message, %s" % label, mib(kb),
                     "≤ %d MiB" % (lim // 1024), kb is not None and kb <= lim)


def big(r, t):
    sizes = r.info.get("big", "").split()
    for size in sizes:
        raw = r.fields("raw-" + size)
        rawtp = None
        if len(raw) == 3 and raw[2] == "0":
            rawtp = int(raw[1]) / float(raw[0])
            t.row("%s message: raw copy by `cat` to smtp-sink" % size,
                  "%.2f s, %.0f MB/s" % (float(raw[0]), rawtp / 1e6), "", "")
        else:
            t.row("%s message: raw copy by `cat` to smtp-sink" % size,
                  NM, "", "")
        for mode, label in MODES:
            if mode not in ("plain", "starttls", "tls"):
                continue
            b = {i: r.big(i, mode, size) for i in IMPLS}
            t.row("%s message, %s: wall, throughput, peak RSS" % (size, label),
                  big_cell(b["postie"]), big_cell(b["msmtp"]),
                  ratio(*[None if b[i] is None else b[i][0] for i in IMPLS]))
            if mode == "plain":
                pp = r.big("postie", "pipe", size)
                t.row("%s message, %s, from a pipe (`cat file \\|`): wall, "
                      "throughput, peak RSS" % (size, label),
                      big_cell(pp) + ("" if pp is None or rawtp is None else
                                      " = %.2f× raw copy"
                                      % (pp[1] / pp[0] / rawtp)), "", "")
            if size != sizes[-1]:
                continue
            p = b["postie"]
            small_kb = r.rss("postie", mode)
            kb = None if p is None else p[2]
            t.target("peak RSS, %s message, %s (small: %s)"
                     % (size, label, mib(small_kb)), mib(kb),
                     "≤ 8 MiB, ≤ small + 2 MiB",
                     kb is not None and small_kb is not None and
                     kb <= 8192 and kb - small_kb <= 2048)
            if mode == "plain":
                tp = None if p is None else p[1] / p[0]
                t.target("throughput, %s plaintext, vs raw copy" % size,
                         NM if tp is None or rawtp is None
                         else "%.2f× (%.0f of %.0f MB/s)"
                         % (tp / rawtp, tp / 1e6, rawtp / 1e6),
                         "≥ 0.9×", tp is not None and rawtp is not None
                         and tp >= 0.9 * rawtp)


def batch(r, t):
    n = r.info.get("batch", "?")
    b = {i: r.timed("batch-" + i) for i in IMPLS}
    t.row("%s separate sends (a loop of processes), plaintext" % n,
          *["%.2f s = %.2f ms/msg" % (b[i][0], b[i][0] / b[i][1] * 1000)
            if b[i] else NM for i in IMPLS],
          ratio(*[b[i][0] if b[i] else None for i in IMPLS]))
    fill = r.timed("qfill")
    t.row("%s messages queued with `-odq` (synced each)" % n,
          "%.2f s" % fill[0] if fill else NM, "no queue", "")
    fl = r.fields("qflush")
    ok = len(fl) >= 4 and fl[2] == "0" and fl[3] == "0"
    t.row("`-q` flush of %s queued messages, plaintext" % n,
          "%.2f s = %.2f ms/msg" % (float(fl[0]), float(fl[0]) / int(fl[1])
                                    * 1000) if ok else NM,
          "no queue", "")
    qp = r.fields("qproxy")
    w = [c[0] for c in r.waits("waits-queue.log")]
    qok = len(qp) >= 4 and qp[2] == "0" and qp[3] == "0"
    per = sum(w) / int(qp[1]) if qok and w else None
    t.row("`-q` flush of %s messages through the proxy" % r.info.get(
        "qproxy", "?"),
          "%s connection(s), %s waits/msg, %.2f s" % (len(w), "%.2f" % per,
                                                     float(qp[0]))
          if per is not None else NM, "no queue", "")
    speed = None
    if ok and b["postie"]:
        speed = b["postie"][0] / float(fl[0])
    t.target("`-q` of %s vs %s separate sends" % (n, n),
             NM if speed is None else "%.1f× faster; %d connection(s), "
             "%s waits/msg" % (speed, len(w), NM if per is None
                               else "%.2f" % per),
             "≥ 5×, one (or a few) connections",
             speed is not None and speed >= 5 and 0 < len(w) <= 3)


def main(argv):
    r = Results(argv[1])
    t = Table()
    startup(r, t)
    small(r, t)
    big(r, t)
    batch(r, t)
    i = r.info
    print("# postie against msmtp\n")
    print("Measured by `make bench` on %s.  " % i.get("date", "?"))
    print("Machine: %s.  " % i.get("machine", "?"))
    print("Clients: %s; %s. Servers: Postfix %s (smtp-sink, smtpd). %s.  "
          % (i.get("postie", "?"), i.get("msmtp", "?"), i.get("postfix", "?"),
             i.get("hyperfine", "?")))
    print("Small message: %s bytes, %s hyperfine runs per cell; proxy delay "
          "%g ms each way (1 RTT = %g ms). The run took %.0f s; load "
          "average %s.\n"
          % (i.get("small", "?"), i.get("runs", "?"), r.delay * 1000,
             r.delay * 2000, float(i.get("duration", "0")),
             i.get("load", "?")))
    print("| measure | postie | msmtp | postie/msmtp |")
    print("|---|---|---|---|")
    for row in t.rows:
        print("| " + " | ".join(row) + " |")
    print("\n## Targets\n")
    print("| target | measured | goal | |")
    print("|---|---|---|---|")
    for row in t.targets:
        print("| " + " | ".join(row) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
