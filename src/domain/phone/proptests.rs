//! Property tests of the phone parser: generated numbers, typed with random separators, parse
//! to their digits in E.164 under any region; whatever parses is E.164 and reads back as itself.

use super::*;
use phonenumber::country::Id::{GB, RU, US};
use proptest::prelude::*;
use proptest::sample::select;

/// Every region the tests read numbers under (none: the international rules).
fn rules() -> impl Strategy<Value = PhoneRules> {
    select(&[None, Some(RU), Some(US), Some(GB)][..]).prop_map(PhoneRules::with_region)
}

/// The digits of a number that exists (country code first): a Russian mobile, a US number set
/// aside for examples, a UK mobile.
fn digits() -> impl Strategy<Value = String> {
    prop_oneof![
        (0u32..10_000_000).prop_map(|n| format!("7905{n:07}")),
        (100u32..200).prop_map(|n| format!("1202555{n:04}")),
        (0u32..1_000_000).prop_map(|n| format!("447400{n:06}")),
    ]
}

/// The digits cut into groups after the country code, joined with separators people type.
fn typed(digits: &str, cuts: &[(usize, usize)], plus: bool) -> String {
    const SEPARATORS: [&str; 7] = [" ", "-", ".", "/", " - ", "\u{a0}", ""];
    let code = if digits.starts_with('7') || digits.starts_with('1') {
        1
    } else {
        2
    };
    let mut out = String::from(if plus { "+" } else { "" });
    out.push_str(&digits[..code]);
    let mut rest = &digits[code..];
    let mut first = true;
    for &(len, sep) in cuts {
        if rest.is_empty() {
            break;
        }
        let take = (len % 4 + 1).min(rest.len());
        out.push_str(SEPARATORS[sep % SEPARATORS.len()]);
        if first && sep % 3 == 0 {
            out.push('(');
            out.push_str(&rest[..take]);
            out.push(')');
        } else {
            out.push_str(&rest[..take]);
        }
        first = false;
        rest = &rest[take..];
    }
    if !rest.is_empty() {
        out.push(' ');
        out.push_str(rest);
    }
    out
}

proptest! {
    #[test]
    fn typed_numbers_parse_to_their_digits(
        digits in digits(),
        cuts in proptest::collection::vec((0usize..8, 0usize..32), 0..8),
        rules in rules(),
    ) {
        let text = typed(&digits, &cuts, true);
        let parsed = rules.parse(&text);
        let want = format!("+{digits}");
        prop_assert_eq!(
            parsed.as_ref().map(PhoneNumber::as_str),
            Ok(want.as_str()),
            "{:?}",
            text
        );
        // International rules read the same number, and the E.164 form reads back as itself.
        prop_assert_eq!(PhoneRules::INTERNATIONAL.parse(&text), parsed.clone());
        let e164 = parsed.unwrap();
        prop_assert_eq!(rules.parse(e164.as_str()), Ok(e164.clone()));
    }

    #[test]
    fn the_country_code_without_its_plus_reads_alike_without_a_region(
        digits in digits(),
        cuts in proptest::collection::vec((0usize..8, 0usize..32), 0..8),
    ) {
        let text = typed(&digits, &cuts, false);
        prop_assert_eq!(
            PhoneRules::INTERNATIONAL.parse(&text).map(PhoneNumber::into_string),
            Ok(format!("+{digits}")),
            "{:?}",
            text
        );
    }

    #[test]
    fn whatever_parses_is_e164_and_a_fixed_point(
        text in prop_oneof![any::<String>(), "[+]?[0-9 ()\\-.]{0,24}", "(8|0|00|\\+)[0-9 ]{6,18}"],
        rules in rules(),
    ) {
        if let Ok(number) = rules.parse(&text) {
            let s = number.as_str();
            let digits = s.strip_prefix('+').unwrap();
            prop_assert!(digits.chars().all(|c| c.is_ascii_digit()), "{:?}", s);
            prop_assert!((MIN_DIGITS..=MAX_DIGITS).contains(&digits.len()), "{:?}", s);
            prop_assert!(!digits.starts_with('0'));
            for other in [PhoneRules::INTERNATIONAL, PhoneRules::with_region(Some(RU)), rules] {
                prop_assert_eq!(other.parse(s), Ok(number.clone()));
            }
        }
    }
}
