-- Two-factor sign-in (issue 8): one TOTP secret per account (RFC 6238), stored encrypted
-- (AES-256-GCM under a key derived from the server's secret, bound to the account), the last
-- time step used (a code is accepted once: a conditional UPDATE moves it forward), and the
-- one-time recovery codes, kept only as keyed digests.
CREATE TABLE two_factor (
    account_id BIGINT PRIMARY KEY NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    secret TEXT NOT NULL,
    last_step BIGINT NOT NULL DEFAULT 0,
    enabled_at TIMESTAMP NOT NULL
);

CREATE TABLE two_factor_recovery_codes (
    account_id BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    digest TEXT NOT NULL,
    used_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (account_id, digest)
);

INSERT INTO audit_actions (action) VALUES
    ('two_factor.enabled'), ('two_factor.disabled'), ('two_factor.recovery_regenerated'),
    ('two_factor.recovery_used');
