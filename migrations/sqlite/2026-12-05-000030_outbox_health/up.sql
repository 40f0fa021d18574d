-- `/healthz` and the invitations page report the outbox: its depth, its oldest waiting job and
-- how many failed (issue 10). The oldest read every waiting job's row and the failed count
-- scanned the table, so a health check cost more the longer the queue: 6,000 waiting jobs 0.61
-- ms of queries a check, `/healthz` ~2,300 req/s instead of ~19,000. With these the oldest is
-- the first entry of an index of the waiting jobs by creation, the failed are counted from an
-- index of their own (0.61 → 0.12 ms; the depth is still a count of the waiting jobs' entries).
-- Neither changes when a job is claimed or its attempt recorded: SQLite writes them only as a
-- job is added, fails or is done.
CREATE INDEX outbox_jobs_waiting_created ON outbox_jobs (created_at) WHERE failed_at IS NULL;
CREATE INDEX outbox_jobs_failed ON outbox_jobs (failed_at) WHERE failed_at IS NOT NULL;
