-- `/healthz` on PostgreSQL (issue 10), as SQLite has since migration 000030: the oldest waiting
-- job is the first entry of an index of the waiting jobs by creation, and the failed ones are
-- counted from an index of their own, instead of reading every waiting job's row and scanning
-- the table on each check (10,000 waiting jobs: 1,015 → 3,150 req/s; 8,470 with an empty
-- queue; the depth is still a count of the waiting jobs' index entries).
-- A claim changes no indexed column, so it stays a HOT update; a job writes to these as it is
-- added, fails or is done, and a retry (its `run_at` is indexed already) adds one entry.
CREATE INDEX outbox_jobs_waiting_created ON outbox_jobs (created_at) WHERE failed_at IS NULL;
CREATE INDEX outbox_jobs_failed ON outbox_jobs (failed_at) WHERE failed_at IS NOT NULL;
