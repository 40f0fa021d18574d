//! Real-world forms, table-driven: what people type, the platform's default region, and the
//! E.164 number or the problem it must give.

use super::*;
use crate::domain::contact::ContactProblem::{MalformedPhone, PhoneWithoutCountryCode};
use phonenumber::country::Id::{BY, CN, DE, FR, GB, IN, KZ, RU, UA, US};

type Expected = Result<&'static str, ContactProblem>;

/// (typed, default region, expected)
const FORMS: &[(&str, Option<Id>, Expected)] = &[
    // Russia: every usual way of writing the same mobile.
    ("+7 905 111-11-11", None, Ok("+79051111111")),
    ("79051111111", None, Ok("+79051111111")),
    ("+7(905)1111111", None, Ok("+79051111111")),
    ("8 (905) 111-11-11", Some(RU), Ok("+79051111111")),
    ("+7 905 111-11-11", Some(RU), Ok("+79051111111")),
    ("79051111111", Some(RU), Ok("+79051111111")),
    ("+7(905)1111111", Some(RU), Ok("+79051111111")),
    ("8-905-111-11-11", Some(RU), Ok("+79051111111")),
    ("89051111111", Some(RU), Ok("+79051111111")),
    // No-break spaces, as a word processor or a web page puts them.
    (
        "8\u{a0}905\u{a0}111\u{a0}11\u{a0}11",
        Some(RU),
        Ok("+79051111111"),
    ),
    (
        "+7\u{202f}905\u{202f}111\u{2011}11\u{2011}11",
        None,
        Ok("+79051111111"),
    ),
    // Copied from a phone's contacts: wrapped in direction marks.
    ("\u{202a}+7 905 111-11-11\u{202c}", None, Ok("+79051111111")),
    // Full-width digits and plus.
    ("＋７ ９０５ １１１ １１ １１", None, Ok("+79051111111")),
    ("８９０５１１１１１１１", Some(RU), Ok("+79051111111")),
    ("00 7 905 111 11 11", None, Ok("+79051111111")),
    ("8 (495) 123-45-67", Some(RU), Ok("+74951234567")),
    // The trunk prefix kept after the country code, like the British "(0)": dropped.
    ("+7 (8) 905 111 11 11", None, Ok("+79051111111")),
    // Russia's own international prefix (8, tone, 10).
    ("8 10 49 30 123456", Some(RU), Ok("+4930123456")),
    // Seed 001: a national number without trunk prefix or country code.
    ("9051111111", None, Err(PhoneWithoutCountryCode)),
    ("9051111111", Some(RU), Err(PhoneWithoutCountryCode)),
    ("905 111-11-11", Some(RU), Err(PhoneWithoutCountryCode)),
    ("8 (905) 111-11-11", None, Err(PhoneWithoutCountryCode)),
    // Kazakhstan shares +7 and the trunk prefix 8.
    ("8 (701) 123-45-67", Some(KZ), Ok("+77011234567")),
    ("+7 701 123 45 67", None, Ok("+77011234567")),
    ("8 905 111 11 11", Some(KZ), Ok("+79051111111")),
    // Belarus: trunk prefix 8, mobiles dialled 8 0xx.
    ("+375 29 491-19-11", None, Ok("+375294911911")),
    ("8 029 491-19-11", Some(BY), Ok("+375294911911")),
    // Ukraine.
    ("+380 50 123 4567", None, Ok("+380501234567")),
    ("050 123 4567", Some(UA), Ok("+380501234567")),
    ("50 123 4567", Some(UA), Err(PhoneWithoutCountryCode)),
    // Germany: trunk prefix 0, the slash notation, 00.
    ("+49 151 23456789", None, Ok("+4915123456789")),
    ("0151 23456789", Some(DE), Ok("+4915123456789")),
    ("030/123456", Some(DE), Ok("+4930123456")),
    ("0049 30 123456", Some(DE), Ok("+4930123456")),
    // United Kingdom: the "(0)" written after the country code.
    ("+44 (0)20 7946 0958", None, Ok("+442079460958")),
    ("+44 7400 123456", None, Ok("+447400123456")),
    ("07400 123456", Some(GB), Ok("+447400123456")),
    ("07400 123456", None, Err(PhoneWithoutCountryCode)),
    // A British national number under a Russian default region: the wrong country.
    ("07400 123456", Some(RU), Err(PhoneWithoutCountryCode)),
    ("+44 20 7946 095", None, Err(MalformedPhone)),
    // United States: the trunk prefix is the country code; the US international prefix 011.
    ("+1 (201) 555-0123", None, Ok("+12015550123")),
    ("+1 201.555.0123", None, Ok("+12015550123")),
    ("1-201-555-0123", Some(US), Ok("+12015550123")),
    ("011 44 7400 123456", Some(US), Ok("+447400123456")),
    ("(201) 555-0123", Some(US), Err(PhoneWithoutCountryCode)),
    // France.
    ("+33 6 12 34 56 78", None, Ok("+33612345678")),
    ("06 12 34 56 78", Some(FR), Ok("+33612345678")),
    ("06.12.34.56.78", Some(FR), Ok("+33612345678")),
    // India.
    ("+91 81234 56789", None, Ok("+918123456789")),
    ("081234 56789", Some(IN), Ok("+918123456789")),
    // China: mobiles are written without the trunk prefix, so they need +86 (a CN default
    // region does not let `131 2345 6789` pass as the US +1 312 345 6789).
    ("+86 131 2345 6789", None, Ok("+8613123456789")),
    ("0086 131 2345 6789", Some(CN), Ok("+8613123456789")),
    ("131 2345 6789", Some(CN), Err(PhoneWithoutCountryCode)),
    // Too short, too long, letters, extensions, unknown country codes, stray signs.
    ("+7 905 111-11", None, Err(MalformedPhone)),
    ("+7 905 111-11-11-11", None, Err(MalformedPhone)),
    ("8 905 111 11", Some(RU), Err(MalformedPhone)),
    ("12345", None, Err(MalformedPhone)),
    ("", None, Err(MalformedPhone)),
    ("1234567890123456789012", None, Err(MalformedPhone)),
    ("+7 905 CALL-NOW", None, Err(MalformedPhone)),
    ("1-800-FLOWERS", Some(US), Err(MalformedPhone)),
    ("+7 905 111-11-11 доб. 12", None, Err(MalformedPhone)),
    ("+1 201 555 0123 ext. 7", None, Err(MalformedPhone)),
    ("+1 201 555 0123 x7", None, Err(MalformedPhone)),
    ("+999 123 4567", None, Err(MalformedPhone)),
    ("+7 905 111-11-11 +7", None, Err(MalformedPhone)),
    ("ivan@example.com", None, Err(MalformedPhone)),
    ("+7 905 111\u{0}11 11", None, Err(MalformedPhone)),
];

