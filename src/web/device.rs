//! Device cookies (docs/SECURITY.md C4; OWASP's "Slow Down Online Guessing Attacks with Device
//! Cookies"): a browser that signed in to an account before keeps a cookie saying so, signed by
//! this server and bound to the account's sign-in identifier. While strangers' failures have
//! paused the account (`domain::signin`), such a browser is still let in: its attempts are
//! counted against its own cookie instead (`max` failures per window; past them the cookie is
//! worth nothing until the window ends), so a guesser with many addresses cannot lock the owner
//! out, and a stolen cookie buys only `max` guesses per window more than a stranger has — until
//! the password changes, which ends it.
//!
//! The value is `issued.nonce.signature`: the Unix second it was issued, a random nonce (the
//! key of its own counter) and the HMAC of both with the account's [`binding`] (its identifier
//! and its password as it was) under a key derived from the master secret. The server stores no cookie: only its counter,
//! once it fails, and — while a sign-in waits for its second factor — the binding it will be
//! issued from (digests, which sign nothing without the key). It lives [`LIFETIME`] and is issued
//! anew at every successful sign-in. HttpOnly, SameSite=Lax, Path=/,
//! `__Host-` and Secure with secure cookies, like the other cookies.

use crate::domain::tokens;
use actix_web::body::MessageBody;
use actix_web::cookie::{Cookie, SameSite};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{HttpMessage, HttpRequest};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use subtle::ConstantTimeEq;

/// How long a device cookie vouches for its browser.
pub const LIFETIME: time::Duration = time::Duration::days(90);

/// The key and cookie settings (app data).
#[derive(Clone)]
pub struct DeviceConfig {
    key: Vec<u8>,
    secure: bool,
}

/// What a device cookie is bound to: the account's sign-in identifier (its throttle key) and its
/// password as it is now, so that a change or reset of the password ends every cookie issued
/// before it (an owner who suspects a stolen cookie changes the password).
pub fn binding(identifier_key: &str, password_hash: Option<&str>) -> String {
    format!(
        "{}|{}",
        crate::domain::signin::account_digest(identifier_key),
        tokens::digest("device-password", password_hash.unwrap_or(""))
    )
}

/// A cookie to send with this request's response (set by a successful sign-in), and the
/// binding it was issued from.
#[derive(Clone)]
struct Issued {
    cookie: Cookie<'static>,
    binding: String,
}

impl DeviceConfig {
    pub fn new(key: Vec<u8>, secure: bool) -> Self {
        Self { key, secure }
    }

    pub fn cookie_name(&self) -> &'static str {
        if self.secure {
            "__Host-invitely-device"
        } else {
            "invitely_device"
        }
    }

    fn signature(&self, account: &str, issued: i64, nonce: &str) -> String {
        let issued = issued.to_string();
        URL_SAFE_NO_PAD.encode(tokens::hmac_sha256(
            &self.key,
            &[
                b"device:",
                account.as_bytes(),
                b"|",
                issued.as_bytes(),
                b"|",
                nonce.as_bytes(),
            ],
        ))
    }

    /// A new cookie for `account` (its [`binding`]).
    pub fn issue(&self, account: &str, now: i64) -> Cookie<'static> {
        let nonce = tokens::random_token();
        self.cookie(format!(
            "{now}.{nonce}.{}",
            self.signature(account, now, &nonce)
        ))
    }

    fn cookie(&self, value: String) -> Cookie<'static> {
        Cookie::build(self.cookie_name(), value)
            .path("/")
            .http_only(true)
            .same_site(SameSite::Lax)
            .secure(self.secure)
            .max_age(actix_web::cookie::time::Duration::seconds(
                LIFETIME.whole_seconds(),
            ))
            .finish()
    }

    /// The nonce of a cookie this server issued for `account` less than [`LIFETIME`] ago;
    /// `None` for anything else (another account's, forged, altered, expired or malformed).
    pub fn verify(&self, value: &str, account: &str, now: i64) -> Option<String> {
        let mut parts = value.splitn(3, '.');
        let (issued, nonce, signature) = (parts.next()?, parts.next()?, parts.next()?);
        let issued: i64 = issued.parse().ok()?;
        if !tokens::looks_like_token(nonce)
            || !(0..LIFETIME.whole_seconds()).contains(&(now - issued))
        {
            return None;
        }
        let expected = self.signature(account, issued, nonce);
        let same = expected.len() == signature.len()
            && bool::from(expected.as_bytes().ct_eq(signature.as_bytes()));
        same.then(|| nonce.to_owned())
    }

    /// The device cookie the browser sent, if any.
    pub fn sent(&self, req: &HttpRequest) -> Option<String> {
        req.cookie(self.cookie_name()).map(|c| c.value().to_owned())
    }
}

