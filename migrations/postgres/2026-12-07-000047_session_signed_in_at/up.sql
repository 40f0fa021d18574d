-- The account page says on how many browsers the account is signed in. A session row is written
-- for a sign-in still waiting for its second step too (so that ending the account's sessions
-- ends it), and a row outlives the session's 12-hour lifetime until its idle deadline: neither
-- is a browser signed in. A row now says when its browser signed in, NULL while it waits for the
-- second step. Rows from before: a signed-in session's row was created when it signed in.
ALTER TABLE sessions ADD COLUMN signed_in_at TIMESTAMP;
UPDATE sessions SET signed_in_at = created_at WHERE state LIKE '%"uid":%';
