-- A card's status beside its search text (issue 10 P1), so that the users table's counts per
-- status for a search read the search table alone. Joined to `members` they looked up every
-- match by key: "ivan" in 10,000 cards (2,349 matches) took 8.2 ms to count, the planner
-- estimating 25 rows for two trigrams together and choosing the lookups.
--
-- Half of every page is left free (fillfactor 50): a status change then writes the row's new
-- version beside the old one (a HOT update: no index entry, so the card's trigrams are not
-- computed and entered again), even when "invite all matching" changes every card of a page in
-- one statement. The table is rebuilt rather than altered: a fill factor applies to pages
-- written after it is set, and filling a new column would leave a dead version of every row.
-- No card may be written between the copy and the new trigger (another instance, mid-deploy).
LOCK TABLE members IN SHARE ROW EXCLUSIVE MODE;
CREATE TABLE members_search_new (
    member_id BIGINT PRIMARY KEY REFERENCES members (id) ON DELETE CASCADE,
    org_id BIGINT NOT NULL,
    search_text TEXT NOT NULL,
    invite_status TEXT NOT NULL
) WITH (fillfactor = 50);
INSERT INTO members_search_new (member_id, org_id, search_text, invite_status)
SELECT m.id, m.org_id, m.search_text, m.invite_status FROM members m ORDER BY m.id;
DROP TABLE members_search;
ALTER TABLE members_search_new RENAME TO members_search;
ALTER INDEX members_search_new_pkey RENAME TO members_search_pkey;
ALTER TABLE members_search
    RENAME CONSTRAINT members_search_new_member_id_fkey TO members_search_member_id_fkey;
CREATE INDEX members_search_grams ON members_search
    USING gin (member_grams(org_id, search_text)) WITH (gin_pending_list_limit = 64);

CREATE OR REPLACE FUNCTION members_search_insert() RETURNS trigger AS $$
BEGIN
    INSERT INTO members_search (member_id, org_id, search_text, invite_status)
    SELECT id, org_id, search_text, invite_status FROM new_rows;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

-- Statuses per statement: the transition table is the one `member_counts` already reads (a
-- trigger naming columns cannot have one), and only rows whose status differs are written.
CREATE FUNCTION members_search_status() RETURNS trigger AS $$
BEGIN
    UPDATE members_search s SET invite_status = n.invite_status
    FROM new_rows n
    WHERE s.member_id = n.id AND s.invite_status <> n.invite_status;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER members_search_status AFTER UPDATE ON members
REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION members_search_status();
