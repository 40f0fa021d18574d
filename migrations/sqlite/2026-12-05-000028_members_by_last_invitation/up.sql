-- The users table sorted by last invitation (issue 10): read in the index's order, the never
-- invited apart as the page's order names them (`last_invited_at IS NOT NULL` first), instead
-- of reading and sorting every card of the organisation (10,000 cards, SQLite: the first page
-- newest invitation first 7.1 → 0.14 ms, oldest first 1.1 → 0.09 ms). A page reached by its
-- "next" link walks the index from the organisation's start to its card, reading the index
-- alone until there. Every invitation sets the time twice (queued, delivered): SQLite updates
-- this index then, and only then (10,000 cards queued in one transaction: 77–88 → 109 ms).
-- PostgreSQL has none: there every update of a card writes an entry in each of its indexes.
CREATE INDEX members_org_last_invited
    ON members (org_id, last_invited_at IS NOT NULL, last_invited_at, id);
