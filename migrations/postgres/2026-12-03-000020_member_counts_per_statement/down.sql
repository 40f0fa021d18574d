DROP TRIGGER member_counts_insert ON members;
DROP TRIGGER member_counts_delete ON members;
DROP TRIGGER member_counts_update ON members;
DROP FUNCTION member_counts_apply();

CREATE FUNCTION member_counts_track() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE member_counts SET n = n - 1
        WHERE org_id = OLD.org_id AND invite_status = OLD.invite_status;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO member_counts (org_id, invite_status, n) VALUES (NEW.org_id, NEW.invite_status, 1)
        ON CONFLICT (org_id, invite_status) DO UPDATE SET n = member_counts.n + 1;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER member_counts_insert_delete AFTER INSERT OR DELETE ON members
FOR EACH ROW EXECUTE FUNCTION member_counts_track();
CREATE TRIGGER member_counts_update AFTER UPDATE OF org_id, invite_status ON members
FOR EACH ROW WHEN (OLD.org_id IS DISTINCT FROM NEW.org_id OR OLD.invite_status IS DISTINCT FROM NEW.invite_status)
EXECUTE FUNCTION member_counts_track();
