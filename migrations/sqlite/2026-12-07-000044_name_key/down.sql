DROP INDEX members_org_name;
CREATE INDEX members_org_name ON members (org_id, last_name, first_name, id);
ALTER TABLE members DROP COLUMN name_key;
