-- A version of each organisation's cards as the users table filters them (issue 10 P1): bumped
-- by triggers in the transaction of every change a filter or search could see. The counts per
-- status of a search are kept between requests under the version they were counted at; a kept
-- count is used only while its organisation's version is unchanged, on every instance that
-- shares the database.
CREATE TABLE member_changes (
    org_id BIGINT PRIMARY KEY REFERENCES organisations (id) ON DELETE CASCADE,
    version BIGINT NOT NULL DEFAULT 0
);
INSERT INTO member_changes (org_id) SELECT id FROM organisations;

CREATE FUNCTION member_changes_org() RETURNS trigger AS $$
BEGIN
    INSERT INTO member_changes (org_id) VALUES (NEW.id);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER member_changes_org AFTER INSERT ON organisations
FOR EACH ROW EXECUTE FUNCTION member_changes_org();

-- Per statement, once per organisation touched, in key order (as member_counts_apply locks its
-- rows). Transition tables allow no column list, so every update of cards bumps: a version
-- moved without need only costs a recount.
CREATE FUNCTION member_changes_bump() RETURNS trigger AS $$
DECLARE
    org BIGINT;
BEGIN
    IF TG_OP = 'INSERT' THEN
        FOR org IN SELECT DISTINCT org_id FROM new_rows ORDER BY 1 LOOP
            UPDATE member_changes SET version = version + 1 WHERE org_id = org;
        END LOOP;
    ELSIF TG_OP = 'DELETE' THEN
        FOR org IN SELECT DISTINCT org_id FROM old_rows ORDER BY 1 LOOP
            UPDATE member_changes SET version = version + 1 WHERE org_id = org;
        END LOOP;
    ELSE
        FOR org IN SELECT org_id FROM old_rows UNION SELECT org_id FROM new_rows ORDER BY 1 LOOP
            UPDATE member_changes SET version = version + 1 WHERE org_id = org;
        END LOOP;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER member_changes_insert AFTER INSERT ON members
REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION member_changes_bump();
CREATE TRIGGER member_changes_delete AFTER DELETE ON members
REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION member_changes_bump();
CREATE TRIGGER member_changes_update AFTER UPDATE ON members
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION member_changes_bump();
