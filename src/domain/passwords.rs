//! Password hashing with argon2id, rules from docs/SECURITY.md C1/C2.

use argon2::password_hash::phc::{Output, ParamsString, Salt};
use argon2::password_hash::Error as HashError;
use argon2::{Algorithm, Argon2, Block, Params, PasswordHash, Version};
use std::sync::{Mutex, PoisonError};

pub struct Hasher {
    params: Params,
    dummy_hash: String,
    /// Argon2's working memory (`m` KiB) of finished hashes, for the next ones. Allocated for
    /// every hash, the 19 MiB were zeroed, faulted in and handed back each time, and a hash in
    /// the server cost 1.06–1.27 times a raw one on the same cores; kept, 0.86–1.09 (bench P4,
    /// four alternating runs each, issue 10). At most `keep` are kept, as many as hash at once
    /// (the hashing queue runs one per core). What a kept one holds is the last hash's working
    /// state, as freed heap memory would; never the password.
    spare: Mutex<Vec<Vec<Block>>>,
    /// How many are kept: none until `keeping` says how many hashes run at once.
    keep: usize,
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
            spare: Mutex::new(Vec::new()),
            // Nothing kept from the dummy hash: an idle server holds no hashing memory.
            keep: 0,
        };
        hasher.dummy_hash = hasher
            .hash("dummy password for unknown accounts")
            .map_err(|_| argon2::Error::AlgorithmInvalid)?;
        Ok(hasher)
    }

    /// Keeps working memory for up to `at_once` hashes: as many as the hashing queue runs.
    pub fn keeping(mut self, at_once: usize) -> Self {
        self.keep = at_once;
        self
    }

    /// Runs `f` with working memory for `params`: a spare one when it has this hasher's size,
    /// handed back afterwards; fresh memory for a hash made with other parameters. Fresh memory
    /// is reserved fallibly, as argon2 itself does: a stored hash asking for more memory than
    /// there is fails to verify instead of aborting the server.
    fn with_memory(
        &self,
        params: &Params,
        f: impl FnOnce(&mut [Block]) -> argon2::Result<()>,
    ) -> argon2::Result<()> {
        let ours = params.block_count() == self.params.block_count();
        let spare = || self.spare.lock().unwrap_or_else(PoisonError::into_inner);
        let mut memory = match ours.then(|| spare().pop()).flatten() {
            Some(memory) => memory,
            None => {
                let mut fresh = Vec::new();
                fresh
                    .try_reserve_exact(params.block_count())
                    .map_err(|_| argon2::Error::OutOfMemory)?;
                fresh.resize(params.block_count(), Block::default());
                fresh
            }
        };
        let result = f(&mut memory);
        if ours {
            let mut spare = spare();
            if spare.len() < self.keep {
                spare.push(memory);
            }
        }
        result
    }

    /// A new argon2id hash of `password` with a random salt, as a PHC string.
    pub fn hash(&self, password: &str) -> Result<String, HashError> {
        let salt = Salt::generate();
        let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
        let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, self.params.clone());
        self.with_memory(&self.params, |memory| {
            argon.hash_password_into_with_memory(password.as_bytes(), &salt, &mut out, memory)
        })?;
        let phc = PasswordHash {
            algorithm: Algorithm::Argon2id.ident(),
            version: Some(Version::V0x13.into()),
            params: ParamsString::try_from(&self.params)?,
            salt: Some(salt),
            hash: Some(Output::new(&out)?),
        };
        Ok(phc.to_string())
    }

    /// Whether `password` gives `hash` (a PHC string) again, with the algorithm, version and
    /// parameters written in it; compared in constant time.
    pub fn verify(&self, password: &str, hash: &str) -> bool {
        self.matches(password, hash).unwrap_or(false)
    }

    fn matches(&self, password: &str, hash: &str) -> Result<bool, HashError> {
        let phc = PasswordHash::new(hash)?;
        let (Some(salt), Some(expected)) = (&phc.salt, &phc.hash) else {
            return Ok(false);
        };
        let algorithm = Algorithm::try_from(phc.algorithm.as_str())?;
        let version = phc.version.map(Version::try_from).transpose()?;
        let params = Params::try_from(&phc)?;
        let argon = Argon2::new(algorithm, version.unwrap_or_default(), params.clone());
        let mut out = vec![0u8; expected.len()];
        self.with_memory(&params, |memory| {
            argon.hash_password_into_with_memory(password.as_bytes(), salt, &mut out, memory)
        })?;
        // `Output`'s equality is constant-time.
        Ok(Output::new(&out)? == *expected)
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

    /// The hashes made with kept memory are argon2's own, both ways: the crate verifies ours,
    /// ours verifies the crate's — also one made with other parameters (a hash from before a
    /// change of `INVITELY_ARGON2_*`), which gets memory of its own size.
    #[test]
    fn kept_memory_gives_argon2s_own_hashes() {
        use argon2::{PasswordHasher, PasswordVerifier};
        let h = Hasher::new(64, 1).unwrap().keeping(2);
        assert!(h.spare.lock().unwrap().is_empty(), "nothing kept at start");
        let ours = h.hash("correct horse battery").unwrap();
        let argon = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(64, 1, 1, None).unwrap(),
        );
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(argon
            .verify_password(b"correct horse battery", &parsed)
            .is_ok());
        assert!(argon.verify_password(b"correct horse", &parsed).is_err());

        let theirs = argon
            .hash_password(b"another passphrase")
            .unwrap()
            .to_string();
        assert!(h.verify("another passphrase", &theirs));
        assert!(!h.verify("another passphrasf", &theirs));
        let other = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(128, 2, 1, Some(24)).unwrap(),
        )
        .hash_password(b"older parameters")
        .unwrap()
        .to_string();
        assert!(h.verify("older parameters", &other));
        assert!(!h.verify("older parameterz", &other));

        // Many hashes, one after another: the same memory each time, and no more kept than
        // hash at once.
        for i in 0..5 {
            assert!(h.verify(&format!("pass {i}"), &h.hash(&format!("pass {i}")).unwrap()));
        }
        assert_eq!(h.spare.lock().unwrap().len(), 1);
        std::thread::scope(|s| {
            for _ in 0..6 {
                s.spawn(|| h.hash("at once").unwrap());
            }
        });
        assert!(h.spare.lock().unwrap().len() <= h.keep);
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
