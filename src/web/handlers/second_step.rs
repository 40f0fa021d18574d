//! `/login/two-factor`: the second step of signing in to an account with two-factor sign-in.
//! The password was right; the session holds only the pending account (for five minutes) until
//! a fresh one-time code or an unused recovery code is given — then the real session starts,
//! under a new id (docs/SECURITY.md D1).

use crate::db::enums::AuditAction;
use crate::db::ids::AccountId;
use crate::error::AppError;
use crate::web::form::Form;
use crate::web::page::{Caller, PageCtx, Visitor};
use crate::web::render::{self, FieldErrors};
use crate::web::second_factor;
use crate::web::{session, state::AppState};
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "auth/two_factor.html")]
struct SecondStepPage {
    ctx: PageCtx,
    errors: FieldErrors,
}

/// The page speaks the language of the account whose password was right (its setting, as
/// every signed-in page does), not the browser's; the visitor, not signed in yet, may still
/// switch it (the cookie first: the account's setting changes only once signed in).
async fn speak_the_accounts_language(
    state: &AppState,
    req: &HttpRequest,
    caller: &mut Caller,
    account: AccountId,
) -> Result<(), AppError> {
    let locale = state
        .db(move |c| Ok(crate::domain::accounts::get(c, account)?.map(|a| a.locale)))
        .await?;
    let own = locale.as_deref().and_then(crate::i18n::Lang::parse);
    caller.ctx.lang = crate::web::page::lang_for_or(req, None, own);
    Ok(())
}

pub async fn show(
    state: web::Data<AppState>,
    req: HttpRequest,
    Visitor(mut caller): Visitor,
) -> Result<HttpResponse, AppError> {
    if caller.account.is_some() {
        return Ok(render::see_other("/"));
    }
    let now = state.now().assume_utc().unix_timestamp();
    let Some(pending) = session::pending(&caller.session, now) else {
        return Ok(render::see_other("/login"));
    };
    speak_the_accounts_language(&state, &req, &mut caller, pending.account).await?;
    render::page(&SecondStepPage {
        ctx: caller.ctx,
        errors: FieldErrors::default(),
    })
}

#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
}

pub async fn submit(
    state: web::Data<AppState>,
    req: HttpRequest,
    Visitor(mut caller): Visitor,
    Form(form): Form<CodeForm>,
) -> Result<HttpResponse, AppError> {
    if caller.account.is_some() {
        return Ok(render::see_other("/"));
    }
    let now = state.now();
    let Some(pending) = session::pending(&caller.session, now.assume_utc().unix_timestamp()) else {
        // Expired or never started: the password again.
        caller.session.purge();
        return Ok(render::see_other("/login"));
    };
    let verdict = second_factor::verify(
        &state,
        pending.account,
        &form.code,
        true,
        &caller.request_id,
    )
    .await?;
    if !verdict.ok() {
        speak_the_accounts_language(&state, &req, &mut caller, pending.account).await?;
        let mut errors = FieldErrors::default();
        let key = if form.code.trim().is_empty() {
            "two-factor-code-missing"
        } else {
            verdict.message_key()
        };
        errors.add("code", caller.ctx.t(key));
        return render::invalid(&SecondStepPage {
            ctx: caller.ctx,
            errors,
        });
    }
    let unix = now.assume_utc().unix_timestamp();
    crate::web::device::release(&req, pending.device.clone(), unix);
    crate::web::second_factor::keep_chosen_language(&state, &pending).await?;
    let account = pending.account;
    let orgs = state
        .db(move |c| Ok(crate::domain::accounts::active_orgs(c, account)?))
        .await?;
    let is_operator = state
        .db(move |c| Ok(crate::domain::accounts::get(c, account)?))
        .await?
        .is_some_and(|a| a.is_operator);
    let only_org = (orgs.len() == 1).then(|| orgs[0].0);
    session::sign_in(
        &caller.session,
        account,
        only_org,
        now.assume_utc().unix_timestamp(),
    );
    tracing::info!(target: "audit", action = AuditAction::SigninOk.as_str(), account = %account, second_factor = ?verdict, request_id = %caller.request_id, "signed in");
    let home = if orgs.len() > 1 {
        "/orgs"
    } else if orgs.is_empty() && is_operator {
        "/platform/orgs"
    } else {
        "/"
    };
    let next = render::local_path(&pending.next).unwrap_or(home).to_owned();
    Ok(render::see_other(&next))
}
