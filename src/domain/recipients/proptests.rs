//! Property tests of the mass-invite parser: generated lists parse back, nothing typed is
//! dropped, later copies are duplicates.

use super::*;
use proptest::prelude::*;
use proptest::sample::{select, Index};
use std::collections::HashSet;

/// A valid recipient, typed in one of several ways.
#[derive(Debug, Clone)]
enum Contact {
    /// Lower-case address.
    Email(String),
    /// `+7 905` and the last seven digits.
    Ru(u32),
    /// `+1 202 555 01` and the last two digits (the numbers set aside for examples).
    Us(u32),
}

impl Contact {
    fn recipient(&self) -> Recipient {
        match self {
            Contact::Email(e) => Recipient::Email(EmailAddress::parse(e).unwrap()),
            Contact::Ru(n) => Recipient::Phone(e164(&format!("+7905{n:07}"))),
            Contact::Us(n) => Recipient::Phone(e164(&format!("+1202555{:04}", 100 + n))),
        }
    }

    /// `ru`: the platform's default region is RU, which adds the form `8 (905) …`.
    fn typed(&self, style: u8, ru: bool) -> String {
        match self {
            Contact::Email(e) => match style % 3 {
                0 => e.clone(),
                1 => e.to_uppercase(),
                _ => e[..1].to_uppercase() + &e[1..],
            },
            Contact::Ru(n) => {
                let d = format!("{n:07}");
                let (a, b, c) = (&d[..3], &d[3..5], &d[5..]);
                match style % if ru { 5 } else { 4 } {
                    0 => format!("+7905{d}"),
                    1 => format!("7905{d}"),
                    2 => format!("+7 905 {a}-{b}-{c}"),
                    3 => format!("+7 (905) {a} {b} {c}"),
                    _ => format!("8 (905) {a}-{b}-{c}"),
                }
            }
            Contact::Us(n) => match style % 3 {
                0 => format!("+1202555{:04}", 100 + n),
                1 => format!("+1 (202) 555-{:04}", 100 + n),
                _ => format!("+1 202 555 {:04}", 100 + n),
            },
        }
    }
}

/// The number in E.164, as only the parser makes it.
fn e164(number: &str) -> PhoneNumber {
    PhoneRules::INTERNATIONAL.parse(number).unwrap()
}

fn contact() -> impl Strategy<Value = Contact> {
    prop_oneof![
        (
            "[a-z0-9]{1,8}(\\.[a-z0-9_+-]{1,5})?",
            "[a-z]{1,8}",
            select(&["com", "org", "ru", "io"][..])
        )
            .prop_map(|(local, domain, tld)| Contact::Email(format!("{local}@{domain}.{tld}"))),
        (0u32..10_000_000).prop_map(Contact::Ru),
        (0u32..100).prop_map(Contact::Us),
    ]
}

/// One item as a person types it, with what it must parse to.
#[derive(Debug, Clone)]
struct Typed {
    text: String,
    first: Option<String>,
    last: Option<String>,
    recipient: Recipient,
}

fn rules(ru: bool) -> PhoneRules {
    PhoneRules::with_region(ru.then_some(phonenumber::country::Id::RU))
}

fn typed_item(ru: bool) -> impl Strategy<Value = Typed> {
    let word = || "[A-Z][a-z]{0,7}";
    (
        contact(),
        any::<u8>(),
        0u8..5,
        word(),
        word(),
        select(&["", " ", "  "][..]),
    )
        .prop_map(move |(contact, style, form, first, last, gap)| {
            let address = contact.typed(style, ru);
            let (text, names) = match (&contact, form) {
                (Contact::Email(_), 1) => (format!("{first}{gap}<{address}>"), (Some(first), None)),
                (Contact::Email(_), 2) => (
                    format!("{first} {last}{gap}<{address}>"),
                    (Some(first), Some(last)),
                ),
                (Contact::Email(_), 3) => (
                    format!("\"{last}, {first}\"{gap}<{address}>"),
                    (Some(first), Some(last)),
                ),
                (Contact::Email(_), 4) => (
                    format!("\"{first} {last}\"{gap}<{address}>"),
                    (Some(first), Some(last)),
                ),
                _ => (address, (None, None)),
            };
            Typed {
                text,
                first: names.0,
                last: names.1,
                recipient: contact.recipient(),
            }
        })
}

