//! [`EmailAddress`]: an address read once, where it is typed (a form, a CSV cell, the command
//! line), and carried checked and normalised from there on.

use super::ContactProblem;
use std::fmt;
use validator::ValidateEmail;

/// The longest address kept (RFC 5321's path limit less its brackets).
pub const MAX_EMAIL_LEN: usize = 254;

/// A trimmed, lower-cased e-mail address that will not bounce for certain: at most 254 bytes,
/// no spaces or control characters, a dot inside its domain. Made only by [`EmailAddress::parse`]
/// (and, for addresses read back from the database, [`EmailAddress::from_stored`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EmailAddress(String);

impl EmailAddress {
    /// Reads what a person typed: trimmed and lower-cased, or [`ContactProblem::MalformedEmail`].
    pub fn parse(input: &str) -> Result<EmailAddress, ContactProblem> {
        let email = input.trim().to_lowercase();
        let valid = email.len() <= MAX_EMAIL_LEN
            && email.validate_email()
            && !email.chars().any(|c| c.is_control() || c.is_whitespace())
            && email.rsplit_once('@').is_some_and(|(_, domain)| {
                domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.')
            });
        if valid {
            Ok(EmailAddress(email))
        } else {
            Err(ContactProblem::MalformedEmail)
        }
    }

    /// An address read back from the database, where only parsed addresses are written (cards,
    /// accounts, invitations). Not checked again: use it only when reading rows, never on what
    /// a person typed.
    pub(crate) fn from_stored(stored: String) -> EmailAddress {
        EmailAddress(stored)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for EmailAddress {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalised_or_refused() {
        assert_eq!(
            EmailAddress::parse("  Ivan@Example.COM ").unwrap().as_str(),
            "ivan@example.com"
        );
        for bad in [
            "bad@example",
            "no-at-sign.example.com",
            "a b@example.com",
            "a@example.com\r\nBcc: x@y.z",
            "a@.example.com",
            "a@example.com.",
            "",
        ] {
            assert_eq!(
                EmailAddress::parse(bad),
                Err(ContactProblem::MalformedEmail),
                "{bad:?}"
            );
        }
        let long = format!("{}@example.com", "a".repeat(MAX_EMAIL_LEN));
        assert!(EmailAddress::parse(&long).is_err());
    }
}
