//! Contact data: e-mail addresses and phone numbers, checked and normalised (docs/PRODUCT.md §2.2).

use crate::db::enums::Reason;
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

/// E.164 (`+79051111111`). Accepts `+7 905 111-11-11` and `79051111111`; refuses a national
/// number without its country code (`9051111111`).
pub fn normalize_phone(input: &str) -> Result<String, ContactProblem> {
    let trimmed = input.trim();
    let digits: String = trimmed.chars().filter(|c| c.is_ascii_digit()).collect();
    let allowed = trimmed
        .chars()
        .all(|c| c.is_ascii_digit() || " +-().".contains(c));
    if digits.len() < 7 || digits.len() > 15 || !allowed {
        return Err(ContactProblem::MalformedPhone);
    }
    let candidate = format!("+{digits}");
    match phonenumber::parse(None, &candidate) {
        Ok(number) if phonenumber::is_valid(&number) => {
            Ok(number.format().mode(phonenumber::Mode::E164).to_string())
        }
        _ if !trimmed.starts_with('+') => Err(ContactProblem::PhoneWithoutCountryCode),
        _ => Err(ContactProblem::MalformedPhone),
    }
}

/// What a person types to sign in: an e-mail address or a phone number, normalised with the
/// same rules as the account card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignInId {
    Email(String),
    Phone(String),
}

impl SignInId {
    pub fn parse(input: &str) -> Option<SignInId> {
        if input.contains('@') {
            normalize_email(input).ok().map(SignInId::Email)
        } else {
            normalize_phone(input).ok().map(SignInId::Phone)
        }
    }

    /// The key attempts are counted under: the normalised form, or (for something that is
    /// neither) the trimmed lower-cased text, so that unknown input is throttled alike.
    pub fn throttle_key(input: &str) -> String {
        match SignInId::parse(input) {
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
    fn phones() {
        assert_eq!(normalize_phone("79051111111").unwrap(), "+79051111111");
        assert_eq!(normalize_phone("+7 905 111-11-11").unwrap(), "+79051111111");
        assert_eq!(
            normalize_phone("+44 20 7946 0958").unwrap(),
            "+442079460958"
        );
        assert_eq!(
            normalize_phone("9051111111"),
            Err(ContactProblem::PhoneWithoutCountryCode)
        );
        assert_eq!(normalize_phone("abc"), Err(ContactProblem::MalformedPhone));
        assert_eq!(normalize_phone("+1"), Err(ContactProblem::MalformedPhone));
    }

    #[test]
    fn sign_in_ids() {
        assert_eq!(
            SignInId::parse(" Ivan@Example.com"),
            Some(SignInId::Email("ivan@example.com".into()))
        );
        for typed in ["+79051111111", "+7 (905) 111-11-11", "79051111111"] {
            assert_eq!(
                SignInId::parse(typed),
                Some(SignInId::Phone("+79051111111".into())),
                "{typed}"
            );
        }
        assert_eq!(SignInId::parse("ivan"), None);
        assert_eq!(
            SignInId::throttle_key("+7 905 111 11 11"),
            SignInId::throttle_key("79051111111")
        );
    }

    #[test]
    fn names_lose_control_characters() {
        assert_eq!(clean_name("Ivan\r\nBcc: x"), "IvanBcc: x");
        assert_eq!(clean_name(&"x".repeat(500)).len(), 100);
    }
}
