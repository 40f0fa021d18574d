//! CSRF tokens (docs/SECURITY.md E1) for both kinds of visitor:
//!
//! - signed in: the synchronizer token kept in the session (`web::session`);
//! - anonymous: a signed double-submit cookie, so that a visit stores nothing on the server
//!   (docs/SECURITY.md D2). A random nonce lives in its own cookie (HttpOnly, SameSite=Lax,
//!   Path=/, `__Host-` and Secure with secure cookies); the form's token is the HMAC of that
//!   nonce under a key derived from the master secret, so only this server can make a token
//!   for a nonce, and a token is worthless without its cookie.
//!
//! A request is checked under exactly one scheme, the one of its state: a session with an
//! account accepts only its synchronizer token, anything else only the token of its nonce.

use crate::domain::tokens;
use crate::web::session;
use actix_session::SessionExt;
use actix_web::body::MessageBody;
use actix_web::cookie::{Cookie, SameSite};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{web, HttpMessage, HttpRequest};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use subtle::ConstantTimeEq;

/// The key and cookie settings of the anonymous scheme (app data).
#[derive(Clone)]
pub struct CsrfConfig {
    key: Vec<u8>,
    secure: bool,
}

impl CsrfConfig {
    pub fn new(key: Vec<u8>, secure: bool) -> Self {
        Self { key, secure }
    }

    pub fn cookie_name(&self) -> &'static str {
        if self.secure {
            "__Host-invitely-csrf"
        } else {
            "invitely_csrf"
        }
    }

    /// The form token that goes with `nonce`.
    pub fn token_for(&self, nonce: &str) -> String {
        URL_SAFE_NO_PAD.encode(tokens::hmac_sha256(
            &self.key,
            &[b"csrf-nonce:", nonce.as_bytes()],
        ))
    }
}

/// The nonce made for this request when a page needed a token and the browser sent none; the
/// middleware sends it as the cookie.
#[derive(Clone)]
struct Nonce(String);

fn config(req: &HttpRequest) -> Option<web::Data<CsrfConfig>> {
    req.app_data::<web::Data<CsrfConfig>>().cloned()
}

/// The nonce the browser sent (well-formed), if any.
fn sent_nonce(req: &HttpRequest, cfg: &CsrfConfig) -> Option<String> {
    req.cookie(cfg.cookie_name())
        .map(|c| c.value().to_owned())
        .filter(|v| tokens::looks_like_token(v))
}

/// This request's nonce: the browser's, else one made now, once per request, which the
/// middleware then sends with the page. Only a page's frame asks (never for a signed-in
/// visitor, whose forms carry the session's token), so `/healthz`, JSON and static files draw
/// no random bytes.
fn nonce(req: &HttpRequest, cfg: &CsrfConfig) -> String {
    if let Some(n) = sent_nonce(req, cfg) {
        return n;
    }
    if let Some(n) = req.extensions().get::<Nonce>() {
        return n.0.clone();
    }
    let n = tokens::random_token();
    req.extensions_mut().insert(Nonce(n.clone()));
    n
}

fn same(expected: &str, submitted: &str) -> bool {
    expected.len() == submitted.len() && bool::from(expected.as_bytes().ct_eq(submitted.as_bytes()))
}

fn signed_in(req: &HttpRequest) -> bool {
    session::account_id(&req.get_session()).is_some()
}

/// The token a page of this request carries in its forms.
pub fn page_token(req: &HttpRequest) -> String {
    if signed_in(req) {
        return session::csrf_token(&req.get_session());
    }
    config(req)
        .map(|cfg| cfg.token_for(&nonce(req, &cfg)))
        .unwrap_or_default()
}

/// Constant-time check of a submitted token under the request's one scheme. No token, a token
/// of another visitor, or a token of the other scheme fails.
pub fn csrf_matches(req: &HttpRequest, submitted: &str) -> bool {
    if submitted.is_empty() {
        return false;
    }
    if signed_in(req) {
        return session::synchronizer_token(&req.get_session())
            .is_some_and(|expected| same(&expected, submitted));
    }
    let Some(cfg) = config(req) else {
        return false;
    };
    // Only a nonce the browser sent counts, never one created for this response.
    sent_nonce(req, &cfg).is_some_and(|n| same(&cfg.token_for(&n), submitted))
}

/// Sends the nonce this request made (`nonce`) as its cookie when the answer is a page, whose
/// forms carry its token. Answers that made none set nothing (`/healthz`, JSON, static files, a
/// signed-in visitor's pages); nor does a redirect, which shows no form (an anonymous visit to
/// an admin page reads the page's frame, token included, before it is sent to /login).
pub async fn nonce_cookie(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let mut res = next.call(req).await?;
    let page = res
        .headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let made = page
        .then(|| res.request().extensions().get::<Nonce>().cloned())
        .flatten();
    let cfg = res.request().app_data::<web::Data<CsrfConfig>>().cloned();
    if let (Some(Nonce(n)), Some(cfg)) = (made, cfg) {
        let cookie = Cookie::build(cfg.cookie_name(), n)
            .path("/")
            .http_only(true)
            .same_site(SameSite::Lax)
            .secure(cfg.secure)
            .finish();
        res.response_mut().add_cookie(&cookie)?;
    }
    Ok(res)
}

/// Refuses a form whose token does not match: an audit line with its path (redacted: it may
/// hold a live link token, docs/SECURITY.md A13) and its request id (H1).
pub fn refuse(req: &HttpRequest) -> crate::error::AppError {
    let request_id = crate::web::page::request_id(req);
    tracing::warn!(target: "audit", action = crate::db::enums::AuditAction::CsrfRefused.as_str(), path = %crate::logging::redact(req.path()), request_id = %request_id, "csrf refused");
    crate::error::AppError::Csrf
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cookie_is_host_only_with_secure_cookies() {
        assert_eq!(
            CsrfConfig::new(b"k".to_vec(), true).cookie_name(),
            "__Host-invitely-csrf"
        );
        assert_eq!(
            CsrfConfig::new(b"k".to_vec(), false).cookie_name(),
            "invitely_csrf"
        );
    }

    #[test]
    fn tokens_depend_on_key_and_nonce() {
        let a = CsrfConfig::new(b"key-one".to_vec(), false);
        let b = CsrfConfig::new(b"key-two".to_vec(), false);
        let n = tokens::random_token();
        assert_eq!(a.token_for(&n), a.token_for(&n));
        assert_ne!(a.token_for(&n), b.token_for(&n));
        assert_ne!(a.token_for(&n), a.token_for(&tokens::random_token()));
        assert_ne!(a.token_for(&n), n, "the token is not the cookie's value");
        assert!(same(&a.token_for(&n), &a.token_for(&n)));
        assert!(!same(&a.token_for(&n), ""));
    }
}
