//! SMS abuse limits (docs/SECURITY.md F1): destination countries from an allowlist, and daily caps
//! per organisation and for the whole platform. Checked by the delivery worker when a message is
//! about to leave, and counted there atomically, so parallel workers and several instances never
//! exceed a cap.

use super::settings::{self, Key};
use super::Actor;
use crate::db::enums::Reason;
use crate::db::ids::OrgId;
use crate::db::{counters, DbConnection};
use diesel::QueryResult;
use time::{Duration, PrimitiveDateTime};

/// Caps until the operator sets others (an empty setting means no cap).
pub const DEFAULT_PLATFORM_CAP: i64 = 1000;
pub const DEFAULT_ORG_CAP: i64 = 200;
pub const MAX_CAP: i64 = 1_000_000;

/// The platform's SMS rules. An empty country list allows every country; `None` is no cap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmsPolicy {
    pub countries: Vec<String>,
    pub platform_cap: Option<i64>,
    pub org_cap: Option<i64>,
}

impl SmsPolicy {
    /// Whether an SMS may go to this E.164 number: every country when the list is empty.
    pub fn allows_country(&self, e164: &str) -> bool {
        self.countries.is_empty() || region_of(e164).is_some_and(|r| self.countries.contains(&r))
    }

    /// "RU, KZ", as shown in the settings form.
    pub fn countries_text(&self) -> String {
        self.countries.join(", ")
    }
}

/// Why an SMS was not sent; `reason()` is what the invitation and the account row show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    CountryNotAllowed,
    DailyCap,
    /// A link that would prove the phone (an invitation, a password link), queued before the
    /// operator chose "e-mail only" (docs/PRODUCT.md §2.1): no such link goes by SMS any more.
    EmailOnly,
}

impl Refusal {
    pub fn reason(self) -> Reason {
        match self {
            Refusal::CountryNotAllowed => Reason::SmsCountryNotAllowed,
            Refusal::DailyCap => Reason::SmsDailyCap,
            Refusal::EmailOnly => Reason::NoEmailEmailOnly,
        }
    }
}

/// ISO region codes separated by commas or spaces, e.g. "ru, KZ" → ["RU", "KZ"]; the first
/// unknown code is the error.
pub fn parse_countries(input: &str) -> Result<Vec<String>, String> {
    let mut out: Vec<String> = Vec::new();
    for part in input
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|p| !p.is_empty())
    {
        let code = part.to_ascii_uppercase();
        let known = code.len() == 2 && code.parse::<phonenumber::country::Id>().is_ok();
        if !known {
            return Err(part.chars().take(20).collect());
        }
        if !out.contains(&code) {
            out.push(code);
        }
    }
    Ok(out)
}

/// A cap that is not a whole number from 0 to `MAX_CAP`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BadCap;

/// A daily cap: empty is no cap, else a whole number from 0 to `MAX_CAP`.
pub fn parse_cap(input: &str) -> Result<Option<i64>, BadCap> {
    let t = input.trim();
    if t.is_empty() {
        return Ok(None);
    }
    if !t.chars().all(|c| c.is_ascii_digit()) {
        return Err(BadCap);
    }
    match t.parse::<i64>() {
        Ok(n) if n <= MAX_CAP => Ok(Some(n)),
        _ => Err(BadCap),
    }
}

fn cap_text(cap: Option<i64>) -> String {
    cap.map(|n| n.to_string()).unwrap_or_default()
}

fn stored_cap(conn: &mut DbConnection, key: Key, default: i64) -> QueryResult<Option<i64>> {
    Ok(match settings::get(conn, key)? {
        None => Some(default),
        Some(v) => parse_cap(&v).unwrap_or(Some(default)),
    })
}

pub fn load(conn: &mut DbConnection) -> QueryResult<SmsPolicy> {
    let countries = settings::get(conn, Key::SmsCountries)?
        .map(|v| parse_countries(&v).unwrap_or_default())
        .unwrap_or_default();
    Ok(SmsPolicy {
        countries,
        platform_cap: stored_cap(conn, Key::SmsPlatformCap, DEFAULT_PLATFORM_CAP)?,
        org_cap: stored_cap(conn, Key::SmsOrgCap, DEFAULT_ORG_CAP)?,
    })
}

