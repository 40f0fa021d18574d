//! What a signed-in session holds: the account, the current organisation, the CSRF token,
//! flash messages. Nothing else; anonymous visitors have no stored session at all.

use crate::db::ids::{AccountId, MemberId, OrgId, RoleId};
use crate::domain::tokens;
use actix_session::Session;

pub const ACCOUNT_ID: &str = "uid";
pub const ORG_ID: &str = "org";
pub const CSRF: &str = "csrf";
pub const FLASH: &str = "flash";
pub const OFFER: &str = "offer";
pub const SIGNED_IN_AT: &str = "iat";
/// The half-signed state between a right password and the second factor (`Pending`).
pub const PENDING: &str = "mfa";
/// The sealed secret being enrolled, until its first code is confirmed.
pub const ENROL_SECRET: &str = "mfa_new";
/// The caller's rights as the session last saw them ([`renew_on_new_rights`]).
pub const RIGHTS: &str = "rights";
/// Asks the session store for a new id when it writes the session back: the row moves to it in
/// one statement (`DbSessionStore::update`); the store removes the mark.
pub const ROTATE: &str = "rotate";
/// The organisation this session just left (`handlers::leave`): the confirmation sent again,
/// or opened again from the browser's history, is answered as done, not "not found".
pub const LEFT_ORG: &str = "left_org";
/// The invite form's last preview of the HTML message ([`keep_mail_preview`]).
pub const MAIL_PREVIEW: &str = "mail_preview";

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
    session.remove(PENDING);
    session.remove(RIGHTS);
    session.remove(ROTATE);
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

/// What a signed-in caller may do, as a short fingerprint: the operator flag and, in the current
/// organisation, the organisation, the admin flag and — for a member who is not an admin, whose
/// access they decide — the roles held (a role is only a name: holding it is the right).
/// SHA-256, so that every instance sharing the sessions computes the same stamp.
pub fn rights_stamp(is_operator: bool, org: Option<(OrgId, bool, &[RoleId])>) -> String {
    use sha2::{Digest, Sha256};
    let mut seen = format!("operator={is_operator}");
    if let Some((org, is_admin, roles)) = org {
        seen.push_str(&format!(";org={org};admin={is_admin};roles="));
        for role in roles {
            seen.push_str(&format!("{role},"));
        }
    }
    tokens::hex(&Sha256::digest(seen.as_bytes())[..8])
}

/// A new session id when the caller's rights changed since the session last saw them — a role
/// given or taken, made or unmade an admin or operator, another organisation chosen
/// (docs/SECURITY.md D1): the id a session had before is worthless from then on. The first
/// request after sign-in (which already had a new id) only records what it saw. Nothing is
/// written while the rights stay the same. Returns whether the id was renewed.
pub fn renew_on_new_rights(session: &Session, stamp: &str) -> bool {
    let seen = session.get::<String>(RIGHTS).ok().flatten();
    if seen.as_deref() == Some(stamp) {
        return false;
    }
    if seen.is_some() {
        let _ = session.insert(ROTATE, true);
    }
    let _ = session.insert(RIGHTS, stamp);
    seen.is_some()
}

/// A flash message's tone, which the page styles it by (`flash-success`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FlashKind {
    Success,
    Error,
    Info,
}

impl FlashKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FlashKind::Success => "success",
            FlashKind::Error => "error",
            FlashKind::Info => "info",
        }
    }
}

impl std::fmt::Display for FlashKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Flash {
    pub kind: FlashKind,
    pub text: String,
}

