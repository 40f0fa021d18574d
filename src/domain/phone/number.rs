//! [`PhoneNumber`]: a number read once, with the platform's [`PhoneRules`](super::PhoneRules),
//! and carried in E.164 from there on.

use std::fmt;

/// A phone number in E.164 (`+79051111111`). Made only by
/// [`PhoneRules::parse`](super::PhoneRules::parse) (the platform's rules decide how a number
/// without its country code reads) and, for numbers read back from the database,
/// [`PhoneNumber::from_stored`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PhoneNumber(String);

impl PhoneNumber {
    /// Only [`PhoneRules::parse`](super::PhoneRules::parse) makes one from what was typed.
    pub(super) fn e164(e164: String) -> PhoneNumber {
        PhoneNumber(e164)
    }

    /// A number read back from the database, where only parsed numbers are written (cards,
    /// accounts, invitations). Not checked again: use it only when reading rows, never on what
    /// a person typed.
    pub(crate) fn from_stored(stored: String) -> PhoneNumber {
        PhoneNumber(stored)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for PhoneNumber {
    fn as_ref(&self) -> &str {
        &self.0
    }
}
