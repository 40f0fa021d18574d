-- The cleared times belonged to attempts the server refused; the older code never showed them.
SELECT 1;
