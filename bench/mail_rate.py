#!/usr/bin/env python3
"""Delivery rate: invitation e-mails per second from `invitely worker` to a local SMTP sink.

Seeds one organisation into a fresh SQLite file, queues one invitation per e-mail card through
the admin's bulk form (`serve` with no workers), then, for each worker count, starts
`invitely worker` on a copy of that database and times the messages at an asyncio SMTP sink
in this process (from the first message accepted to the last). Uses the binary given with
--bin (default: the debug build in $CARGO_TARGET_DIR or ./target); build it first.

    python3 bench/mail_rate.py --messages 400 --workers 1,4
    python3 bench/mail_rate.py --bin /work/main/target/release/invitely
"""
import argparse
import asyncio
import html
import http.cookiejar
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
EMAIL, PASSWORD = "bench@example.com", "bench passphrase 1"


class Sink:
    """A minimal SMTP server on an asyncio loop in a thread; records when messages arrive."""

    def __init__(self):
        self.times = []
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        threading.Thread(target=self._run, daemon=True).start()
        self.ready.wait()

    def _run(self):
        asyncio.set_event_loop(self.loop)
        self.server = self.loop.run_until_complete(
            asyncio.start_server(self._serve, "127.0.0.1", 0))
        self.port = self.server.sockets[0].getsockname()[1]
        self.ready.set()
        self.loop.run_forever()

    async def _serve(self, reader, writer):
        writer.write(b"220 bench sink\r\n")
        while True:
            line = await reader.readline()
            if not line:
                break
            verb = line[:4].upper()
            if verb == b"EHLO":
                writer.write(b"250-localhost\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n")
            elif verb == b"DATA":
                writer.write(b"354 go ahead\r\n")
                await writer.drain()
                while (await reader.readline()) not in (b".\r\n", b""):
                    pass
                self.times.append(time.perf_counter())
                writer.write(b"250 2.0.0 queued\r\n")
            elif verb == b"QUIT":
                writer.write(b"221 bye\r\n")
                await writer.drain()
                break
            else:  # HELO, MAIL, RCPT, RSET, NOOP
                writer.write(b"250 OK\r\n")
            await writer.drain()
        writer.close()

    def count(self):
        return len(self.times)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def post(opener, base, form_page, action, fields):
    """Submits a form found on `form_page` to `action`, with its CSRF token."""
    page = opener.open(base + form_page).read().decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"csrf_token": html.unescape(token), **fields}).encode()
    try:
        opener.open(base + action, data)
    except urllib.error.HTTPError as e:
        if e.code != 303:
            raise


def queue_messages(binary, env, db, messages):
    """Seeds cards with e-mail addresses and queues one invitation to each."""
    users = messages * 10 // 8 + 10  # every 5th seeded card is active, every 10th phone-only
    subprocess.run([binary, "seed", "--org", "1", "--users", str(users), "--admin-email", EMAIL,
                    "--admin-password", PASSWORD], env=env, check=True, stdout=subprocess.DEVNULL)
    c = sqlite3.connect(db)
    with c:
        c.execute("UPDATE organisations SET daily_invite_limit = 1000000, seat_limit = 1000000")
        # Keep exactly `messages` e-mail cards that can be invited.
        ids = [r[0] for r in c.execute(
            "SELECT id FROM memberships WHERE email IS NOT NULL AND invite_status != 'active' "
            "ORDER BY id")]
        assert len(ids) >= messages, (len(ids), messages)
        extra = ids[messages:]
        c.execute("UPDATE memberships SET invite_status = 'active' WHERE email IS NULL")
        c.executemany("UPDATE memberships SET invite_status = 'active' WHERE id = ?",
                      [(i,) for i in extra])
    c.close()
    port = free_port()
    env = dict(env, INVITELY_BIND=f"127.0.0.1:{port}", INVITELY_BASE_URL=f"http://127.0.0.1:{port}",
               INVITELY_WORKERS="0")
    server = subprocess.Popen([binary, "serve"], env=env, stdout=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(200):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
        post(opener, base, "/login", "/login", {"email": EMAIL, "password": PASSWORD})
        opener.open(base + "/").read()
        post(opener, base, "/admin/users", "/admin/users/invite", {"all_matching": "1"})
    finally:
        server.terminate()
        server.wait()
    c = sqlite3.connect(db)
    queued = c.execute("SELECT count(*) FROM outbox_jobs").fetchone()[0]
    c.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the copies below take the main file only
    c.close()
    assert queued == messages, f"{queued} jobs queued, {messages} wanted"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(TARGET, "debug", "invitely"))
    ap.add_argument("--messages", type=int, default=400)
    ap.add_argument("--workers", default="1,4")
    args = ap.parse_args()

    work = tempfile.mkdtemp(prefix="invitely-mailbench-")
    sink = Sink()
    env = dict(os.environ)
    env.update(
        INVITELY_DATABASE_URL=f"sqlite://{work}/queued.db",
        INVITELY_SECRET_KEY_FILE=f"{work}/secret",
        INVITELY_MAIL_DIR=f"{work}/mail",
        INVITELY_SMS_DIR=f"{work}/sms",
        INVITELY_SMTP_URL=f"smtp://127.0.0.1:{sink.port}",
        RUST_LOG="warn",
    )
    queue_messages(args.bin, env, f"{work}/queued.db", args.messages)
    print(f"{args.bin}: {args.messages} invitation e-mails per run, SQLite, sink on loopback")
    print(f"{'workers':>7} {'mails/s':>9} {'ms/mail/worker':>15}")
    for workers in [int(w) for w in args.workers.split(",")]:
        db = f"{work}/run{workers}.db"
        shutil.copy(f"{work}/queued.db", db)
        start = sink.count()
        worker = subprocess.Popen([args.bin, "worker"], stdout=subprocess.DEVNULL, env=dict(
            env, INVITELY_DATABASE_URL=f"sqlite://{db}", INVITELY_WORKERS=str(workers)))
        last, progress_at = start, time.time()
        while sink.count() < start + args.messages and time.time() < progress_at + 30:
            if sink.count() > last:
                last, progress_at = sink.count(), time.time()
            time.sleep(0.05)
        worker.terminate()
        worker.wait()
        got = sink.times[start:]
        assert len(got) >= args.messages, f"only {len(got)} of {args.messages} arrived"
        rate = (len(got) - 1) / (got[-1] - got[0])
        print(f"{workers:7} {rate:9.1f} {1000 * workers / rate:15.1f}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
