DROP TABLE import_rows;
DROP TABLE imports;
DELETE FROM audit_events WHERE action IN ('import.committed', 'import.finished');
DELETE FROM audit_actions WHERE action IN ('import.committed', 'import.finished');
