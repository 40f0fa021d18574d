#!/usr/bin/env python3
"""P6 scale-out: two `invitely serve` instances and one `invitely worker` process on one
PostgreSQL database. Checks that a session made on one instance is valid on the other (and
ended on both by signing out on one), that the daily invitation limit holds when both
instances are asked at once, and that N invitations queued through both instances are each
delivered exactly once (counted per recipient at an SMTP sink). Exits 1 when a check fails.

    python3 bench/scale_out.py [--bin PATH] [--invitations 10000] [--quick]
"""
import argparse
import collections
import concurrent.futures
import os
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lib  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=lib.BIN)
    ap.add_argument("--invitations", type=int, default=10_000)
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    lib.BIN = args.bin
    n = 1_000 if args.quick else args.invitations
    if not lib.pg_available():
        print("P6 scale-out: SKIPPED (no PostgreSQL on 127.0.0.1:5432)")
        return 0
    failures = []
    sink = lib.Sink(keep=0)
    work = lib.Workdir("postgres")
    servers, worker = [], None
    try:
        # Two organisations: one for the limit check, one with n cards to deliver. Cards split
        # in two halves by department so that each instance invites one half.
        work.seed(2, n)
        org_limit, org_bulk = [int(r[0]) for r in work.query(
            "SELECT id FROM organisations ORDER BY id")]
        work.sql(f"UPDATE organisations SET daily_invite_limit = 30, seat_limit = 10000000 "
                 f"WHERE id = {org_limit}")
        work.sql(f"UPDATE organisations SET daily_invite_limit = 10000000, seat_limit = 10000000 "
                 f"WHERE id = {org_bulk}")
        work.sql("UPDATE members SET email = 'p' || id || '@bench.test' WHERE email IS NULL")
        work.sql("UPDATE members SET invite_status = 'not_invited', invite_error = NULL "
                 "WHERE NOT is_admin")
        # The seed's invited and failed cards come with invitations: none is invited here, so
        # every invitation counted below was queued by this run.
        work.sql("DELETE FROM invitations")
        servers = [lib.Server(work), lib.Server(work)]
        a, b = (lib.Browser(s.base) for s in servers)

        # Sessions: signed in on A, the same cookie on B.
        a.sign_in()
        for cookie in a.jar:
            b.jar.set_cookie(cookie)
        status_b, _ = b.get("/admin/users")
        sessions_ok = status_b == 200
        if not sessions_ok:
            failures.append(f"A's session on B answered {status_b}")

        def invite_department(args):
            browser, deps = args
            statuses = []
            for d in deps:
                _, page = browser.get(f"/admin/users?status=not_invited&department={d}")
                data = urllib.parse.urlencode({
                    "csrf_token": lib.csrf_of(page), "all_matching": "1",
                    "status": "not_invited", "q": "", "kind": "", "department": d})
                try:
                    statuses.append(browser.opener.open(
                        browser.base + "/admin/users/invite", data.encode()).status)
                except lib.urllib.error.HTTPError as e:
                    statuses.append(e.code)
            return statuses

        # The daily limit across instances: 80 cards left to invite in the limited
        # organisation, 20 in each department; four requests at once, two on each instance,
        # each within the limit of 30, together over it.
        work.sql(f"UPDATE members SET invite_status = 'active' WHERE org_id = {org_limit} "
                 f"AND NOT is_admin AND id NOT IN (SELECT id FROM (SELECT id, ROW_NUMBER() OVER "
                 f"(PARTITION BY department_id ORDER BY id) AS k FROM members "
                 f"WHERE org_id = {org_limit} AND NOT is_admin) x WHERE k <= 20)")
        limited_deps = [r[0] for r in work.query(
            f"SELECT id FROM departments WHERE org_id = {org_limit} ORDER BY id")]
        a.post("/orgs", f"/orgs/{org_limit}/switch", {})
        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            list(pool.map(invite_department,
                          [(br, [d]) for br, d in zip([a, b, a, b], limited_deps)]))
        queued_limited = int(work.query(
            f"SELECT COUNT(*) FROM invitations WHERE org_id = {org_limit}")[0][0])
        limit_ok = 0 < queued_limited <= 30
        if not limit_ok:
            failures.append(f"{queued_limited} invitations queued against a daily limit of 30")

        # n invitations through both instances at once (each its half, by department).
        a.post("/orgs", f"/orgs/{org_bulk}/switch", {})
        departments = [r[0] for r in work.query(
            f"SELECT id FROM departments WHERE org_id = {org_bulk} ORDER BY id")]

        started = time.perf_counter()
        half = len(departments) // 2
        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            list(pool.map(invite_department, [(a, departments[:half]), (b, departments[half:])]))
        queue_s = time.perf_counter() - started
        wanted = int(work.query(
            f"SELECT COUNT(*) FROM invitations WHERE org_id = {org_bulk}")[0][0])
        if wanted != n:
            failures.append(f"{wanted} invitations queued for {n} cards")

        # One worker process delivers everything (both organisations).
        expected = wanted + queued_limited
        start = sink.count()
        worker = lib.subprocess.Popen([lib.BIN, "worker"], stdout=lib.subprocess.DEVNULL,
                                      env=dict(work.env, INVITELY_WORKERS="4",
                                               INVITELY_SMTP_URL=f"smtp://127.0.0.1:{sink.port}",
                                               INVITELY_BASE_URL=servers[0].base))
        got = sink.wait_for(start + expected, stall_seconds=30) - start
        times = sink.times[start:]
        rate = (len(times) - 1) / (times[-1] - times[0]) if len(times) > 1 else 0
        time.sleep(1)  # anything sent twice would arrive now
        got = sink.count() - start
        rcpt = collections.Counter(sink.recipients[start:])
        duplicates = sum(c - 1 for c in rcpt.values() if c > 1)
        missing = expected - len(rcpt)
        if duplicates or missing:
            failures.append(f"{duplicates} duplicates, {missing} missing")

        # Signing out on B ends the session on A too.
        b.post("/admin/users", "/logout", {})
        status_a, _ = a.get("/admin/users")
        if status_a != 303:
            failures.append(f"after signing out on B, A answered {status_a}")
            sessions_ok = False

        print(f"P6 scale-out: N={n}, queued through 2 instances in {queue_s:.1f} s, "
              f"delivered={got} of {expected} by 1 worker process at {rate:,.0f} mails/s, "
              f"distinct recipients={len(rcpt)}, duplicates={duplicates}, missing={missing}")
        print(f"P6 sessions on both instances (and sign-out on one ends both): "
              f"{'ok' if sessions_ok else 'FAILED'}")
        print(f"P6 daily limit across instances: {queued_limited} queued of limit 30 "
              f"(80 asked for in 4 parallel requests on 2 instances): "
              f"{'ok' if limit_ok else 'FAILED'}")
    finally:
        if worker:
            worker.terminate()
            worker.wait()
        for s in servers:
            s.stop()
        work.close()
    for f in failures:
        print("FAILED:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
