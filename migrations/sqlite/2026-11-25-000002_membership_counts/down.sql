DROP TRIGGER membership_counts_update;
DROP TRIGGER membership_counts_delete;
DROP TRIGGER membership_counts_insert;
DROP TABLE membership_counts;
