//! Property tests of the e-mail and name parsers: what they give is always normalised, parsing
//! it again gives it back, and generated valid input always parses to its normal form.

use super::*;
use icu_properties::props::GeneralCategory;
use proptest::prelude::*;
use proptest::sample::select;

/// Text that is often nearly an address: words of address characters, an `@` or two, dots,
/// spaces and control characters in random places.
fn address_like() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[ \t]{0,2}[a-zA-Z0-9._+\\-]{0,12}@[a-zA-Z0-9.\\-]{0,12}[ \t\r\n]{0,2}",
        "[a-zA-Z0-9.@ \\-\u{0}\u{7}\u{a0}ÄÖ]{0,30}",
        "[a-z]{1,300}@[a-z]{1,5}\\.[a-z]{2,3}",
        // Long domains, around the 254-byte limit.
        "[a-z]{1,20}@([a-z]{40,63}\\.){2,5}com",
    ]
}

/// Text that is often nearly a name: letters and spaces with control characters, short or
/// around the 100-character cap.
fn name_like() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[a-zA-Zа-я \t\r\n\u{0}\u{1b}\u{7f}\u{85}\u{200b}\u{202e}\u{301}]{0,250}",
        "[ \t]{0,3}[a-zA-Zа-я]{95,110}[ \t]{0,3}",
    ]
}

/// A valid address from generated parts (`local@label.tld`), in lower case.
fn valid_address() -> impl Strategy<Value = String> {
    (
        "[a-z0-9]{1,12}(\\.[a-z0-9_+\\-]{1,6})?",
        "[a-z0-9]([a-z0-9\\-]{0,10}[a-z0-9])?",
        proptest::collection::vec("[a-z0-9]([a-z0-9\\-]{0,6}[a-z0-9])?", 0..3),
        select(&["com", "org", "ru", "io", "travel", "xn--p1ai"][..]),
    )
        .prop_map(|(local, label, more, tld)| {
            let mut domain = label;
            for m in more {
                domain.push('.');
                domain.push_str(&m);
            }
            format!("{local}@{domain}.{tld}")
        })
}

/// The characters of `text` one sees: neither control characters nor white space.
fn visible(text: &str) -> String {
    shown(text).chars().filter(|c| !c.is_whitespace()).collect()
}

/// What of `text` can be seen, told by Unicode's own tables: line breaks and tabs are white
/// space, no other control or format character (zero-width, bidi), in NFC.
fn shown(text: &str) -> String {
    let category = icu_properties::CodePointMapData::<GeneralCategory>::new();
    let kept: String = text
        .chars()
        .map(|c| {
            let line_break = matches!(c, '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}');
            if line_break || c == '\r' || c == '\n' || c == '\t' {
                ' '
            } else {
                c
            }
        })
        .filter(|&c| !c.is_control() && category.get(c) != GeneralCategory::Format)
        .collect();
    icu_normalizer::ComposingNormalizerBorrowed::new_nfc()
        .normalize(&kept)
        .into_owned()
}

/// `text` with the letters `upper` picks in upper case.
fn mixed_case(text: &str, upper: &[bool]) -> String {
    text.chars()
        .zip(upper.iter().chain(std::iter::repeat(&false)))
        .map(|(c, &u)| if u { c.to_ascii_uppercase() } else { c })
        .collect()
}

