//! What the users table's search box looks for (and the invitations list's, which finds an
//! invitation by its card): the words of the text, each of which a found card's text holds in
//! any order ("Petrov Ivan" finds Ivan Petrov), compared with `ё` read as `е` (people write
//! "Семенов" for "Семёнов" and back), and a phone number as cards keep it ("+7 905 111-11-11"
//! and, with the platform's default region, "8 (905) 111-11-11" find `+79051111111`).

use crate::db::DbConnection;
use crate::domain::phone::PhoneRules;
use diesel::QueryResult;

/// At most this many words are looked up (the longest): each adds a condition to the page's
/// query, and a card is rarely told apart by more.
const MAX_WORDS: usize = 6;

/// Fewer digits than this in a text of digits and phone punctuation are words like any other
/// ("12 b" is not a phone number); more are read as (part of) a number.
const MIN_PHONE_DIGITS: usize = 3;

/// A card's or a search's text as the search compares it: lower-cased, with `ё` read as `е`.
pub fn folded(text: &str) -> String {
    text.to_lowercase().replace('ё', "е")
}

/// A search as typed and the words it looks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchText {
    /// What was typed, trimmed: shown back in the box and named in an export's record.
    typed: String,
    /// Folded, none holding another, the longest first; never empty.
    words: Vec<String>,
    /// Whether the text is a phone number without its `+`, which the platform's default region
    /// may read as a whole number ([`SearchText::with_phone_rules`]).
    national_phone: bool,
}

impl SearchText {
    /// The search a typed text asks for; None for a text with nothing to look for.
    pub fn read(typed: &str) -> Option<SearchText> {
        let typed = typed.trim();
        if let Some(number) = phone_like(typed) {
            return Some(SearchText {
                typed: typed.to_owned(),
                national_phone: !number.starts_with('+'),
                words: vec![number],
            });
        }
        let mut words: Vec<String> = folded(typed)
            .split_whitespace()
            .map(|w| w.trim_matches(|c| matches!(c, ',' | ';')).to_owned())
            .filter(|w| !w.is_empty())
            .collect();
        // Longest first, so a word another holds ("iv" beside "ivan") is dropped after it.
        words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
        let mut kept: Vec<String> = Vec::new();
        for word in words {
            if !kept.iter().any(|k| k.contains(word.as_str())) {
                kept.push(word);
            }
        }
        kept.truncate(MAX_WORDS);
        (!kept.is_empty()).then(|| SearchText {
            typed: typed.to_owned(),
            words: kept,
            national_phone: false,
        })
    }

    /// A phone number typed without its `+` read with the platform's default region, where it
    /// is a whole number there ("8 905 111-11-11" in Russia is `+79051111111`). Reads the
    /// setting only for such a text.
    pub fn with_phone_rules(self, conn: &mut DbConnection) -> QueryResult<SearchText> {
        if !self.national_phone {
            return Ok(self);
        }
        let rules = PhoneRules::load(conn)?;
        Ok(self.read_with(&rules))
    }

    fn read_with(mut self, rules: &PhoneRules) -> SearchText {
        if let Ok(number) = rules.parse(&self.typed) {
            self.words = vec![number.as_str().to_owned()];
            self.national_phone = false;
        }
        self
    }

    /// What was typed.
    pub fn typed(&self) -> &str {
        &self.typed
    }

    /// The words a found card's text holds, folded.
    pub fn words(&self) -> &[String] {
        &self.words
    }
}

/// The text without its phone punctuation, when it is a phone number or a part of one: digits
/// (at least [`MIN_PHONE_DIGITS`]), spacing and grouping marks, and a `+` only in front.
fn phone_like(typed: &str) -> Option<String> {
    let (plus, rest) = match typed.strip_prefix('+') {
        Some(rest) => (true, rest),
        None => (false, typed),
    };
    let mut number = String::from(if plus { "+" } else { "" });
    for c in rest.chars() {
        if c.is_ascii_digit() {
            number.push(c);
        } else if !crate::domain::phone::is_punctuation(c) {
            return None;
        }
    }
    let digits = number.len() - usize::from(plus);
    (digits >= MIN_PHONE_DIGITS).then_some(number)
}

#[cfg(test)]
mod tests {
    use super::*;
    use phonenumber::country::Id;

    fn words(typed: &str) -> Vec<String> {
        SearchText::read(typed).map(|s| s.words).unwrap_or_default()
    }

    #[test]
    fn words_in_any_order_folded() {
        assert_eq!(words("  Petrov   Ivan "), ["petrov", "ivan"]);
        assert_eq!(words("Семёнов"), ["семенов"]);
        assert_eq!(words("ЁЛКИН"), ["елкин"]);
        assert_eq!(words("Petrov, Ivan"), ["petrov", "ivan"]);
        assert_eq!(words("ann@example.com"), ["ann@example.com"]);
    }

    #[test]
    fn a_word_another_holds_is_dropped() {
        assert_eq!(words("iv ivan IVAN"), ["ivan"]);
        assert_eq!(words("a b c d e f g h"), ["a", "b", "c", "d", "e", "f"]);
    }

    #[test]
    fn nothing_to_look_for() {
        assert_eq!(SearchText::read("   "), None);
        assert_eq!(SearchText::read(" , ; "), None);
    }

    #[test]
    fn phone_numbers_lose_their_punctuation() {
        assert_eq!(words("+7 905 111-11-11"), ["+79051111111"]);
        assert_eq!(words("(905) 111-11-11"), ["9051111111"]);
        assert_eq!(words("905 111"), ["905111"]);
        // Too few digits to be a number: words.
        assert_eq!(words("1 2"), ["1", "2"]);
        // Letters: not a number.
        assert_eq!(words("905 abc"), ["905", "abc"]);
        // A plus inside is not a number's.
        assert_eq!(words("1+2345"), ["1+2345"]);
    }

    #[test]
    fn a_national_number_is_read_with_the_default_region() {
        let typed = SearchText::read("8 (905) 111-11-11").unwrap();
        assert_eq!(typed.words, ["89051111111"]);
        let ru = PhoneRules::with_region(Some(Id::RU));
        assert_eq!(typed.clone().read_with(&ru).words, ["+79051111111"]);
        // Without a region, or only a part of a number: the digits as typed.
        assert_eq!(
            typed.read_with(&PhoneRules::INTERNATIONAL).words,
            ["89051111111"]
        );
        let part = SearchText::read("8 905").unwrap().read_with(&ru);
        assert_eq!(part.words, ["8905"]);
        assert_eq!(part.typed(), "8 905");
    }
}
