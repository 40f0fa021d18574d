-- Per-organisation counts of memberships by invitation status, kept exact by triggers, so the
-- users table shows its status counts without counting a million rows on every page.
CREATE TABLE membership_counts (
    org_id TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    invite_status TEXT NOT NULL,
    n BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (org_id, invite_status)
);

INSERT INTO membership_counts (org_id, invite_status, n)
SELECT org_id, invite_status, COUNT(*) FROM memberships GROUP BY org_id, invite_status;

CREATE FUNCTION membership_counts_track() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE membership_counts SET n = n - 1
        WHERE org_id = OLD.org_id AND invite_status = OLD.invite_status;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO membership_counts (org_id, invite_status, n) VALUES (NEW.org_id, NEW.invite_status, 1)
        ON CONFLICT (org_id, invite_status) DO UPDATE SET n = membership_counts.n + 1;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER membership_counts_insert_delete AFTER INSERT OR DELETE ON memberships
FOR EACH ROW EXECUTE FUNCTION membership_counts_track();

CREATE TRIGGER membership_counts_update AFTER UPDATE OF org_id, invite_status ON memberships
FOR EACH ROW WHEN (OLD.org_id IS DISTINCT FROM NEW.org_id OR OLD.invite_status IS DISTINCT FROM NEW.invite_status)
EXECUTE FUNCTION membership_counts_track();
