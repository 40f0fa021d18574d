DROP TRIGGER membership_counts_update ON memberships;
DROP TRIGGER membership_counts_insert_delete ON memberships;
DROP FUNCTION membership_counts_track();
DROP TABLE membership_counts;
