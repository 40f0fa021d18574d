-- A version of each organisation's cards as the users table filters them (issue 10 P1): bumped
-- by triggers in the transaction of every change a filter or search could see (a card added,
-- removed, moved, given another status, text, kind or department). The counts per status of a
-- search are kept between requests under the version they were counted at; a kept count is
-- used only while its organisation's version is unchanged, on every instance and process that
-- shares the database.
CREATE TABLE member_changes (
    org_id INTEGER PRIMARY KEY NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    version INTEGER NOT NULL DEFAULT 0
);
INSERT INTO member_changes (org_id) SELECT id FROM organisations;

CREATE TRIGGER member_changes_org AFTER INSERT ON organisations BEGIN
    INSERT INTO member_changes (org_id) VALUES (new.id);
END;
CREATE TRIGGER member_changes_insert AFTER INSERT ON members BEGIN
    UPDATE member_changes SET version = version + 1 WHERE org_id = new.org_id;
END;
CREATE TRIGGER member_changes_delete AFTER DELETE ON members BEGIN
    UPDATE member_changes SET version = version + 1 WHERE org_id = old.org_id;
END;
CREATE TRIGGER member_changes_update
AFTER UPDATE OF org_id, invite_status, search_text, kind, department_id ON members BEGIN
    UPDATE member_changes SET version = version + 1 WHERE org_id IN (old.org_id, new.org_id);
END;
