DROP TRIGGER members_search_update ON members;
DROP TRIGGER members_search_insert ON members;
DROP FUNCTION members_search_update();
DROP FUNCTION members_search_insert();
DROP TABLE members_search;
DROP FUNCTION member_grams(BIGINT, TEXT);
DO $$
DECLARE
    ext_schema TEXT;
BEGIN
    SELECT extnamespace::regnamespace::text INTO ext_schema
    FROM pg_extension WHERE extname = 'pg_trgm';
    EXECUTE format(
        'CREATE INDEX members_search_trgm ON members USING gin (search_text %I.gin_trgm_ops)',
        ext_schema
    );
END
$$;
