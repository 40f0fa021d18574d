-- The trigger copying a statement's new statuses to `members_search` (migration 000022) joins
-- the statement's changed cards to the search table. It is planned anew for every statement
-- from the transition table's row count, and from a few thousand rows PostgreSQL chose a merge
-- join that reads the search table's whole key index from its first key: 4,000 cards of one
-- organisation among 200,000 cards took 124 ms in the trigger, against 25 ms looked up by key
-- (`EXPLAIN ANALYZE`, rolled back). Disabling an organisation changes all its waiting and
-- invited cards in one statement. Looking each changed card up by key costs what the statement
-- changed, never what the table holds.
ALTER FUNCTION members_search_status() SET enable_mergejoin = off;
ALTER FUNCTION members_search_status() SET enable_hashjoin = off;