/// A message for the next page. Only signed-in sessions carry flashes: an anonymous session is
/// never stored, so nothing is written into it.
pub fn flash(session: &Session, kind: FlashKind, text: String) {
    if account_id(session).is_none() {
        return;
    }
    let mut list: Vec<Flash> = session.get(FLASH).ok().flatten().unwrap_or_default();
    // The same message again before it was shown (a form posted twice) is said once.
    if list
        .last()
        .is_some_and(|f| f.kind == kind && f.text == text)
    {
        return;
    }
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

/// A rendered message kept for the frame that shows it: the page's frame loads it from
/// `/admin/invite-preview/{id}`, with a policy of its own (`web::middleware::MailDocument`).
#[derive(serde::Serialize, serde::Deserialize)]
struct MailPreview {
    id: String,
    org: OrgId,
    html: String,
}

/// Keeps `html`, the invite form's preview in the organisation `org`, in place of the last one;
/// returns the id its frame asks for it by.
pub fn keep_mail_preview(session: &Session, org: OrgId, html: String) -> String {
    let id = tokens::random_token();
    let kept = MailPreview {
        id: id.clone(),
        org,
        html,
    };
    let _ = session.insert(MAIL_PREVIEW, kept);
    id
}

/// The preview kept with this id, while the session's current organisation is the one it was
/// made in; nothing else (a preview is only ever its own form's).
pub fn mail_preview(session: &Session, org: OrgId, id: &str) -> Option<String> {
    let kept: MailPreview = session.get(MAIL_PREVIEW).ok().flatten()?;
    (kept.id == id && kept.org == org).then_some(kept.html)
}

/// Forgets the kept preview (the form was sent: nothing is left to look at).
pub fn drop_mail_preview(session: &Session) {
    session.remove(MAIL_PREVIEW);
}

pub fn take_flashes(session: &Session) -> Vec<Flash> {
    let list: Vec<Flash> = session.get(FLASH).ok().flatten().unwrap_or_default();
    if !list.is_empty() {
        session.remove(FLASH);
    }
    list
}

/// The flashes a page took from the session, kept with its request: a page that answers with a
/// redirect instead of showing them gives them back ([`keep_unshown_flashes`]).
#[derive(Debug, Clone, Default)]
pub struct TakenFlashes(pub Vec<Flash>);

/// Inside the session layer: a GET that took the flashes for its page but answered with a
/// redirect (a page that needs an organisation the session no longer has, the home page
/// choosing one) puts them back ahead of any it added, so the page it leads to says them.
pub async fn keep_unshown_flashes(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody + 'static>,
) -> Result<actix_web::dev::ServiceResponse<actix_web::body::BoxBody>, actix_web::Error> {
    use actix_web::HttpMessage;
    let res = next.call(req).await?.map_into_boxed_body();
    if res.status().is_redirection() {
        let taken = res.request().extensions_mut().remove::<TakenFlashes>();
        if let Some(TakenFlashes(mut list)) = taken.filter(|t| !t.0.is_empty()) {
            let session = actix_session::SessionExt::get_session(res.request());
            let added: Vec<Flash> = session.get(FLASH).ok().flatten().unwrap_or_default();
            list.extend(added);
            let _ = session.insert(FLASH, list);
        }
    }
    Ok(res)
}

/// A right password for an account with two-factor sign-in: not signed in yet. Stored on the
/// server like a signed-in session (so sign-out everywhere ends it), but `account_id` stays
/// empty, so no page treats it as signed in.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Pending {
    pub account: AccountId,
    /// Unix seconds after which the password must be given again.
    pub until: i64,
    /// Where to go afterwards (a local path; an invitation link when signing in from one).
    pub next: String,
    /// What the device cookie the right password earned is bound to (digests of the sign-in
    /// identifier and the password, `web::device::binding`): the cookie is issued from it once
    /// the second factor is right too. Never the cookie itself.
    #[serde(default)]
    pub device: Option<String>,
    /// The language the visitor switched to during the step (a language code): the account's
    /// own once the second factor proves it theirs ([`crate::web::second_factor`]).
    #[serde(default)]
    pub lang: Option<String>,
}

impl Pending {
    pub fn new(account: AccountId, now_unix: i64, next: &str) -> Self {
        Pending {
            account,
            until: now_unix + crate::domain::two_factor::PENDING_SECONDS,
            next: next.to_owned(),
            device: None,
            lang: None,
        }
    }
}

/// Keeps the language switched to during a pending second step, if one is under way.
pub fn choose_pending_language(session: &Session, now_unix: i64, code: &str) {
    if let Some(mut p) = pending(session, now_unix) {
        p.lang = Some(code.to_owned());
        let _ = session.insert(PENDING, p);
    }
}

/// Starts the second step: a new session id, nothing signed in, the pending account.
pub fn begin_second_step(session: &Session, pending: &Pending) {
    session.renew();
    session.remove(ACCOUNT_ID);
    session.remove(CSRF);
    session.remove(ORG_ID);
    let _ = session.insert(PENDING, pending);
}

/// The pending second step, if it has not expired.
pub fn pending(session: &Session, now_unix: i64) -> Option<Pending> {
    session
        .get::<Pending>(PENDING)
        .ok()
        .flatten()
        .filter(|p| p.until >= now_unix)
}

pub fn set_enrol_secret(session: &Session, sealed: &str) {
    let _ = session.insert(ENROL_SECRET, sealed);
}

pub fn enrol_secret(session: &Session) -> Option<String> {
    session.get::<String>(ENROL_SECRET).ok().flatten()
}

pub fn clear_enrol_secret(session: &Session) {
    session.remove(ENROL_SECRET);
}