/// Stores the policy inside the caller's write transaction; every value that changes is audited
/// (old → new). Returns how many changed.
pub fn store(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    actor: &Actor,
    old: &SmsPolicy,
    new: &SmsPolicy,
) -> QueryResult<usize> {
    let changes = [
        (
            Key::SmsCountries,
            old.countries_text(),
            new.countries_text(),
        ),
        (
            Key::SmsPlatformCap,
            cap_text(old.platform_cap),
            cap_text(new.platform_cap),
        ),
        (Key::SmsOrgCap, cap_text(old.org_cap), cap_text(new.org_cap)),
    ];
    settings::store_changes(conn, now, actor, changes)
}

/// The ISO region of an E.164 number ("+7 905…" → "RU"), if the numbering plan knows it.
pub fn region_of(e164: &str) -> Option<String> {
    let number = phonenumber::parse(None, e164).ok()?;
    number.country().id().map(|id| id.as_ref().to_owned())
}

/// The rule at send time: may this SMS to `to` leave for organisation `org_id` (`None`: a
/// message of the platform itself, counted only against the platform's cap) now? An allowed
/// message is counted against today's (UTC) caps with one atomic increment each, so parallel
/// workers never exceed a cap; a refused one is given back. So is one the gateway did not take
/// ([`Counted::give_back`]): the caps count messages sent, not attempts. A message whose link
/// `proves` the phone leaves only while the platform verifies by phone too.
pub fn admit(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    org_id: Option<OrgId>,
    to: &str,
    proves: bool,
) -> QueryResult<Result<Counted, Refusal>> {
    if proves && settings::verification_method(conn)? == settings::VerificationMethod::EmailOnly {
        return Ok(Err(Refusal::EmailOnly));
    }
    let policy = load(conn)?;
    if !policy.allows_country(to) {
        return Ok(Err(Refusal::CountryNotAllowed));
    }
    let day = now.date().midnight();
    let expires = day + Duration::days(2);
    let mut counted = Counted(Vec::new());
    let keys = org_id
        .map(|org_id| (format!("sms:org:{org_id}"), policy.org_cap))
        .into_iter()
        .chain([(PLATFORM_KEY.to_owned(), policy.platform_cap)]);
    for (key, cap) in keys {
        let hit = counters::hit(conn, &key, day, expires)?;
        counted.0.push((key, hit.window_start));
        if cap.is_some_and(|cap| hit.hits > cap) {
            counted.give_back(conn)?;
            return Ok(Err(Refusal::DailyCap));
        }
    }
    Ok(Ok(counted))
}

const PLATFORM_KEY: &str = "sms:platform";

/// What one admitted SMS counted: each cap's key and the day it counted in.
#[derive(Debug)]
#[must_use]
pub struct Counted(Vec<(String, PrimitiveDateTime)>);

impl Counted {
    /// Takes the message off every count it was on (refused, or not taken by the gateway).
    pub fn give_back(&self, conn: &mut DbConnection) -> QueryResult<()> {
        for (key, window_start) in &self.0 {
            counters::release(conn, key, *window_start)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_are_parsed_and_checked() {
        assert_eq!(parse_countries("ru, KZ").unwrap(), ["RU", "KZ"]);
        assert_eq!(
            parse_countries(" RU;kz ru\nBY ").unwrap(),
            ["RU", "KZ", "BY"]
        );
        assert_eq!(parse_countries("").unwrap(), Vec::<String>::new());
        assert_eq!(parse_countries("RU, XX").unwrap_err(), "XX");
        assert_eq!(parse_countries("RUS").unwrap_err(), "RUS");
        assert!(parse_countries("R").is_err());
    }

    #[test]
    fn caps_are_whole_numbers_or_empty() {
        assert_eq!(parse_cap(""), Ok(None));
        assert_eq!(parse_cap(" 2 "), Ok(Some(2)));
        assert_eq!(parse_cap("0"), Ok(Some(0)));
        assert!(parse_cap("-1").is_err());
        assert!(parse_cap("1.5").is_err());
        assert!(parse_cap("lots").is_err());
        assert!(parse_cap("1000001").is_err());
        assert!(parse_cap("99999999999999999999999").is_err());
    }

    #[test]
    fn regions_of_numbers() {
        assert_eq!(region_of("+79051111111").as_deref(), Some("RU"));
        assert_eq!(region_of("+77012345678").as_deref(), Some("KZ"));
        assert_eq!(region_of("+4915123456789").as_deref(), Some("DE"));
        assert_eq!(region_of("not a number"), None);
    }
}
