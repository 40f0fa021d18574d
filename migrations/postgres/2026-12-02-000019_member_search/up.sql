-- The users table's search (issue 10 P1): a trigram GIN index over members.search_text, so
-- `search_text LIKE '%…%'` with three or more characters is answered through the index instead
-- of a scan of the organisation's rows. pg_trgm is a trusted extension (PostgreSQL 13+): the
-- database owner may create it. It is created once per database, in the current schema when
-- missing; the index names its operator class in whichever schema holds it.
DO $$
DECLARE
    ext_schema TEXT;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
        CREATE EXTENSION pg_trgm;
    END IF;
    SELECT extnamespace::regnamespace::text INTO ext_schema
    FROM pg_extension WHERE extname = 'pg_trgm';
    EXECUTE format(
        'CREATE INDEX members_search_trgm ON members USING gin (search_text %I.gin_trgm_ops)',
        ext_schema
    );
END
$$;
