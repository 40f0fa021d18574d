//! Who is asking, in which language and organisation: built once per request and handed to
//! every template as `ctx`.

use crate::db::enums::{Problem, Reason};
use crate::db::ids::OrgId;
use crate::db::models::{Account, Member, Organisation};
use crate::error::AppError;
use crate::i18n::{tr, tr_args, Arg, Lang};
use crate::web::session::{self, Flash};
use crate::web::state::AppState;

pub use super::callers::{Operator, OrgAdmin, OrgMember, SignedIn, Visitor};
use actix_session::{Session, SessionExt};
use actix_web::{web, HttpMessage, HttpRequest};

pub const LANG_COOKIE: &str = "lang";
/// The language a mailed link's page was shown in, kept for this browser session (no
/// expiry) so that the pages that follow without the link's handler speak it; below every
/// choice of the visitor's ([`lang_for_or`]).
pub const ADDRESSED_COOKIE: &str = "lang_addressed";
/// Absolute session lifetime (docs/SECURITY.md D3); the idle timeout is the session TTL.
pub const ABSOLUTE_SECONDS: i64 = crate::domain::sessions::LIFETIME.whole_seconds();

#[derive(Debug, Clone)]
pub struct OrgChoice {
    pub id: OrgId,
    pub name: String,
    pub customer_number: String,
}

/// How many organisations an account is an active member of: all any page needs to know (the
/// header offers a switch between several; home picks the only one; a person whose only
/// memberships are in organisations the platform disabled is shown them, never told they
/// belong to none).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OrgCount {
    /// No membership at all.
    #[default]
    None,
    /// Memberships, but every one of them in an organisation the platform disabled.
    OnlyDisabled,
    /// One enabled organisation (and maybe disabled ones).
    One,
    /// Several enabled organisations.
    Several,
}

impl OrgCount {
    /// From memberships listed enabled first, each saying whether its organisation is
    /// enabled; two are enough (`domain::accounts::open_first`).
    pub fn of(open_first: &[bool]) -> Self {
        match open_first.iter().filter(|open| **open).count() {
            0 if open_first.is_empty() => OrgCount::None,
            0 => OrgCount::OnlyDisabled,
            1 => OrgCount::One,
            _ => OrgCount::Several,
        }
    }

    pub fn several(self) -> bool {
        self == OrgCount::Several
    }
}

/// The data every page template reads.
#[derive(Debug, Clone)]
pub struct PageCtx {
    pub lang: Lang,
    pub csrf: String,
    pub account_name: Option<String>,
    pub is_operator: bool,
    pub org: Option<OrgChoice>,
    pub is_admin: bool,
    /// The caller may use the invite form in the current organisation (its admins, and its
    /// members when the organisation lets everyone invite).
    pub can_invite: bool,
    /// How many organisations the account is an active member of (and whether only disabled
    /// ones).
    pub orgs: OrgCount,
    pub flashes: Vec<Flash>,
    pub path: String,
    /// Where the language switch leads back to: this page with its query (a filtered list
    /// stays filtered); a form's post, to its page alone.
    pub back: String,
    pub request_id: String,
    /// The platform requires two-factor sign-in of this account and it has not enrolled: only
    /// the enrolment page and sign-out are open.
    pub enrol_first: bool,
}

impl PageCtx {
    /// A whole number as the page's language writes it, thousands grouped
    /// ([`crate::i18n::format_number`]): "1,000,000", "1 000 000".
    pub fn number(&self, n: impl TryInto<i64>) -> String {
        crate::i18n::format_number(self.lang, n.try_into().unwrap_or(i64::MAX))
    }
    pub fn t(&self, key: &str) -> String {
        tr(self.lang, key)
    }
    /// A date as the page's language says it ([`crate::i18n::format_date_in`]).
    pub fn date(&self, d: time::Date) -> String {
        crate::i18n::format_date_in(self.lang, d)
    }
    pub fn t1(&self, key: &str, name: &str, value: impl Into<Arg>) -> String {
        tr_args(self.lang, key, &[(name, value.into())])
    }
    pub fn t2(
        &self,
        key: &str,
        n1: &str,
        v1: impl Into<Arg>,
        n2: &str,
        v2: impl Into<Arg>,
    ) -> String {
        tr_args(self.lang, key, &[(n1, v1.into()), (n2, v2.into())])
    }
    pub fn reason(&self, reason: Reason) -> String {
        tr(self.lang, reason.label_key())
    }
    /// Our own reasons are translated; a server's words (its code and reply) are shown as they
    /// came, framed in the page's language.
    pub fn problem(&self, problem: &Problem) -> String {
        match problem {
            Problem::Reason(r) => self.reason(*r),
            Problem::Server(words) => self.t1("problem-server", "reply", words.as_str()),
            Problem::MailSetup(words) if words.is_empty() => self.t("problem-mail-setup"),
            Problem::MailSetup(words) => {
                self.t1("problem-mail-setup-reply", "reply", words.as_str())
            }
            Problem::SmsSetup(words) if words.is_empty() => self.t("problem-sms-setup"),
            Problem::SmsSetup(words) => self.t1("problem-sms-setup-reply", "reply", words.as_str()),
        }
    }
    /// A card's name as shown in links and headings: never empty, so every row can be opened
    /// (cards saved before a name and a contact were required may have neither).
    pub fn member_name(&self, m: &Member) -> String {
        self.name_or_unnamed(m.display_name())
    }
    /// `name`, or the word for a card without one.
    pub fn name_or_unnamed(&self, name: String) -> String {
        if name.is_empty() {
            self.t("user-unnamed")
        } else {
            name
        }
    }
    pub fn signed_in(&self) -> bool {
        self.account_name.is_some()
    }
    /// `aria-current` helper for navigation links.
    pub fn current(&self, prefix: &str) -> bool {
        self.path == prefix || self.path.starts_with(&format!("{prefix}/"))
    }
}

