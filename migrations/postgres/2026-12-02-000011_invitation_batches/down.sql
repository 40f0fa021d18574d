DROP INDEX invitations_batch;
ALTER TABLE invitations DROP COLUMN replaced_by;
ALTER TABLE invitations DROP COLUMN batch_id;
DROP TABLE invite_batches;
