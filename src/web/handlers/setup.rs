//! `/setup/{token}`: platform operators. A new address gets an account with a password; an
//! address that already has an account is only granted operator rights, by a button shown to
//! that account signed in — no password is ever asked for or set here for it (docs/SECURITY.md B2).

use crate::db::enums::AuditAction;
use crate::db::models::{Account, SetupToken};
use crate::domain::contact::EmailAddress;
use crate::domain::setup::{self, SetupError};
use crate::domain::throttle::Attempt;
use crate::error::AppError;
use crate::web::form::Form;
use crate::web::page::{Caller, PageCtx, Visitor};
use crate::web::render::{self, FieldErrors};
use crate::web::session::FlashKind;
use crate::web::throttle::look_up_token;
use crate::web::{session, state::AppState};
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

/// What the page offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// A new account: password fields (and the address, unless the link is bound).
    Create,
    /// The address has an account and nobody is signed in: sign in as it, then come back.
    SignIn,
    /// Signed in as the address's account: one button grants operator rights.
    Grant,
    /// Signed in as someone else: sign out first.
    SignOut,
}

#[derive(Template)]
#[template(path = "auth/setup.html")]
struct SetupPage {
    ctx: PageCtx,
    mode: Mode,
    /// The link's own address (fixed, not editable), if it has one.
    bound: bool,
    /// The address concerned: the bound one, or the one typed.
    email: String,
    errors: FieldErrors,
}

#[derive(Template)]
#[template(path = "invite/problem.html")]
struct SetupProblem {
    ctx: PageCtx,
    heading: String,
    text: String,
}

async fn check_token(
    state: &AppState,
    req: &HttpRequest,
    token: String,
) -> Result<Option<SetupToken>, AppError> {
    let now = state.now();
    look_up_token(state, req, AuditAction::SetupUnknownToken, move |conn| {
        let found = setup::find_valid(conn, now, &token)?;
        let attempt = Attempt::counts_if(found.is_none());
        Ok((found, attempt))
    })
    .await
}

fn problem(ctx: PageCtx) -> Result<HttpResponse, AppError> {
    let page = SetupProblem {
        heading: ctx.t("setup-invalid-title"),
        text: ctx.t("setup-invalid-text"),
        ctx,
    };
    render::with_status(&page, StatusCode::NOT_FOUND)
}

/// The page for an address that has an account, as seen by this visitor.
fn existing_mode(account: Option<&Account>, email: &str) -> Mode {
    match account {
        None => Mode::SignIn,
        Some(u) if u.email.as_deref() == Some(email) => Mode::Grant,
        Some(_) => Mode::SignOut,
    }
}

async fn exists(state: &AppState, email: &EmailAddress) -> Result<bool, AppError> {
    let email = email.clone();
    state
        .db(move |conn| Ok(setup::account_exists(conn, &email)?))
        .await
}

fn page(
    caller: Caller,
    bound: bool,
    mode: Mode,
    email: String,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    render::with_status(
        &SetupPage {
            ctx: caller.ctx,
            mode,
            bound,
            email,
            errors: FieldErrors::default(),
        },
        status,
    )
}

pub async fn show(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    Visitor(caller): Visitor,
) -> Result<HttpResponse, AppError> {
    let Some(t) = check_token(&state, &req, path.into_inner()).await? else {
        return problem(caller.ctx);
    };
    match setup::bound_email(&t) {
        Some(email) => {
            let mode = if exists(&state, &email).await? {
                existing_mode(caller.account.as_ref(), email.as_str())
            } else {
                Mode::Create
            };
            page(caller, true, mode, email.into_string(), StatusCode::OK)
        }
        None => page(caller, false, Mode::Create, String::new(), StatusCode::OK),
    }
}

#[derive(Deserialize)]
pub struct SetupForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_confirm: String,
    /// Present when the signed-in account asks for operator rights.
    #[serde(default)]
    grant: String,
}

