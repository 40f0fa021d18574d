DROP TRIGGER member_changes_update;
DROP TRIGGER member_changes_delete;
DROP TRIGGER member_changes_insert;
DROP TRIGGER member_changes_org;
DROP TABLE member_changes;
