DROP TRIGGER members_search_status ON members;
DROP FUNCTION members_search_status();
CREATE OR REPLACE FUNCTION members_search_insert() RETURNS trigger AS $$
BEGIN
    INSERT INTO members_search (member_id, org_id, search_text)
    SELECT id, org_id, search_text FROM new_rows;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
ALTER TABLE members_search DROP COLUMN invite_status;
ALTER TABLE members_search RESET (fillfactor);
