DROP TRIGGER members_search_update;
DROP TRIGGER members_search_delete;
DROP TRIGGER members_search_insert;
DROP TABLE members_search;
