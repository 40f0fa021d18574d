//! Two-factor sign-in with time-based one-time codes (RFC 6238): 6 digits, HMAC-SHA1, 30-second
//! steps, one step of clock drift either way; one-time recovery codes for a lost phone.
//!
//! - The shared secret (20 random bytes) is stored encrypted with AES-256-GCM under a key
//!   derived from the server's secret, with the account id as associated data, so a database
//!   dump alone cannot produce codes and a ciphertext copied to another account does not open.
//! - A code is accepted once: the last time step used is kept per account and moved forward by
//!   one conditional UPDATE (`… WHERE last_step < step`), so a replayed code, or two parallel
//!   submissions of one code, cannot both pass (`store::use_step`).
//! - Recovery codes are 50 random bits each, stored only as HMAC-SHA-256 under a server key (a
//!   "pepper"): they are random, not chosen by people, so a slow hash adds nothing against
//!   guessing, while the key means a dump alone cannot even test a guess; the digest is also what
//!   lets one conditional UPDATE spend a code exactly once.

pub mod store;

use crate::db::ids::AccountId;
use crate::domain::tokens;
use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::engine::general_purpose::STANDARD_NO_PAD;
use base64::Engine;
use rand::RngCore;
use subtle::ConstantTimeEq;
use totp_rs::{Algorithm, Secret, TOTP};

/// The issuer shown in authenticator apps.
pub const ISSUER: &str = "Invitely";
pub const DIGITS: usize = 6;
pub const STEP_SECONDS: u64 = 30;
/// Steps of clock drift accepted either side of the server's.
pub const DRIFT_STEPS: i64 = 1;
pub const SECRET_BYTES: usize = 20;
pub const RECOVERY_CODES: usize = 10;
/// How long the half-signed state lasts between the password and the code, in seconds.
pub const PENDING_SECONDS: i64 = 5 * 60;

/// Keys derived from the server's secret (see `startup`).
#[derive(Clone)]
pub struct Keys {
    secret: [u8; 32],
    recovery: [u8; 32],
}

impl Keys {
    pub fn new(secret: [u8; 32], recovery: [u8; 32]) -> Self {
        Self { secret, recovery }
    }

    /// `secret` sealed for `account`: base64 of nonce ‖ ciphertext ‖ tag.
    pub fn seal(&self, account: AccountId, secret: &[u8]) -> Option<String> {
        let cipher = Aes256Gcm::new_from_slice(&self.secret).ok()?;
        let mut nonce = [0u8; 12];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let aad = aad(account);
        let sealed = cipher
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: secret,
                    aad: aad.as_bytes(),
                },
            )
            .ok()?;
        let mut out = nonce.to_vec();
        out.extend(sealed);
        Some(STANDARD_NO_PAD.encode(out))
    }

    /// The secret of `account`, or None when `sealed` was not made for it under this key.
    pub fn open(&self, account: AccountId, sealed: &str) -> Option<Vec<u8>> {
        let raw = STANDARD_NO_PAD.decode(sealed).ok()?;
        if raw.len() < 12 + 16 {
            return None;
        }
        let (nonce, body) = raw.split_at(12);
        let cipher = Aes256Gcm::new_from_slice(&self.secret).ok()?;
        let aad = aad(account);
        cipher
            .decrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: body,
                    aad: aad.as_bytes(),
                },
            )
            .ok()
    }

    /// The stored digest of a recovery code (normalised first).
    pub fn recovery_digest(&self, code: &str) -> String {
        tokens::hex(&tokens::hmac_sha256(
            &self.recovery,
            &[b"recovery:", normalize_recovery(code).as_bytes()],
        ))
    }
}

fn aad(account: AccountId) -> String {
    format!("two-factor:account:{account}")
}

/// A new random secret.
pub fn new_secret() -> Vec<u8> {
    let mut s = vec![0u8; SECRET_BYTES];
    rand::rngs::OsRng.fill_bytes(&mut s);
    s
}

