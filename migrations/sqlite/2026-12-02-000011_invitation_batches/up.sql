-- The life of an invitation (issue 7): a bulk send is a batch with an identity, so its progress
-- can be shown and followed after a reload; an invitation replaced by a resend or a renewal
-- points at the one that replaced it (shown "Replaced", not "Revoked"). Stored states unchanged.
-- No AUTOINCREMENT: a batch that queued nothing is deleted in the transaction that made it, and
-- leaves no trace (not even in sqlite_sequence); only such a never-shown id can be reused.
CREATE TABLE invite_batches (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    created_by_account_id INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX invite_batches_org ON invite_batches (org_id, created_at);
ALTER TABLE invitations ADD COLUMN batch_id INTEGER REFERENCES invite_batches(id) ON DELETE SET NULL;
ALTER TABLE invitations ADD COLUMN replaced_by INTEGER REFERENCES invitations(id) ON DELETE SET NULL;
CREATE INDEX invitations_batch ON invitations (batch_id, status);

-- Renewing an expired invitation is audited as such (audit actions: migration 000008).
INSERT INTO audit_actions (action) VALUES ('invitation.renewed');
