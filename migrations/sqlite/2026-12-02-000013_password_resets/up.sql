-- Forgotten passwords (issue 8): a reset link by e-mail or SMS. Only the link's digest is stored;
-- the link itself is derived at send time from the server's key and `nonce` (as invitation links
-- are), so neither this table nor the outbox ever holds it. `bound_hash` is the digest of the
-- account's password hash when the link was asked for: any password change, by whatever path,
-- kills every link asked for before it. Single use (`used_at`), one hour (`expires_at`).
CREATE TABLE password_resets (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    channel TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
    recipient TEXT NOT NULL,
    nonce TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    bound_hash TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP
);
CREATE INDEX password_resets_account ON password_resets (account_id, used_at);

-- Audit actions of the account page and the reset (audit actions: migration 000008).
INSERT INTO audit_actions (action) VALUES
    ('account.password_changed'), ('account.password_reset_requested'), ('account.password_reset');
