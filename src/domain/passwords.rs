//! Password hashing with argon2id, rules from docs/SECURITY.md C1/C2.

use argon2::{Algorithm, Argon2, Params, PasswordHasher, PasswordVerifier, Version};

#[derive(Clone)]
pub struct Hasher {
    params: Params,
    dummy_hash: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordProblem {
    TooShort,
    TooLong,
    TooCommon,
    Mismatch,
}

impl PasswordProblem {
    pub fn message_key(self) -> &'static str {
        match self {
            Self::TooShort => "err-password-short",
            Self::TooLong => "err-password-long",
            Self::TooCommon => "err-password-common",
            Self::Mismatch => "err-password-mismatch",
        }
    }
}

pub const MIN_LEN: usize = 8;
pub const MAX_LEN: usize = 128;

const COMMON: &[&str] = &[
    "password",
    "password1",
    "password123",
    "12345678",
    "123456789",
    "1234567890",
    "qwertyui",
    "qwerty123",
    "11111111",
    "00000000",
    "iloveyou",
    "abc12345",
    "abcd1234",
    "qwertyuiop",
    "1q2w3e4r",
    "1qaz2wsx",
    "admin123",
    "welcome1",
    "letmein1",
    "passw0rd",
    "sunshine",
    "princess",
    "football",
    "baseball",
    "superman",
    "trustno1",
    "87654321",
    "12341234",
    "йцукенгш",
    "пароль123",
    "qazwsxedc",
    "zaq12wsx",
    "changeme",
    "invitely",
];

/// Length counts characters, not bytes; no composition rules; no truncation.
pub fn check(password: &str, confirm: &str) -> Result<(), PasswordProblem> {
    let len = password.chars().count();
    if len < MIN_LEN {
        return Err(PasswordProblem::TooShort);
    }
    if len > MAX_LEN {
        return Err(PasswordProblem::TooLong);
    }
    if COMMON.contains(&password.to_lowercase().as_str()) {
        return Err(PasswordProblem::TooCommon);
    }
    if password != confirm {
        return Err(PasswordProblem::Mismatch);
    }
    Ok(())
}

impl Hasher {
    pub fn new(memory_kib: u32, iterations: u32) -> Result<Self, argon2::Error> {
        let params = Params::new(memory_kib, iterations, 1, None)?;
        let mut hasher = Self {
            params,
            dummy_hash: String::new(),
        };
        hasher.dummy_hash = hasher
            .hash("dummy password for unknown accounts")
            .map_err(|_| argon2::Error::AlgorithmInvalid)?;
        Ok(hasher)
    }

    fn argon(&self) -> Argon2<'static> {
        Argon2::new(Algorithm::Argon2id, Version::V0x13, self.params.clone())
    }

    pub fn hash(&self, password: &str) -> Result<String, argon2::password_hash::Error> {
        Ok(self.argon().hash_password(password.as_bytes())?.to_string())
    }

    pub fn verify(&self, password: &str, hash: &str) -> bool {
        self.argon()
            .verify_password(password.as_bytes(), hash)
            .is_ok()
    }

    /// Spend the same time as a real check when there is no account (docs/SECURITY.md C5).
    pub fn verify_dummy(&self, password: &str) {
        let _ = self.verify(password, &self.dummy_hash);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_and_verify() {
        let h = Hasher::new(64, 1).unwrap();
        let hash = h.hash("correct horse battery").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(h.verify("correct horse battery", &hash));
        assert!(!h.verify("wrong horse battery", &hash));
        assert!(!h.verify("x", "not a hash"));
    }

    #[test]
    fn rules() {
        assert_eq!(check("short", "short"), Err(PasswordProblem::TooShort));
        assert_eq!(
            check("password", "password"),
            Err(PasswordProblem::TooCommon)
        );
        assert_eq!(
            check("a fine passphrase", "a fine passphrasf"),
            Err(PasswordProblem::Mismatch)
        );
        let long = "x".repeat(129);
        assert_eq!(check(&long, &long), Err(PasswordProblem::TooLong));
        assert_eq!(check("пароль-длинный", "пароль-длинный"), Ok(()));
    }
}
