DROP TRIGGER member_changes_update ON members;
DROP TRIGGER member_changes_delete ON members;
DROP TRIGGER member_changes_insert ON members;
DROP FUNCTION member_changes_bump();
DROP TRIGGER member_changes_org ON organisations;
DROP FUNCTION member_changes_org();
DROP TABLE member_changes;
