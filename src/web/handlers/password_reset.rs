//! Forgotten passwords: `/password/forgot` asks for a link (by e-mail or SMS, as the identifier
//! typed; by e-mail alone under "e-mail only"), `/password/reset/{token}` sets a new password with it. The answer to a request is the
//! same whether or not an account matches; opening a link changes nothing.

use crate::db::enums::AuditAction;
use crate::domain::contact::SignInId;
use crate::domain::password_reset::{self, Link, Requested};
use crate::domain::phone::PhoneRules;
use crate::domain::settings::{self, VerificationMethod};
use crate::domain::throttle::Attempt;
use crate::domain::DomainError;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::web::form::Form;
use crate::web::invite_link::speak_the_addressed_language;
use crate::web::page::{PageCtx, Visitor};
use crate::web::render::{self, FieldErrors};
use crate::web::state::AppState;
use crate::web::throttle::{client_of, look_up_token};
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "account/forgot.html")]
struct ForgotPage {
    ctx: PageCtx,
    email: String,
    errors: FieldErrors,
    /// "E-mail only": the page asks for the e-mail address alone.
    email_only: bool,
}

/// Whether the platform sends links by e-mail alone.
async fn email_only(state: &AppState) -> Result<bool, AppError> {
    let method = state.db(|c| Ok(settings::verification_method(c)?)).await?;
    Ok(method == VerificationMethod::EmailOnly)
}

#[derive(Template)]
#[template(path = "account/forgot_sent.html")]
struct SentPage {
    ctx: PageCtx,
    recipient: String,
}

#[derive(Template)]
#[template(path = "account/reset.html")]
struct ResetPage {
    ctx: PageCtx,
    recipient: String,
    errors: FieldErrors,
}

#[derive(Template)]
#[template(path = "account/reset_dead.html")]
struct DeadPage {
    ctx: PageCtx,
}

pub async fn forgot_form(
    state: web::Data<AppState>,
    Visitor(caller): Visitor,
) -> Result<HttpResponse, AppError> {
    render::page(&ForgotPage {
        ctx: caller.ctx,
        email: String::new(),
        errors: FieldErrors::default(),
        email_only: email_only(&state).await?,
    })
}

#[derive(Deserialize)]
pub struct ForgotForm {
    /// An e-mail address or a phone number (the contract keeps the name `email`).
    #[serde(default)]
    email: String,
}

/// Queues a link when an account that can sign in matches; the same page either way, after the
/// same work (throttle counters, a look-up, a write transaction with an audit row). Limited per
/// identifier and per client address, counted before anything is looked up.
pub async fn forgot(
    state: web::Data<AppState>,
    req: HttpRequest,
    Visitor(caller): Visitor,
    Form(form): Form<ForgotForm>,
) -> Result<HttpResponse, AppError> {
    // A phone is read with the platform's rules (its default region).
    let rules = state.db(|c| Ok(PhoneRules::load(c)?)).await?;
    let Some(id) = SignInId::parse(&form.email, &rules) else {
        let mut errors = FieldErrors::default();
        errors.add("email", caller.ctx.t("forgot-err-identifier"));
        return render::invalid(&ForgotPage {
            ctx: caller.ctx,
            email: form.email,
            errors,
            email_only: email_only(&state).await?,
        });
    };
    let (key, client, now) = (
        SignInId::throttle_key(&form.email, &rules),
        client_of(&state, &req),
        state.now(),
    );
    let admitted = state
        .db(move |conn| Ok(password_reset::admit(conn, now, &key, &client)?))
        .await?;
    if !admitted {
        return Err(crate::web::throttle::refused(now, password_reset::WINDOW));
    }
    let recipient = id.as_str().to_owned();
    let (token_key, rid) = (state.jobs.token_key.clone(), caller.request_id.clone());
    let requested = state
        .db(move |conn| Ok(password_reset::request(conn, now, &token_key, &id, &rid)?))
        .await?;
    if requested == Requested::EmailOnly {
        let mut errors = FieldErrors::default();
        errors.add("email", caller.ctx.t("forgot-err-email-only"));
        return render::invalid(&ForgotPage {
            ctx: caller.ctx,
            email: form.email,
            errors,
            email_only: true,
        });
    }
    state.wake_workers();
    render::page(&SentPage {
        ctx: caller.ctx,
        recipient,
    })
}

