//! What the session holds: the signed-in account, the current organisation, the CSRF token,
//! flash messages. Nothing else.

use crate::domain::tokens;
use actix_session::Session;
use subtle::ConstantTimeEq;

pub const USER_ID: &str = "uid";
pub const ORG_ID: &str = "org";
pub const CSRF: &str = "csrf";
pub const FLASH: &str = "flash";
pub const SIGNED_IN_AT: &str = "iat";

/// The session's CSRF token, created on first use (synchronizer token, E1).
pub fn csrf_token(session: &Session) -> String {
    if let Ok(Some(t)) = session.get::<String>(CSRF) {
        return t;
    }
    let t = tokens::random_token();
    let _ = session.insert(CSRF, &t);
    t
}

/// Constant-time comparison against the session's token; no token in the session fails.
pub fn csrf_matches(session: &Session, submitted: &str) -> bool {
    match session.get::<String>(CSRF) {
        Ok(Some(expected)) => {
            expected.len() == submitted.len()
                && bool::from(expected.as_bytes().ct_eq(submitted.as_bytes()))
        }
        _ => false,
    }
}

pub fn user_id(session: &Session) -> Option<String> {
    session.get::<String>(USER_ID).ok().flatten()
}

pub fn org_id(session: &Session) -> Option<String> {
    session.get::<String>(ORG_ID).ok().flatten()
}

/// Signs in: a new session id (D1), a new CSRF token, the account and the sign-in time.
pub fn sign_in(session: &Session, user_id: &str, org_id: Option<&str>, now_unix: i64) {
    session.renew();
    session.remove(CSRF);
    let _ = session.insert(USER_ID, user_id);
    let _ = session.insert(SIGNED_IN_AT, now_unix);
    match org_id {
        Some(org) => {
            let _ = session.insert(ORG_ID, org);
        }
        None => {
            session.remove(ORG_ID);
        }
    }
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Flash {
    pub kind: String,
    pub text: String,
}

pub fn flash(session: &Session, kind: &str, text: String) {
    let mut list: Vec<Flash> = session.get(FLASH).ok().flatten().unwrap_or_default();
    list.push(Flash {
        kind: kind.to_owned(),
        text,
    });
    let _ = session.insert(FLASH, list);
}

pub fn take_flashes(session: &Session) -> Vec<Flash> {
    let list: Vec<Flash> = session.get(FLASH).ok().flatten().unwrap_or_default();
    if !list.is_empty() {
        session.remove(FLASH);
    }
    list
}
