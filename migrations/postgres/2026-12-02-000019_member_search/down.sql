DROP INDEX members_search_trgm;
