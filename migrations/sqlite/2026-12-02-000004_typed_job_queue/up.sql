-- A general queue of typed jobs. `kind` names the job, `payload` (JSON) carries its arguments,
-- so a new kind of work is a new variant of `domain::jobs::Job`, not a new column.
-- `idempotency_key` refuses a second queued job for the same work; `failed_at` marks a job
-- that can never run (unknown kind, undecodable payload), kept for inspection instead of
-- being retried forever. Queued rows are converted: the old `invitation_id` column becomes the
-- payload, and invitation keys take the new form `invitation:<id>:<token generation>`.
CREATE TABLE outbox_jobs_new (
    id TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    idempotency_key TEXT NOT NULL UNIQUE,
    run_at TIMESTAMP NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL,
    locked_by TEXT,
    locked_until TIMESTAMP,
    last_error TEXT,
    failed_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
INSERT INTO outbox_jobs_new (id, kind, payload, idempotency_key, run_at, attempts,
                             max_attempts, locked_by, locked_until, last_error, created_at)
SELECT j.id, j.kind,
       CASE j.kind
           WHEN 'invitation' THEN json_object('invitation_id', j.invitation_id,
                                              'token_generation', i.token_generation)
           ELSE json_object('invitation_id', j.invitation_id)
       END,
       CASE WHEN j.kind = 'invitation' AND i.id IS NOT NULL
            THEN 'invitation:' || i.id || ':' || i.token_generation
            ELSE j.dedupe_key
       END,
       j.run_at, j.attempts, j.max_attempts, j.locked_by, j.locked_until, j.last_error,
       j.created_at
FROM outbox_jobs j LEFT JOIN invitations i ON i.id = j.invitation_id;
DROP TABLE outbox_jobs;
ALTER TABLE outbox_jobs_new RENAME TO outbox_jobs;
CREATE INDEX outbox_jobs_due ON outbox_jobs (run_at) WHERE failed_at IS NULL;
