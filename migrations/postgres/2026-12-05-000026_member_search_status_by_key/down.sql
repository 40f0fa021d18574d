ALTER FUNCTION members_search_status() RESET enable_mergejoin;
ALTER FUNCTION members_search_status() RESET enable_hashjoin;
