//! English and Russian: every user-facing string comes from `locales/<lang>/main.ftl`.

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader};
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{LazyLock, PoisonError, RwLock};

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        customise: |bundle| {
            bundle.set_use_isolating(false);
            // Every whole number a message shows is grouped as its language writes it.
            if bundle.locales.first().is_some_and(|l| l.language.as_str() == "ru") {
                bundle.set_formatter(Some(grouped_ru));
            } else {
                bundle.set_formatter(Some(grouped_en));
            }
        },
    };
}

/// A whole number from 1,000 up (or down from -1,000) shown by a message, grouped as
/// [`format_number`] writes it in `lang`; other values as Fluent writes them. Plurals still
/// select on the number itself.
fn grouped(lang: Lang, value: &FluentValue) -> Option<String> {
    let FluentValue::Number(n) = value else {
        return None;
    };
    let whole = n.value.fract() == 0.0 && n.options.minimum_fraction_digits.is_none();
    (whole && n.value.abs() >= 1_000.0 && n.value.abs() < 9.0e15)
        .then(|| format_number(lang, n.value as i64))
}

fn grouped_en<M>(value: &FluentValue, _: &M) -> Option<String> {
    grouped(Lang::En, value)
}

fn grouped_ru<M>(value: &FluentValue, _: &M) -> Option<String> {
    grouped(Lang::Ru, value)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Ru,
}

static EN: LazyLock<LanguageIdentifier> = LazyLock::new(|| langid("en"));
static RU: LazyLock<LanguageIdentifier> = LazyLock::new(|| langid("ru"));

fn langid(code: &str) -> LanguageIdentifier {
    code.parse().unwrap_or_default()
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Ru];

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ru => "ru",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().get(..2) {
            Some("en") => Some(Lang::En),
            Some("ru") => Some(Lang::Ru),
            _ => None,
        }
    }

    /// The first supported language of an `Accept-Language` header, in the client's order.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut langs: Vec<(f32, Lang)> = header
            .split(',')
            .filter_map(|part| {
                let mut it = part.split(';');
                let lang = Lang::parse(it.next()?)?;
                let q = it
                    .find_map(|p| p.trim().strip_prefix("q=")?.parse::<f32>().ok())
                    .unwrap_or(1.0);
                Some((q, lang))
            })
            .collect();
        langs.sort_by(|a, b| b.0.total_cmp(&a.0));
        langs.first().map(|(_, l)| *l)
    }

    fn id(self) -> &'static LanguageIdentifier {
        match self {
            Lang::En => &EN,
            Lang::Ru => &RU,
        }
    }
}

/// Messages without arguments as formatted the first time, per language (`Lang as usize`).
/// Fluent negotiates the language and formats the pattern on every look-up, and a page asks for
/// dozens (a label per row of the users table): 12 % of that page's CPU. Only keys the locale
/// files have are kept, so the map cannot grow past them whatever a caller passes.
static PLAIN: LazyLock<[RwLock<HashMap<String, String>>; 2]> = LazyLock::new(Default::default);

/// The message for `key`; a missing key shows as the key itself (and a test catches it).
pub fn tr(lang: Lang, key: &str) -> String {
    let kept = &PLAIN[lang as usize];
    if let Some(text) = kept.read().unwrap_or_else(PoisonError::into_inner).get(key) {
        return text.clone();
    }
    match LOCALES.try_lookup(lang.id(), key) {
        Some(text) => {
            kept.write()
                .unwrap_or_else(PoisonError::into_inner)
                .insert(key.to_owned(), text.clone());
            text
        }
        None => key.to_owned(),
    }
}

/// The message for `key` with named arguments (numbers are passed as numbers for plurals).
pub fn tr_args(lang: Lang, key: &str, args: &[(&str, Arg)]) -> String {
    let map: HashMap<Cow<'static, str>, FluentValue> = args
        .iter()
        .map(|(k, v)| {
            let value = match v {
                Arg::Str(s) => FluentValue::from(s.clone()),
                Arg::Num(n) => FluentValue::from(*n),
            };
            (Cow::Owned((*k).to_owned()), value)
        })
        .collect();
    LOCALES
        .try_lookup_with_args(lang.id(), key, &map)
        .unwrap_or_else(|| key.to_owned())
}