/// One or more separators: runs of spaces, commas, semicolons and line ends.
fn separators(min: usize) -> impl Strategy<Value = String> {
    let piece = select(&[" ", "  ", "\t", ",", ";", "\n", "\r\n", ", ", " ;\n"][..]);
    prop::collection::vec(piece, min..4).prop_map(|pieces| pieces.concat())
}

/// The items joined by separators, with separators (or none) before and after.
fn joined(items: &[String], seps: &[String], lead: &str, tail: &str) -> String {
    let mut text = lead.to_owned();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            text.push_str(&seps[i % seps.len()]);
        }
        text.push_str(item);
    }
    text + tail
}

fn strip_separators(s: &str) -> String {
    s.chars()
        .filter(|&c| !matches!(c, ',' | ';') && !c.is_whitespace())
        .collect()
}

proptest! {
    /// Any list of valid items joined by separators parses back to exactly those items.
    #[test]
    fn valid_lists_parse_back(
        (ru, items) in any::<bool>()
            .prop_flat_map(|ru| (Just(ru), prop::collection::vec(typed_item(ru), 0..12))),
        seps in prop::collection::vec(separators(1), 1..12),
        lead in separators(0),
        tail in separators(0),
    ) {
        let mut seen = HashSet::new();
        let items: Vec<Typed> =
            items.into_iter().filter(|t| seen.insert(t.recipient.clone())).collect();
        let texts: Vec<String> = items.iter().map(|t| t.text.clone()).collect();
        let text = joined(&texts, &seps, &lead, &tail);
        let want: Vec<Item> = items
            .into_iter()
            .map(|t| Item {
                raw: t.text,
                first_name: t.first.map(|n| PersonName::parse(&n).unwrap()),
                last_name: t.last.map(|n| PersonName::parse(&n).unwrap()),
                outcome: Ok(t.recipient),
            })
            .collect();
        prop_assert_eq!(parse(&text, &rules(ru)), want, "text {:?} ru {}", text, ru);
    }

    /// Any text: no panic, and every character but separators is in exactly one item's raw
    /// text, in order.
    #[test]
    fn nothing_is_dropped(
        text in prop_oneof![
            any::<String>(),
            "[a-z0-9@<>\" ,;\n\r\t+().\\-\u{a0}é]{0,80}",
        ],
        ru in any::<bool>(),
    ) {
        let items = parse(&text, &rules(ru));
        for item in &items {
            prop_assert!(!item.raw.is_empty());
            prop_assert_eq!(item.raw.trim(), item.raw.as_str());
        }
        let raws: String = items.iter().map(|i| i.raw.as_str()).collect();
        prop_assert_eq!(strip_separators(&raws), strip_separators(&text));
    }

    /// Repeats, however typed, are the later copies, each marked duplicate.
    #[test]
    fn later_copies_are_duplicates(
        pool in prop::collection::vec(contact(), 1..5),
        picks in prop::collection::vec((any::<Index>(), any::<u8>()), 1..15),
        seps in prop::collection::vec(separators(1), 1..5),
        ru in any::<bool>(),
    ) {
        let chosen: Vec<(&Contact, u8)> =
            picks.iter().map(|(i, style)| (i.get(&pool), *style)).collect();
        let texts: Vec<String> = chosen.iter().map(|(c, style)| c.typed(*style, ru)).collect();
        let text = joined(&texts, &seps, "", "");
        let mut seen = HashSet::new();
        let want: Vec<Result<Recipient, ItemProblem>> = chosen
            .iter()
            .map(|(c, _)| {
                let r = c.recipient();
                if seen.insert(r.clone()) { Ok(r) } else { Err(ItemProblem::Duplicate) }
            })
            .collect();
        let got: Vec<Result<Recipient, ItemProblem>> =
            parse(&text, &rules(ru)).into_iter().map(|i| i.outcome).collect();
        prop_assert_eq!(got, want, "text {:?}", text);
    }
}
