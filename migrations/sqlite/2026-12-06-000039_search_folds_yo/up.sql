-- The users table's search reads `ё` as `е` (domain::members::search_text): a card's search
-- text is kept folded, so "Семенов" finds "Семёнов" and back. Texts written before are folded
-- here; the triggers carry the new text into the search index.
UPDATE members SET search_text = replace(search_text, 'ё', 'е') WHERE search_text LIKE '%ё%';
