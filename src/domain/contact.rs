//! Contact data: e-mail addresses and phone numbers, checked and normalised (docs/PRODUCT.md §2.2).

use crate::db::enums::Reason;
pub use crate::domain::phone::PhoneRules;
use validator::ValidateEmail;

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

/// Trimmed, lower-cased address; refuses what would bounce for certain (no dot in the domain,
/// spaces, control characters).
pub fn normalize_email(input: &str) -> Result<String, ContactProblem> {
    let email = input.trim().to_lowercase();
    let valid = email.len() <= 254
        && email.validate_email()
        && !email.chars().any(|c| c.is_control() || c.is_whitespace())
        && email
            .rsplit_once('@')
            .map(|(_, domain)| {
                domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.')
            })
            .unwrap_or(false);
    if valid {
        Ok(email)
    } else {
        Err(ContactProblem::MalformedEmail)
    }
}

/// What a person types to sign in: an e-mail address or a phone number, normalised with the
/// same rules as the account card (the platform's [`PhoneRules`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignInId {
    Email(String),
    Phone(String),
}

impl SignInId {
    pub fn parse(input: &str, phones: &PhoneRules) -> Option<SignInId> {
        if input.contains('@') {
            normalize_email(input).ok().map(SignInId::Email)
        } else {
            phones.normalize(input).ok().map(SignInId::Phone)
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

/// Names shown in messages: control characters removed, length capped (docs/SECURITY.md F3).
pub fn clean_name(input: &str) -> String {
    input
        .chars()
        .filter(|c| !c.is_control())
        .take(100)
        .collect::<String>()
        .trim()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert_eq!(
            normalize_email("  Ivan@Example.COM ").unwrap(),
            "ivan@example.com"
        );
        assert!(normalize_email("bad@example").is_err());
        assert!(normalize_email("no-at-sign.example.com").is_err());
        assert!(normalize_email("a b@example.com").is_err());
        assert!(normalize_email("a@example.com\r\nBcc: x@y.z").is_err());
    }

    #[test]
    fn sign_in_ids() {
        let none = PhoneRules::INTERNATIONAL;
        let ru = PhoneRules::with_region(Some(phonenumber::country::Id::RU));
        assert_eq!(
            SignInId::parse(" Ivan@Example.com", &none),
            Some(SignInId::Email("ivan@example.com".into()))
        );
        for typed in ["+79051111111", "+7 (905) 111-11-11", "79051111111"] {
            for rules in [&none, &ru] {
                assert_eq!(
                    SignInId::parse(typed, rules),
                    Some(SignInId::Phone("+79051111111".into())),
                    "{typed}"
                );
            }
        }
        // The trunk prefix needs the region; a bare national number is never read.
        assert_eq!(
            SignInId::parse("8 (905) 111-11-11", &ru),
            Some(SignInId::Phone("+79051111111".into()))
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

    #[test]
    fn names_lose_control_characters() {
        assert_eq!(clean_name("Ivan\r\nBcc: x"), "IvanBcc: x");
        assert_eq!(clean_name(&"x".repeat(500)).len(), 100);
    }
}
