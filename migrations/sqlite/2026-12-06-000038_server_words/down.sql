-- The old framing is not restored: the converted reasons read the same to the older code
-- (the server's words, or the configuration's reason as server words).
SELECT 1;
