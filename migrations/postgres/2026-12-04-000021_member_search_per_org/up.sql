-- The users table's search scoped to one organisation (issue 10 P1). pg_trgm's index (migration
-- 000019) keeps one posting list per trigram for every organisation together: "ivan" in one
-- organisation of twenty read 47,642 candidates to keep 2,349, and a rare "petrov12" rechecked
-- 360 rows of other organisations to keep 18. Here each trigram is hashed together with the
-- organisation, so a search reads only its own organisation's postings. The query asks
-- `member_grams(org_id, search_text) @> member_grams(<org>, <text>)` (every trigram of the text
-- is there) and the exact `LIKE` still decides; a hash collision only costs a recheck.
CREATE FUNCTION member_grams(org BIGINT, s TEXT) RETURNS INT[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    SELECT ARRAY(
        SELECT DISTINCT hashtext(org::text || ' ' || substr(s, i, 3))
        FROM generate_series(1, char_length(s) - 2) AS i
    )
$$;

-- The indexed text lives in a table of its own, as FTS5's does on SQLite: a card changes its
-- status far more often than its text, and every new version of a `members` row (a status
-- change cannot be a HOT update: the status is indexed) would otherwise compute its trigrams
-- and enter them into the index again — 55 against 23 ms per 500 cards of a bulk invite.
CREATE TABLE members_search (
    member_id BIGINT PRIMARY KEY REFERENCES members (id) ON DELETE CASCADE,
    org_id BIGINT NOT NULL,
    search_text TEXT NOT NULL
);
INSERT INTO members_search (member_id, org_id, search_text)
SELECT id, org_id, search_text FROM members;

-- A small pending list: GIN queues new entries unsorted and every search reads the whole queue
-- (at the default 4 MB, 2.2 ms of a rare search's 2.3 ms after a 200,000-card seed); at 64 kB
-- the queue is merged into the index every few dozen cards, still in bulk.
CREATE INDEX members_search_grams ON members_search
    USING gin (member_grams(org_id, search_text)) WITH (gin_pending_list_limit = 64);

-- New cards per statement (an import or a seed writes hundreds in one); an edited text or a
-- moved card per row, and only when that column is written.
CREATE FUNCTION members_search_insert() RETURNS trigger AS $$
BEGIN
    INSERT INTO members_search (member_id, org_id, search_text)
    SELECT id, org_id, search_text FROM new_rows;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION members_search_update() RETURNS trigger AS $$
BEGIN
    UPDATE members_search SET org_id = NEW.org_id, search_text = NEW.search_text
    WHERE member_id = NEW.id;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER members_search_insert AFTER INSERT ON members
REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION members_search_insert();
CREATE TRIGGER members_search_update AFTER UPDATE OF search_text, org_id ON members
FOR EACH ROW
WHEN (OLD.search_text IS DISTINCT FROM NEW.search_text OR OLD.org_id IS DISTINCT FROM NEW.org_id)
EXECUTE FUNCTION members_search_update();

DROP INDEX members_search_trgm;
