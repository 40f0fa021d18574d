//! Table tests of the mass-invite parser: the tricky inputs, one by one.

use super::*;

fn email(s: &str) -> Result<Recipient, ItemProblem> {
    Ok(Recipient::Email(EmailAddress::parse(s).unwrap()))
}

fn phone(s: &str) -> Result<Recipient, ItemProblem> {
    Ok(Recipient::Phone(
        PhoneRules::INTERNATIONAL.parse(s).unwrap(),
    ))
}

type Want<'a> = (
    &'a str,
    Option<&'a str>,
    Option<&'a str>,
    Result<Recipient, ItemProblem>,
);

fn item(want: &Want) -> Item {
    let (raw, first, last, outcome) = want;
    Item {
        raw: (*raw).to_owned(),
        first_name: first.map(|n| PersonName::parse(n).unwrap()),
        last_name: last.map(|n| PersonName::parse(n).unwrap()),
        outcome: outcome.clone(),
    }
}

#[test]
fn tricky_inputs() {
    use ItemProblem::*;
    let cases: Vec<(&str, Vec<Want>)> = vec![
        ("", vec![]),
        (" ,;\n\r\n\t ;, ", vec![]),
        (
            "a@x.com,,b@x.com",
            vec![
                ("a@x.com", None, None, email("a@x.com")),
                ("b@x.com", None, None, email("b@x.com")),
            ],
        ),
        (
            "Anna <bad>",
            vec![("Anna <bad>", Some("Anna"), None, Err(MalformedEmail))],
        ),
        (
            "9051111111",
            vec![("9051111111", None, None, Err(PhoneWithoutCountryCode))],
        ),
        (
            "Ivan@Example.COM ivan@example.com",
            vec![
                ("Ivan@Example.COM", None, None, email("ivan@example.com")),
                ("ivan@example.com", None, None, Err(Duplicate)),
            ],
        ),
        (
            "  Anna Petrova <Anna@X.com>  ",
            vec![(
                "Anna Petrova <Anna@X.com>",
                Some("Anna"),
                Some("Petrova"),
                email("anna@x.com"),
            )],
        ),
        (
            "\"Petrova, Anna\" <anna@x.com>; \"Sales; Moscow, Ivan\"<ivan@x.com>",
            vec![
                (
                    "\"Petrova, Anna\" <anna@x.com>",
                    Some("Anna"),
                    Some("Petrova"),
                    email("anna@x.com"),
                ),
                (
                    "\"Sales; Moscow, Ivan\"<ivan@x.com>",
                    Some("Ivan"),
                    Some("Sales; Moscow"),
                    email("ivan@x.com"),
                ),
            ],
        ),
        (
            "Anna Maria Petrova <a@x.com>, \"Ivan\" <i@x.com>, <p@x.com>, \"\" <q@x.com>",
            vec![
                (
                    "Anna Maria Petrova <a@x.com>",
                    Some("Anna Maria"),
                    Some("Petrova"),
                    email("a@x.com"),
                ),
                ("\"Ivan\" <i@x.com>", Some("Ivan"), None, email("i@x.com")),
                ("<p@x.com>", None, None, email("p@x.com")),
                ("\"\" <q@x.com>", None, None, email("q@x.com")),
            ],
        ),
        (
            "+7 905 111-11-11 +1 (202) 555-0101\n+7 (905)\t111 11 11",
            vec![
                ("+7 905 111-11-11", None, None, phone("+79051111111")),
                ("+1 (202) 555-0101", None, None, phone("+12025550101")),
                ("+7 (905)\t111 11 11", None, None, Err(Duplicate)),
            ],
        ),
        (
            // Numbers whose start is a valid number too: the longest valid run wins.
            "+49 30 1234 5678, +39 06 1234 5678 +1 202.555.0101",
            vec![
                ("+49 30 1234 5678", None, None, phone("+493012345678")),
                ("+39 06 1234 5678", None, None, phone("+390612345678")),
                ("+1 202.555.0101", None, None, phone("+12025550101")),
            ],
        ),
        (
            "79051111111 79051111112",
            vec![
                ("79051111111", None, None, phone("+79051111111")),
                ("79051111112", None, None, phone("+79051111112")),
            ],
        ),
        (
            // Two national numbers are 20 digits: never one item.
            "9051111111 9051111112",
            vec![
                ("9051111111", None, None, Err(PhoneWithoutCountryCode)),
                ("9051111112", None, None, Err(PhoneWithoutCountryCode)),
            ],
        ),
        (
            "+7 905 111-11-11 12, +7 905",
            vec![
                ("+7 905 111-11-11", None, None, phone("+79051111111")),
                ("12", None, None, Err(MalformedPhone)),
                ("+7 905", None, None, Err(MalformedPhone)),
            ],
        ),
        (
            "Anna +79051111111 a@x.com Boris <b@x.com>",
            vec![
                ("Anna", None, None, Err(NotAContact)),
                ("+79051111111", None, None, phone("+79051111111")),
                ("a@x.com", None, None, email("a@x.com")),
                ("Boris <b@x.com>", Some("Boris"), None, email("b@x.com")),
            ],
        ),
        (
            // An unclosed bracket ends at the next separator.
            "Anna <anna@x.com b@x.com, <>",
            vec![
                ("Anna <anna@x.com", Some("Anna"), None, Err(MalformedEmail)),
                ("b@x.com", None, None, email("b@x.com")),
                ("<>", None, None, Err(MalformedEmail)),
            ],
        ),
        (
            "Petrova<a@x.com>b@x.com",
            vec![
                ("Petrova<a@x.com>", Some("Petrova"), None, email("a@x.com")),
                ("b@x.com", None, None, email("b@x.com")),
            ],
        ),
        (
            // Quotes not followed by a bracket are not a display name: they split nothing.
            "\"a@x.com, b@x.com\"",
            vec![
                ("\"a@x.com", None, None, Err(MalformedEmail)),
                ("b@x.com\"", None, None, Err(MalformedEmail)),
            ],
        ),
        (
            // Non-breaking spaces and tabs separate like spaces.
            "a@x.com\tb@x.com\u{a0}c@x.com",
            vec![
                ("a@x.com", None, None, email("a@x.com")),
                ("b@x.com", None, None, email("b@x.com")),
                ("c@x.com", None, None, email("c@x.com")),
            ],
        ),
        (
            // Only valid recipients can be duplicates; a bad item repeated is bad twice.
            "bad bad, +79051111111; 7 905 111 11 11",
            vec![
                ("bad", None, None, Err(NotAContact)),
                ("bad", None, None, Err(NotAContact)),
                ("+79051111111", None, None, phone("+79051111111")),
                ("7 905 111 11 11", None, None, Err(Duplicate)),
            ],
        ),
        (
            "Ivan\u{7} <i@x.com>",
            vec![("Ivan\u{7} <i@x.com>", Some("Ivan"), None, email("i@x.com"))],
        ),
    ];
    for (input, want) in cases {
        let want: Vec<Item> = want.iter().map(item).collect();
        assert_eq!(
            parse(input, &PhoneRules::INTERNATIONAL),
            want,
            "input {input:?}"
        );
    }
}