/// Request id assigned by the middleware.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

pub fn request_id(req: &HttpRequest) -> String {
    req.extensions()
        .get::<RequestId>()
        .map(|r| r.0.clone())
        .unwrap_or_default()
}

/// The cookie keeping the language a mailed link's page took from its message, for this
/// browser session ([`ADDRESSED_COOKIE`]).
pub fn addressed_cookie(lang: Lang) -> actix_web::cookie::Cookie<'static> {
    actix_web::cookie::Cookie::build(ADDRESSED_COOKIE, lang.code())
        .path("/")
        .same_site(actix_web::cookie::SameSite::Lax)
        .http_only(true)
        .finish()
}

/// The cookie that keeps the chosen language for a year (the language switch, `/account`).
pub fn lang_cookie(lang: Lang) -> actix_web::cookie::Cookie<'static> {
    actix_web::cookie::Cookie::build(LANG_COOKIE, lang.code())
        .path("/")
        .same_site(actix_web::cookie::SameSite::Lax)
        .http_only(true)
        .max_age(actix_web::cookie::time::Duration::days(365))
        .finish()
}

/// The language of a page: the signed-in account's choice, else the language cookie (the
/// switch), else the language a mailed link's page was shown in during this browser session
/// ([`ADDRESSED_COOKIE`]), else Accept-Language, else English. Error pages decide the same way
/// (`web::middleware`, with [`AccountLang`]).
pub fn lang_for(req: &HttpRequest, account: Option<Lang>) -> Lang {
    lang_for_or(req, account, None)
}

/// [`lang_for`] for a page that knows the language its reader was addressed in (an invitation's
/// landing page: the invitation's): that language before the browser's, the visitor's own
/// choice still first — a signed-in account's setting (the switch changes it too), else the
/// switch's cookie. The account comes before the cookie: a browser someone else switched to
/// English does not turn a Russian account's pages English.
pub fn lang_for_or(req: &HttpRequest, account: Option<Lang>, addressed: Option<Lang>) -> Lang {
    account
        .or_else(|| cookie_lang(req))
        .or(addressed)
        .or_else(|| {
            req.cookie(ADDRESSED_COOKIE)
                .and_then(|c| Lang::parse(c.value()))
        })
        .or_else(|| {
            req.headers()
                .get("Accept-Language")
                .and_then(|h| h.to_str().ok())
                .and_then(Lang::from_accept_language)
        })
        .unwrap_or_default()
}

fn cookie_lang(req: &HttpRequest) -> Option<Lang> {
    req.cookie(LANG_COOKIE).and_then(|c| Lang::parse(c.value()))
}

/// The signed-in account's own language as [`load`] read it (`None` inside: no account, or
/// none it chose that we speak), kept with the request so that an error page rendered after
/// the handler speaks it too, with no read of its own (`web::middleware`).
#[derive(Debug, Clone, Copy)]
pub struct AccountLang(pub Option<Lang>);

impl AccountLang {
    fn of(account: Option<&Account>) -> AccountLang {
        AccountLang(account.and_then(|u| Lang::parse(&u.locale)))
    }

    /// The account's language kept with this request, if any was.
    pub fn kept(req: &HttpRequest) -> Option<Lang> {
        req.extensions().get::<AccountLang>().and_then(|a| a.0)
    }
}

/// The session has outlived its absolute lifetime (docs/SECURITY.md D3).
fn over(session: &Session, now: time::PrimitiveDateTime) -> bool {
    let iat: i64 = session
        .get(session::SIGNED_IN_AT)
        .ok()
        .flatten()
        .unwrap_or(0);
    now.assume_utc().unix_timestamp() - iat > ABSOLUTE_SECONDS
}

/// Everything loaded about the caller.
pub struct Caller {
    pub ctx: PageCtx,
    pub account: Option<Account>,
    pub org: Option<(Organisation, Member)>,
    /// The organisation chosen in the session is disabled by the platform operator (then `org`
    /// is `None`).
    pub org_disabled: bool,
    pub session: Session,
    pub request_id: String,
}