fn dead(ctx: PageCtx) -> Result<HttpResponse, AppError> {
    render::with_status(&DeadPage { ctx }, StatusCode::NOT_FOUND)
}

/// Looks a link up under the token throttle (a wrong token counts as a guess, a known one does
/// not); changes nothing else.
async fn look_up(state: &AppState, req: &HttpRequest, token: String) -> Result<Link, AppError> {
    let now = state.now();
    look_up_token(state, req, AuditAction::ResetUnknownToken, move |conn| {
        let link = password_reset::find(conn, now, &token)?;
        let attempt = Attempt::counts_if(link == Link::Unknown);
        Ok((link, attempt))
    })
    .await
}

pub async fn reset_form(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    Visitor(caller): Visitor,
) -> Result<HttpResponse, AppError> {
    let mut ctx = caller.ctx;
    match look_up(&state, &req, path.into_inner()).await? {
        Link::Live { recipient, locale } => {
            let spoken = speak_the_addressed_language(&mut ctx, &req, Lang::parse(&locale));
            spoken.keep(render::page(&ResetPage {
                ctx,
                recipient,
                errors: FieldErrors::default(),
            }))
        }
        Link::Unknown | Link::Dead => dead(ctx),
    }
}

#[derive(Deserialize)]
pub struct ResetForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_confirm: String,
}

/// Sets the password with the link: consumed in the same transaction, every session of the
/// account ended, then to `/login` to sign in with the new password (not signed in here, so that
/// a second sign-in step, when the account has one, is never skipped by a mailed link).
pub async fn reset(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    Visitor(caller): Visitor,
    Form(form): Form<ResetForm>,
) -> Result<HttpResponse, AppError> {
    let token = path.into_inner();
    let mut caller = caller;
    let Link::Live { recipient, locale } = look_up(&state, &req, token.clone()).await? else {
        return dead(caller.ctx);
    };
    // The form's page speaks the account's language (and kept it); so does its answer.
    let _ = speak_the_addressed_language(&mut caller.ctx, &req, Lang::parse(&locale));
    let mut errors = FieldErrors::default();
    render::check_password(
        &caller.ctx,
        &mut errors,
        &form.password,
        &form.password_confirm,
    );
    if !errors.is_empty() {
        return render::invalid(&ResetPage {
            ctx: caller.ctx,
            recipient,
            errors,
        });
    }
    let hash = state.hash_password(form.password).await?;
    let (now, rid) = (state.now(), caller.request_id.clone());
    let consumed = state
        .db(move |conn| Ok(password_reset::consume(conn, now, &token, &hash, &rid)))
        .await?;
    let done = match consumed {
        Ok(done) => done,
        // Used, expired or outlived meanwhile (a parallel request won).
        Err(DomainError::NotFound | DomainError::Conflict(_)) => return dead(caller.ctx),
        Err(e) => return Err(e.into()),
    };
    state.wake_workers();
    if caller
        .account
        .as_ref()
        .is_some_and(|a| a.id == done.account_id)
    {
        caller.session.purge();
    }
    // The pages after it (sign-in, the link now dead) speak the language this one spoke — the
    // account's, unless the visitor chose one — where the browser has no choice of its own.
    let mut res = render::see_other(match (done.proved, done.two_factor_ended) {
        (_, true) => "/login?reset=proved",
        (true, false) => "/login?reset=confirmed",
        (false, false) => "/login?reset=done",
    });
    if req.cookie(crate::web::page::LANG_COOKIE).is_none() {
        res.add_cookie(&crate::web::page::lang_cookie(caller.ctx.lang))
            .map_err(AppError::internal)?;
    }
    Ok(res)
}
