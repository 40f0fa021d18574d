ALTER TABLE invitations
    DROP CONSTRAINT invitations_card_fkey,
    ADD CONSTRAINT invitations_org_id_fkey FOREIGN KEY (org_id)
        REFERENCES organisations (id) ON DELETE CASCADE,
    ADD CONSTRAINT invitations_member_id_fkey FOREIGN KEY (member_id)
        REFERENCES members (id) ON DELETE CASCADE;
DROP INDEX members_org_id;
CREATE INDEX members_org_id ON members (org_id, id);
