-- A general queue of typed jobs. `kind` names the job, `payload` (JSON) carries its arguments,
-- so a new kind of work is a new variant of `domain::jobs::Job`, not a new column.
-- `idempotency_key` refuses a second queued job for the same work; `failed_at` marks a job
-- that can never run (unknown kind, undecodable payload), kept for inspection instead of
-- being retried forever. Queued rows are converted: the old `invitation_id` column becomes the
-- payload, and invitation keys take the new form `invitation:<id>:<token generation>`.
ALTER TABLE outbox_jobs ADD COLUMN payload TEXT;
ALTER TABLE outbox_jobs ADD COLUMN failed_at TIMESTAMP;
UPDATE outbox_jobs j SET payload = CASE j.kind
        WHEN 'invitation' THEN json_build_object('invitation_id', j.invitation_id,
                                                 'token_generation', i.token_generation)::text
        ELSE json_build_object('invitation_id', j.invitation_id)::text
    END,
    dedupe_key = CASE WHEN j.kind = 'invitation' AND i.id IS NOT NULL
                      THEN 'invitation:' || i.id || ':' || i.token_generation
                      ELSE j.dedupe_key
                 END
FROM outbox_jobs o LEFT JOIN invitations i ON i.id = o.invitation_id
WHERE o.id = j.id;
ALTER TABLE outbox_jobs ALTER COLUMN payload SET NOT NULL;
ALTER TABLE outbox_jobs DROP COLUMN invitation_id;
ALTER TABLE outbox_jobs RENAME COLUMN dedupe_key TO idempotency_key;
ALTER TABLE outbox_jobs RENAME CONSTRAINT outbox_jobs_dedupe_key_key TO outbox_jobs_idempotency_key_key;
DROP INDEX outbox_jobs_due;
CREATE INDEX outbox_jobs_due ON outbox_jobs (run_at) WHERE failed_at IS NULL;
