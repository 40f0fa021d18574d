#!/usr/bin/env python3
"""CSV import rate, as a ratio to a raw SQLite bulk insert of the same rows in the same run.

Seeds one organisation with an admin into a fresh SQLite file (`invitely seed --users 0`),
raises its seat and daily limits above N and adds a role, writes a CSV of N distinct rows
(e-mail for every row, a phone for every 5th, names, kind, an existing department, the role on
every 2nd row), then measures:

- the import: `/usr/bin/time -v invitely import --org NUMBER FILE --send-invitations` — read,
  stage (every row classified and stored), commit, the chunks (cards, roles, invitations and
  their delivery jobs queued); wall time, rows/s and peak RSS;
- meanwhile, another writer: a one-row write transaction on the same database every 20 ms
  (a table of its own), timed from BEGIN IMMEDIATE to COMMIT — how long the import keeps
  SQLite's one writer from everybody else (the application waits 5 s, then answers 503);
- the baseline: one transaction of Python's `sqlite3.executemany` inserting the same N cards
  (the same column values) into `members` of a copy of the same fresh database — the same
  indexes and triggers, the PRAGMAs the application sets (WAL, synchronous=FULL, foreign keys).

Targets (the issue): import / baseline >= 0.30, peak RSS <= 200 MB. The figures are printed and
written to --out (target/bench-import.md; bench/run quotes them in bench/results.md). Python 3
standard library only. It builds nothing: run
`cargo build --release` first (the binary is $CARGO_TARGET_DIR/release/invitely, or
./target/release/invitely). It needs GNU time (`apt-get install time` when /usr/bin/time is
missing).

    python3 bench/import_rate.py                 # 100,000 rows
    python3 bench/import_rate.py --rows 20000    # quick
    python3 bench/import_rate.py --bin /path/to/invitely --keep
"""
import argparse
import csv
import datetime
import os
import platform
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
EMAIL, PASSWORD = "bench@example.com", "bench passphrase 1"
ROLE = "Bench role"
DEPARTMENTS = ["Sales", "Service", "Logistics", "Support"]  # the ones `invitely seed` creates
FIRST = ["Ivan", "Maria", "Oleg", "Anna", "Sergey", "Elena", "John", "Grace"]
LAST = ["Petrov", "Ivanova", "Smirnov", "Kuznetsova", "Popov", "Volkova", "Smith", "Hopper"]
TIME = "/usr/bin/time"


def row(i):
    """Row i of the file: e-mail always, a phone every 5th row, the role every 2nd."""
    return {
        "email": f"person{i}@import.example.com",
        "phone": f"+7905{i:07d}" if i % 5 == 0 else "",
        "first_name": FIRST[i % len(FIRST)],
        "last_name": f"{LAST[(i // 8) % len(LAST)]}{i}",
        "kind": "customer" if i % 3 == 0 else "employee",
        "department": DEPARTMENTS[i % len(DEPARTMENTS)],
        "position": "Engineer" if i % 2 else "",
        "roles": ROLE if i % 2 == 0 else "",
    }


def write_csv(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(row(0)))
        w.writeheader()
        for i in range(rows):
            w.writerow(row(i))


def prepare(binary, env, db):
    """Fresh database: organisation, admin, limits above N, a role. Returns the customer number."""
    subprocess.run([binary, "seed", "--org", "1", "--users", "0", "--admin-email", EMAIL,
                    "--admin-password", PASSWORD], env=env, check=True, stdout=subprocess.DEVNULL)
    c = sqlite3.connect(db)
    with c:
        c.execute("UPDATE organisations SET seat_limit = 2000000000, daily_invite_limit = 2000000000")
        org_id, number = c.execute("SELECT id, customer_number FROM organisations").fetchone()
        c.execute("INSERT INTO roles (org_id, name, created_at) VALUES (?, ?, ?)",
                  (org_id, ROLE, now_text()))
    c.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the copy below takes the main file only
    c.close()
    return org_id, number


