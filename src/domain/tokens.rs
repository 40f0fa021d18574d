//! Tokens: random or derived, only ever stored as a SHA-256 digest.

use crate::db::ids::InvitationId;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::{Digest, Sha256};
use time::PrimitiveDateTime;

/// The length of every link token: 32 bytes in base64url without padding.
pub const TOKEN_CHARS: usize = 43;

/// 32 bytes from the OS generator, base64url without padding ([`TOKEN_CHARS`] characters).
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Hex SHA-256 of a token, typed by purpose so a token of one kind never matches another.
pub fn digest(purpose: &str, token: &str) -> String {
    let mut h = Sha256::new();
    h.update(purpose.as_bytes());
    h.update(b":");
    h.update(token.as_bytes());
    hex(&h.finalize())
}

pub const INVITATION: &str = "invitation";
pub const SETUP: &str = "setup";
pub const PASSWORD_RESET: &str = "password_reset";

/// The link token of a forgotten-password request: HMAC(server key, the row's random nonce).
/// Only its digest is stored; the job derives it again when the message leaves, so the link is
/// never written anywhere (not in the row, not in the outbox). 32 bytes, base64url.
pub fn password_reset_token(key: &[u8], nonce: &str) -> String {
    URL_SAFE_NO_PAD.encode(hmac_sha256(key, &[b"password_reset:", nonce.as_bytes()]))
}

/// The link token of an invitation: HMAC(server key, id, creation time, generation), so a
/// retried send carries the same link while nothing raw is stored. Keys are numbers the database
/// hands out in order; the creation time keeps a link from an earlier life of the database (a
/// restored backup) from ever matching a new invitation that received the same number.
pub fn invitation_token(
    key: &[u8],
    invitation_id: InvitationId,
    created_at: PrimitiveDateTime,
    generation: i32,
) -> String {
    let created = created_at.assume_utc().unix_timestamp_nanos().to_string();
    let mac = hmac_sha256(
        key,
        &[
            b"invitation:",
            invitation_id.to_string().as_bytes(),
            b":",
            created.as_bytes(),
            b":",
            generation.to_string().as_bytes(),
        ],
    );
    URL_SAFE_NO_PAD.encode(mac)
}

/// HMAC-SHA-256 of the concatenated parts under `key`.
pub fn hmac_sha256(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    // HMAC takes keys of any length, so creating one cannot fail.
    let Ok(mut mac) = <Hmac<Sha256> as Mac>::new_from_slice(key) else {
        unreachable!("HMAC accepts keys of any length")
    };
    for part in parts {
        mac.update(part);
    }
    mac.finalize().into_bytes().into()
}

/// Only characters a token can contain, and a sane length: anything else is not looked up.
pub fn looks_like_token(token: &str) -> bool {
    (40..=64).contains(&token.len())
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_tokens_are_43_chars_and_distinct() {
        // docs/SECURITY.md A1: a million tokens, no duplicate.
        let mut seen = std::collections::HashSet::with_capacity(1_000_000);
        for _ in 0..1_000_000 {
            let t = random_token();
            assert_eq!(t.len(), TOKEN_CHARS);
            assert!(looks_like_token(&t));
            assert!(seen.insert(t));
        }
    }

    #[test]
    fn invitation_tokens_depend_on_key_id_and_generation() {
        let (id, other) = (InvitationId::from_raw(1), InvitationId::from_raw(2));
        let at = time::macros::datetime!(2026-12-02 10:00:00);
        let later = time::macros::datetime!(2026-12-02 10:00:01);
        let a = invitation_token(b"key-one", id, at, 0);
        assert_eq!(a, invitation_token(b"key-one", id, at, 0));
        assert_ne!(a, invitation_token(b"key-two", id, at, 0));
        assert_ne!(a, invitation_token(b"key-one", id, at, 1));
        assert_ne!(a, invitation_token(b"key-one", other, at, 0));
        // The same number given again after a restore: another link.
        assert_ne!(a, invitation_token(b"key-one", id, later, 0));
        assert_eq!(a.len(), TOKEN_CHARS);
    }

    #[test]
    fn reset_tokens_depend_on_key_and_nonce() {
        let a = password_reset_token(b"key-one", "n1");
        assert_eq!(a, password_reset_token(b"key-one", "n1"));
        assert_ne!(a, password_reset_token(b"key-two", "n1"));
        assert_ne!(a, password_reset_token(b"key-one", "n2"));
        assert_eq!(a.len(), 43);
        assert!(looks_like_token(&a));
    }

    #[test]
    fn digests_are_typed() {
        assert_ne!(digest(INVITATION, "t"), digest(SETUP, "t"));
        assert_eq!(digest(SETUP, "t").len(), 64);
    }
}
