//! What a signed-in session holds: the account, the current organisation, the CSRF token,
//! flash messages. Nothing else; anonymous visitors have no stored session at all.

use crate::db::ids::{AccountId, MemberId, OrgId};
use crate::domain::tokens;
use actix_session::Session;

pub const ACCOUNT_ID: &str = "uid";
pub const ORG_ID: &str = "org";
pub const CSRF: &str = "csrf";
pub const FLASH: &str = "flash";
pub const OFFER: &str = "offer";
pub const SIGNED_IN_AT: &str = "iat";

/// The signed-in session's CSRF token (synchronizer token, docs/SECURITY.md E1), created on first
/// use. Only for sessions with an account: anonymous visitors use `web::csrf`'s cookie-bound token,
/// so that their visits store nothing.
pub fn csrf_token(session: &Session) -> String {
    if let Some(t) = synchronizer_token(session) {
        return t;
    }
    let t = tokens::random_token();
    let _ = session.insert(CSRF, &t);
    t
}

/// The token kept in the session, if any.
pub fn synchronizer_token(session: &Session) -> Option<String> {
    session.get::<String>(CSRF).ok().flatten()
}

/// The signed-in account. A value this version cannot read (a key from before the compact keys)
/// counts as signed out.
pub fn account_id(session: &Session) -> Option<AccountId> {
    session.get::<AccountId>(ACCOUNT_ID).ok().flatten()
}

pub fn org_id(session: &Session) -> Option<OrgId> {
    session.get::<OrgId>(ORG_ID).ok().flatten()
}

/// Signs in: a new session id (docs/SECURITY.md D1), a new CSRF token, the account and the sign-in
/// time. The form that signed in was checked under the anonymous scheme; from here on the session's
/// token applies.
pub fn sign_in(session: &Session, account_id: AccountId, org_id: Option<OrgId>, now_unix: i64) {
    session.renew();
    let _ = session.insert(ACCOUNT_ID, account_id);
    let _ = session.insert(CSRF, tokens::random_token());
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

/// A message for the next page. Only signed-in sessions carry flashes: an anonymous session is
/// never stored, so nothing is written into it.
pub fn flash(session: &Session, kind: &str, text: String) {
    if account_id(session).is_none() {
        return;
    }
    let mut list: Vec<Flash> = session.get(FLASH).ok().flatten().unwrap_or_default();
    list.push(Flash {
        kind: kind.to_owned(),
        text,
    });
    let _ = session.insert(FLASH, list);
}

/// Members a refused batch could still reach today (the first that fit the daily limit),
/// offered once on the next page.
pub fn offer(session: &Session, members: &[MemberId]) {
    if account_id(session).is_some() && !members.is_empty() {
        let _ = session.insert(OFFER, members);
    }
}

pub fn take_offer(session: &Session) -> Vec<MemberId> {
    let offer: Vec<MemberId> = session.get(OFFER).ok().flatten().unwrap_or_default();
    if !offer.is_empty() {
        session.remove(OFFER);
    }
    offer
}

pub fn take_flashes(session: &Session) -> Vec<Flash> {
    let list: Vec<Flash> = session.get(FLASH).ok().flatten().unwrap_or_default();
    if !list.is_empty() {
        session.remove(FLASH);
    }
    list
}