def now_text():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S")


class Probe(threading.Thread):
    """Another writer beside the import: one-row transactions, each one's wait recorded."""

    def __init__(self, db):
        super().__init__(daemon=True)
        self.db, self.waits, self.failed = db, [], 0
        self.done = threading.Event()
        c = sqlite3.connect(db, isolation_level=None)
        c.execute("CREATE TABLE IF NOT EXISTS bench_probe (at REAL NOT NULL)")
        c.close()

    def run(self):
        c = sqlite3.connect(self.db, isolation_level=None, timeout=5.0)
        while not self.done.is_set():
            start = time.perf_counter()
            try:
                c.execute("BEGIN IMMEDIATE")
                c.execute("INSERT INTO bench_probe (at) VALUES (?)", (start,))
                c.execute("COMMIT")
                self.waits.append(time.perf_counter() - start)
            except sqlite3.OperationalError:
                self.failed += 1
            self.done.wait(0.02)
        c.close()


def run_import(binary, env, number, csv_path, rows, db):
    timing = csv_path + ".time"
    probe = Probe(db)
    probe.start()
    start = time.perf_counter()
    done = subprocess.run([TIME, "-v", "-o", timing, binary, "import", "--org", number, csv_path,
                           "--send-invitations"], env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    probe.done.set()
    probe.join()
    if done.returncode != 0:
        sys.exit(f"import failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    with open(timing) as f:
        report = f.read()
    rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", report).group(1))
    cpu = sum(float(re.search(rf"{what} time \(seconds\): ([\d.]+)", report).group(1))
              for what in ("User", "System"))
    return seconds, cpu, rss_kb / 1024, probe


def check_import(db, org_id, rows):
    c = sqlite3.connect(db)
    members = c.execute("SELECT count(*) FROM members WHERE org_id = ? AND is_admin = 0",
                        (org_id,)).fetchone()[0]
    invitations = c.execute("SELECT count(*) FROM invitations WHERE status = 'queued'").fetchone()[0]
    jobs = c.execute("SELECT count(*) FROM outbox_jobs WHERE kind = 'invitation'").fetchone()[0]
    roles = c.execute("SELECT count(*) FROM member_roles").fetchone()[0]
    c.close()
    want = (rows, rows, rows, (rows + 1) // 2)
    got = (members, invitations, jobs, roles)
    assert got == want, f"cards, invitations, jobs, roles: {got}, wanted {want}"


def run_baseline(db, org_id, rows):
    """The same cards as the import writes, by executemany in one transaction."""
    c = sqlite3.connect(db, isolation_level=None)
    c.executescript("PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; "
                    "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;")
    departments = dict(c.execute("SELECT name, id FROM departments WHERE org_id = ?", (org_id,)))
    stamp = now_text()

    def values():
        for i in range(rows):
            r = row(i)
            phone = r["phone"] or None
            search = f"{r['first_name']} {r['last_name']} {r['email']} {phone or ''}".lower()
            key = f"{r['last_name']}\x01{r['first_name']}".lower().replace("ё", "е")
            yield (org_id, None, r["first_name"], r["last_name"], r["email"], phone, r["kind"],
                   departments[r["department"]], r["position"], False, "not_invited", search,
                   key, stamp, stamp)

    start, cpu = time.perf_counter(), time.process_time()
    c.execute("BEGIN IMMEDIATE")
    c.executemany(
        "INSERT INTO members (org_id, account_id, first_name, last_name, email, phone, kind, "
        "department_id, position, is_admin, invite_status, search_text, name_key, created_at, "
        "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", values())
    c.execute("COMMIT")
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    n = c.execute("SELECT count(*) FROM members WHERE is_admin = 0").fetchone()[0]
    c.close()
    assert n == rows, (n, rows)
    return seconds, cpu


def machine():
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            m = re.search(r"^model name\s*:\s*(.+)$", f.read(), re.M)
            model = m.group(1).strip() if m else model
    except OSError:
        pass
    return f"{os.cpu_count()} × {model}, {platform.system()} {platform.release()}"


def git_commit():
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                               capture_output=True, text=True).stdout.strip()
        return out + (" (modified)" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--bin", default=os.path.join(TARGET, "release", "invitely"))
    ap.add_argument("--out", default=os.path.join(ROOT, "target", "bench-import.md"))
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = ap.parse_args()
    if not os.access(TIME, os.X_OK):
        sys.exit(f"{TIME} is missing: apt-get install time")
    if not os.access(args.bin, os.X_OK):
        sys.exit(f"{args.bin} is missing: cargo build --release first (or give --bin)")

    work = tempfile.mkdtemp(prefix="invitely-importbench-")
    env = dict(os.environ)
    env.update(
        INVITELY_DATABASE_URL=f"sqlite://{work}/import.db",
        INVITELY_SECRET_KEY_FILE=f"{work}/secret",
        INVITELY_MAIL_DIR=f"{work}/mail",
        INVITELY_SMS_DIR=f"{work}/sms",
        RUST_LOG="warn",
    )
    org_id, number = prepare(args.bin, env, f"{work}/import.db")
    shutil.copy(f"{work}/import.db", f"{work}/baseline.db")
    csv_path = f"{work}/people.csv"
    write_csv(csv_path, args.rows)

    base_s, base_cpu = run_baseline(f"{work}/baseline.db", org_id, args.rows)
    imp_s, imp_cpu, rss_mb, probe = run_import(args.bin, env, number, csv_path, args.rows,
                                               f"{work}/import.db")
    check_import(f"{work}/import.db", org_id, args.rows)

    imp_rate, base_rate = args.rows / imp_s, args.rows / base_s
    ratio = imp_rate / base_rate
    cpu_ratio = base_cpu / imp_cpu
    load = os.getloadavg()[0]
    date = datetime.date.today().isoformat()
    lines = [
        f"# Import benchmark ({date})",
        "",
        f"`python3 bench/import_rate.py --rows {args.rows}` — {args.bin}, SQLite (WAL, "
        "synchronous=FULL)",
        "",
        "| | rows | wall s | rows/s | CPU s (user + sys) |",
        "|---|---|---|---|---|",
        f"| import (`invitely import --send-invitations`: read, stage, commit, cards, roles, "
        f"invitations queued) | {args.rows} | {imp_s:.2f} | {imp_rate:,.0f} | {imp_cpu:.2f} |",
        f"| baseline (`executemany` into `members`, one transaction) | {args.rows} | "
        f"{base_s:.2f} | {base_rate:,.0f} | {base_cpu:.2f} |",
        "",
        f"- ratio import / baseline (rows/s, wall): **{ratio:.2f}** (target ≥ 0.30): "
        f"{'met' if ratio >= 0.30 else 'NOT met'}",
        f"- the same ratio in CPU time: {cpu_ratio:.2f} (less sensitive to other load; "
        f"1-minute load average at the end: {load:.1f})",
        f"- another writer beside the import: {len(probe.waits):,} one-row transactions, the "
        f"longest wait **{max(probe.waits, default=0) * 1000:,.0f} ms** (target ≤ 1,500 ms, well inside the "
        f"5,000 ms the application waits before it answers 503), "
        f"{probe.failed} timed out: "
        f"{'met' if probe.waits and max(probe.waits) <= 1.5 and not probe.failed else 'NOT met'}",
        f"- peak RSS of the import: **{rss_mb:.0f} MB** (target ≤ 200 MB): "
        f"{'met' if rss_mb <= 200 else 'NOT met'}",
        f"- machine: {machine()}",
        f"- commit: {git_commit()}",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(text)
    if args.keep:
        print(f"kept {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