pub async fn submit(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    Visitor(caller): Visitor,
    Form(form): Form<SetupForm>,
) -> Result<HttpResponse, AppError> {
    let token = path.into_inner();
    let Some(found) = check_token(&state, &req, token.clone()).await? else {
        return problem(caller.ctx);
    };
    let fixed = setup::bound_email(&found);
    let bound = fixed.is_some();
    if !form.grant.is_empty() {
        return grant(state, caller, found, token).await;
    }
    let typed = EmailAddress::parse(&form.email);
    let email = match (fixed, typed) {
        (Some(fixed), _) => fixed,
        (None, Ok(e)) => e,
        (None, Err(_)) => {
            // Every problem at once: the password's too, not one after another.
            let mut errors = FieldErrors::default();
            errors.add("email", caller.ctx.t("err-email-malformed"));
            render::check_password(
                &caller.ctx,
                &mut errors,
                &form.password,
                &form.password_confirm,
            );
            return render::invalid(&SetupPage {
                ctx: caller.ctx,
                mode: Mode::Create,
                bound,
                email: form.email,
                errors,
            });
        }
    };
    // An existing account is never given a password here: it signs in and is granted.
    if exists(&state, &email).await? {
        let mode = existing_mode(caller.account.as_ref(), email.as_str());
        return page(caller, bound, mode, email.into_string(), StatusCode::OK);
    }
    let mut errors = FieldErrors::default();
    render::check_password(
        &caller.ctx,
        &mut errors,
        &form.password,
        &form.password_confirm,
    );
    if !errors.is_empty() {
        return render::invalid(&SetupPage {
            ctx: caller.ctx,
            mode: Mode::Create,
            bound,
            email: email.into_string(),
            errors,
        });
    }
    let hash = state.hash_password(form.password).await?;
    let now = state.now();
    let rid = caller.request_id.clone();
    let typed = email.clone();
    let created = state
        .db(move |conn| {
            Ok(setup::create_operator(
                conn, now, &token, &typed, &hash, &rid,
            ))
        })
        .await?;
    match created {
        Ok((account_id, _)) => {
            session::sign_in(
                &caller.session,
                account_id,
                None,
                now.assume_utc().unix_timestamp(),
            );
            session::flash(
                &caller.session,
                FlashKind::Success,
                caller.ctx.t("setup-done"),
            );
            Ok(render::see_other("/platform/orgs"))
        }
        // Created meanwhile by someone else: the existing-account page.
        Err(SetupError::AccountExists) => {
            let mode = existing_mode(caller.account.as_ref(), email.as_str());
            page(caller, bound, mode, email.into_string(), StatusCode::OK)
        }
        Err(SetupError::Link | SetupError::WrongAccount) => problem(caller.ctx),
        Err(SetupError::Domain(e)) => Err(e.into()),
    }
}

/// The signed-in account asks for operator rights: only the link's own address (or, for an
/// address-less link, whoever is signed in) is granted; anyone else is refused with the page
/// that says what to do.
async fn grant(
    state: web::Data<AppState>,
    caller: Caller,
    found: SetupToken,
    token: String,
) -> Result<HttpResponse, AppError> {
    let bound = found.email.is_some();
    let account_id = match (&caller.account, &found.email) {
        (Some(u), Some(email)) if u.email.as_deref() == Some(email) => u.id,
        (Some(u), None) if u.email.is_some() => u.id,
        (account, email) => {
            let email = email.clone().unwrap_or_default();
            let mode = match account {
                None => Mode::SignIn,
                Some(_) => Mode::SignOut,
            };
            tracing::warn!(target: "audit", action = AuditAction::OperatorGrantRefused.as_str(), request_id = %caller.request_id, "setup link grant refused");
            return page(caller, bound, mode, email, StatusCode::FORBIDDEN);
        }
    };
    let now = state.now();
    let rid = caller.request_id.clone();
    let granted = state
        .db(move |conn| Ok(setup::grant_operator(conn, now, &token, account_id, &rid)))
        .await?;
    match granted {
        Ok(_) => {
            // A role change gets a new session id (docs/SECURITY.md D1).
            caller.session.renew();
            session::flash(
                &caller.session,
                FlashKind::Success,
                caller.ctx.t("setup-granted"),
            );
            Ok(render::see_other("/platform/orgs"))
        }
        Err(SetupError::WrongAccount | SetupError::AccountExists) => {
            let email = found.email.unwrap_or_default();
            page(caller, bound, Mode::SignOut, email, StatusCode::FORBIDDEN)
        }
        Err(SetupError::Link) => problem(caller.ctx),
        Err(SetupError::Domain(e)) => Err(e.into()),
    }
}