/// Sends a new cookie bound to `binding` with the response to `req` (a successful sign-in).
pub fn earned(req: &HttpRequest, devices: &DeviceConfig, binding: String, now: i64) {
    let cookie = devices.issue(&binding, now);
    req.extensions_mut().insert(Issued { cookie, binding });
}

/// Takes back the cookie a right password earned on this request, for an account whose sign-in
/// needs its second factor too: the binding to issue it from then, kept with the pending step
/// (the cookie itself is never stored).
pub fn withhold(req: &HttpRequest) -> Option<String> {
    req.extensions_mut()
        .remove::<Issued>()
        .map(|issued| issued.binding)
}

/// Issues the withheld cookie once the second factor was right.
pub fn release(req: &HttpRequest, binding: Option<String>, now: i64) {
    let cfg = req.app_data::<actix_web::web::Data<DeviceConfig>>();
    if let (Some(cfg), Some(binding)) = (cfg, binding) {
        earned(req, cfg, binding, now);
    }
}

/// Adds the device cookie a handler issued to its response.
pub async fn set_cookie(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let mut res = next.call(req).await?;
    let issued = res.request().extensions_mut().remove::<Issued>();
    if let Some(Issued { cookie, .. }) = issued {
        res.response_mut().add_cookie(&cookie)?;
    }
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_790_000_000;

    fn value(c: &Cookie<'_>) -> String {
        c.value().to_owned()
    }

    #[test]
    fn a_cookie_vouches_only_for_its_account_and_while_it_lives() {
        let cfg = DeviceConfig::new(b"key".to_vec(), false);
        let cookie = cfg.issue("account-a", NOW);
        let nonce = cfg.verify(&value(&cookie), "account-a", NOW + 60);
        assert!(nonce.as_deref().is_some_and(tokens::looks_like_token));
        assert_eq!(cfg.verify(&value(&cookie), "account-b", NOW + 60), None);
        let last = NOW + LIFETIME.whole_seconds() - 1;
        assert!(cfg.verify(&value(&cookie), "account-a", last).is_some());
        assert_eq!(cfg.verify(&value(&cookie), "account-a", last + 1), None);
        assert_eq!(cfg.verify(&value(&cookie), "account-a", NOW - 1), None);
        // Another server's key, an altered date or nonce, garbage: nothing.
        let other = DeviceConfig::new(b"other".to_vec(), false);
        assert_eq!(other.verify(&value(&cookie), "account-a", NOW), None);
        let (issued, rest) = value(&cookie)
            .split_once('.')
            .map(|(a, b)| (a.to_owned(), b.to_owned()))
            .unwrap();
        let later = format!("{}.{rest}", issued.parse::<i64>().unwrap() + 1);
        assert_eq!(cfg.verify(&later, "account-a", NOW + 60), None);
        for bad in ["", "x", "1.2.3", &format!("{NOW}..")] {
            assert_eq!(cfg.verify(bad, "account-a", NOW), None, "{bad}");
        }
        // Each cookie has its own nonce.
        let again = cfg.issue("account-a", NOW);
        assert_ne!(
            cfg.verify(&value(&again), "account-a", NOW),
            cfg.verify(&value(&cookie), "account-a", NOW)
        );
    }

    #[test]
    fn a_change_of_password_ends_the_cookie() {
        let cfg = DeviceConfig::new(b"key".to_vec(), false);
        let before = binding("boss@example.com", Some("$argon2id$old"));
        let cookie = cfg.issue(&before, NOW);
        assert!(cfg.verify(&value(&cookie), &before, NOW).is_some());
        let after = binding("boss@example.com", Some("$argon2id$new"));
        assert_eq!(cfg.verify(&value(&cookie), &after, NOW), None);
        let other = binding("other@example.com", Some("$argon2id$old"));
        assert_eq!(cfg.verify(&value(&cookie), &other, NOW), None);
    }

    #[test]
    fn the_cookie_is_host_only_with_secure_cookies() {
        let cfg = DeviceConfig::new(b"k".to_vec(), true);
        let cookie = cfg.issue("a", NOW);
        assert_eq!(cookie.name(), "__Host-invitely-device");
        assert_eq!(cookie.secure(), Some(true));
        assert_eq!(cookie.http_only(), Some(true));
        assert_eq!(cookie.path(), Some("/"));
        assert_eq!(
            DeviceConfig::new(b"k".to_vec(), false).cookie_name(),
            "invitely_device"
        );
    }
}
