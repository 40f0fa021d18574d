//! Phone numbers as people type them, read into E.164 (`+79051111111`) with the `phonenumber`
//! crate and the platform's default region (docs/PRODUCT.md §2.2, seed 001).
//!
//! What is accepted, in this order (the first reading that gives a valid number wins):
//! 1. `+` and the country code: `+7 905 111-11-11`; a trunk prefix written after the country
//!    code is dropped (`+44 (0)20 7946 0958`, `+7 (8) 905 …`). Never read with the default
//!    region.
//! 2. `00` and the country code (the ITU international prefix): `00 49 30 1234 5678`.
//! 3. With a default region only: the region's national form **with its trunk prefix** (`8` in
//!    RU, KZ and BY, `0` in DE, GB, FR, UA, IN, CN…, `1` in the US/Canada):
//!    `8 (905) 111-11-11` in RU, `030 1234 5678` in DE, `07700 900123` in GB. Also the region's own
//!    international prefix (`8 10 …` in RU, `011 …` in the US).
//! 4. The country code without its `+` (seed 001's `79051111111`).
//!
//! A national number without trunk prefix or country code (`9051111111`, `(202) 555-0101`) is
//! refused as [`ContactProblem::PhoneWithoutCountryCode`], with or without a default region:
//! seed 001's rule, and the reason regions without a trunk prefix (IT, ES, DK…) gain nothing.
//! With a default region this holds even when the digits would also read as another country's
//! number with its code (step 4): `131 2345 6789` in CN is refused, not taken for `+1 312…`.
//! Without a default region step 4 is all there is: `13123456789` is the US `+1 312 345 6789`.
//! Spaces (no-break ones too), `-`, `.`, `/`, brackets, dashes and invisible direction marks
//! are ignored; full-width digits count as digits. Letters (`ext. 12`, `доб. 12`, `1-800-FLOWERS`)
//! are refused: an SMS cannot reach an extension. Landlines are accepted like mobiles (the card's
//! phone also signs in; what the SMS gateway cannot reach fails there).

mod number;
#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;

pub use number::PhoneNumber;

use crate::db::DbConnection;
use crate::domain::contact::ContactProblem;
use diesel::QueryResult;
use phonenumber::country::{Id, Source};
use phonenumber::metadata::DATABASE;

/// The most digits of an E.164 number (country code included).
const MAX_DIGITS: usize = 15;
/// Fewer digits than this are never a phone number anyone can be reached on.
const MIN_DIGITS: usize = 7;

/// How typed phone numbers are read: the platform's default region, or none (every number then
/// needs its country code). Load it once per request with [`PhoneRules::load`] and pass it to
/// whatever reads what people typed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PhoneRules {
    region: Option<Id>,
}

impl PhoneRules {
    /// No default region: numbers need their country code.
    pub const INTERNATIONAL: PhoneRules = PhoneRules { region: None };

    pub fn with_region(region: Option<Id>) -> Self {
        PhoneRules { region }
    }

    /// The rules the platform's operator set (`/platform/settings`, default phone region).
    pub fn load(conn: &mut DbConnection) -> QueryResult<Self> {
        Ok(Self::with_region(
            crate::domain::settings::default_phone_region(conn)?,
        ))
    }

    pub fn region(&self) -> Option<Id> {
        self.region
    }

    /// The number in E.164, or why it is not one (see the module's documentation).
    pub fn parse(&self, input: &str) -> Result<PhoneNumber, ContactProblem> {
        self.e164_of(input).map(PhoneNumber::e164)
    }

    fn e164_of(&self, input: &str) -> Result<String, ContactProblem> {
        let Typed { plus, digits } = typed(input)?;
        if plus {
            return international(&digits);
        }
        if let Some(rest) = digits.strip_prefix("00") {
            return international(rest);
        }
        if let Some(region) = self.region {
            if let Some(e164) = national(region, &digits) {
                return Ok(e164);
            }
            if bare_national(region, &digits) {
                return Err(ContactProblem::PhoneWithoutCountryCode);
            }
            if has_trunk_prefix(region, &digits) && international(&digits).is_err() {
                return Err(ContactProblem::MalformedPhone);
            }
        }
        if digits.len() > MAX_DIGITS {
            return Err(ContactProblem::MalformedPhone);
        }
        international(&digits).map_err(|_| ContactProblem::PhoneWithoutCountryCode)
    }
}