#[test]
fn real_world_forms() {
    assert!(FORMS.len() >= 30);
    let mut wrong = Vec::new();
    for &(typed, region, expected) in FORMS {
        let got = PhoneRules::with_region(region).parse(typed);
        if got.as_ref().map(PhoneNumber::as_str).map_err(|e| *e) != expected {
            wrong.push(format!(
                "{typed:?} in {region:?}: got {got:?}, want {expected:?}"
            ));
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

/// The same person, however written, when the platform's region is RU.
#[test]
fn one_person_many_forms_under_ru() {
    let ru = PhoneRules::with_region(Some(RU));
    for typed in [
        "8 (905) 111-11-11",
        "+7 905 111-11-11",
        "79051111111",
        "+7(905)1111111",
    ] {
        assert_eq!(
            ru.parse(typed).as_ref().map(PhoneNumber::as_str),
            Ok("+79051111111"),
            "{typed}"
        );
    }
}

/// Stored numbers (E.164) read back the same under any region.
#[test]
fn e164_is_a_fixed_point() {
    for &(_, _, expected) in FORMS {
        let Ok(e164) = expected else { continue };
        for region in [None, Some(RU), Some(US), Some(CN), Some(GB)] {
            assert_eq!(
                PhoneRules::with_region(region)
                    .parse(e164)
                    .as_ref()
                    .map(PhoneNumber::as_str),
                Ok(e164),
                "{e164} in {region:?}"
            );
        }
    }
}
