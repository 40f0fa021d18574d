//! What `/invite/{token}` shows and logs for the link itself, shared by its GET and POST: the
//! look-up (an unknown token counts against the client), one calm page per link problem, and
//! the log line of a refused acceptance with its reason.

use crate::db::enums::{AuditAction, ShownStatus};
use crate::domain::invitations::{self, Details, LinkState};
use crate::domain::throttle::Attempt;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::web::page::{AccountLang, PageCtx};
use crate::web::render;
use crate::web::state::AppState;
use crate::web::throttle::look_up_token;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use askama::Template;

/// Why an acceptance was refused, as the log names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    Expired,
    Used,
    Revoked,
    OrgDisabled,
    /// Signed in as an account that is not the invitation's recipient.
    WrongAccount,
    /// The account is a member of the organisation already, through another card.
    AlreadyMember,
}

impl Refusal {
    pub fn as_str(self) -> &'static str {
        match self {
            // The words the invitations list shows for such a link.
            Refusal::Expired => ShownStatus::Expired.as_str(),
            Refusal::Used => "used",
            Refusal::Revoked => ShownStatus::Revoked.as_str(),
            Refusal::OrgDisabled => "org_disabled",
            Refusal::WrongAccount => "wrong_account",
            Refusal::AlreadyMember => "already_member",
        }
    }

    /// The refusal a link problem is; `None` for a valid link, and for an unknown one (logged
    /// as a wrong guess already).
    pub fn of_link(link: &LinkState) -> Option<Refusal> {
        match link {
            LinkState::Expired => Some(Refusal::Expired),
            LinkState::Used => Some(Refusal::Used),
            LinkState::Revoked => Some(Refusal::Revoked),
            LinkState::OrgDisabled => Some(Refusal::OrgDisabled),
            LinkState::Unknown | LinkState::Valid(_) => None,
        }
    }
}

/// One calm page per link problem, with the next step and no details (docs/SECURITY.md A8).
#[derive(Template)]
#[template(path = "invite/problem.html")]
struct Problem {
    ctx: PageCtx,
    heading: String,
    text: String,
}

pub fn problem(ctx: PageCtx, state: &LinkState) -> Result<HttpResponse, AppError> {
    let (title, text) = state.keys();
    // Someone signed in is not sent to sign in again.
    let signed_in = ctx.account_name.is_some();
    let text = match state {
        LinkState::Used if signed_in => ctx.t("link-used-text-signed-in"),
        _ => ctx.t(text),
    };
    let page = Problem {
        heading: ctx.t(title),
        text,
        ctx,
    };
    let status = match state {
        LinkState::Unknown => StatusCode::NOT_FOUND,
        _ => StatusCode::GONE,
    };
    render::with_status(&page, status)
}

/// A refused acceptance goes to the log with its request id (docs/SECURITY.md H1).
pub fn log_refused(request_id: &str, why: Refusal) {
    let why = why.as_str();
    tracing::warn!(target: "audit", action = AuditAction::AcceptRefused.as_str(), why, request_id = %request_id, "invitation acceptance refused");
}

/// [`log_refused`] for a link problem (nothing for an unknown link: a wrong guess is logged as
/// one when it is looked up).
pub fn log_refused_link(request_id: &str, link: &LinkState) {
    if let Some(why) = Refusal::of_link(link) {
        log_refused(request_id, why);
    }
}

/// A looked-up link: its state, what the landing page shows of a valid one, and the language
/// its invitation was addressed in (`None` for an unknown token).
pub struct Looked {
    pub link: LinkState,
    pub details: Option<Details>,
    pub addressed: Option<Lang>,
}

/// Looks the link up; an unknown token counts against the client (docs/SECURITY.md A9), under
/// a lock on the client's counter so parallel guesses cannot slip past the limit.
pub async fn lookup(
    state: &AppState,
    req: &HttpRequest,
    token: String,
) -> Result<Looked, AppError> {
    let now = state.now();
    let unknown = AuditAction::InvitationUnknownToken;
    look_up_token(state, req, unknown, move |c| {
        let found = invitations::look_up(c, now, &token)?;
        let details = match &found.state {
            LinkState::Valid(inv) => Some(invitations::details(c, inv, found.account)?),
            _ => None,
        };
        let attempt = Attempt::counts_if(matches!(found.state, LinkState::Unknown));
        let addressed = found.locale.as_deref().and_then(Lang::parse);
        Ok((
            Looked {
                link: found.state,
                details,
                addressed,
            },
            attempt,
        ))
    })
    .await
}

/// A mailed link's pages speak the language its message was addressed in (an invitation's: the
/// recipient's account's, or the one chosen when inviting; a password reset's: the account's);
/// a language the visitor chose (their account's, the switch's cookie) still comes first.
pub fn speak_the_addressed_language(
    ctx: &mut PageCtx,
    req: &HttpRequest,
    addressed: Option<Lang>,
) -> Spoken {
    // The account's own language as loading the caller read it.
    let account = AccountLang::kept(req);
    ctx.lang = crate::web::page::lang_for_or(req, account, addressed);
    let chosen = account.is_some() || req.cookie(crate::web::page::LANG_COOKIE).is_some();
    Spoken(addressed.filter(|_| !chosen))
}

/// The language a link's page took from its message alone (no account's, no switch's): kept in
/// the browser for its session (a cookie of its own, below the visitor's choices and below the
/// next link's own language), so that what follows without the link's handler — a refused
/// form's error page, a throttle's, the sign-in page — speaks it too.
#[must_use]
pub struct Spoken(Option<Lang>);

impl Spoken {
    /// `page` with the language's cookie, when it took one from its message.
    pub fn keep(self, page: Result<HttpResponse, AppError>) -> Result<HttpResponse, AppError> {
        let mut page = page?;
        if let Some(lang) = self.0 {
            page.add_cookie(&crate::web::page::addressed_cookie(lang))
                .map_err(AppError::internal)?;
        }
        Ok(page)
    }
}