#[derive(Debug, Clone)]
pub enum Arg {
    Str(String),
    Num(i64),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Str(s.to_owned())
    }
}
impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Str(s)
    }
}
impl From<&String> for Arg {
    fn from(s: &String) -> Self {
        Arg::Str(s.clone())
    }
}
impl From<i64> for Arg {
    fn from(n: i64) -> Self {
        Arg::Num(n)
    }
}
impl From<&i64> for Arg {
    fn from(n: &i64) -> Self {
        Arg::Num(*n)
    }
}
impl From<usize> for Arg {
    fn from(n: usize) -> Self {
        Arg::Num(n as i64)
    }
}

/// A whole number as the language writes it, its thousands grouped: `1,000,000` in English,
/// `1 000 000` (no-break spaces) in Russian.
pub fn format_number(lang: Lang, n: i64) -> String {
    let sep = match lang {
        Lang::En => ",",
        Lang::Ru => "\u{a0}",
    };
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() * 2);
    if n < 0 {
        out.push('-');
    }
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(d);
    }
    out
}

/// A size in bytes as the language writes it, exact: whole megabytes ("1 MB", "10 MB"), else
/// whole kilobytes ("512 KB"), else bytes ("300 bytes", "1,500,000 bytes"); 1 KB is 1,024 bytes.
pub fn format_size(lang: Lang, bytes: usize) -> String {
    const KB: usize = 1024;
    const MB: usize = KB * KB;
    let n = |v: usize| i64::try_from(v).unwrap_or(i64::MAX);
    let args = |v: usize| {
        [
            ("n", Arg::Num(n(v))),
            ("value", Arg::Str(format_number(lang, n(v)))),
        ]
    };
    if bytes >= MB && bytes.is_multiple_of(MB) {
        tr_args(lang, "size-mb", &args(bytes / MB))
    } else if bytes >= KB && bytes.is_multiple_of(KB) {
        tr_args(lang, "size-kb", &args(bytes / KB))
    } else {
        tr_args(lang, "size-bytes", &args(bytes))
    }
}

/// Date and time as a message says it to a person, in their language: `9 December 2026, 05:05
/// UTC`, `9 декабря 2026 г., 05:05 UTC` — in the messages and on the invited person's page; the
/// admin's tables keep the compact [`format_datetime`].
pub fn format_datetime_in(lang: Lang, t: time::PrimitiveDateTime) -> String {
    let [day, month, year] = date_args(lang, t.date());
    let time = (
        "time",
        Arg::Str(format!("{:02}:{:02}", t.hour(), t.minute())),
    );
    tr_args(lang, "date-time-long", &[day, month, year, time])
}

/// A date as a person's own page says it: `8 December 2026`, `8 декабря 2026 г.`.
pub fn format_date_in(lang: Lang, d: time::Date) -> String {
    tr_args(lang, "date-long", &date_args(lang, d))
}

