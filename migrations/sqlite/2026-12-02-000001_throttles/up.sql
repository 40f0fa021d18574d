-- Attempt counters for throttles and caps (sign-ins, wrong tokens, SMS per day): kept in the
-- database so they survive a restart and are shared by every instance. One row per key and
-- fixed window; a row past `expires_at` is dead and swept.
CREATE TABLE throttles (
    key TEXT PRIMARY KEY NOT NULL,
    window_start TIMESTAMP NOT NULL,
    hits BIGINT NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX throttles_expires ON throttles (expires_at);
