-- An invitation counts against its inviter's daily limit for 24 hours from its creation
-- (domain::invitations::limits), counted from the invitations table. Deleting a card deletes its
-- invitations with it, so deleting the cards one invited today gave the day's allowance back.
-- The invitations of the last 24 hours that go with a deleted card are kept here, as they
-- counted, until their day is over (housekeeping sweeps older rows).
CREATE TABLE deleted_sends (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    inviter_account_id INTEGER REFERENCES accounts(id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX deleted_sends_inviter ON deleted_sends (inviter_account_id, created_at);
