//! `/setup/{token}`: the first platform operator creates an account.

use crate::domain::{contact, setup};
use crate::error::AppError;
use crate::web::form::Form;
use crate::web::page::{PageCtx, Visitor};
use crate::web::render::{self, FieldErrors};
use crate::web::{session, state::AppState};
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "auth/setup.html")]
struct SetupPage {
    ctx: PageCtx,
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
) -> Result<Option<crate::db::models::SetupToken>, AppError> {
    let attempt = crate::web::throttle::TokenAttempt::begin(state, req).await?;
    let now = state.now();
    let found = state
        .db(move |conn| Ok(setup::find_valid(conn, now, &token)?))
        .await?;
    if found.is_some() {
        attempt.known(state).await?;
    }
    Ok(found)
}

fn problem(ctx: PageCtx) -> Result<HttpResponse, AppError> {
    let page = SetupProblem {
        heading: ctx.t("setup-invalid-title"),
        text: ctx.t("setup-invalid-text"),
        ctx,
    };
    render::with_status(&page, actix_web::http::StatusCode::NOT_FOUND)
}

pub async fn show(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    Visitor(caller): Visitor,
) -> Result<HttpResponse, AppError> {
    match check_token(&state, &req, path.into_inner()).await? {
        Some(t) => render::page(&SetupPage {
            ctx: caller.ctx,
            email: t.email.unwrap_or_default(),
            errors: FieldErrors::default(),
        }),
        None => problem(caller.ctx),
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
    let ctx = caller.ctx;
    let mut errors = FieldErrors::default();
    let email = match (&found.email, contact::normalize_email(&form.email)) {
        (Some(fixed), _) => Some(fixed.clone()),
        (None, Ok(e)) => Some(e),
        (None, Err(_)) => {
            errors.add("email", ctx.t("err-email-malformed"));
            None
        }
    };
    render::check_password(&ctx, &mut errors, &form.password, &form.password_confirm);
    let Some(email) = email.filter(|_| errors.is_empty()) else {
        return render::invalid(&SetupPage {
            ctx,
            email: form.email,
            errors,
        });
    };
    let hash = state.hash_password(form.password).await?;
    let now = state.now();
    let user_id = state
        .db(move |conn| Ok(setup::complete(conn, now, &token, &email, &hash)?))
        .await?;
    session::sign_in(
        &caller.session,
        &user_id,
        None,
        now.assume_utc().unix_timestamp(),
    );
    session::flash(&caller.session, "success", ctx.t("setup-done"));
    Ok(render::see_other("/platform/orgs"))
}
