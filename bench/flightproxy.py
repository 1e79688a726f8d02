#!/usr/bin/python3
"""
Delaying TCP proxy for postie's benchmarks: counts the client's waits.

It listens on 127.0.0.1 (port 0; the port it got goes to --portfile) and
forwards each connection to --target HOST:PORT on loopback, holding every
chunk --delay seconds in each direction, so that one round trip costs
2 x delay as it would over a network.

A "wait" is a flight the client sends after it has received data from
the server since its previous send: the first EHLO after the greeting
is one, a pipelined MAIL/RCPT/DATA group is one, a TLS ClientHello sent
right after connecting is none. Server data counts as received when the
proxy delivers it to the client, after the delay. For each connection
that ends, one line is appended to --log:

    waits=N trailing=0|1 c2s=BYTES s2c=BYTES secs=SECONDS

trailing=1 says the client's last flight came after the server's last
data (a TLS close_notify after the 221 reply): counted, but nothing
waits on it. With --trace FILE, every chunk is also listed there as
"SECONDS C|S BYTES [wait]" (C: client to server, on arrival; S: server
to client, on delivery), to see which flight waited for what.
The proxy serves only loopback, stops on SIGTERM, and stops by itself
after --lifetime seconds.
"""

import argparse
import asyncio
import os
import signal
import socket
import sys
import time


def parse_args(argv):
    p = argparse.ArgumentParser(description="delaying, flight-counting proxy")
    p.add_argument("--target", required=True, help="HOST:PORT on loopback")
    p.add_argument("--portfile", required=True)
    p.add_argument("--log", required=True)
    p.add_argument("--delay", type=float, default=0.020,
                   help="seconds added in each direction")
    p.add_argument("--lifetime", type=float, default=900.0)
    p.add_argument("--trace", help="list every chunk in this file")
    a = p.parse_args(argv)
    host, _, port = a.target.rpartition(":")
    if host not in ("127.0.0.1", "localhost", "::1") or not port.isdigit():
        p.error("--target must be a loopback HOST:PORT")
    a.host, a.port = host, int(port)
    return a


class Flight:
    """Per-connection counters shared by the two directions."""

    def __init__(self, tracing):
        self.waits = 0
        self.server_spoke = False	# delivered to the client since its send
        self.answered = False		# server data after the last wait
        self.trace = [] if tracing else None
        self.c2s = 0
        self.s2c = 0
        self.start = time.monotonic()


async def pump(reader, writer, delay, on_read, on_deliver):
    """Copies reader to writer, each chunk delay seconds after it came."""
    q = asyncio.Queue()

    async def deliver():
        while True:
            due, data = await q.get()
            pause = due - time.monotonic()
            if pause > 0:
                await asyncio.sleep(pause)
            if data is None:
                if writer.can_write_eof():
                    writer.write_eof()
                return
            on_deliver(len(data))
            writer.write(data)
            await writer.drain()

    task = asyncio.ensure_future(deliver())
    try:
        while True:
            data = await reader.read(262144)
            if not data:
                break
            on_read(len(data))
            q.put_nowait((time.monotonic() + delay, data))
    except (ConnectionError, OSError):
        pass
    q.put_nowait((time.monotonic() + delay, None))
    try:
        await task
    except (ConnectionError, OSError):
        pass


def client_read(f):
    def on(n):
        mark = ""
        if f.server_spoke:
            f.waits += 1
            f.server_spoke = False
            f.answered = False
            mark = " wait"
        f.c2s += n
        if f.trace is not None:
            f.trace.append("%.4f C %d%s" % (time.monotonic() - f.start, n, mark))
    return on


def client_deliver(f):
    def on(n):
        f.server_spoke = True
        f.answered = True
        f.s2c += n
        if f.trace is not None:
            f.trace.append("%.4f S %d" % (time.monotonic() - f.start, n))
    return on


async def handle(args, creader, cwriter):
    f = Flight(args.trace is not None)
    try:
        sreader, swriter = await asyncio.open_connection(args.host, args.port)
    except OSError:
        cwriter.close()
        return
    for w in (cwriter, swriter):
        sock = w.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    await asyncio.gather(
        pump(creader, swriter, args.delay, client_read(f), lambda n: None),
        pump(sreader, cwriter, args.delay, lambda n: None, client_deliver(f)))
    for w in (cwriter, swriter):
        w.close()
    trailing = int(f.waits > 0 and not f.answered)
    with open(args.log, "a") as fp:
        fp.write("waits=%d trailing=%d c2s=%d s2c=%d secs=%.4f\n" %
                 (f.waits, trailing, f.c2s, f.s2c, time.monotonic() - f.start))
    if args.trace:
        with open(args.trace, "a") as fp:
            fp.write("\n".join(["-- connection"] + f.trace) + "\n")


async def main(args):
    loop = asyncio.get_running_loop()
    stop = loop.create_future()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, lambda: stop.done() or stop.set_result(0))
    loop.call_later(args.lifetime, lambda: stop.done() or stop.set_result(0))
    server = await asyncio.start_server(
        lambda r, w: handle(args, r, w), "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    tmp = args.portfile + ".tmp"
    with open(tmp, "w") as fp:
        fp.write("%d\n" % port)
    os.rename(tmp, args.portfile)
    await stop
    server.close()


if __name__ == "__main__":
    sys.exit(asyncio.run(main(parse_args(sys.argv[1:]))))
