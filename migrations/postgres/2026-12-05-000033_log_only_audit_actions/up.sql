-- Actions only logged (docs/SECURITY.md H1): wrong setup and password-reset links, and requests
-- refused by a throttle. Listed like every action, so that the enum and the table agree.
INSERT INTO audit_actions (action) VALUES
    ('setup.unknown_token'),
    ('account.password_reset_unknown_token'),
    ('limit.throttled');
