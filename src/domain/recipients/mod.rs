//! The mass-invite text box (docs/PRODUCT.md §3 "mass invite"): one text of e-mail addresses
//! and phone numbers, read into one [`Item`] per thing the person typed, in order. Pure: no
//! database, no web. Nothing typed is dropped: what is neither a valid address nor a valid
//! number is an item with its [`ItemProblem`].
//!
//! The grammar, informally:
//! - Items are separated by any mix of spaces, commas, semicolons and new lines. A comma, a
//!   semicolon or a new line always ends an item; a space ends one except inside a display
//!   name, a quoted name or a phone number typed with spaces.
//! - `anna@x.com` or `Anna Petrova <anna@x.com>` or `"Petrova, Anna" <anna@x.com>`: a display
//!   name (unquoted words, or one quoted string that may hold commas, semicolons and spaces)
//!   before an address in angle brackets. What is in angle brackets is always read as an e-mail.
//! - `+7 905 111-11-11`, `+1 (202) 555-0101`: a word that looks like a phone number may take
//!   the following space-separated words made only of digits and `-().`, up to 15 digits in
//!   all; the item is the longest such run that is a valid number (`+49 30 1234 5678`, whose
//!   start `+49 30 1234` is valid too), else the whole run. So `79051111111 79051111112` stays
//!   two items, and `+7 905 111-11-11 12` is a number and a bad `12`.
//! - Otherwise a word with `@` is an e-mail address and a word without one is a phone number.

mod parse;
#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;

use std::collections::HashSet;

use crate::db::enums::Reason;
use crate::domain::contact::{ContactProblem, EmailAddress, PersonName, PhoneNumber};
use crate::domain::phone::PhoneRules;

/// A valid recipient, parsed like the user card (lower-cased e-mail, E.164 phone).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Recipient {
    Email(EmailAddress),
    Phone(PhoneNumber),
}

impl Recipient {
    /// The address or number as text.
    pub fn as_str(&self) -> &str {
        match self {
            Recipient::Email(e) => e.as_str(),
            Recipient::Phone(p) => p.as_str(),
        }
    }
}

/// Why an item of the list cannot be invited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemProblem {
    MalformedEmail,
    PhoneWithoutCountryCode,
    MalformedPhone,
    /// Neither an address (no `@`) nor a number (no digit): a name typed in the contact's place.
    NotAContact,
    /// The same normalised recipient appears earlier in the list.
    Duplicate,
}

impl ItemProblem {
    /// The stored and translated reason, where one exists. [`Reason`] has no "duplicate in the
    /// list" or "not a contact" (neither is ever stored): those give `None`.
    pub fn reason(self) -> Option<Reason> {
        match self {
            Self::MalformedEmail => Some(ContactProblem::MalformedEmail.reason()),
            Self::PhoneWithoutCountryCode => Some(ContactProblem::PhoneWithoutCountryCode.reason()),
            Self::MalformedPhone => Some(ContactProblem::MalformedPhone.reason()),
            Self::NotAContact | Self::Duplicate => None,
        }
    }
}

impl From<ContactProblem> for ItemProblem {
    fn from(p: ContactProblem) -> Self {
        match p {
            ContactProblem::MalformedEmail => Self::MalformedEmail,
            ContactProblem::PhoneWithoutCountryCode => Self::PhoneWithoutCountryCode,
            ContactProblem::MalformedPhone => Self::MalformedPhone,
        }
    }
}

/// One thing the person typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The item's text as typed (display name and brackets included), trimmed.
    pub raw: String,
    /// From the display name: `Anna Petrova` and `"Petrova, Anna"` give Anna / Petrova; a
    /// single word is a first name (see [`PersonName::parse`]).
    pub first_name: Option<PersonName>,
    pub last_name: Option<PersonName>,
    pub outcome: Result<Recipient, ItemProblem>,
}

/// Reads the text box into its items, in input order, phone numbers with the platform's
/// [`PhoneRules`]. An empty or separators-only text gives no items. Every later copy of a
/// recipient (after normalisation) is marked [`ItemProblem::Duplicate`].
pub fn parse(text: &str, phones: &PhoneRules) -> Vec<Item> {
    let mut items = parse::items(text, phones);
    let mut seen = HashSet::new();
    for item in &mut items {
        if let Ok(recipient) = &item.outcome {
            if !seen.insert(recipient.clone()) {
                item.outcome = Err(ItemProblem::Duplicate);
            }
        }
    }
    items
}
