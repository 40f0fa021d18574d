-- The users table sorted by name (issue 10): read in the index's order from the organisation's
-- first name, or from a page's last card on (keyset links), instead of reading and sorting every
-- card of the organisation (10,000 cards: first page 1,256 → 5,304 req/s). Status changes do not
-- touch it: SQLite updates only the indexes holding a changed column. PostgreSQL has none: there
-- every status change updates each of the card's index entries (the status is in three indexes,
-- so no update is HOT), and one more cost ~10 % on 6,000 status changes — the bulk invitation's
-- and each delivery's price for a faster sort.
CREATE INDEX members_org_name ON members (org_id, last_name, first_name, id);
