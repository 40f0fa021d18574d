-- The users table's search (issue 10 P1): a trigram index over members.search_text, so a
-- substring of three or more characters is found through the index instead of a scan of the
-- organisation's rows. External content (the text stays in members only); detail=none keeps the
-- index small: FTS5 still answers LIKE patterns exactly by checking each candidate row.
CREATE VIRTUAL TABLE members_search USING fts5(
    search_text,
    content = 'members',
    content_rowid = 'id',
    tokenize = 'trigram',
    detail = 'none'
);
INSERT INTO members_search (members_search) VALUES ('rebuild');

CREATE TRIGGER members_search_insert AFTER INSERT ON members BEGIN
    INSERT INTO members_search (rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER members_search_delete AFTER DELETE ON members BEGIN
    INSERT INTO members_search (members_search, rowid, search_text)
    VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER members_search_update AFTER UPDATE OF search_text ON members
WHEN old.search_text IS NOT new.search_text BEGIN
    INSERT INTO members_search (members_search, rowid, search_text)
    VALUES ('delete', old.id, old.search_text);
    INSERT INTO members_search (rowid, search_text) VALUES (new.id, new.search_text);
END;
