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

-- A small pending list: GIN queues new entries unsorted and every search reads the whole queue
-- (at the default 4 MB, 2.2 ms of a rare search's 2.3 ms after a 200,000-card seed); at 64 kB
-- the queue is merged into the index every few dozen cards, still in bulk.
CREATE INDEX members_search_grams ON members USING gin (member_grams(org_id, search_text))
    WITH (gin_pending_list_limit = 64);

DROP INDEX members_search_trgm;
