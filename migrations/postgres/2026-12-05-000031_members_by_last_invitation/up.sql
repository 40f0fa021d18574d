-- The users table sorted by last invitation on PostgreSQL (issue 10 P1), as SQLite has since
-- migration 000028: read in the index's order, the never invited apart as the page's order
-- names them (`last_invited_at IS NOT NULL` first), instead of reading and sorting every card
-- of the organisation (10,000 cards: the first page newest invitation first 5.1 → 0.12 ms,
-- `EXPLAIN ANALYZE`; 359 req/s, 0.06 of the signed-in /healthz, in the full run at 12:40).
-- A status change is never a HOT update here (the status is indexed), so every one writes an
-- entry in this index too, the twelfth: measured on the bulk invite's statements below.
CREATE INDEX members_org_last_invited
    ON members (org_id, (last_invited_at IS NOT NULL), last_invited_at, id);
