DELETE FROM audit_events WHERE action = 'invitation.renewed';
DELETE FROM audit_actions WHERE action = 'invitation.renewed';
DROP INDEX invitations_batch;
ALTER TABLE invitations DROP COLUMN replaced_by;
ALTER TABLE invitations DROP COLUMN batch_id;
DROP TABLE invite_batches;
