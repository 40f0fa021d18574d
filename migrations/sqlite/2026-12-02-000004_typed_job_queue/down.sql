-- Back to invitation-shaped rows; jobs of other kinds, and failed ones, cannot be expressed.
CREATE TABLE outbox_jobs_old (
    id TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,
    invitation_id TEXT REFERENCES invitations(id) ON DELETE CASCADE,
    dedupe_key TEXT NOT NULL UNIQUE,
    run_at TIMESTAMP NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL,
    locked_by TEXT,
    locked_until TIMESTAMP,
    last_error TEXT,
    created_at TIMESTAMP NOT NULL
);
INSERT INTO outbox_jobs_old (id, kind, invitation_id, dedupe_key, run_at, attempts,
                             max_attempts, locked_by, locked_until, last_error, created_at)
SELECT j.id, j.kind, i.id,
       CASE WHEN j.kind = 'invitation' AND i.id IS NOT NULL
            THEN 'invitation:' || i.id || ':' || i.token_generation || ':' || i.channel
            ELSE j.idempotency_key
       END,
       j.run_at, j.attempts, j.max_attempts, j.locked_by, j.locked_until, j.last_error,
       j.created_at
FROM outbox_jobs j JOIN invitations i ON i.id = json_extract(j.payload, '$.invitation_id')
WHERE j.kind IN ('invitation', 'welcome') AND j.failed_at IS NULL;
DROP TABLE outbox_jobs;
ALTER TABLE outbox_jobs_old RENAME TO outbox_jobs;
CREATE INDEX outbox_jobs_due ON outbox_jobs (run_at);