/// What was typed, once the punctuation is gone.
struct Typed {
    plus: bool,
    digits: String,
}

/// Characters that may sit between the digits: spacing and grouping marks.
pub(crate) fn is_punctuation(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '-' | '.' | '/' | '(' | ')' | '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{30FC}'
        )
}

/// Invisible marks that copying from a phone's contacts often adds (direction marks and
/// isolates, zero-width spaces, the byte-order mark).
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}'
    )
}

fn typed(input: &str) -> Result<Typed, ContactProblem> {
    let mut plus = false;
    let mut digits = String::new();
    for c in input.chars() {
        match c {
            '0'..='9' => digits.push(c),
            // Full-width digits (typed with an East Asian input method).
            '\u{FF10}'..='\u{FF19}' => {
                let d = u32::from(c) - 0xFF10;
                digits.push(char::from_digit(d, 10).ok_or(ContactProblem::MalformedPhone)?);
            }
            '+' | '\u{FF0B}' if !plus && digits.is_empty() => plus = true,
            c if is_punctuation(c) || is_invisible(c) => {}
            _ => return Err(ContactProblem::MalformedPhone),
        }
        // Far beyond any number: stop reading (and refuse) early.
        if digits.len() > MAX_DIGITS + 4 {
            return Err(ContactProblem::MalformedPhone);
        }
    }
    if digits.len() < MIN_DIGITS {
        return Err(ContactProblem::MalformedPhone);
    }
    Ok(Typed { plus, digits })
}

/// `digits` as country code and number (what follows a `+`).
fn international(digits: &str) -> Result<String, ContactProblem> {
    if !(MIN_DIGITS..=MAX_DIGITS).contains(&digits.len()) || digits.starts_with('0') {
        return Err(ContactProblem::MalformedPhone);
    }
    match phonenumber::parse(None, format!("+{digits}")) {
        Ok(n) if n.code().source() == Source::Plus && phonenumber::is_valid(&n) => Ok(e164(&n)),
        _ => Err(ContactProblem::MalformedPhone),
    }
}

fn has_trunk_prefix(region: Id, digits: &str) -> bool {
    DATABASE
        .by_id(region.as_ref())
        .and_then(|m| m.national_prefix())
        .is_some_and(|p| digits.starts_with(p))
}

/// `digits` as the region dials them: with its trunk prefix (the prefix must really have been
/// there and been dropped: a bare national number is not read), or after its international
/// prefix.
fn national(region: Id, digits: &str) -> Option<String> {
    let meta = DATABASE.by_id(region.as_ref())?;
    let n = phonenumber::parse(Some(region), digits).ok()?;
    if !phonenumber::is_valid(&n) {
        return None;
    }
    match n.code().source() {
        Source::Idd => Some(e164(&n)),
        Source::Default => {
            let nsn = n.national().to_string();
            let dropped = digits.len().checked_sub(nsn.len())?;
            let trunk = meta.national_prefix()?;
            (n.code().value() == meta.country_code()
                && dropped > 0
                && digits.starts_with(trunk)
                && digits.ends_with(&nsn))
            .then(|| e164(&n))
        }
        _ => None,
    }
}

/// `digits` are a valid national number of the region as they stand, without trunk prefix:
/// refused (seed 001) even where they would also read as another country's number with its
/// country code (`131 2345 6789` in CN is not the US `+1 312 345 6789`).
fn bare_national(region: Id, digits: &str) -> bool {
    phonenumber::parse(Some(region), digits).is_ok_and(|n| {
        n.code().source() == Source::Default
            && n.national().to_string().len() == digits.len()
            && phonenumber::is_valid(&n)
    })
}

fn e164(n: &phonenumber::PhoneNumber) -> String {
    n.format().mode(phonenumber::Mode::E164).to_string()
}
