-- The users table's search (issue 10 P1): a trigram index over members.search_text, so a
-- substring of three or more characters is found through the index instead of a scan of the
-- organisation's rows.
--
-- One index serves every organisation, so its row key carries the organisation:
-- org_id * 2^40 + member id. A search asks for the phrase within its organisation's key range,
-- which FTS5 seeks to directly: the cost follows the organisation's matches, not how common
-- the text is across all organisations (a "petrov" in a hundred organisations of 10,000 cards
-- each: 1 ms against 45 ms for the same index keyed by member id alone).
-- Contentless (the text stays in members only); detail=full so that a phrase of trigrams is an
-- exact substring match. The triggers hand FTS5 the old text to delete, as contentless tables
-- require.
CREATE VIRTUAL TABLE members_search USING fts5(
    search_text,
    content = '',
    tokenize = 'trigram',
    detail = 'full'
);
INSERT INTO members_search (rowid, search_text)
SELECT org_id * 1099511627776 + id, search_text FROM members;

CREATE TRIGGER members_search_insert AFTER INSERT ON members BEGIN
    INSERT INTO members_search (rowid, search_text)
    VALUES (new.org_id * 1099511627776 + new.id, new.search_text);
END;
CREATE TRIGGER members_search_delete AFTER DELETE ON members BEGIN
    INSERT INTO members_search (members_search, rowid, search_text)
    VALUES ('delete', old.org_id * 1099511627776 + old.id, old.search_text);
END;
CREATE TRIGGER members_search_update AFTER UPDATE OF search_text, org_id ON members
WHEN old.search_text IS NOT new.search_text OR old.org_id IS NOT new.org_id BEGIN
    INSERT INTO members_search (members_search, rowid, search_text)
    VALUES ('delete', old.org_id * 1099511627776 + old.id, old.search_text);
    INSERT INTO members_search (rowid, search_text)
    VALUES (new.org_id * 1099511627776 + new.id, new.search_text);
END;
