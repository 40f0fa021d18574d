//! `/platform/accounts/{id}`: one account for the operator — its addresses, language, since
//! when, its memberships — and disabling or enabling it. The page says what disabling does
//! before the button (the person can no longer sign in and is signed out everywhere, the
//! invitations they sent that are still open are withdrawn, the memberships stay); `POST
//! …/disable` does it, `POST …/enable` undoes all but the withdrawn invitations. An operator's
//! own account has no such button (another operator can disable it).

use crate::db::ids::AccountId;
use crate::domain::platform_accounts::{self, AccountDetails};
use crate::domain::DomainError;
use crate::error::AppError;
use crate::i18n::format_datetime_in;
use crate::web::form::Form;
use crate::web::page::{Operator, PageCtx};
use crate::web::render;
use crate::web::session::FlashKind;
use crate::web::{session, state::AppState};
use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "platform/account.html")]
struct AccountPage {
    ctx: PageCtx,
    d: AccountDetails,
    name: String,
    created: String,
    disabled_since: Option<String>,
    /// The operator's own account: no disable button.
    own: bool,
}

/// The posts carry nothing but their token.
#[derive(Deserialize, Debug)]
pub struct NoFields {}

async fn details(state: &AppState, id: AccountId) -> Result<AccountDetails, AppError> {
    let now = state.now();
    state
        .db(move |c| Ok(platform_accounts::details(c, now, id)?))
        .await?
        .ok_or(AppError::NotFound)
}

/// The account's name as its page says it (NotFound: no such account): the account's row
/// alone, not the page's memberships and counts.
async fn name_of(state: &AppState, op: &Operator, id: AccountId) -> Result<String, AppError> {
    let account = state
        .db(move |c| Ok(crate::domain::accounts::get(c, id)?))
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(op.ctx.name_or_unnamed(account.display_name()))
}

/// Back to the account's page, which says `message`.
fn said(op: &Operator, id: AccountId, kind: FlashKind, message: String) -> HttpResponse {
    session::flash(&op.session, kind, message);
    render::see_other(&format!("/platform/accounts/{id}"))
}

pub async fn show(
    state: web::Data<AppState>,
    path: web::Path<AccountId>,
    op: Operator,
) -> Result<HttpResponse, AppError> {
    let d = details(&state, path.into_inner()).await?;
    let lang = op.ctx.lang;
    render::page(&AccountPage {
        name: op.ctx.name_or_unnamed(d.account.display_name()),
        created: format_datetime_in(lang, d.account.created_at),
        disabled_since: d.account.disabled_at.map(|t| format_datetime_in(lang, t)),
        own: d.account.id == op.account.id,
        ctx: op.ctx,
        d,
    })
}

pub async fn disable(
    state: web::Data<AppState>,
    path: web::Path<AccountId>,
    op: Operator,
    Form(_): Form<NoFields>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let name = name_of(&state, &op, id).await?;
    let (actor, now, rid) = (op.actor(), state.now(), op.request_id.clone());
    let result = state
        .db(move |c| Ok(platform_accounts::disable(c, now, &actor, id, &rid)))
        .await?;
    let (kind, message) = match result {
        Ok(withdrawn) => (
            FlashKind::Success,
            op.ctx.t2(
                "platform-account-disabled-flash",
                "name",
                name.as_str(),
                "count",
                withdrawn as i64,
            ),
        ),
        Err(DomainError::NotFound) => (
            FlashKind::Info,
            op.ctx.t("platform-account-already-disabled"),
        ),
        Err(DomainError::Forbidden) => (FlashKind::Error, op.ctx.t("platform-account-own")),
        Err(e) => return Err(e.into()),
    };
    Ok(said(&op, id, kind, message))
}

pub async fn enable(
    state: web::Data<AppState>,
    path: web::Path<AccountId>,
    op: Operator,
    Form(_): Form<NoFields>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let name = name_of(&state, &op, id).await?;
    let (actor, now, rid) = (op.actor(), state.now(), op.request_id.clone());
    let result = state
        .db(move |c| Ok(platform_accounts::enable(c, now, &actor, id, &rid)))
        .await?;
    let (kind, message) = match result {
        Ok(()) => (
            FlashKind::Success,
            op.ctx
                .t1("platform-account-enabled-flash", "name", name.as_str()),
        ),
        Err(DomainError::NotFound) => (
            FlashKind::Info,
            op.ctx.t("platform-account-already-enabled"),
        ),
        Err(e) => return Err(e.into()),
    };
    Ok(said(&op, id, kind, message))
}