/// The secret as base32 (what people type into an authenticator app), in groups of four.
pub fn base32(secret: &[u8]) -> String {
    let plain = Secret::Raw(secret.to_vec()).to_encoded().to_string();
    plain
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

fn totp(secret: &[u8], label: &str) -> Option<TOTP> {
    // `otpauth` labels may not hold a colon.
    let label = label.replace(':', " ");
    TOTP::new(
        Algorithm::SHA1,
        DIGITS,
        DRIFT_STEPS as u8,
        STEP_SECONDS,
        secret.to_vec(),
        Some(ISSUER.to_owned()),
        label,
    )
    .ok()
}

/// The `otpauth://totp/Invitely:label?...` URI the QR code carries.
pub fn otpauth_uri(secret: &[u8], label: &str) -> Option<String> {
    totp(secret, label).map(|t| t.get_url())
}

/// The time step of a Unix time.
pub fn step_of(unix: i64) -> i64 {
    unix.div_euclid(STEP_SECONDS as i64)
}

/// The code of one time step.
pub fn code_at_step(secret: &[u8], step: i64) -> Option<String> {
    let t = totp(secret, "x")?;
    Some(t.generate(u64::try_from(step).ok()?.saturating_mul(STEP_SECONDS)))
}

/// What was typed, read as a one-time code: six digits, spaces allowed.
pub fn as_totp_code(input: &str) -> Option<String> {
    let digits: String = input.chars().filter(|c| !c.is_whitespace()).collect();
    (digits.len() == DIGITS && digits.bytes().all(|b| b.is_ascii_digit())).then_some(digits)
}

/// The step whose code `code` is, within the accepted drift around `now_unix` (the latest one
/// when several match); compared in constant time.
pub fn matching_step(secret: &[u8], code: &str, now_unix: i64) -> Option<i64> {
    let now = step_of(now_unix);
    let mut found = None;
    for step in (now - DRIFT_STEPS)..=(now + DRIFT_STEPS) {
        if let Some(expected) = code_at_step(secret, step) {
            if bool::from(expected.as_bytes().ct_eq(code.as_bytes())) {
                found = Some(step);
            }
        }
    }
    found
}

/// Crockford's base32: no i, l, o, u.
const RECOVERY_ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";

/// A new recovery code: ten symbols (50 bits), shown as `xxxxx-xxxxx`.
pub fn new_recovery_code() -> String {
    let mut bytes = [0u8; 10];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let s: String = bytes
        .iter()
        .map(|b| RECOVERY_ALPHABET[usize::from(b & 31)] as char)
        .collect();
    format!("{}-{}", &s[..5], &s[5..])
}

pub fn new_recovery_codes() -> Vec<String> {
    (0..RECOVERY_CODES).map(|_| new_recovery_code()).collect()
}

/// A recovery code as typed: case, spaces and dashes do not matter, nor the look-alikes
/// Crockford's alphabet leaves out.
pub fn normalize_recovery(input: &str) -> String {
    input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| match c.to_ascii_lowercase() {
            'o' => '0',
            'i' | 'l' => '1',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B, SHA-1 (8-digit values; ours are their last six digits).
    #[test]
    fn rfc6238_vectors() {
        let secret = b"12345678901234567890";
        for (t, code) in [
            (59_i64, "94287082"),
            (1_111_111_109, "07081804"),
            (1_111_111_111, "14050471"),
            (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"),
        ] {
            assert_eq!(
                code_at_step(secret, step_of(t)).unwrap(),
                code[2..],
                "t={t}"
            );
        }
    }

    #[test]
    fn drift_of_one_step_only() {
        let secret = new_secret();
        let now = 1_800_000_015;
        let s = step_of(now);
        for (d, ok) in [(-2, false), (-1, true), (0, true), (1, true), (2, false)] {
            let code = code_at_step(&secret, s + d).unwrap();
            assert_eq!(matching_step(&secret, &code, now).is_some(), ok, "{d}");
        }
    }

    #[test]
    fn sealed_secrets_open_only_for_their_account() {
        let keys = Keys::new([7; 32], [8; 32]);
        let (a, b) = (AccountId::from_raw(1), AccountId::from_raw(2));
        let secret = new_secret();
        let sealed = keys.seal(a, &secret).unwrap();
        assert_eq!(keys.open(a, &sealed).unwrap(), secret);
        assert!(keys.open(b, &sealed).is_none());
        assert!(Keys::new([9; 32], [8; 32]).open(a, &sealed).is_none());
        assert_ne!(keys.seal(a, &secret).unwrap(), sealed, "fresh nonce");
    }

    #[test]
    fn recovery_codes_normalise() {
        let keys = Keys::new([7; 32], [8; 32]);
        let code = new_recovery_code();
        assert_eq!(code.len(), 11);
        assert_eq!(
            keys.recovery_digest(&code),
            keys.recovery_digest(&format!(" {} ", code.to_uppercase().replace('-', " ")))
        );
        assert_ne!(
            keys.recovery_digest(&code),
            keys.recovery_digest("00000-00000")
        );
        assert_eq!(normalize_recovery("O1l-I"), "0111");
    }

    #[test]
    fn base32_groups() {
        let b = base32(b"12345678901234567890");
        assert_eq!(b.replace(' ', ""), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    }
}
