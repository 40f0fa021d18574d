DROP INDEX members_org_name;