pub(super) async fn load(req: &HttpRequest) -> Result<Caller, AppError> {
    let state = req
        .app_data::<web::Data<AppState>>()
        .ok_or_else(|| AppError::internal("state missing"))?
        .clone();
    let session = req.get_session();
    let now = state.now();
    let mut account_id = session::account_id(&session);
    // Absolute lifetime: a session older than 12 h is over whatever its activity.
    if account_id.is_some() && over(&session, now) {
        session.purge();
        account_id = None;
    }
    let org_id = session::org_id(&session);
    let (account, org, orgs, org_disabled, enrol_first, lost) = state
        .db(move |conn| {
            let nobody = (None, None, OrgCount::None, false, false, None);
            let Some(uid) = account_id else {
                return Ok(nobody);
            };
            let Some(account) = crate::domain::accounts::get(conn, uid)? else {
                return Ok(nobody);
            };
            if account.disabled_at.is_some() {
                return Ok(nobody);
            }
            let enrol_first = crate::domain::two_factor::store::must_enrol(conn, &account)?;
            let orgs = OrgCount::of(&crate::domain::accounts::open_first(conn, uid, 2)?);
            // The current organisation is re-checked against members every time
            // (docs/SECURITY.md D5).
            let mut org_disabled = false;
            // The organisation the session was in, when the account is no longer its member
            // (an admin removed them meanwhile): named once, then the session leaves it.
            let mut lost = None;
            let org = match org_id {
                Some(oid) => match crate::domain::orgs::active_member(conn, oid, uid)? {
                    Some(m) => {
                        // Admins need no role; for the others the roles decide restricted
                        // access, and what the member may do (`session::rights_stamp`).
                        let roles = if m.is_admin {
                            Vec::new()
                        } else {
                            crate::domain::roles::member_role_ids(conn, m.id)?
                        };
                        crate::domain::orgs::get(conn, oid)?
                            // A disabled organisation keeps its members out (they are told so).
                            .filter(|o| {
                                org_disabled = o.disabled_at.is_some();
                                !org_disabled
                            })
                            .map(|o| (o, m, roles))
                    }
                    None => {
                        lost = crate::domain::orgs::get(conn, oid)?.map(|o| o.name);
                        None
                    }
                },
                None => None,
            };
            Ok((Some(account), org, orgs, org_disabled, enrol_first, lost))
        })
        .await?;
    if enrol_first && !open_before_enrolment(req.path()) {
        return Err(AppError::EnrolTwoFactor);
    }
    if session::account_id(&session).is_some() && account.is_none() {
        session.purge();
    }
    if let Some(account) = &account {
        let rights = org
            .as_ref()
            .map(|(o, m, roles)| (o.id, m.is_admin, roles.as_slice()));
        session::renew_on_new_rights(
            &session,
            &session::rights_stamp(account.is_operator, rights),
        );
    }
    let account_lang = AccountLang::of(account.as_ref());
    req.extensions_mut().insert(account_lang);
    let lang = lang_for(req, account_lang.0);
    let request_id = request_id(req);
    let mut ctx = PageCtx {
        lang,
        csrf: crate::web::csrf::page_token(req),
        account_name: account.as_ref().map(|u| u.display_name()),
        is_operator: account.as_ref().is_some_and(|u| u.is_operator),
        org: org.as_ref().map(|(o, _, _)| OrgChoice {
            id: o.id,
            name: o.name.clone(),
            customer_number: o.customer_number.clone(),
        }),
        is_admin: org.as_ref().is_some_and(|(_, m, _)| m.is_admin),
        can_invite: org.as_ref().is_some_and(|(o, m, roles)| {
            crate::domain::invitations::member_may_invite(o, m, m.is_admin || !roles.is_empty())
        }),
        orgs,
        flashes: Vec::new(),
        path: req.path().to_owned(),
        back: match req.uri().path_and_query() {
            Some(pq) if req.method() == actix_web::http::Method::GET => pq.as_str().to_owned(),
            _ => req.path().to_owned(),
        },
        request_id: request_id.clone(),
        enrol_first,
    };
    if let Some(name) = lost {
        session.remove(session::ORG_ID);
        let text = crate::i18n::tr_args(lang, "org-membership-ended", &[("org", name.into())]);
        session::flash(&session, session::FlashKind::Info, text);
    }
    // A GET shows the flashes; should it redirect instead, they go back for the next page.
    if req.method() == actix_web::http::Method::GET {
        ctx.flashes = session::take_flashes(&session);
        req.extensions_mut()
            .insert(session::TakenFlashes(ctx.flashes.clone()));
    }
    crate::web::error_page::keep(req, &ctx);
    Ok(Caller {
        ctx,
        account,
        org: org.map(|(o, m, _)| (o, m)),
        org_disabled,
        session,
        request_id,
    })
}

/// What an account that must enrol in two-factor sign-in may still open: an account whose
/// address is not proved asks for a link from the enrolment page (`/password/forgot`) first.
fn open_before_enrolment(path: &str) -> bool {
    matches!(
        path,
        crate::web::TWO_FACTOR_PAGE | "/logout" | "/lang" | "/healthz" | "/password/forgot"
    ) || path.starts_with("/static/")
}
