-- Back to invitation-shaped rows; jobs of other kinds, and failed ones, cannot be expressed.
DROP INDEX outbox_jobs_due;
DELETE FROM outbox_jobs WHERE failed_at IS NOT NULL OR kind NOT IN ('invitation', 'welcome');
ALTER TABLE outbox_jobs ADD COLUMN invitation_id TEXT REFERENCES invitations(id) ON DELETE CASCADE;
UPDATE outbox_jobs SET invitation_id = (payload::json ->> 'invitation_id');
DELETE FROM outbox_jobs j WHERE NOT EXISTS (SELECT 1 FROM invitations i WHERE i.id = j.invitation_id);
ALTER TABLE outbox_jobs RENAME COLUMN idempotency_key TO dedupe_key;
ALTER TABLE outbox_jobs RENAME CONSTRAINT outbox_jobs_idempotency_key_key TO outbox_jobs_dedupe_key_key;
UPDATE outbox_jobs j SET dedupe_key = 'invitation:' || i.id || ':' || i.token_generation || ':' || i.channel
FROM invitations i WHERE i.id = j.invitation_id AND j.kind = 'invitation';
ALTER TABLE outbox_jobs DROP COLUMN failed_at;
ALTER TABLE outbox_jobs DROP COLUMN payload;
CREATE INDEX outbox_jobs_due ON outbox_jobs (run_at);