/// The day, the month's name in `lang` and the year: what both long forms say of a date.
fn date_args(lang: Lang, d: time::Date) -> [(&'static str, Arg); 3] {
    let month = tr(lang, &format!("month-{}", u8::from(d.month())));
    [
        ("day", Arg::Str(d.day().to_string())),
        ("month", Arg::Str(month)),
        ("year", Arg::Str(d.year().to_string())),
    ]
}

/// Date and time as shown in the admin's tables: `2026-11-26 14:05 UTC`.
pub fn format_datetime(t: time::PrimitiveDateTime) -> String {
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02} UTC",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_grouped_by_thousands() {
        assert_eq!(format_number(Lang::En, 1_000_000), "1,000,000");
        assert_eq!(format_number(Lang::En, 100_000), "100,000");
        assert_eq!(format_number(Lang::En, 999), "999");
        assert_eq!(format_number(Lang::En, 1_000), "1,000");
        assert_eq!(format_number(Lang::En, -12_345), "-12,345");
        assert_eq!(format_number(Lang::Ru, 1_000_000), "1\u{a0}000\u{a0}000");
        assert_eq!(format_number(Lang::Ru, 0), "0");
    }

    /// Numbers in messages are grouped by the bundle's formatter; plurals still select on them.
    #[test]
    fn message_numbers_are_grouped() {
        let title = |lang, n: i64| tr_args(lang, "revoke-many-title", &[("count", n.into())]);
        assert_eq!(title(Lang::En, 1_001), "Revoke 1,001 invitations?");
        assert_eq!(title(Lang::En, 999), "Revoke 999 invitations?");
        assert_eq!(title(Lang::Ru, 1_001), "Отозвать 1\u{a0}001 приглашение?");
        assert_eq!(title(Lang::Ru, 12_345), "Отозвать 12\u{a0}345 приглашений?");
    }

    /// Russian's "one" category holds 21, 31, 101…: a sentence in the singular is the exact
    /// `[1]` variant, and 21 reads in the plural.
    #[test]
    fn russian_one_is_not_only_one() {
        let ru = |key, n: i64| {
            tr_args(
                Lang::Ru,
                key,
                &[("count", n.into()), ("members", 0i64.into())],
            )
        };
        assert!(ru("org-disable-confirm", 1).starts_with("Её открытое приглашение будет"));
        assert!(ru("org-disable-confirm", 21).starts_with("Её открытые приглашения (21) будут"));
        assert!(ru("leave-lose-invitations", 21).contains("приглашения (21) будут отозваны"));
        assert!(ru("role-delete-withdrawn", 21).contains("у отправивших их"));
        assert!(ru("role-delete-withdrawn", 1).contains("у отправившего его"));
        assert_eq!(ru("bulk-send-first", 21), "Отправить сейчас первым: 21");
    }

    #[test]
    fn message_dates_speak_the_language() {
        use time::macros::datetime;
        let t = datetime!(2026-12-09 05:05);
        assert_eq!(
            format_datetime_in(Lang::En, t),
            "9 December 2026, 05:05 UTC"
        );
        assert_eq!(
            format_datetime_in(Lang::Ru, t),
            "9 декабря 2026 г., 05:05 UTC"
        );
        let may = datetime!(2027-05-31 23:59);
        assert_eq!(format_datetime_in(Lang::En, may), "31 May 2027, 23:59 UTC");
        assert_eq!(
            format_datetime_in(Lang::Ru, may),
            "31 мая 2027 г., 23:59 UTC"
        );
        for m in 1..=12u8 {
            for lang in Lang::ALL {
                let t = datetime!(2026-01-01 00:00)
                    .replace_month(time::Month::try_from(m).unwrap())
                    .unwrap();
                let text = format_datetime_in(lang, t);
                assert!(!text.contains("month-"), "{text}");
            }
        }
    }

    #[test]
    fn sizes_say_the_unit_exactly() {
        let en = |b| format_size(Lang::En, b);
        let ru = |b| format_size(Lang::Ru, b);
        assert_eq!(en(300), "300 bytes");
        assert_eq!(en(1), "1 byte");
        assert_eq!(en(1_500_000), "1,500,000 bytes");
        assert_eq!(en(512 * 1024), "512 KB");
        assert_eq!(en(1 << 20), "1 MB");
        assert_eq!(en(10 << 20), "10 MB");
        assert_eq!(en(2048 << 20), "2,048 MB");
        assert_eq!(ru(300), "300 байт");
        assert_eq!(ru(1), "1 байт");
        assert_eq!(ru(2), "2 байта");
        assert_eq!(ru(1000), "1\u{a0}000 байт");
        assert_eq!(ru(1 << 20), "1 МБ");
        assert_eq!(ru(20 << 20), "20 МБ");
        assert_eq!(ru(64 * 1024), "64 КБ");
    }

    #[test]
    fn accept_language_order() {
        assert_eq!(
            Lang::from_accept_language("ru-RU,ru;q=0.9,en;q=0.8"),
            Some(Lang::Ru)
        );
        assert_eq!(
            Lang::from_accept_language("de;q=1,en;q=0.5,ru;q=0.7"),
            Some(Lang::Ru)
        );
        assert_eq!(Lang::from_accept_language("de"), None);
    }

    #[test]
    fn kept_messages_are_the_formatted_ones() {
        for lang in Lang::ALL {
            for key in ["users-title", "status-invited", "no-such-key-anywhere"] {
                let formatted = LOCALES
                    .try_lookup(lang.id(), key)
                    .unwrap_or_else(|| key.to_owned());
                // Asked twice: the first formats and keeps it, the second reads what was kept.
                assert_eq!(tr(lang, key), formatted);
                assert_eq!(tr(lang, key), formatted);
            }
        }
        assert_ne!(tr(Lang::En, "users-title"), tr(Lang::Ru, "users-title"));
        let kept = PLAIN[Lang::Ru as usize].read().unwrap();
        assert!(kept.contains_key("users-title"));
        assert!(!kept.contains_key("no-such-key-anywhere"));
    }

    #[test]
    fn russian_plurals() {
        let one = tr_args(Lang::Ru, "users-selected", &[("count", 1i64.into())]);
        let few = tr_args(Lang::Ru, "users-selected", &[("count", 3i64.into())]);
        let many = tr_args(Lang::Ru, "users-selected", &[("count", 5i64.into())]);
        assert_ne!(one, few);
        assert_ne!(few, many);
    }
}
