DROP INDEX members_org_last_invited;
