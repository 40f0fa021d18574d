#!/usr/bin/env python3
"""Users-table latency at scale, as ratios against a baseline measured in the same run.

Seeds one organisation with N users into a fresh SQLite file (release build), starts the
server, signs in as the seeded admin and times the users table with different filters. The
baseline is GET /healthz (one indexed query); every figure is reported as median latency and as
a ratio to the baseline's median, so results compare across machines.

    python3 bench/users_table.py --users 1000000 --requests 30
"""
import argparse
import html
import http.cookiejar
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "invitely")
EMAIL, PASSWORD = "bench@example.com", "bench passphrase 1"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--users", type=int, default=1_000_000)
    ap.add_argument("--requests", type=int, default=30)
    args = ap.parse_args()

    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    work = tempfile.mkdtemp(prefix="invitely-bench-")
    env = dict(os.environ)
    port = free_port()
    env.update(
        INVITELY_DATABASE_URL=f"sqlite://{work}/bench.db",
        INVITELY_BIND=f"127.0.0.1:{port}",
        INVITELY_BASE_URL=f"http://127.0.0.1:{port}",
        INVITELY_SECRET_KEY_FILE=f"{work}/secret",
        INVITELY_MAIL_DIR=f"{work}/mail",
        INVITELY_SMS_DIR=f"{work}/sms",
        INVITELY_WORKERS="0",
        RUST_LOG="warn",
    )
    t0 = time.time()
    subprocess.run([BIN, "seed", "--org", "1", "--users", str(args.users), "--admin-email", EMAIL,
                    "--admin-password", PASSWORD], env=env, check=True, stdout=subprocess.DEVNULL)
    print(f"seeded {args.users} users in {time.time() - t0:.1f} s")
    server = subprocess.Popen([BIN, "serve"], env=env, stdout=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
        page = opener.open(base + "/login").read().decode()
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode({"csrf_token": html.unescape(token), "email": EMAIL, "password": PASSWORD}).encode()
        try:
            opener.open(base + "/login", data)
        except urllib.error.HTTPError as e:
            if e.code != 303:
                raise
        opener.open(base + "/").read()

        def timed(path):
            samples = []
            for _ in range(args.requests):
                start = time.perf_counter()
                body = opener.open(base + path).read()
                samples.append(time.perf_counter() - start)
            assert len(body) > 0
            return statistics.median(samples), sorted(samples)[int(len(samples) * 0.95) - 1]

        deep = max(1, args.users // 50 // 2)
        cases = [
            ("baseline GET /healthz", "/healthz"),
            ("users, first page", "/admin/users"),
            ("status=error", "/admin/users?status=error"),
            ("kind=customer", "/admin/users?kind=customer"),
            (f"page {deep} (middle)", f"/admin/users?page={deep}"),
            ("search q=petrov123", "/admin/users?q=petrov123"),
        ]
        results = [(name, *timed(path)) for name, path in cases]
        baseline = results[0][1]
        print(f"{'case':28} {'median ms':>10} {'p95 ms':>8} {'ratio':>8}")
        for name, median, p95 in results:
            print(f"{name:28} {median * 1000:10.1f} {p95 * 1000:8.1f} {median / baseline:8.1f}")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    sys.exit(main())
