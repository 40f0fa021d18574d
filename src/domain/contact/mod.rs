//! Contact data: e-mail addresses, phone numbers and names, parsed once where they are typed
//! (docs/PRODUCT.md §2.2). [`EmailAddress`], [`PhoneNumber`] and [`PersonName`] are made only
//! by their parsers, so a domain function that takes one never sees an unchecked string.

mod email;
mod name;
#[cfg(test)]
mod proptests;

use crate::db::enums::Reason;
pub use crate::domain::phone::{PhoneNumber, PhoneRules};
pub use email::{EmailAddress, MAX_EMAIL_LEN};
pub use name::{clean_text, full_name, name_text, without_invisible, PersonName, MAX_NAME_CHARS};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContactProblem {
    MalformedEmail,
    PhoneWithoutCountryCode,
    MalformedPhone,
}

impl ContactProblem {
    /// The reason stored as a member's error and translated when shown.
    pub fn reason(self) -> Reason {
        match self {
            Self::MalformedEmail => Reason::MalformedEmail,
            Self::PhoneWithoutCountryCode => Reason::PhoneNoCountryCode,
            Self::MalformedPhone => Reason::MalformedPhone,
        }
    }
}

/// What a person types to sign in: an e-mail address or a phone number, normalised with the
/// same rules as the account card (the platform's [`PhoneRules`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignInId {
    Email(EmailAddress),
    Phone(PhoneNumber),
}

impl SignInId {
    pub fn parse(input: &str, phones: &PhoneRules) -> Option<SignInId> {
        if input.contains('@') {
            EmailAddress::parse(input).ok().map(SignInId::Email)
        } else {
            phones.parse(input).ok().map(SignInId::Phone)
        }
    }

    /// The address or number as text.
    pub fn as_str(&self) -> &str {
        match self {
            SignInId::Email(e) => e.as_str(),
            SignInId::Phone(p) => p.as_str(),
        }
    }

    /// The key attempts are counted under: the normalised form, or (for something that is
    /// neither) the trimmed lower-cased text, so that unknown input is throttled alike.
    pub fn throttle_key(input: &str, phones: &PhoneRules) -> String {
        match SignInId::parse(input, phones) {
            Some(SignInId::Email(e)) => format!("email:{e}"),
            Some(SignInId::Phone(p)) => format!("phone:{p}"),
            None => format!("other:{}", input.trim().to_lowercase()),
        }
    }
}

/// Optional field: empty means "none".
pub fn optional(input: &str) -> Option<&str> {
    let t = input.trim();
    (!t.is_empty()).then_some(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_in_ids() {
        let none = PhoneRules::INTERNATIONAL;
        let ru = PhoneRules::with_region(Some(phonenumber::country::Id::RU));
        assert_eq!(
            SignInId::parse(" Ivan@Example.com", &none),
            Some(SignInId::Email(
                EmailAddress::parse("ivan@example.com").unwrap()
            ))
        );
        for typed in ["+79051111111", "+7 (905) 111-11-11", "79051111111"] {
            for rules in [&none, &ru] {
                assert_eq!(
                    SignInId::parse(typed, rules),
                    Some(SignInId::Phone(none.parse("+79051111111").unwrap())),
                    "{typed}"
                );
            }
        }
        // The trunk prefix needs the region; a bare national number is never read.
        assert_eq!(
            SignInId::parse("8 (905) 111-11-11", &ru),
            Some(SignInId::Phone(none.parse("+79051111111").unwrap()))
        );
        assert_eq!(SignInId::parse("8 (905) 111-11-11", &none), None);
        assert_eq!(SignInId::parse("9051111111", &ru), None);
        assert_eq!(SignInId::parse("ivan", &none), None);
        assert_eq!(
            SignInId::throttle_key("+7 905 111 11 11", &none),
            SignInId::throttle_key("79051111111", &none)
        );
        assert_eq!(
            SignInId::throttle_key("8 905 111 11 11", &ru),
            SignInId::throttle_key("+79051111111", &ru)
        );
    }
}