proptest! {
    #[test]
    fn a_parsed_address_is_normalised(input in address_like()) {
        if let Ok(e) = EmailAddress::parse(&input) {
            let s = e.as_str();
            prop_assert_eq!(s, s.to_lowercase());
            prop_assert_eq!(s, s.trim());
            prop_assert_eq!(s, input.trim().to_lowercase());
            prop_assert!(s.len() <= MAX_EMAIL_LEN);
            prop_assert!(!s.chars().any(|c| c.is_whitespace() || c.is_control()), "{:?}", s);
            let (local, domain) = s.rsplit_once('@').unwrap();
            prop_assert!(!local.is_empty());
            prop_assert!(domain.contains('.'), "{:?}", s);
            prop_assert!(!domain.starts_with('.') && !domain.ends_with('.'), "{:?}", s);
            // Idempotent: the normal form reads back as itself.
            prop_assert_eq!(EmailAddress::parse(s), Ok(e.clone()));
            prop_assert_eq!(e.to_string(), s);
        } else {
            // Refusal is stable too: the trimmed, lower-cased text is refused alike.
            prop_assert!(EmailAddress::parse(&input.trim().to_lowercase()).is_err());
        }
    }

    #[test]
    fn generated_addresses_parse_to_their_lower_case_trimmed_form(
        address in valid_address(),
        upper in proptest::collection::vec(any::<bool>(), 0..64),
        before in "[ \t\r\n]{0,3}",
        after in "[ \t\r\n]{0,3}",
    ) {
        let typed = format!("{before}{}{after}", mixed_case(&address, &upper));
        let parsed = EmailAddress::parse(&typed);
        prop_assert_eq!(parsed.as_ref().map(EmailAddress::as_str), Ok(address.as_str()), "{:?}", typed);
    }

    #[test]
    fn an_address_without_a_dotted_domain_is_refused(
        address in valid_address(),
        cut in 0usize..3,
    ) {
        let (local, domain) = address.rsplit_once('@').unwrap();
        let broken = match cut {
            0 => format!("{local}@{}", domain.replace('.', "")),
            1 => format!("{local}@.{domain}"),
            _ => format!("{local}@{domain}."),
        };
        prop_assert_eq!(EmailAddress::parse(&broken), Err(ContactProblem::MalformedEmail));
    }

    /// What a parsed name is, told without the cleaning's own code (Unicode's tables instead):
    /// no control or format character, in NFC, no white space at either end, at most the cap;
    /// its visible characters are the input's, in order, cut only at the cap; so within the cap
    /// it is there exactly when the input has a visible character. (Runs of white space inside
    /// become one space: not seen by `visible`.)
    #[test]
    fn a_parsed_name_is_clean(input in name_like()) {
        let parsed = PersonName::parse(&input);
        let within_cap = shown(&input).chars().count() <= MAX_NAME_CHARS;
        let typed = visible(&input);
        match &parsed {
            Some(name) => {
                let s = name.as_str();
                prop_assert!(!s.is_empty());
                prop_assert!(!s.chars().any(char::is_control), "{:?}", s);
                prop_assert_eq!(shown(s), s, "nothing invisible, in NFC");
                prop_assert!(!s.starts_with(char::is_whitespace), "{:?}", s);
                prop_assert!(!s.ends_with(char::is_whitespace), "{:?}", s);
                prop_assert!(s.chars().count() <= MAX_NAME_CHARS, "{:?}", s);
                let kept = visible(s);
                prop_assert!(!kept.is_empty(), "{:?}", s);
                prop_assert!(typed.starts_with(&kept), "{:?} from {:?}", s, input);
                if within_cap {
                    prop_assert_eq!(&kept, &typed, "nothing visible lost from {:?}", input);
                }
                prop_assert_eq!(PersonName::parse(s), Some(name.clone()));
            }
            None => {
                if within_cap {
                    prop_assert!(typed.is_empty(), "{:?} has {:?}", input, typed);
                }
            }
        }
    }

    /// Past the cap a name is cut, not refused: a name that begins well within the cap and
    /// runs on past it parses to at most the cap, beginning with that name.
    #[test]
    fn a_long_name_is_cut_at_the_cap(
        before in "[ \u{a0}]{0,3}",
        name in "[A-Za-zА-Яа-я]{1,20}( [A-Za-zА-Яа-я]{1,20}){0,3}",
        tail in "[A-Za-zА-Яа-я ]{100,200}",
    ) {
        let typed = format!("{before}{name} {tail}");
        let parsed = PersonName::parse(&typed);
        let s = parsed.as_ref().map_or("", PersonName::as_str);
        prop_assert!(s.starts_with(name.as_str()), "{:?} from {:?}", s, typed);
        prop_assert!(s.chars().count() <= MAX_NAME_CHARS, "{:?}", s);
    }

    #[test]
    fn a_typed_name_keeps_its_text(
        name in "[A-Za-zА-Яа-яё'\\-]{1,20}( [A-Za-zА-Яа-яё'\\-]{1,20}){0,2}",
        before in "[ \t]{0,3}",
        after in "[ \t\r\n]{0,3}",
    ) {
        let typed = format!("{before}{name}{after}");
        prop_assert_eq!(PersonName::parse(&typed).map(PersonName::into_string), Some(name));
    }
}
