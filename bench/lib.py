"""Shared parts of the benchmarks: the release binary, servers on free ports, signing in, wrk,
an SMTP sink that counts (and keeps) messages, memory readings. Python 3 standard library only."""
import asyncio
import email
import email.policy
import html
import http.cookiejar
import os
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
BIN = os.path.join(TARGET, "release", "invitely")
EMAIL, PASSWORD = "bench@example.com", "bench passphrase 1"
PG_BASE = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")


def build_release():
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pg_available():
    return subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1", "-p", "5432"]).returncode == 0


def psql(sql, db="postgres"):
    subprocess.run(["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-c", sql],
                   check=True, stdout=subprocess.DEVNULL)


class Workdir:
    """A temporary directory with the environment the binary reads; SQLite or a fresh
    PostgreSQL database (dropped by close())."""

    def __init__(self, backend="sqlite", **extra):
        self.dir = tempfile.mkdtemp(prefix="invitely-bench-")
        self.backend = backend
        if backend == "postgres":
            self.pg_db = f"bench_{os.getpid()}_{int(time.time() * 1000) % 10**8}"
            psql(f"CREATE DATABASE {self.pg_db}")
            url = f"{PG_BASE}/{self.pg_db}?sslmode=disable"
        else:
            self.pg_db = None
            url = f"sqlite://{self.dir}/bench.db"
        self.db_file = f"{self.dir}/bench.db"
        self.env = dict(os.environ)
        self.env.update(
            INVITELY_DATABASE_URL=url,
            INVITELY_SECRET_KEY_FILE=f"{self.dir}/secret",
            INVITELY_MAIL_DIR=f"{self.dir}/mail",
            INVITELY_SMS_DIR=f"{self.dir}/sms",
            INVITELY_WORKERS="0",
            INVITELY_TOKEN_ATTEMPTS_PER_MINUTE="1000000",
            INVITELY_LOGIN_ATTEMPTS="1000000",
            RUST_LOG="warn",
        )
        self.env.update({k: str(v) for k, v in extra.items()})

    def sql(self, statement):
        """Runs one statement on the bench database (sqlite3 module or psql)."""
        if self.pg_db:
            psql(statement, self.pg_db)
        else:
            import sqlite3
            c = sqlite3.connect(self.db_file)
            with c:
                c.execute(statement)
            c.close()

    def query(self, statement):
        if self.pg_db:
            out = subprocess.run(["psql", "-At", "-h", "127.0.0.1", "-U", "postgres", "-d",
                                  self.pg_db, "-c", statement], check=True, capture_output=True,
                                 text=True).stdout
            return [tuple(line.split("|")) for line in out.splitlines() if line]
        import sqlite3
        c = sqlite3.connect(self.db_file)
        rows = c.execute(statement).fetchall()
        c.close()
        return rows

    def seed(self, orgs, users):
        t = time.time()
        subprocess.run([BIN, "seed", "--org", str(orgs), "--users", str(users),
                        "--admin-email", EMAIL, "--admin-password", PASSWORD],
                       env=self.env, check=True, stdout=subprocess.DEVNULL)
        return time.time() - t

    def close(self):
        if self.pg_db:
            psql(f"DROP DATABASE IF EXISTS {self.pg_db} WITH (FORCE)")
        shutil.rmtree(self.dir, ignore_errors=True)


class Server:
    """`invitely serve` (or another subcommand) on a free port, waited for."""

    def __init__(self, work, command="serve", **extra):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = dict(work.env, INVITELY_BIND=f"127.0.0.1:{self.port}", INVITELY_BASE_URL=self.base)
        env.update({k: str(v) for k, v in extra.items()})
        started = time.perf_counter()
        self.proc = subprocess.Popen([BIN, command], env=env, stdout=subprocess.DEVNULL)
        while True:
            try:
                urllib.request.urlopen(self.base + "/healthz", timeout=1)
                break
            except OSError:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"invitely {command} exited with {self.proc.returncode}")
                time.sleep(0.005)
        self.started_in = time.perf_counter() - started

    def rss_kib(self):
        return rss_kib(self.proc.pid)

    def rss_parts_kib(self):
        return rss_parts_kib(self.proc.pid)

    def stop(self):
        self.proc.terminate()
        self.proc.wait()


