//! [`PersonName`]: a first or last name as people type it, made safe to show in pages and
//! messages (docs/SECURITY.md F3).

use icu_normalizer::ComposingNormalizerBorrowed;
use icu_properties::props::GeneralCategory;
use icu_properties::CodePointMapData;
use std::fmt;

/// The most characters a name (or any short label: a position, a department) keeps.
pub const MAX_NAME_CHARS: usize = 100;

/// A person's name cleaned like [`clean_text`] (control and invisible format characters
/// removed, NFC, capped at 100 characters, trimmed); never empty. Made only by
/// [`PersonName::parse`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PersonName(String);

impl PersonName {
    /// The name in what was typed, or `None` when nothing is left once cleaned: every form and
    /// file treats an empty name as "not given" (a card needs a first *or* a last name; an
    /// invitee may have none), so absence is an `Option` at the call sites, not an error.
    pub fn parse(input: &str) -> Option<PersonName> {
        let name = clean_text(input);
        (!name.is_empty()).then_some(PersonName(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Display for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for PersonName {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// The text of an optional name, as stored: empty when there is none.
pub fn name_text(name: Option<&PersonName>) -> &str {
    name.map_or("", PersonName::as_str)
}

/// "First Last" for a message's greeting, from stored names (either may be empty): cleaned like
/// a typed name, empty when there is none.
pub fn full_name(first: &str, last: &str) -> String {
    PersonName::parse(&format!("{first} {last}"))
        .map(PersonName::into_string)
        .unwrap_or_default()
}

/// Short free text that is not a person's name (a position, a role, a department, an
/// organisation's name or customer number): the same cleaning as [`PersonName::parse`] —
/// control and invisible format characters removed (zero-width spaces and joiners, bidi
/// overrides, soft hyphens: "Sales" with a zero-width space is "Sales", not a second department
/// that looks the same), runs of white space one space ("Ops  Team" is "Ops Team", not a
/// second department that looks the same), put in Unicode NFC (an "é" typed as e + accent is
/// the "é" typed as one character), at most 100 characters, trimmed; may be empty.
pub fn clean_text(input: &str) -> String {
    let visible = without_invisible(&breaks_as_spaces(input));
    let spaced = visible.split_whitespace().collect::<Vec<_>>().join(" ");
    ComposingNormalizerBorrowed::new_nfc()
        .normalize(&spaced)
        .chars()
        .take(MAX_NAME_CHARS)
        .collect::<String>()
        .trim()
        .to_owned()
}

/// Line breaks and tabs between words as one space each run (a quoted cell "B\r\nC" is "B C"),
/// before the control characters they are go.
fn breaks_as_spaces(input: &str) -> std::borrow::Cow<'_, str> {
    let is_break = |c: char| {
        matches!(
            c,
            '\r' | '\n' | '\t' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
        )
    };
    if !input.contains(is_break) {
        return std::borrow::Cow::Borrowed(input);
    }
    let mut out = String::with_capacity(input.len());
    let mut in_break = false;
    for c in input.chars() {
        if is_break(c) {
            if !in_break {
                out.push(' ');
            }
            in_break = true;
        } else {
            out.push(c);
            in_break = false;
        }
    }
    std::borrow::Cow::Owned(out)
}

/// `input` without its control and invisible format characters (a NUL, a zero-width space),
/// not cut or trimmed: what a typed search is looked up as.
pub fn without_invisible(input: &str) -> String {
    let format = CodePointMapData::<GeneralCategory>::new();
    input
        .chars()
        .filter(|&c| !c.is_control() && format.get(c) != GeneralCategory::Format)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_control_characters() {
        // A line break is a space (never a header line of its own).
        assert_eq!(
            PersonName::parse("Ivan\r\nBcc: x").unwrap().as_str(),
            "Ivan Bcc: x"
        );
        assert_eq!(clean_text("B\r\nC\rD\nE\tF\u{2028}G"), "B C D E F G");
        assert_eq!(
            PersonName::parse(&"x".repeat(500)).unwrap().as_str().len(),
            100
        );
        assert_eq!(PersonName::parse("  \u{7}\t "), None);
        assert_eq!(PersonName::parse(""), None);
        assert_eq!(full_name("", "Petrova"), "Petrova");
        assert_eq!(full_name("", ""), "");
        assert_eq!(clean_text(" Sales\u{0}\n "), "Sales");
    }

    #[test]
    fn invisible_characters_go_and_accents_compose() {
        // Zero-width space, joiner, word joiner, BOM, soft hyphen, bidi override and isolate.
        assert_eq!(clean_text("Sa\u{200B}les\u{200D}\u{2060}\u{FEFF}"), "Sales");
        assert_eq!(
            clean_text("\u{202E}Sales\u{202C} \u{2066}x\u{2069}"),
            "Sales x"
        );
        assert_eq!(clean_text("Mar\u{AD}keting"), "Marketing");
        assert_eq!(
            PersonName::parse("\u{200B}\u{200E}").map(PersonName::into_string),
            None
        );
        // e + combining acute is the precomposed é; й and ё as typed stay as they are.
        assert_eq!(clean_text("Ren\u{65}\u{301}e"), "Ren\u{E9}e");
        assert_eq!(clean_text("Й\u{0435}\u{308}"), "Й\u{451}");
        assert_eq!(clean_text("Ирина Соловьёва"), "Ирина Соловьёва");
    }

    #[test]
    fn runs_of_white_space_are_one_space() {
        assert_eq!(clean_text("Ops  Team"), "Ops Team");
        assert_eq!(clean_text(" Ops \u{A0}\u{2003} Team "), "Ops Team");
        assert_eq!(clean_text("Ops \u{200B} Team"), "Ops Team");
        assert_eq!(
            PersonName::parse("Anna   Maria").map(PersonName::into_string),
            Some("Anna Maria".to_owned())
        );
    }
}
