//! Sign-in, sign-out and the language switch.

use crate::domain::contact;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::web::form::{EmptyForm, Form};
use crate::web::page::{PageCtx, Visitor, LANG_COOKIE};
use crate::web::render::{self, FieldErrors};
use crate::web::{session, state::AppState};
use actix_web::cookie::{Cookie, SameSite};
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "auth/login.html")]
struct LoginPage {
    ctx: PageCtx,
    email: String,
    errors: FieldErrors,
}

pub async fn login_form(Visitor(caller): Visitor) -> Result<HttpResponse, AppError> {
    if caller.user.is_some() {
        return Ok(render::see_other("/"));
    }
    render::page(&LoginPage {
        ctx: caller.ctx,
        email: String::new(),
        errors: FieldErrors::default(),
    })
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

/// One generic failure message; unknown accounts cost the same time (C5); failures are
/// throttled per address and per account without locking anyone out for good (C4).
pub async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    Visitor(caller): Visitor,
    Form(form): Form<LoginForm>,
) -> Result<HttpResponse, AppError> {
    let ctx = caller.ctx;
    let email =
        contact::normalize_email(&form.email).unwrap_or_else(|_| form.email.trim().to_lowercase());
    let ip_key = format!("ip:{}", crate::web::throttle::client_key(&req));
    let account_key = format!("account:{email}");
    if !state.login_throttle.allowed(&ip_key) || !state.login_throttle.allowed(&account_key) {
        return Err(AppError::TooManyRequests);
    }
    let lookup = email.clone();
    let user = state
        .db(move |conn| Ok(crate::domain::users::find_for_login(conn, &lookup)?))
        .await?;
    let ok = state
        .verify_password(
            form.password,
            user.as_ref().and_then(|u| u.password_hash.clone()),
        )
        .await?;
    let Some(user) = user.filter(|_| ok) else {
        state.login_throttle.hit(&ip_key);
        state.login_throttle.hit(&account_key);
        tracing::info!(target: "audit", action = "signin.failed", request_id = %caller.request_id, "sign-in failed");
        let mut errors = FieldErrors::default();
        errors.add("email", ctx.t("login-failed"));
        return render::invalid(&LoginPage {
            ctx,
            email: form.email,
            errors,
        });
    };
    state.login_throttle.reset(&account_key);
    let uid = user.id.clone();
    let orgs = state
        .db(move |conn| Ok(crate::domain::users::active_orgs(conn, &uid)?))
        .await?;
    let now = state.now();
    let only_org = (orgs.len() == 1).then(|| orgs[0].0.clone());
    session::sign_in(
        &caller.session,
        &user.id,
        only_org.as_deref(),
        now.assume_utc().unix_timestamp(),
    );
    tracing::info!(target: "audit", action = "signin.ok", user = %user.id, request_id = %caller.request_id, "signed in");
    let next = if orgs.len() > 1 {
        "/orgs"
    } else if orgs.is_empty() && user.is_operator {
        "/platform/orgs"
    } else {
        "/"
    };
    Ok(render::see_other(next))
}

/// Ends the session on the server too, so the old cookie is worthless (D2).
pub async fn logout(
    Visitor(caller): Visitor,
    _form: Form<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    caller.session.purge();
    Ok(render::see_other("/login"))
}

#[derive(Deserialize)]
pub struct LangForm {
    lang: String,
    #[serde(default)]
    back: String,
}

pub async fn switch_language(
    state: web::Data<AppState>,
    Visitor(caller): Visitor,
    Form(form): Form<LangForm>,
) -> Result<HttpResponse, AppError> {
    let lang = Lang::parse(&form.lang).ok_or(AppError::BadRequest("lang"))?;
    if let Some(user) = caller.user {
        let now = state.now();
        state
            .db(move |conn| {
                Ok(crate::domain::users::set_locale(
                    conn,
                    &user.id,
                    lang.code(),
                    now,
                )?)
            })
            .await?;
    }
    // Only plain same-site paths: never an open redirect, never a broken header.
    let back = render::safe_local_path(&form.back).unwrap_or("/");
    let cookie = Cookie::build(LANG_COOKIE, lang.code())
        .path("/")
        .same_site(SameSite::Lax)
        .http_only(true)
        .max_age(actix_web::cookie::time::Duration::days(365))
        .finish();
    let mut res = render::see_other(back);
    res.add_cookie(&cookie).map_err(AppError::internal)?;
    Ok(res)
}
