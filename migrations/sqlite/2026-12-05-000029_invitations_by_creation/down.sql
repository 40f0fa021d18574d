DROP INDEX invitations_org_created;
