-- Which `е` was an `ё` is not kept: the texts stay folded, which the older code reads the same
-- (it only compared them with `ё` searched as typed).
SELECT 1;