/// Inputs that would make a careless reader quadratic (each `<` or `"` looking ahead to the end,
/// each phone word re-reading the run) are read in linear time.
#[test]
fn pathological_inputs_are_read_in_linear_time() {
    let n = 200_000;
    for (unit, items) in [
        ("<", 1),
        ("\"", 1),
        ("- ", 0),
        ("+1 ", 0),
        ("a ", 0),
        ("\"a, ", 0),
    ] {
        let text = unit.repeat(n);
        let started = std::time::Instant::now();
        let parsed = parse(&text, &PhoneRules::INTERNATIONAL);
        assert!(
            started.elapsed() < std::time::Duration::from_secs(5),
            "{unit:?}: {:?}",
            started.elapsed()
        );
        if items > 0 {
            assert_eq!(parsed.len(), items, "{unit:?}");
        } else {
            assert!(!parsed.is_empty(), "{unit:?}");
        }
    }
}

#[test]
fn problems_map_to_reasons() {
    assert_eq!(
        ItemProblem::MalformedEmail.reason(),
        Some(Reason::MalformedEmail)
    );
    assert_eq!(
        ItemProblem::PhoneWithoutCountryCode.reason(),
        Some(Reason::PhoneNoCountryCode)
    );
    assert_eq!(
        ItemProblem::MalformedPhone.reason(),
        Some(Reason::MalformedPhone)
    );
    assert_eq!(ItemProblem::Duplicate.reason(), None);
}

/// The platform's default region reads the trunk prefix in the box; without it the same text
/// is a number without country code (seed 001), and a bare national number is refused either way.
#[test]
fn default_region_reads_the_trunk_prefix() {
    use ItemProblem::{Duplicate, PhoneWithoutCountryCode};
    let ru = PhoneRules::with_region(Some(phonenumber::country::Id::RU));
    let text = "8 (905) 111-11-11, +7 905 111 11 11; 9051111111";
    let outcomes: Vec<_> = parse(text, &ru).into_iter().map(|i| i.outcome).collect();
    assert_eq!(
        outcomes,
        vec![
            phone("+79051111111"),
            Err(Duplicate),
            Err(PhoneWithoutCountryCode)
        ]
    );
    let outcomes: Vec<_> = parse(text, &PhoneRules::INTERNATIONAL)
        .into_iter()
        .map(|i| i.outcome)
        .collect();
    assert_eq!(
        outcomes,
        vec![
            Err(PhoneWithoutCountryCode),
            phone("+79051111111"),
            Err(PhoneWithoutCountryCode)
        ]
    );
}
