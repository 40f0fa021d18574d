-- Form posts done once (docs/STYLE.md, idempotent form posts): what an invite form's post did,
-- under the random key the form carried, per account; a second post of the same form shows
-- the same result instead of doing the work again. Kept for a day (housekeeping).
CREATE TABLE form_submissions (
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    submission TEXT NOT NULL,
    outcome TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (account_id, submission)
);
CREATE INDEX form_submissions_created ON form_submissions (created_at);