def cpu_seconds(pid):
    """User + system CPU time a process has used so far."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_kib(pid):
    return rss_parts_kib(pid).get("VmRSS", 0)


def rss_parts_kib(pid):
    """VmRSS and its parts: RssAnon (the process's own memory), RssFile (mapped file pages —
    the binary and a memory-mapped database, shared with the page cache and reclaimable)."""
    parts = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key = line.split(":", 1)[0]
            if key in ("VmRSS", "RssAnon", "RssFile", "RssShmem"):
                parts[key] = int(line.split()[1])
    return parts


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def csrf_of(page):
    return html.unescape(re.search(r'name="csrf_token" value="([^"]+)"', page).group(1))


class Browser:
    """A cookie jar and no redirects: enough to sign in and post forms like a person."""

    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect)

    def get(self, path):
        try:
            r = self.opener.open(self.base + path)
            return r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode(errors="replace")

    def post(self, form_page, action, fields):
        """Posts `fields` to `action` with the CSRF token of the page at `form_page`."""
        _, page = self.get(form_page)
        data = urllib.parse.urlencode(dict(fields, csrf_token=csrf_of(page)), doseq=True)
        try:
            r = self.opener.open(self.base + action, data.encode())
            return r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode(errors="replace")

    def sign_in(self, org_index=0):
        status, _ = self.post("/login", "/login", {"email": EMAIL, "password": PASSWORD})
        assert status == 303, f"sign-in answered {status}"
        _, orgs = self.get("/orgs")
        switches = re.findall(r'action="/orgs/(\d+)/switch"', orgs)
        if switches:
            self.post("/orgs", f"/orgs/{switches[org_index]}/switch", {})
        status, _ = self.get("/admin/users")
        assert status == 200, f"/admin/users answered {status}"

    def link(self, path, rel):
        """The page's own `rel` link (`next`, `prev`), as a person would follow it."""
        status, page = self.get(path)
        assert status == 200, f"{path} answered {status}"
        found = re.search(r'href="([^"]+)" rel="' + rel + '"', page)
        assert found, f"{path} has no {rel} link"
        return html.unescape(found.group(1))

    def cookie(self):
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)


def parse_duration_ms(text):
    m = re.match(r"([\d.]+)(us|ms|s|m)$", text)
    value, unit = float(m.group(1)), m.group(2)
    return value * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def wrk(url, cookie=None, connections=16, seconds=5):
    """Throughput (req/s), p50 and p99 (ms) and the non-2xx count of one wrk run."""
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    if cookie:
        cmd[1:1] = ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    dist = out.split("Latency Distribution", 1)[1]
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": parse_duration_ms(re.search(r"50%\s+(\S+)", dist).group(1)),
        "p99": parse_duration_ms(re.search(r"99%\s+(\S+)", dist).group(1)),
        "errors": int(non2xx.group(1)) if non2xx else 0,
    }


class Sink:
    """A minimal SMTP server on an asyncio loop in a thread: counts messages, keeps the last
    `keep` of them, and answers at once."""

    def __init__(self, keep=0):
        self.times, self.messages, self.recipients, self.keep = [], [], [], keep
        self.loop = asyncio.new_event_loop()
        ready = threading.Event()

        def run():
            asyncio.set_event_loop(self.loop)
            self.server = self.loop.run_until_complete(
                asyncio.start_server(self._serve, "127.0.0.1", 0))
            self.port = self.server.sockets[0].getsockname()[1]
            ready.set()
            self.loop.run_forever()

        threading.Thread(target=run, daemon=True).start()
        ready.wait()

    def count(self):
        return len(self.times)

    async def _serve(self, reader, writer):
        writer.write(b"220 bench sink\r\n")
        rcpt = []
        while True:
            line = await reader.readline()
            if not line:
                break
            verb = line[:4].upper()
            if verb == b"DATA":
                writer.write(b"354 go on\r\n")
                await writer.drain()
                chunks = []
                while True:
                    chunk = await reader.readline()
                    if chunk in (b".\r\n", b".\n", b""):
                        break
                    if self.keep:
                        chunks.append(chunk)
                self.recipients.append(",".join(rcpt))
                rcpt = []
                self.times.append(time.perf_counter())
                if self.keep:
                    self.messages.append(b"".join(chunks))
                    del self.messages[:-self.keep]
                writer.write(b"250 queued\r\n")
            elif verb == b"QUIT":
                writer.write(b"221 bye\r\n")
                await writer.drain()
                break
            elif verb == b"RCPT":
                rcpt.append(line[8:].strip().decode(errors="replace").strip("<>"))
                writer.write(b"250 ok\r\n")
            elif verb in (b"EHLO", b"HELO"):
                writer.write(b"250-bench\r\n250 PIPELINING\r\n")
            else:
                writer.write(b"250 ok\r\n")
            await writer.drain()
        writer.close()

    def links(self):
        """Invitation links in the kept messages."""
        found = []
        for raw in self.messages:
            msg = email.message_from_bytes(raw, policy=email.policy.default)
            for part in msg.walk():
                if part.get_content_type() == "text/plain":
                    found += re.findall(r"https?://[^\s/]+/invite/[A-Za-z0-9_\-]+",
                                        part.get_content())
        return found

    def wait_for(self, n, stall_seconds=30):
        last, progress = self.count(), time.time()
        while self.count() < n and time.time() < progress + stall_seconds:
            if self.count() > last:
                last, progress = self.count(), time.time()
            time.sleep(0.02)
        return self.count()


def machine():
    cpu = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem = int(f.readline().split()[1]) // 1024 // 1024
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                            capture_output=True, text=True).stdout.strip()
    return {"cpus": os.cpu_count(), "cpu": cpu, "memory_gib": mem, "commit": commit,
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
