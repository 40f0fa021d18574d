-- Member counts kept per statement instead of per row (issue 10). A row trigger touched the same
-- two counter rows once per changed member: "invite all matching" for 10,000 cards wrote 20,000
-- versions of two rows in one transaction, each found by walking the chain of versions before
-- it. A statement trigger sees all changed rows at once (transition tables) and writes each
-- counter once: minus every old row, plus every new row, grouped; unchanged statuses net to 0.
DROP TRIGGER member_counts_insert_delete ON members;
DROP TRIGGER member_counts_update ON members;
DROP FUNCTION member_counts_track();

CREATE FUNCTION member_counts_apply() RETURNS trigger AS $$
BEGIN
    -- Counter rows in key order, so that concurrent statements lock them in the same order.
    IF TG_OP = 'INSERT' THEN
        INSERT INTO member_counts (org_id, invite_status, n)
        SELECT org_id, invite_status, COUNT(*) FROM new_rows
        GROUP BY org_id, invite_status ORDER BY org_id, invite_status
        ON CONFLICT (org_id, invite_status) DO UPDATE SET n = member_counts.n + EXCLUDED.n;
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE member_counts c SET n = c.n - d.n
        FROM (SELECT org_id, invite_status, COUNT(*) AS n FROM old_rows
              GROUP BY org_id, invite_status) d
        WHERE c.org_id = d.org_id AND c.invite_status = d.invite_status;
    ELSE
        INSERT INTO member_counts (org_id, invite_status, n)
        SELECT org_id, invite_status, SUM(dn) FROM (
            SELECT org_id, invite_status, -COUNT(*) AS dn FROM old_rows
            GROUP BY org_id, invite_status
            UNION ALL
            SELECT org_id, invite_status, COUNT(*) AS dn FROM new_rows
            GROUP BY org_id, invite_status
        ) changes
        GROUP BY org_id, invite_status HAVING SUM(dn) <> 0
        ORDER BY org_id, invite_status
        ON CONFLICT (org_id, invite_status) DO UPDATE SET n = member_counts.n + EXCLUDED.n;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER member_counts_insert AFTER INSERT ON members
REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION member_counts_apply();
CREATE TRIGGER member_counts_delete AFTER DELETE ON members
REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION member_counts_apply();
CREATE TRIGGER member_counts_update AFTER UPDATE ON members
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION member_counts_apply();
